"""KV overflow in engines that admit by prompt: preemption instead of a queue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import steady_state
from aisle_desktop.sizing.engine.preemption import kv_overflow
from aisle_desktop.sizing.planning import replica_capacity, size_scenario
from aisle_desktop.sizing.validation import (
    BenchmarkScenario,
    ResolvedReplicas,
    predict_benchmark,
)
from tests.sizing.scenario_edits import with_parts


def test_overflow_worked_example() -> None:
    """64 sequences admitted, a cache that holds 32 at their average length, 1,024 in /
    8,192 out, a 40 ms step:
    - 32 decode at a time, so p = 1 - 32 / 64 = 0.5 of them are preempted;
    - a preempted request is among the newest half, which has generated 0.5 x 8,192 / 2 =
      2,048 tokens on average, so it recomputes 1,024 + 2,048 = 3,072 tokens, and a request
      costs 0.5 x 3,072 = 1,536 tokens of recompute on average;
    - each request decodes half the time: its tokens come 64 / 32 = 2 times further apart;
    - answers finish every 8,192 x 0.040 / 32 = 10.24 s; half the new requests find the
      cache full and wait half of that: 0.5 x 10.24 / 2 = 2.56 s.
    """
    got = kv_overflow(64.0, 32.0, 1024, 8192)
    assert got.decoding == 32.0
    assert got.preempted_share == pytest.approx(0.5)
    assert got.recompute_tokens_per_request == pytest.approx(1536.0)
    assert got.token_gap_stretch == pytest.approx(2.0)
    assert got.admission_wait_s(8192, 0.040) == pytest.approx(2.56)


def test_no_overflow_changes_nothing() -> None:
    got = kv_overflow(20.0, 32.0, 1024, 8192)
    assert got.decoding == 20.0
    assert got.preempted_share == 0.0
    assert got.recompute_tokens_per_request == 0.0
    assert got.token_gap_stretch == 1.0
    assert got.admission_wait_s(8192, 0.040) == 0.0


MODERN_SET = Path(__file__).resolve().parents[2] / "validation" / "modern_engines_dev.jsonl"
H200_ROW = "aic-2026_04_06_llama_3_1_70b_h200_sxm_vllm_fp8_agg_1024x8192_c64_tp1_ep1_467"


def _row(kv_precision: str | None = "bf16", **changes: Any) -> BenchmarkScenario:
    """The 2025-26 set's Llama 3.1 70B FP8 on one H200 under vLLM, 64 in flight, 1,024 in
    / 8,192 out (InferenceX's client drew 921.5 / 7,372.5 on average, as `predict` reads the
    line, `script_lengths`): measured TTFT 5,323 ms, TPOT 46.3 ms. Read with vLLM's default
    16-bit cache,
    where the overflow shows: the InferenceX script behind the row set an FP8 one
    (`script_kv_cache`), which holds all 64 at their average length (predicted 0.6 s)."""
    with MODERN_SET.open(encoding="utf-8") as rows:
        row = next(r for r in map(json.loads, rows) if r["id"] == H200_ROW)
    row.update(changes, kv_precision=kv_precision)
    return BenchmarkScenario.model_validate(row)


def test_vllm_preempts_past_the_cache_instead_of_queueing(catalog: Catalog) -> None:
    """Llama 3.1 70B FP8 on one H200, 64 in flight: the cache holds about 39 at their
    average length, but all 64 prompts fit, so vLLM admits them and preempts. Measured TTFT
    5.3 s (Aisle said 291 s when the overflow queued for whole answers); now within a
    factor of 3 (2.1 s at the lengths the client drew, 2.75 s at those the line names), and
    TPOT pays for the overflow instead."""
    got = predict_benchmark(catalog, _row(), CURRENT_CALIBRATION)
    assert got["batch"] == 64.0
    assert got["batch_limit"] == "KV cache memory, preempting"
    assert got["preempted_share"] == pytest.approx(1.0 - 39.0 / 64.0)
    assert 5322.9 / 3 <= got["ttft_ms"] <= 5322.9 * 3
    queued = predict_benchmark(
        catalog, _row(load={"mode": "concurrency", "concurrency": 39}), CURRENT_CALIBRATION
    )
    assert got["tpot_ms"] > queued["tpot_ms"]


def test_tensorrt_llm_still_queues_by_whole_sequence(catalog: Catalog) -> None:
    """GUARANTEED_NO_EVICT reserves input + output at admission: 64 clients wait for
    slots, so TTFT includes whole answers and nothing is preempted."""
    got = predict_benchmark(catalog, _row(engine="tensorrt-llm"), CURRENT_CALIBRATION)
    assert got["batch"] < 64
    assert got["batch_limit"] == "KV cache memory"
    assert got["ttft_ms"] > 60_000


def test_sglang_runs_what_can_finish_and_queues_the_rest(catalog: Catalog) -> None:
    """SGLang's PrefillAdder admits a request only when every admitted answer can still
    finish (catalog `kv_admission` "finishable"): the same 64 clients run the 40 that fit at
    their average length, unpreempted at vLLM's step, and the rest wait for whole answers."""
    got = predict_benchmark(
        catalog, _row(engine="sglang", engine_version="0.5.9"), CURRENT_CALIBRATION
    )
    assert got["batch"] == 40.0
    assert got["batch_limit"] == "KV cache memory"
    assert "preempted_share" not in got
    assert got["ttft_ms"] > 60_000


