"""Curves for the plots are drawn for the replica the plan sized, and pass through its figures."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import memory_breakdown, steady_state
from aisle_desktop.sizing.planning import (
    compare_gpus,
    concurrency_curve,
    cost_curve,
    memory_curve,
    plan_curves,
    size_scenario,
)


def _sized(catalog: Catalog, scenario: Scenario) -> SizingResult:
    return size_scenario(catalog, scenario, CURRENT_CALIBRATION)


def _with(scenario: Scenario, part: str, **values: object) -> Scenario:
    section = getattr(scenario.workload if part != "hardware" else scenario, part)
    changed = section.model_copy(update=values)
    if part == "hardware":
        return scenario.model_copy(update={"hardware": changed})
    return scenario.model_copy(
        update={"workload": scenario.workload.model_copy(update={part: changed})}
    )


def _lora_chat() -> Scenario:
    """The issue's case: 64 in flight with 200 rank-64 adapters, which slow every step."""
    chat = preset_scenario("llama-8b-chat")
    chat = _with(chat, "adapters", count=200, rank=64, mixed_in_batch=True)
    return _with(chat, "load", kind="in_flight", requests_in_flight=64)


def _pipeline_405b() -> Scenario:
    return _with(preset_scenario("llama-405b-fp8"), "hardware", tp=4, pp=2)


PLANS = {
    "lora": _lora_chat,
    "embeddings": lambda: preset_scenario("embeddings-search"),
    "moe": lambda: preset_scenario("deepseek-v3"),
    "rag": lambda: preset_scenario("llama-70b-rag"),
    "pipeline": _pipeline_405b,
}


@pytest.mark.parametrize("name", sorted(PLANS))
def test_every_curve_passes_through_its_figure_at_the_planned_load(
    catalog: Catalog, name: str
) -> None:
    result = _sized(catalog, PLANS[name]())
    curves = plan_curves(result)
    assert result.fits and curves is not None and result.planned is not None
    if name == "pipeline":
        assert result.pp > 1
    c = curves.concurrency
    at = int(np.flatnonzero(np.isclose(c.in_flight, curves.planned_in_flight, rtol=1e-12))[0])
    assert c.tpot_ms[at] == pytest.approx(result.value("tpot_ms"), rel=1e-9)
    assert c.ttft_ms[at] == pytest.approx(result.value("ttft_ms"), rel=1e-9)
    assert c.output_tokens_per_s[at] == pytest.approx(result.value("output_tokens_per_s"), rel=1e-9)
    assert curves.planned_in_flight == pytest.approx(
        result.value("in_flight_per_replica") * result.replicas
    )
    m = curves.memory
    assert m.weights_gb[0] * 1e9 == pytest.approx(result.planned.capacity.memory.weights_bytes)
    assert m.usable_gb * 1e9 == pytest.approx(result.planned.capacity.dep.usable_memory_bytes)
    owning = np.interp(
        curves.planned_monthly_tokens, curves.cost.monthly_tokens, curves.cost.on_prem_usd_per_year
    )
    assert owning == pytest.approx(result.value("tco_per_year_usd"))


def test_lora_slowdown_reaches_the_curve(catalog: Catalog) -> None:
    """Issue 13's case: the figures said 30.0 ms TPOT and a rebuilt curve 25.0 ms at the same
    load (calibration 2026.11), because the rebuilt replica had no adapter slowdown. The
    curve now shows the figure, 1.2x the replica without adapters."""
    lora = _sized(catalog, _lora_chat())
    assert lora.planned is not None
    cap = lora.planned.capacity
    assert cap.dep.step_multiplier == pytest.approx(1.2)  # adapters mixed in every batch
    curves = plan_curves(lora)
    assert curves is not None
    at = int(np.argmin(np.abs(curves.concurrency.in_flight - curves.planned_in_flight)))
    assert curves.concurrency.tpot_ms[at] == pytest.approx(lora.value("tpot_ms"), rel=1e-9)
    without = dataclasses.replace(cap.dep, step_multiplier=1.0)
    batch = float(lora.planned.point.running_batch)
    args = (cap.input_tokens, cap.output_tokens, cap.token_budget, cap.request_overhead_s)
    rebuilt_ms = float(steady_state(without, batch, *args).tpot_s) * 1e3
    assert lora.value("tpot_ms") == pytest.approx(1.2 * rebuilt_ms)  # the old curve drew this


def test_concurrency_curve_grows_as_physics_says(catalog: Catalog) -> None:
    result = _sized(catalog, preset_scenario("llama-70b-rag"))
    assert result.planned is not None
    cap = result.planned.capacity
    curve = concurrency_curve(cap, result.replicas, points=50)
    assert curve.in_flight.shape == (50,)
    assert curve.in_flight[-1] == pytest.approx(cap.limits.admitted * result.replicas)
    assert np.all(np.diff(curve.tpot_ms) >= 0)  # more in flight, slower tokens for each user
    # ...and more tokens/s while the KV cache holds them; past it vLLM preempts, and the
    # recompute costs more than the extra sequences bring
    held = curve.in_flight <= cap.limits.batch * result.replicas
    assert cap.limits.admitted > cap.limits.batch and not held.all()
    assert np.all(np.diff(curve.output_tokens_per_s[held]) > 0)
    assert np.all(np.diff(curve.output_tokens_per_s[~held]) < 0)


def test_memory_curve_stacks_to_the_breakdown(catalog: Catalog) -> None:
    scenario = preset_scenario("llama-70b-rag")
    result = _sized(catalog, scenario)
    assert result.planned is not None
    dep = result.planned.capacity.dep
    tokens = scenario.workload.prompt.input_tokens + scenario.workload.output_tokens
    curve = memory_curve(dep, 1.0, 131_072, points=64)
    assert np.all(np.diff(curve.kv_cache_gb) > 0)
    assert curve.weights_gb[0] == pytest.approx(memory_breakdown(dep, tokens).weights_bytes / 1e9)
    # one full 128k conversation: 40 GiB of 16-bit KV spread over the replica's GPUs
    assert curve.kv_cache_gb[-1] * dep.gpus == pytest.approx(40 * 2**30 / 1e9, rel=0.01)


def test_cost_curve_crossover() -> None:
    curve = cost_curve(120_000.0, 5e9, 2e-6, 2e10, points=101)
    # API: 12 x volume x price; owning: 120 k a year per 5 G tokens a month of capacity
    assert curve.crossover_monthly_tokens == pytest.approx(120_000 / (12 * 2e-6))
    assert curve.on_prem_usd_per_year[-1] == pytest.approx(4 * 120_000)
    assert curve.api_usd_per_year[-1] == pytest.approx(12 * 2e10 * 2e-6)


def test_no_crossover_when_the_api_is_always_cheaper() -> None:
    curve = cost_curve(1e9, 1e9, 1e-7, 1e10)
    assert curve.crossover_monthly_tokens is None


def test_gpu_comparison_covers_the_catalog(catalog: Catalog) -> None:
    options = compare_gpus(catalog, preset_scenario("llama-8b-chat"), CURRENT_CALIBRATION)
    assert {o.gpu_id for o in options} == set(catalog.gpus)
    h100 = next(o for o in options if o.gpu_id == "h100-sxm")
    assert h100.gpus >= 1 and h100.cost_per_million_tokens_usd
    # a GPU the engine cannot run says why instead of failing the whole comparison
    assert all(o.gpus >= 1 or o.note for o in options)
