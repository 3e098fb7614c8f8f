"""The tail-latency simulation agrees with the closed forms where they are exact."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import PRESETS, LoadSpec, Scenario, preset_scenario
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
WAIT_STEPS = 1.82  # vLLM 0.10 and later: decode iterations a token waits to be sent


@pytest.fixture(scope="module")
def dep(catalog: Catalog) -> Deployment:
    assumptions = PerformanceAssumptions(first_token_wait_steps=WAIT_STEPS)
    return resolve_deployment(
        catalog, "llama-3.1-8b", "h100-sxm", "vllm", "fp8", None, 1, 1, assumptions
    )


def simulate(dep: Deployment, load: ReplicaLoad) -> TailLatency:
    tail = simulate_replica(dep, IN, OUT, BUDGET, 256, OVERHEAD_S, load)
    assert tail is not None
    return tail


@pytest.mark.parametrize(
    "load", [ReplicaLoad(arrival_rate_per_s=0.01), ReplicaLoad(clients=1)], ids=["rare", "one"]
)
def test_a_lone_request_sees_the_closed_form_latencies(dep: Deployment, load: ReplicaLoad) -> None:
    """One request at a time: TTFT is the overhead, half an iteration for the engine's loop,
    the prefill and the iterations planned ahead, as the closed form says (within 1%)."""
    alone = steady_state(dep, 1.0, IN, OUT, BUDGET, OVERHEAD_S)
    decode_s = alone.decode_step.total_s
    by_hand_s = OVERHEAD_S + 0.5 * decode_s + alone.prefill_step.total_s + WAIT_STEPS * decode_s
    tail = simulate(dep, load)
    assert tail.ttft_p50_s == pytest.approx(by_hand_s, rel=0.01)
    assert tail.ttft_p50_s == pytest.approx(float(alone.ttft_s), rel=0.01)
    assert tail.tpot_p99_s == pytest.approx(decode_s, rel=0.02)


def test_a_planned_tail_is_never_below_the_plans_mean() -> None:
    """Shifting by the plan's mean where the simulated one is lower, and only there."""
    simulated = TailLatency(1, 0.090, 0.080, 0.100, 0.120, 0.010, 0.010, 0.011, 0.012)
    raised = simulated.not_below(ttft_mean_s=0.095, tpot_mean_s=0.009)
    assert raised.ttft_mean_s == pytest.approx(0.095)
    assert raised.ttft_p99_s == pytest.approx(0.125)
    assert raised.tpot_p99_s == pytest.approx(0.012)  # its mean is above the plan's: unchanged


def test_percentiles_are_ordered_and_grow_with_load(dep: Deployment) -> None:
    light = simulate(dep, ReplicaLoad(arrival_rate_per_s=2.0))
    heavy = simulate(dep, ReplicaLoad(arrival_rate_per_s=20.0))
    for tail in (light, heavy):
        assert tail.ttft_p50_s <= tail.ttft_p95_s <= tail.ttft_p99_s
        assert tail.tpot_p50_s <= tail.tpot_p95_s <= tail.tpot_p99_s
    assert heavy.ttft_p95_s > light.ttft_p95_s and heavy.tpot_p50_s > light.tpot_p50_s
    assert heavy.requests == 1_600  # 2,000 simulated, the filling and draining tenths left out


def test_clients_in_a_loop_match_the_steady_state_at_that_batch(dep: Deployment) -> None:
    """Answers of varying length keep clients from asking in lockstep: their prompts queue
    now and then, as the steady state's prefill queue says, so the percentiles spread
    around the closed-form mean instead of all sitting at one value below it."""
    clients = 32
    closed = steady_state(dep, float(clients), IN, OUT, BUDGET, OVERHEAD_S)
    spread = float(closed.e2e_s)
    tail = simulate(dep, ReplicaLoad(clients=clients, client_spread_s=spread))
    assert tail.tpot_p50_s == pytest.approx(float(closed.tpot_s), rel=0.15)
    assert tail.ttft_mean_s == pytest.approx(float(closed.ttft_s), rel=0.10)
    assert tail.ttft_p50_s < tail.ttft_p99_s
    assert tail.ttft_p99_s > float(closed.ttft_s)


