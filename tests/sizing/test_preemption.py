"""KV overflow in engines that admit by prompt: preemption instead of a queue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine.preemption import kv_overflow
from aisle_desktop.sizing.planning import replica_capacity
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark


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


def _row(**changes: Any) -> BenchmarkScenario:
    """The 2025-26 set's Llama 3.1 70B FP8 on one H200 under vLLM, 64 in flight, 1,024 in
    / 8,192 out: measured TTFT 5,323 ms, TPOT 46.3 ms."""
    with MODERN_SET.open(encoding="utf-8") as rows:
        row = next(r for r in map(json.loads, rows) if r["id"] == H200_ROW)
    row.update(changes)
    return BenchmarkScenario.model_validate(row)


def test_vllm_preempts_past_the_cache_instead_of_queueing(catalog: Catalog) -> None:
    """Llama 3.1 70B FP8 on one H200, 64 in flight: the cache holds about 35 at their
    average length, but all 64 prompts fit, so vLLM admits them and preempts. Measured TTFT
    5.3 s (Aisle said 291 s when the overflow queued for whole answers); now within a
    factor of 2, and TPOT pays for the overflow instead."""
    got = predict_benchmark(catalog, _row(), CURRENT_CALIBRATION)
    assert got["batch"] == 64.0
    assert got["batch_limit"] == "KV cache memory, preempting"
    assert got["preempted_share"] == pytest.approx(1.0 - 35.0 / 64.0)
    assert 5322.9 / 2 <= got["ttft_ms"] <= 5322.9 * 2
    queued = predict_benchmark(
        catalog, _row(load={"mode": "concurrency", "concurrency": 35}), CURRENT_CALIBRATION
    )
    assert got["tpot_ms"] > queued["tpot_ms"]


def test_tensorrt_llm_still_queues_by_whole_sequence(catalog: Catalog) -> None:
    """GUARANTEED_NO_EVICT reserves input + output at admission: 64 clients wait for
    slots, so TTFT includes whole answers and nothing is preempted."""
    got = predict_benchmark(catalog, _row(engine="tensorrt-llm"), CURRENT_CALIBRATION)
    assert got["batch"] < 64
    assert got["batch_limit"] == "KV cache memory"
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
