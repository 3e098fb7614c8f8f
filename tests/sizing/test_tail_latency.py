"""The tail-latency simulation agrees with the closed forms where they are exact."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION, PerformanceAssumptions
from aisle_desktop.sizing.engine import (
    Deployment,
    ReplicaLoad,
    TailLatency,
    resolve_deployment,
    simulate_replica,
    steady_state,
    tail_latency,
)
from aisle_desktop.sizing.planning import plan_tail_latency, size_scenario
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark

IN, OUT, BUDGET, OVERHEAD_S = 1_000, 200, 8_192.0, 0.005


@pytest.fixture(scope="module")
def dep(catalog: Catalog) -> Deployment:
    assumptions = PerformanceAssumptions()
    return resolve_deployment(
        catalog, "llama-3.1-8b", "h100-sxm", "vllm", "fp8", None, 1, 1, assumptions
    )


def simulate(dep: Deployment, load: ReplicaLoad) -> TailLatency:
    tail = simulate_replica(dep, IN, OUT, BUDGET, 256, OVERHEAD_S, load)
    assert tail is not None
    return tail


def test_a_lone_request_sees_the_single_request_latencies(dep: Deployment) -> None:
    alone = steady_state(dep, 1.0, IN, OUT, BUDGET, OVERHEAD_S)
    tail = simulate(dep, ReplicaLoad(arrival_rate_per_s=0.01))  # one every 100 s
    prefill_s = alone.prefill_step.total_s
    assert tail.ttft_p50_s == pytest.approx(OVERHEAD_S + prefill_s, rel=0.05)
    assert tail.tpot_p99_s == pytest.approx(alone.decode_step.total_s, rel=0.02)


def test_percentiles_are_ordered_and_grow_with_load(dep: Deployment) -> None:
    light = simulate(dep, ReplicaLoad(arrival_rate_per_s=2.0))
    heavy = simulate(dep, ReplicaLoad(arrival_rate_per_s=20.0))
    for tail in (light, heavy):
        assert tail.ttft_p50_s <= tail.ttft_p95_s <= tail.ttft_p99_s
        assert tail.tpot_p50_s <= tail.tpot_p95_s <= tail.tpot_p99_s
    assert heavy.ttft_p95_s > light.ttft_p95_s and heavy.tpot_p50_s > light.tpot_p50_s
    assert heavy.requests == 1_600  # 2,000 simulated, the filling and draining tenths left out


def test_clients_in_a_loop_match_the_steady_state_at_that_batch(dep: Deployment) -> None:
    clients = 32
    closed = steady_state(dep, float(clients), IN, OUT, BUDGET, OVERHEAD_S)
    spread = float(closed.e2e_s)
    tail = simulate(dep, ReplicaLoad(clients=clients, client_spread_s=spread))
    assert tail.tpot_p50_s == pytest.approx(float(closed.tpot_s), rel=0.15)


def test_the_same_plan_gives_the_same_figures(catalog: Catalog) -> None:
    scenario = preset_scenario("llama-8b-chat")
    first = plan_tail_latency(size_scenario(catalog, scenario, CURRENT_CALIBRATION))
    again = plan_tail_latency(size_scenario(catalog, scenario, CURRENT_CALIBRATION))
    assert first is not None and first == again


def test_a_load_needs_a_rate_or_clients(dep: Deployment) -> None:
    with pytest.raises(ValueError, match="arrival rate or clients"):
        simulate(dep, ReplicaLoad())


def test_a_plan_that_can_never_keep_up_has_no_percentiles(catalog: Catalog) -> None:
    """More arrivals than a replica can ever serve: the queue only grows, so no p95 exists."""
    scenario = preset_scenario("llama-70b-rag")
    starved = scenario.model_copy(
        update={"hardware": scenario.hardware.model_copy(update={"gpu_id": "a10"})}
    )
    assert plan_tail_latency(size_scenario(catalog, starved, CURRENT_CALIBRATION)) is None


def test_prompts_waiting_for_a_slot_do_not_slow_the_simulation(dep: Deployment) -> None:
    """A full batch with a long queue: decode steps are jumped, not taken one by one."""
    tail = simulate_replica(dep, IN, 2_000, BUDGET, 2, OVERHEAD_S, ReplicaLoad(clients=50))
    assert tail is not None and tail.tpot_p50_s > 0 and tail.ttft_p50_s > tail.tpot_p50_s * 2_000


def test_predict_gives_ttft_percentiles_of_a_lockstep_cohort(catalog: Catalog) -> None:
    """Benchmark clients start together: request k of the burst waits k budget-sized steps."""
    row = {
        "id": "cohort",
        "engine": "tensorrt-llm",
        "model": "llama-3.1-8b",
        "gpu": "h100-sxm",
        "num_gpus": 1,
        "tp": 1,
        "pp": 1,
        "weight_precision": "fp8",
        "kv_precision": None,
        "input_tokens": 2_000,
        "output_tokens": 200,
        "load": {"mode": "concurrency", "concurrency": 100},
        # A NIM sweep of mid-2025, before the 2025-26 releases: every request of the sweep
        # counted in a cohort.
        "scenario_kind": "concurrency_sweep",
    }
    got = predict_benchmark(catalog, BenchmarkScenario.model_validate(row), CURRENT_CALIBRATION)
    assert got["ttft_p50_ms"] <= got["ttft_ms"] <= got["ttft_p95_ms"] <= got["ttft_p99_ms"]
    # 100 prompts of 2,000 tokens fill 25 steps of the 8,192-token budget: the median request
    # has its first token after 13 of them, the 99th percentile after all 25.
    assert got["ttft_p99_ms"] / got["ttft_p50_ms"] == pytest.approx(25 / 13, rel=0.05)


def test_the_work_is_bounded(dep: Deployment, monkeypatch: pytest.MonkeyPatch) -> None:
    """An engine whose limits make prompts crawl gives no figures rather than a long wait."""
    monkeypatch.setattr(tail_latency, "MAX_SIMULATED_EVENTS", 50)
    assert simulate_replica(dep, IN, OUT, BUDGET, 256, OVERHEAD_S, ReplicaLoad(clients=8)) is None
