"""The pools' tail-latency simulation: by hand on a few requests, near the pools' mean
figures at light load, its tail growing with the load, and a plan in pools gets one."""

from __future__ import annotations

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import Deployment, TailLatency
from aisle_desktop.sizing.engine.disaggregated import at_request_rate, decode_tpot_s, prefill_pool
from aisle_desktop.sizing.engine.pools_tail import (
    DecodeWorker,
    PoolsLoad,
    PrefillWorker,
    decode_times_s,
    prefill_times_s,
    simulate_pools,
)
from aisle_desktop.sizing.planning import SizingResult, plan_tail_latency, size_scenario

IN, OUT = 2_000, 256


def _in_pools(preset: str = "llama-70b-rag") -> Scenario:
    scenario = preset_scenario(preset)
    hardware = scenario.hardware.model_copy(update={"serving": "disaggregated"})
    return scenario.model_copy(update={"hardware": hardware})


@pytest.fixture(scope="module")
def rag_pools(catalog: Catalog) -> SizingResult:
    return size_scenario(catalog, _in_pools(), CURRENT_CALIBRATION)


def test_a_lone_prompt_takes_the_models_prefill_and_two_share_an_iteration(deploy) -> None:  # type: ignore[no-untyped-def]
    """An idle worker starts a prompt at once and takes as long as the model's `alone_s`;
    two prompts arriving together within the budget ride one iteration and end together."""
    dep: Deployment = deploy("llama-3.1-70b", "h100-sxm", tp=1)
    worker = PrefillWorker(dep, 8_192.0, IN)
    alone_s = prefill_pool(dep, 1, IN, 8_192.0).alone_s
    lone = prefill_times_s(worker, np.array([0.0, 100.0]))
    assert lone is not None
    assert lone == pytest.approx([alone_s, alone_s], rel=1e-9)
    pair = prefill_times_s(worker, np.array([0.0, 0.0]))
    assert pair is not None
    assert pair[0] == pair[1] > alone_s  # one iteration of 4,000 tokens, longer than 2,000's


def test_a_full_decode_batch_keeps_the_next_cache_waiting(deploy) -> None:  # type: ignore[no-untyped-def]
    """Worked example: a decode worker of one place (8B, H100), two caches landing at 0 s,
    answers of 5 tokens, each step `s` and each token sent `w` steps after it is made. The
    first is taken in half a step later (the engine's loop): first token 0.5s + s + ws, last
    0.5s + 5s + ws. The second waits for that place: first token 0.5s + 6s + ws."""
    dep: Deployment = deploy("llama-3.1-8b", "h100-sxm", tp=1)
    s = float(decode_tpot_s(dep, 1.0, IN, OUT)) * dep.tokens_per_step
    w = dep.assumptions.first_token_wait_steps
    decoded = decode_times_s(DecodeWorker(dep, 1, IN, OUT), np.zeros(2), np.array([5, 5]))
    assert decoded is not None
    first_s, last_s = decoded
    assert first_s == pytest.approx([0.5 * s + s + w * s, 0.5 * s + 6 * s + w * s])
    assert last_s == pytest.approx([0.5 * s + 5 * s + w * s, 0.5 * s + 10 * s + w * s])


def _simulated(
    result: SizingResult, share_of_rate: float, inp: int = IN, out: int = OUT
) -> tuple[float, float, TailLatency]:
    """The pools' simulation at `share_of_rate` of the planned rate, and the model's TTFT and
    TPOT at that rate (prompts of `inp` tokens, answers of `out`)."""
    pools = result.pools
    assert pools is not None
    plan, rate = pools.plan, pools.point.requests_per_s * share_of_rate
    model = at_request_rate(pools.curves, rate, float(out))
    tail = simulate_pools(
        PrefillWorker(plan.prefill, pools.prefill.tokens_per_iteration, inp),
        DecodeWorker(plan.decode, 100, inp, out),
        PoolsLoad(
            rate / plan.prefill_workers,
            rate / plan.decode_workers,
            pools.overhead_s,
            pools.first_token_extra_s - pools.overhead_s,
        ),
    )
    assert tail is not None
    return model.ttft_s, model.tpot_s, tail


