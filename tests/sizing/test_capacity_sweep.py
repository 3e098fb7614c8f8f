"""The capacity sweep stops at the first batch that misses a target, and the split search no
longer sweeps every split's whole grid: each capacity must be the one the whole sweep gives,
on every preset and every GPU, whatever the targets do beyond the first miss. A split that
misses a target with one request is read off that request alone, in plain numbers: the same
figures to a few parts in 1e16."""

from __future__ import annotations

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import s_from_ms
from aisle_desktop.plan import PRESETS, Scenario, preset_scenario
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import steady_state
from aisle_desktop.sizing.planning.capacity import (
    FIRST_SWEEP_POINTS,
    SWEEP_GROWTH,
    ReplicaCapacity,
    batch_grid,
)
from aisle_desktop.sizing.planning.demand import fixed_in_flight
from aisle_desktop.sizing.planning.size import _planned_split
from aisle_desktop.sizing.planning.splits_to_try import server_for


def _on_gpu(scenario: Scenario, gpu_id: str) -> Scenario:
    """The scenario on `gpu_id` with its count and split left to the search, as the GPU
    comparison sizes it."""
    free = {"gpu_id": gpu_id, "server_id": None, "gpu_count": None, "tp": None, "pp": None}
    return scenario.model_copy(update={"hardware": scenario.hardware.model_copy(update=free)})


def _whole_sweep(
    cap: ReplicaCapacity, ttft_target_s: float, tpot_target_s: float, poisson: bool
) -> tuple[float, str, float]:
    """(batch within targets, what binds, one request's E2E) read off every batch of the grid
    at once, as the capacity was found before it stopped at the first miss (one request alone
    in plain numbers where it misses a target)."""
    grid = batch_grid(cap.limits.admitted)
    args = (cap.input_tokens, cap.output_tokens, cap.token_budget, cap.request_overhead_s)
    sweep = steady_state(
        cap.dep, grid, *args, cap.limits.batch, poisson_arrivals=poisson, ranks_schedule=True
    )
    ttft = np.broadcast_to(sweep.ttft_s, grid.shape)
    tpot = np.broadcast_to(sweep.tpot_s, grid.shape)
    ok = (ttft <= ttft_target_s) & (tpot <= tpot_target_s)
    light_e2e_s = float(np.asarray(sweep.e2e_s)[0])
    first_miss = int(np.argmin(ok)) if not ok.all() else len(grid)
    if first_miss == 0:
        alone = steady_state(
            cap.dep, 1.0, *args, cap.limits.batch, poisson_arrivals=poisson, ranks_schedule=True
        )
        assert float(alone.e2e_s) == pytest.approx(light_e2e_s, rel=1e-15)
        return 0.0, "TTFT" if ttft[0] > ttft_target_s else "TPOT", float(alone.e2e_s)
    best = float(grid[first_miss - 1])
    if poisson:
        rates = np.broadcast_to(sweep.requests_per_s, grid.shape)
        best = float(grid[int(np.argmax(rates[:first_miss]))])
    binding = cap.limits.admitted_limit
    if first_miss < len(grid):
        binding = "TTFT" if ttft[first_miss] > ttft_target_s else "TPOT"
    return best, binding, light_e2e_s


def _capacities(catalog: Catalog, scenario: Scenario) -> list[ReplicaCapacity]:
    """Every split the search sizes for the scenario on each GPU that can run it."""
    sized = []
    for gpu_id in catalog.gpus:
        trial = _on_gpu(scenario, gpu_id)
        try:  # a GPU that cannot run the plan at all, as the comparison says
            _, capacities = _planned_split(
                catalog, trial, CURRENT_CALIBRATION, server_for(catalog, trial)
            )
        except SizingError:
            continue
        sized += capacities
    return sized


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_each_capacity_is_the_one_the_whole_sweep_gives_on_every_gpu(
    catalog: Catalog, preset: str
) -> None:
    scenario = preset_scenario(preset)
    targets = scenario.workload.targets
    ttft_target_s, tpot_target_s = s_from_ms(targets.ttft_ms), s_from_ms(targets.tpot_ms)
    poisson = fixed_in_flight(scenario.workload.load) is None
    fitting = [cap for cap in _capacities(catalog, scenario) if cap.memory.fits]
    for cap in fitting:
        whole = _whole_sweep(cap, ttft_target_s, tpot_target_s, poisson)
        assert (cap.batch_within_targets, cap.binding_target, cap.swept_light_e2e_s) == whole


def test_the_sweep_reads_on_past_its_first_stretches_while_the_targets_hold(
    catalog: Catalog,
) -> None:
    """The DeepSeek-V3 plan's H200 splits run hundreds of requests within its targets: the
    sweep goes on past its first and second stretches and stops where they miss."""
    scenario = preset_scenario("deepseek-v3")
    _, capacities = _planned_split(
        catalog, scenario, CURRENT_CALIBRATION, server_for(catalog, scenario)
    )
    found = sorted(cap.batch_within_targets for cap in capacities)
    assert found[-1] == 554.0
    assert found[-1] > FIRST_SWEEP_POINTS * (1 + SWEEP_GROWTH)


# The presets whose load is a rate (requests arrive at random): their points are queued.
AT_RANDOM = [
    p for p in sorted(PRESETS) if fixed_in_flight(preset_scenario(p).workload.load) is None
]


@pytest.mark.parametrize("preset", AT_RANDOM)
def test_the_capacitys_point_is_the_queued_point_of_its_batch_on_every_gpu(
    catalog: Catalog, preset: str
) -> None:
    """`at_the_targets` starts its search from the capacity's own point instead of working
    the same batch out again: for a rate, each fitting split's point within the targets is,
    to the bit, the queued point of its batch (`ReplicaCapacity.queued`, before its fallback
    for a queue without end)."""
    scenario = preset_scenario(preset)
    within = [c for c in _capacities(catalog, scenario) if c.at_targets is not None]
    assert within
    for cap in within:
        args = (cap.input_tokens, cap.output_tokens, cap.token_budget, cap.request_overhead_s)
        queued = steady_state(
            cap.dep,
            cap.batch_within_targets,
            *args,
            cap.limits.batch,
            poisson_arrivals=True,
            ranks_schedule=True,
        )
        assert cap.at_targets is not None
        for name in ("ttft_s", "tpot_s", "e2e_s", "requests_per_s", "slot_wait_s"):
            assert float(getattr(cap.at_targets, name)) == float(getattr(queued, name)), name