def test_answer_lengths_spread_around_the_plans_output() -> None:
    rng = tail_latency.np.random.default_rng(tail_latency.SEED)
    lengths = tail_latency.answer_lengths(rng, 400, 20_000)
    assert lengths.min() >= 1
    assert lengths.mean() == pytest.approx(400, rel=0.03)
    assert lengths.std() == pytest.approx(400, rel=0.05)  # geometric: as wide as its mean
    assert (tail_latency.answer_lengths(rng, 1, 5) == 1).all()


def in_flight(scenario: Scenario, requests: int) -> Scenario:
    load = LoadSpec(kind="in_flight", requests_in_flight=requests)
    return scenario.model_copy(
        update={"workload": scenario.workload.model_copy(update={"load": load})}
    )


def test_qa_example_mistral_on_l40s_at_64_in_flight(catalog: Catalog) -> None:
    """QA's case: mean TTFT 76 ms beside p50 = p95 = p99 = 46 ms. The simulation lacked the
    engine's planned iterations and its identical clients asked in lockstep. Now its mean is
    within 5% of the closed form and the percentiles spread above and below it. The split is
    QA's, two replicas of TP 1 × PP 4 (since calibration 2026.12.11 a prompt rides one
    pipeline micro-batch and the split search prefers TP 1; the closed form was 81.2 ms while
    the prompt was spread over the micro-batches)."""
    chat = in_flight(preset_scenario("llama-8b-chat"), 64)
    hardware = {"gpu_id": "l40s", "gpu_count": 8, "tp": 1, "pp": 4}
    scenario = chat.model_copy(
        update={
            "workload": chat.workload.model_copy(update={"model_id": "mistral-7b"}),
            "hardware": chat.hardware.model_copy(update=hardware),
        }
    )
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    tail = plan_tail_latency(result)
    assert result.planned is not None and tail is not None
    assert (result.tp, result.pp, result.replicas) == (1, 4, 2)
    mean_s = float(result.planned.point.ttft_s)
    assert mean_s == pytest.approx(0.1302, abs=0.0005)  # the closed form
    assert tail.ttft_mean_s == pytest.approx(mean_s, rel=0.05)
    assert tail.ttft_p50_s < tail.ttft_p95_s <= tail.ttft_p99_s
    assert mean_s < tail.ttft_p95_s


IN_FLIGHT_GRID = (1, 2, 4, 8, 16, 64, 256, 1024)
CHAT_PRESETS = [p for p in PRESETS if preset_scenario(p).workload.embeddings is None]


@pytest.mark.parametrize("preset", CHAT_PRESETS)
def test_percentiles_are_ordered_and_never_below_the_plans_mean(
    catalog: Catalog, preset: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The invariant the window, the report and `size` rely on, over every preset and a grid
    of requests in flight: p50 <= p95 <= p99, and the mean figure shown beside them (the
    plan's closed form) is not above p99, for TTFT and TPOT. The shift that ensures it is
    small: the simulated means are at most 12% (TTFT) and 8% (TPOT) below the closed form's."""
    sized = []
    for requests in IN_FLIGHT_GRID:
        scenario = in_flight(preset_scenario(preset), requests)
        result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
        tail = plan_tail_latency(result)
        assert result.planned is not None and tail is not None, requests
        point = result.planned.point
        ttft_s, tpot_s = float(point.ttft_s), float(point.tpot_s)
        assert tail.ttft_p50_s <= tail.ttft_p95_s <= tail.ttft_p99_s, requests
        assert tail.tpot_p50_s <= tail.tpot_p95_s <= tail.tpot_p99_s, requests
        # The mean shown (the closed form) is not above p99. The simulated mean itself may sit
        # a hair above its own p99 where over 99% of the requests take the same time and a few
        # take longer (Llama 3.1 8B chat at 16 in flight under 2026.12.29: 123.6 ms against
        # 123.5 ms, the closed form 121.0 ms), so it is held only to the closed form.
        assert ttft_s <= tail.ttft_mean_s and ttft_s <= tail.ttft_p99_s, requests
        assert tpot_s <= tail.tpot_mean_s and tpot_s <= tail.tpot_p99_s, requests
        sized.append((result, ttft_s, tpot_s))
    monkeypatch.setattr(TailLatency, "not_below", lambda tail, ttft_s, tpot_s: tail)
    for result, ttft_s, tpot_s in sized:
        simulated = plan_tail_latency(result)
        assert simulated is not None
        assert simulated.ttft_mean_s >= 0.88 * ttft_s
        assert simulated.tpot_mean_s >= 0.92 * tpot_s


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