def test_at_light_load_the_median_is_the_models_mean(rag_pools: SizingResult) -> None:
    """One request in a while meets empty pools: its TTFT is the model's (overhead, prefill
    alone, hand-over, the decode iterations to the first token), its TPOT a batch of one's."""
    ttft_s, tpot_s, tail = _simulated(rag_pools, 0.01)
    assert tail.ttft_p50_s == pytest.approx(ttft_s, rel=0.03)
    assert tail.tpot_p50_s == pytest.approx(tpot_s, rel=0.03)


@pytest.mark.parametrize(
    ("preset_id", "tpot_ms"),
    [("qwen3.5-assistant-b200", 2.75), ("deepseek-v3.2-ep", 6.25), ("agentic-coding", 10.47)],
)
def test_at_light_load_a_decode_worker_steps_at_one_answer(
    catalog: Catalog, preset_id: str, tpot_ms: float
) -> None:
    """At 1% of the planned rate a decode worker mostly carries one answer, or none: the
    model's TPOT is one answer's step, as every simulated token's is. Before calibration
    2026.12.26 the mean batch below one read a fraction of an answer's experts and draft pass
    (Qwen3.5 on B200, MTP: 2.21 ms against the simulation's 2.76 ms; DeepSeek-V3.2: 5.16 ms
    against 5.92 ms; agentic coding's dense Qwen2.5 32B at TP 2: 9.72 ms against 10.46 ms)."""
    scenario = _in_pools(preset_id)
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert result.pools is not None
    inp, out = scenario.workload.prompt.input_tokens, scenario.workload.output_tokens
    _, tpot_s, tail = _simulated(result, 0.01, inp, out)
    assert tpot_s * 1e3 == pytest.approx(tpot_ms, abs=0.01)
    assert tail.tpot_p50_s == pytest.approx(tpot_s, rel=0.01)
    decode = result.pools.plan.decode
    one_answer_s = float(decode_tpot_s(decode, 1.0, inp, out))
    assert float(decode_tpot_s(decode, 0.05, inp, out)) == one_answer_s


def test_the_tail_grows_with_the_load(rag_pools: SizingResult) -> None:
    pools = rag_pools.pools
    assert pools is not None
    busiest = pools.curves.prefill_requests_per_s / pools.point.requests_per_s
    tails = [_simulated(rag_pools, share)[2] for share in (0.3, 1.0, 0.9 * busiest)]
    for tail in tails:
        assert tail.ttft_p50_s <= tail.ttft_p95_s <= tail.ttft_p99_s
        assert tail.tpot_p50_s <= tail.tpot_p95_s <= tail.tpot_p99_s
    p95 = [tail.ttft_p95_s for tail in tails]
    assert p95[0] < p95[1] < p95[2] and p95[2] > 2 * p95[0]
    assert tails[2].tpot_p50_s > tails[0].tpot_p50_s


def test_a_plan_in_pools_has_its_tail_never_below_its_means(rag_pools: SizingResult) -> None:
    tail = plan_tail_latency(rag_pools)
    point = rag_pools.pools.point  # type: ignore[union-attr]
    assert tail is not None and tail.pools and tail.requests == 1_600
    assert tail.ttft_mean_s >= point.ttft_s * (1 - 1e-9)
    assert tail.tpot_mean_s >= point.tpot_s * (1 - 1e-9)
    assert tail.ttft_p99_s > tail.ttft_p50_s


def test_a_plan_in_pools_says_what_each_pools_step_waits_on(rag_pools: SizingResult) -> None:
    """The default plan's prefill worker takes 2,000-token prompts: compute-bound; its decode
    worker reads its weights and caches each step: memory bandwidth-bound."""
    assert rag_pools.steps_bound() == (
        "a prefill step is compute-bound, a decode step memory bandwidth-bound"
    )
