"""The Load tab's curves as a planner reads them: more requests in flight never makes an
answer start or stream faster, both ways of serving, and the pools' curve marks its limit
where the plan's own figures put it."""

from __future__ import annotations

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import PRESETS, Scenario, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine.disaggregated import PREFILL_UTILISATION_MAX
from aisle_desktop.sizing.planning import PlanCurves, plan_curves, pools_limit, size_scenario
from aisle_desktop.sizing.planning.sweeps import ConcurrencyCurve

# The one drop left on a solid curve (serving together, noticed and not changed here: it moves
# calibrated figures): Llama 405B's TP 4 replicas all-reduce 8 MiB at 256 decoding requests
# (16,384 x 2 bytes each) in the engine's own kernel, and past it through NCCL's faster ring
# (`allreduce_bandwidth_bps`), so a step at 257 is 7.7 ms shorter than at 256. In flight
# 508 -> 513 on two replicas: TPOT 177.6 -> 175.2 ms, TTFT 853 -> 827 ms.
ALLREDUCE_SWITCH_DROP = {"llama-405b-fp8": (2.4, 27.0)}  # TPOT, TTFT drop at most, ms


def _served(name: str, serving: str) -> Scenario:
    scenario = preset_scenario(name)
    hardware = scenario.hardware.model_copy(update={"serving": serving})
    return scenario.model_copy(update={"hardware": hardware})


def _curves(catalog: Catalog, name: str) -> PlanCurves:
    curves = plan_curves(size_scenario(catalog, _served(name, "compare"), CURRENT_CALIBRATION))
    assert curves is not None
    return curves


def _largest_drops_ms(curve: ConcurrencyCurve) -> tuple[float, float]:
    assert np.all(np.diff(curve.in_flight) >= 0.0)
    return -float(np.diff(curve.tpot_ms).min()), -float(np.diff(curve.ttft_ms).min())


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_no_curve_falls_as_load_rises(catalog: Catalog, name: str) -> None:
    """Every preset, served together (solid) and in pools (dashed): TTFT and TPOT never fall
    as requests in flight rise, nor does the pools' throughput. Before, a rate's dashed TTFT
    dropped where the pools reached their limit, from the wait for a decode place under random
    arrivals to a closed loop's queue: agentic coding by 25.0 s at 158 in flight, DeepSeek-V3
    5.0 s at 451, DeepSeek-V3.2 EP 3.9 s at 462, Llama 8B chat 4.0 s at 328, embeddings 0.9 s."""
    curves = _curves(catalog, name)
    assert curves.pools is not None
    tpot_drop, ttft_drop = _largest_drops_ms(curves.pools)
    assert tpot_drop <= 0.0 and ttft_drop <= 0.0
    assert np.all(np.diff(curves.pools.output_tokens_per_s) >= 0.0)
    tpot_drop, ttft_drop = _largest_drops_ms(curves.concurrency)
    most_tpot, most_ttft = ALLREDUCE_SWITCH_DROP.get(name, (0.0, 0.0))
    assert tpot_drop <= most_tpot and ttft_drop <= most_ttft
    if name in ALLREDUCE_SWITCH_DROP:  # still there: this test names it until it is gone
        assert tpot_drop > 2.0 and ttft_drop > 20.0


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_the_pools_limit_is_where_the_plan_puts_it(catalog: Catalog, name: str) -> None:
    """Each preset planned in pools: the curve passes through `size`'s capacity within targets
    (its requests in flight, the rate's throughput, TTFT within the target), and its throughput
    levels off at the mark of the pools' limit at the slower pool's limit, as "Peak throughput,
    targets ignored" has it (a prefill pool is read at PREFILL_UTILISATION_MAX of its rate, the
    most its queue stays finite at). Past the mark TPOT and throughput stay, and each request
    more in flight waits for the pools to serve one more: TTFT rises by 1 / rate."""
    result = size_scenario(catalog, _served(name, "disaggregated"), CURRENT_CALIBRATION)
    pools = result.pools
    curves = plan_curves(result)
    assert pools is not None and curves is not None
    c = curves.concurrency
    limit = pools_limit(curves)
    assert limit is not None and limit == c.limit_in_flight
    assert pools.in_flight <= limit < c.in_flight[-1]
    out = pools.scenario.workload.output_tokens
    within = result.value("max_in_flight_within_targets")
    assert np.interp(within, c.in_flight, c.output_tokens_per_s) == pytest.approx(
        result.value("max_requests_per_s_within_targets") * out, rel=2e-3
    )
    ttft_target_ms = pools.scenario.workload.targets.ttft_ms
    assert np.interp(within, c.in_flight, c.ttft_ms) <= ttft_target_ms * 1.001
    slower = min(
        PREFILL_UTILISATION_MAX * pools.curves.prefill_requests_per_s,
        pools.curves.decode_requests_per_s,
    )
    peak = result.value("max_output_tokens_per_s")
    past = c.in_flight > limit
    assert c.output_tokens_per_s[past] == pytest.approx(slower * out, rel=1e-3)
    assert slower * out == pytest.approx(peak, rel=1e-9) or (
        pools.curves.prefill_saturates and slower * out < peak
    )
    assert np.ptp(c.tpot_ms[past]) == pytest.approx(0.0, abs=1e-9)
    rises_s_each = np.diff(c.ttft_ms[past]) / np.diff(c.in_flight[past]) / 1e3
    assert rises_s_each == pytest.approx(1.0 / slower, rel=1e-3)


def test_a_rate_counts_requests_waiting_for_a_decode_place_in_flight(catalog: Catalog) -> None:
    """Agentic coding in pools (requests at random): at the limit a cache waits 25.1 s for a
    decode place (read at 98% of the full batch's pace), and those waiting are in flight too:
    the limit is at 315 requests in flight, not the 158 the pools' places and prefill hold."""
    result = size_scenario(catalog, _served("agentic-coding", "disaggregated"), CURRENT_CALIBRATION)
    pools = result.pools
    curves = plan_curves(result)
    assert pools is not None and curves is not None
    c = pools.curves
    assert c.place_wait_s[-1] == pytest.approx(25.1, abs=0.1)
    later = pools.scenario.workload.output_tokens - 1.0
    held = float(c.requests_per_s[-1] * (c.ttft_s[-1] + later * c.tpot_s[-1]))
    assert held == pytest.approx(152.9, abs=1.0)
    assert curves.concurrency.limit_in_flight == pytest.approx(
        held + c.requests_per_s[-1] * c.place_wait_s[-1]
    )
    assert curves.concurrency.limit_in_flight == pytest.approx(309.8, abs=1.0)
