"""Work kept for reuse, or left undone, changes no answer: the replicas `predict` resolves once
per file, the ideal replica the physical floor is measured on, each GPU's fewest fitting count
that "what would fit" names, the GPU comparison's rows worked out without full results, and
the steps and per-replica constants of the step-time model."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.predict_cmd import predict_line
from aisle_desktop.plan import PRESETS, preset_scenario
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import ideal, iteration_time, physical_floor
from aisle_desktop.sizing.engine.steptime import _iteration_time, gemm_seconds_per_token
from aisle_desktop.sizing.planning import SizedScenarios, compare_gpus, size_scenario
from aisle_desktop.sizing.planning.alternatives import _fewest_gpus_holding, what_would_fit
from aisle_desktop.sizing.planning.plan_numbers import Headline
from aisle_desktop.sizing.validation import ResolvedReplicas

NO_SPLIT = {"tp": None, "pp": None}
VALIDATION = Path(__file__).resolve().parents[2] / "validation"


def _lines(name: str, every: int) -> list[str]:
    lines = [line for line in (VALIDATION / name).read_text().splitlines() if line.strip()]
    return lines[::every]


@pytest.mark.parametrize(
    ("name", "every"), [("published_dev.jsonl", 3), ("modern_engines_dev.jsonl", 5)]
)
def test_a_file_predicted_with_one_memory_equals_each_line_alone(
    catalog: Catalog, name: str, every: int
) -> None:
    memory = ResolvedReplicas(catalog, CURRENT_CALIBRATION)
    lines = _lines(name, every)
    shared = [
        predict_line(catalog, CURRENT_CALIBRATION, n, line, memory)
        for n, line in enumerate(lines, start=1)
    ]
    alone = [
        predict_line(catalog, CURRENT_CALIBRATION, n, line) for n, line in enumerate(lines, start=1)
    ]
    assert shared == alone
    # The lines share far fewer replicas than there are lines, and errors are not remembered.
    assert 0 < len(memory._known) < len(lines)
    assert sum("error" not in answer for answer in shared) > len(lines) // 2


def test_floor_on_a_kept_ideal_replica_equals_the_floor_worked_out_afresh(deploy) -> None:  # type: ignore[no-untyped-def]
    dep = deploy("llama-3.1-70b", "h100-sxm", tp=4)
    kept = ideal(dep)
    for batch, inp, out in ((1.0, 128, 128), (64.0, 2048, 512), (300.0, 8000, 200)):
        assert physical_floor(dep, batch, inp, out, kept) == physical_floor(dep, batch, inp, out)


@pytest.mark.parametrize("preset", ["deepseek-v3"])
def test_what_would_fit_is_the_same_asked_first_or_after_the_whole_comparison(
    catalog: Catalog, preset: str
) -> None:
    """Each GPU's fewest fitting count is worked out once and shared by every GPU that names
    it, each with its own bound: the answers must not depend on who asked first."""
    scenario = preset_scenario(preset)
    trials = {
        gpu_id: scenario.model_copy(
            update={
                "hardware": scenario.hardware.model_copy(
                    update={"gpu_id": gpu_id, "server_id": None, "gpu_count": 1}
                )
            }
        )
        for gpu_id in list(catalog.gpus)[::5]  # a few, small and large
    }
    _fewest_gpus_holding.cache_clear()
    cold = {}
    for gpu_id, trial in trials.items():
        _fewest_gpus_holding.cache_clear()
        cold[gpu_id] = what_would_fit(catalog, trial, CURRENT_CALIBRATION)
    compare_gpus(catalog, scenario, CURRENT_CALIBRATION)
    warm = {g: what_would_fit(catalog, t, CURRENT_CALIBRATION) for g, t in trials.items()}
    assert warm == cold
    assert any(len(options) > 1 for options in cold.values())


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_the_gpu_comparison_headline_equals_the_full_result_on_every_gpu(
    catalog: Catalog, preset: str
) -> None:
    """The comparison works out only what its table shows; each row must equal what the full
    result of that GPU says (a plain size_scenario), fitting, not fitting or refused."""
    scenario = preset_scenario(preset)
    options = compare_gpus(catalog, scenario, CURRENT_CALIBRATION)
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION)
    for option in options:
        hardware = scenario.hardware.model_copy(
            update={"gpu_id": option.gpu_id, "server_id": None, "gpu_count": None}
        )
        trial = scenario.model_copy(update={"hardware": hardware.model_copy(update=NO_SPLIT)})
        try:
            result = size_scenario(catalog, trial, CURRENT_CALIBRATION)
        except SizingError as err:
            assert (option.gpus, option.note) == (0, str(err))
            continue
        assert sized.headline(trial) == Headline.of(result)
        assert option.note == result.status
        if not result.fits:
            assert (option.gpus, option.cost_per_million_tokens_usd) == (0, None)
            continue
        assert option.gpus == result.gpus
        assert option.cost_per_million_tokens_usd == result.value("cost_per_million_tokens_usd")
        assert option.tco_per_year_usd == result.value("tco_per_year_usd")
        assert (option.meets_targets, option.blocked) == (result.meets_targets, result.blocking)


def test_a_remembered_step_is_the_one_computed_and_each_variant_of_a_replica_its_own(
    deploy,  # type: ignore[no-untyped-def]
) -> None:
    """Steps and per-replica constants are remembered by replica object: a variant made
    with dataclasses.replace is a new object and gets its own figures."""
    dep = deploy("llama-3.1-70b", "h100-sxm", tp=4)
    counts = (64.0, 2500.0, 512.0, 1024.0)
    first = iteration_time(dep, *counts)
    assert iteration_time(dep, *counts) is first
    assert first == _iteration_time(dep, *counts)
    slower = dataclasses.replace(dep, gemm_flops=dep.gemm_flops / 2, step_multiplier=1.5)
    assert slower != dep
    assert gemm_seconds_per_token(slower) == 2 * gemm_seconds_per_token(dep)
    assert iteration_time(slower, *counts).total_s > first.total_s
    swept = iteration_time(dep, np.array([64.0, 128.0]), 2500.0, 512.0, 1024.0)
    assert float(np.asarray(swept.total_s)[0]) == pytest.approx(float(first.total_s), rel=1e-12)
