"""Curves for the plots agree with the single-point figures and behave as physics says."""

from __future__ import annotations

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.engine import memory_breakdown, steady_state
from aisle_desktop.sizing.planning import (
    compare_gpus,
    concurrency_curve,
    cost_curve,
    memory_curve,
    plan_deployment,
    size_scenario,
)


@pytest.fixture(scope="module")
def plan(catalog: Catalog):  # type: ignore[no-untyped-def]
    scenario = preset_scenario("llama-70b-rag")
    result = size_scenario(catalog, scenario)
    return scenario, result, plan_deployment(catalog, scenario, result.tp, result.pp)


def test_concurrency_curve_matches_single_points(plan) -> None:  # type: ignore[no-untyped-def]
    scenario, result, dep = plan
    curve = concurrency_curve(dep, scenario, result.replicas, points=50)
    assert curve.in_flight.shape == (50,)
    assert np.all(np.diff(curve.output_tokens_per_s) > 0)  # more in flight, more tokens/s
    assert np.all(np.diff(curve.tpot_ms) >= 0)  # ...and slower tokens for each user
    w = scenario.workload
    batch = curve.in_flight[10] / result.replicas
    overhead = (scenario.performance.request_overhead_ms + w.retrieval_latency_ms) / 1e3
    single = steady_state(
        dep,
        float(batch),
        w.prompt.input_tokens,
        w.output_tokens,
        dep.engine.max_num_batched_tokens,
        overhead,
    )
    assert curve.tpot_ms[10] == pytest.approx(float(single.tpot_s) * 1e3)
    assert curve.ttft_ms[10] == pytest.approx(float(single.ttft_s) * 1e3)


def test_memory_curve_stacks_to_the_breakdown(plan) -> None:  # type: ignore[no-untyped-def]
    scenario, _, dep = plan
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
    options = compare_gpus(catalog, preset_scenario("llama-8b-chat"))
    assert {o.gpu_id for o in options} == set(catalog.gpus)
    h100 = next(o for o in options if o.gpu_id == "h100-sxm")
    assert h100.gpus >= 1 and h100.cost_per_million_tokens_usd
    # a GPU the engine cannot run says why instead of failing the whole comparison
    assert all(o.gpus >= 1 or o.note for o in options)