def test_the_planner_sizes_past_the_cache_only_at_the_cost_of_tpot(deploy: Any) -> None:
    """The planner's sweep reaches the batch whose prompts fit, charging the overflow: with
    loose targets a vLLM replica of 70B FP8 on one H200 (1,024 in / 8,192 out) runs more than
    the ~35 that fit at their average length, at a slower TPOT; a TPOT target at the
    unpreempted batch's keeps it within the cache."""
    dep = deploy("llama-3.1-70b", "h200-sxm", weights="fp8", kv="fp16", engine="vllm")
    loose = replica_capacity(dep, 1024, 8192, 60.0, 1.0, extra_ttft_s=0.0)
    assert loose.limits.admitted > loose.limits.batch
    assert loose.batch_within_targets > loose.limits.batch
    assert loose.at_targets is not None
    at_limit_tpot_s = float(loose.at_limit.tpot_s)
    assert float(loose.at_targets.tpot_s) > at_limit_tpot_s
    tight = replica_capacity(dep, 1024, 8192, 60.0, at_limit_tpot_s * 1.01, extra_ttft_s=0.0)
    assert tight.batch_within_targets <= tight.limits.batch
    assert tight.binding_target == "TPOT"


def test_a_plan_that_leans_on_preemption_says_so(catalog: Catalog) -> None:
    """70B FP8 with 16-bit KV on one H200 holds about 35 conversations of 1,024 in / 8,192
    out at their average length; 64 in flight with loose targets run all 64, so vLLM
    preempts 1 - 35/64 of them: the plan warns, with the figures it already pays for."""
    base = preset_scenario("llama-70b-rag")
    prompt = base.workload.prompt.model_copy(
        update={"system_prompt_tokens": 924, "question_tokens": 100, "rag_chunks": 0}
    )
    scenario = with_parts(
        base,
        workload={
            "prompt": prompt,
            "output_tokens": 8192,
            "kv_precision": "fp16",
            "redundancy": "none",
            "retrieval_latency_ms": 0.0,
            "targets": base.workload.targets.model_copy(
                update={"ttft_ms": 60_000.0, "tpot_ms": 1_000.0}
            ),
        },
        load={"kind": "in_flight", "requests_in_flight": 64},
        hardware={"gpu_id": "h200-sxm", "gpu_count": 1, "tp": 1, "pp": 1},
    )
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    warned = [w for w in result.warnings if w.code == "kv-preemption"]
    assert len(warned) == 1 and warned[0].severity == "warning"
    assert "each replica runs 64 requests, but its KV cache holds 3" in warned[0].message
    assert "vLLM preempts about 4" in warned[0].message

    calm = with_parts(scenario, load={"requests_in_flight": 16})
    quiet = size_scenario(catalog, calm, CURRENT_CALIBRATION)
    assert not [w for w in quiet.warnings if w.code == "kv-preemption"]


def test_a_saturated_vllm_admits_by_prompt_at_maximum_throughput(catalog: Catalog) -> None:
    """The same replica with every request waiting (maximum throughput): 197 prompts of
    921.5 tokens fit where 39 sequences fit at their average length (921.5 + 7,372.5 / 2), so
    vLLM runs 197 and preempts p = 1 - 39 / 197 of them. The overflow adds recompute, not
    throughput: 878 output tokens/s where the 39 it holds serve 913, and each answer's tokens
    come about 197 / 39 times further apart (224 ms against 43 ms)."""
    scenario = _row(load={"mode": "max_throughput"})
    got = predict_benchmark(catalog, scenario, CURRENT_CALIBRATION)
    assert got["batch"] == 197.0
    assert got["batch_limit"] == "KV cache memory, preempting"
    assert got["preempted_share"] == pytest.approx(1.0 - 39.0 / 197.0)
    replica = ResolvedReplicas(catalog, CURRENT_CALIBRATION).replica(scenario)
    overhead_s = replica.assumptions.request_overhead_ms * 1e-3
    offline_token_budget = 16384.0  # vLLM 0.10+ offline max_num_batched_tokens
    held = steady_state(replica.dep, 39.0, 921.5, 7372.5, offline_token_budget, overhead_s)
    assert float(held.output_tokens_per_s) == pytest.approx(913, abs=1)
    assert got["output_tokens_per_s"] == pytest.approx(878, abs=1)
    assert got["tpot_ms"] == pytest.approx(224, abs=1)
    assert float(held.tpot_s) * 1e3 == pytest.approx(43, abs=0.5)


def test_a_request_rate_above_capacity_overflows_like_the_same_requests_in_flight(
    catalog: Catalog,
) -> None:
    """Offered 10 requests/s, far above what one H200 serves at 1,024 / 8,192: the queue
    builds, vLLM admits the waiting prompts as far as they fit (197, fewer than the run's
    500) and preempts the overflow, as at maximum throughput. Below capacity (0.05/s)
    nothing changes: the batch that serves the rate, no preemption."""
    over = predict_benchmark(
        catalog, _row(load={"mode": "request_rate", "request_rate": 10.0}), CURRENT_CALIBRATION
    )
    assert over["batch"] == 197.0
    assert over["batch_limit"] == "KV cache memory, preempting"
    assert over["preempted_share"] == pytest.approx(1.0 - 39.0 / 197.0)
    under = predict_benchmark(
        catalog, _row(load={"mode": "request_rate", "request_rate": 0.05}), CURRENT_CALIBRATION
    )
    assert under["batch"] < 39.0
    assert under["batch_limit"] == "offered load"
    assert "preempted_share" not in under


def test_tensorrt_llm_runs_what_fits_at_full_length_when_saturated(catalog: Catalog) -> None:
    """GUARANTEED_NO_EVICT at maximum throughput and above capacity: the sequences that fit
    at full length (49 with its FP8 KV cache), none preempted."""
    for load in ({"mode": "max_throughput"}, {"mode": "request_rate", "request_rate": 10.0}):
        got = predict_benchmark(
            catalog, _row(None, engine="tensorrt-llm", load=load), CURRENT_CALIBRATION
        )
        assert got["batch"] == 49.0
        assert "preempted_share" not in got
