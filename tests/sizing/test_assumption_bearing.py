"""A calibration value set aside as not bearing on a plan (`bears_on`) cannot move its figures:
each one, changed by the planner's override, leaves every preset's sized figures where they
were. The report lists such values apart, without their sources, so a wrong rule would hide a
value a planner's figures rest on."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario
from aisle_desktop.plan.presets import PRESETS, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION, PerformanceAssumptions
from aisle_desktop.sizing.planning import SizingResult, bears_on, size_scenario


def _figures(result: SizingResult) -> dict[str, object]:
    shown: dict[str, object] = {name: f.value for name, f in result.figures.items()}
    return shown | {"gpus": result.gpus, "replicas": result.replicas, "layout": result.layout}


def _another_value(name: str, value: float) -> float:
    """A value the calibration's ranges accept, unlike `value`."""
    fields = CURRENT_CALIBRATION.performance.model_dump()
    for candidate in (value * 2, value * 0.5, value + 1, value + 0.5, 0.5, 1.0):
        if candidate == value:
            continue
        try:
            PerformanceAssumptions.model_validate(fields | {name: candidate})
        except ValidationError:
            continue
        return candidate
    raise AssertionError(f"no other value of {name} passes its range")


def _overridden(scenario: Scenario, name: str, value: float) -> Scenario:
    return scenario.model_copy(update={"assumption_overrides": {name: value}})


def _served(scenario: Scenario, serving: str) -> Scenario:
    if serving == "as saved":
        return scenario
    hardware = scenario.hardware.model_copy(update={"serving": serving})
    return scenario.model_copy(update={"hardware": hardware})


@pytest.mark.parametrize("serving", ["as saved", "aggregated"])
@pytest.mark.parametrize("preset_id", list(PRESETS))
def test_a_value_set_aside_moves_no_figure_of_the_plan(
    catalog: Catalog, preset_id: str, serving: str
) -> None:
    """Served together or compared with pools, the split search is free to take any layout."""
    scenario = _served(preset_scenario(preset_id), serving)
    sized = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    set_aside = [
        name for name in CURRENT_CALIBRATION.performance.model_dump() if not bears_on(name, sized)
    ]
    assert set_aside, "every preset runs at least without the benchmark runs' values"
    for name in set_aside:
        used = next(a.value for a in sized.assumptions if a.name == name)
        changed = _overridden(scenario, name, _another_value(name, float(used)))
        again = size_scenario(catalog, changed, CURRENT_CALIBRATION)
        assert _figures(again) == _figures(sized), f"{name} moves {preset_id}'s figures"


def test_the_default_dense_plan_sets_aside_experts_and_benchmark_runs(catalog: Catalog) -> None:
    sized = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    for name in ("expert_load_cv", "moe_layer_overhead_us", "busiest_rank_expert_reads"):
        assert not bears_on(name, sized)
    for name in ("concurrency_run_rounds", "cohort_persistence", "benchmark_requests"):
        assert not bears_on(name, sized)
    # the search may split the model over pipeline stages, and its pools decode apart
    assert bears_on("pipeline_send_latency_us", sized)
    assert bears_on("disaggregated_decode_step_ms", sized)
    for name in ("layer_overhead_us", "attention_bandwidth_efficiency", "request_overhead_ms"):
        assert bears_on(name, sized)


def test_an_expert_parallel_plan_keeps_the_experts_values(catalog: Catalog) -> None:
    sized = size_scenario(catalog, preset_scenario("deepseek-v3.2-ep"), CURRENT_CALIBRATION)
    assert "EP" in sized.layout
    for name in ("expert_load_cv", "expert_rank_imbalance", "busiest_rank_expert_reads"):
        assert bears_on(name, sized)
    assert not bears_on("concurrency_warmup_rounds", sized)
