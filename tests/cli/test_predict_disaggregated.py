"""`predict` on disaggregated lines: per-pool figures, per-line errors, Dynamo's versions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.sizing.validation.dynamo_releases import engine_release_of, names_dynamo
from tests.cli.test_cli import run

POOLS = {
    "prefill": {"workers": 1, "tp": 8, "pp": 1, "ep": 8, "attention_dp": 1, "gpus_per_worker": 8},
    "decode": {"workers": 2, "tp": 8, "pp": 1, "ep": 8, "attention_dp": 1, "gpus_per_worker": 8},
}
LINE: dict[str, Any] = {
    "id": "disagg",
    "engine": "tensorrt-llm",
    "engine_version": "0.8.1.post1",
    "model": "deepseek-r1",
    "gpu": "h200-sxm",
    "num_gpus": 24,
    "tp": 8,
    "weight_precision": "fp8",
    "input_tokens": 8192,
    "output_tokens": 1024,
    "load": {"mode": "concurrency", "concurrency": 32},
    "scenario_kind": "aic_disagg",
    "disaggregated": POOLS,
}


def _predict(tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[dict[str, Any]]):  # type: ignore[no-untyped-def]
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "predict", str(path))
    return code, [json.loads(x) for x in out.splitlines()]


def test_a_disaggregated_line_gets_both_pools_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, (answer,) = _predict(tmp_path, capsys, [LINE])
    assert code == 0
    assert answer["disaggregated"] is True
    assert (answer["prefill_workers"], answer["decode_workers"]) == (1, 2)
    assert answer["prefill_layout"] == answer["decode_layout"] == "TP 8 × EP 8"
    # 8,192 tokens of DeepSeek's FP8 latent cache (576 x 61 bytes a token) over the network
    # (two 8-GPU servers): 287.8 MB at 50 GB/s, plus 30 us.
    assert answer["kv_transfer_mb_per_request"] == pytest.approx(287.834, abs=0.001)
    assert answer["kv_transfer_ms"] == pytest.approx(5.787, abs=0.001)
    assert answer["kv_link"].startswith("network")
    # 32 clients over two decode workers: fewer than 16 each decode, the rest are in prefill.
    assert 0 < answer["decode_batch_per_worker"] < 16
    assert answer["output_tokens_per_s"] == pytest.approx(answer["requests_per_s"] * 1024)
    assert answer["ttft_ms"] > answer["kv_transfer_ms"]
    # Dynamo 0.8.1.post1 shipped TensorRT-LLM 1.2.0rc6.post1: the 1.x era, not 2024's.
    assert answer["engine_release"] == "1.2"
    assert answer["engine_era"] == "TensorRT-LLM 1.x (PyTorch backend)"


def test_bad_pools_get_a_message_naming_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decode = POOLS["decode"]
    four = {"decode": decode | {"gpus_per_worker": 4}}
    lines = [
        LINE | {"id": "gpus", "num_gpus": 16},
        LINE | {"id": "per-worker", "disaggregated": POOLS | four},
        LINE | {"id": "ep", "disaggregated": POOLS | {"decode": decode | {"ep": 3}}},
        LINE | {"id": "no-decode", "disaggregated": {"prefill": POOLS["prefill"]}},
        LINE | {"id": "workers", "disaggregated": POOLS | {"decode": decode | {"workers": 0}}},
        LINE | {"id": "static", "load": {"mode": "static_batch", "batch": 8}},
        LINE
        | {
            "id": "tp",
            "disaggregated": POOLS | {"decode": decode | {"tp": 6, "ep": 2, "gpus_per_worker": 6}},
            "num_gpus": 20,
        },
    ]
    code, answers = _predict(tmp_path, capsys, lines)
    errors = {a["id"]: a["error"] for a in answers}
    assert code == 1
    assert "num_gpus 16 is not the pools' GPUs: 1 prefill x 8 + 2 decode x 8 = 24" in errors["gpus"]
    assert "gpus_per_worker 4 is not tp x pp x attention_dp = 8" in errors["per-worker"]
    assert "ep 3 does not divide" in errors["ep"]
    assert "decode" in errors["no-decode"]
    assert "workers" in errors["workers"]
    assert "not load mode 'static_batch'" in errors["static"]
    assert "TP 6 does not divide the 128 attention heads" in errors["tp"]


def test_dynamo_versions_are_read_as_the_tensorrt_llm_they_shipped() -> None:
    assert names_dynamo("tensorrt-llm", "0.8.1.post2", "aic_disagg")
    assert names_dynamo("tensorrt-llm", "0.5.1-rc0.pre3", "aic_disagg")
    assert names_dynamo("tensorrt-llm", "1.1.0-dev.2", "aic_disagg")
    assert not names_dynamo("tensorrt-llm", "1.2.0rc6.post3", "aic_disagg")
    assert not names_dynamo("tensorrt-llm", "0.8.1", "aic_agg")  # only disaggregated runs
    assert not names_dynamo("sglang", "0.5.8", "aic_disagg")  # SGLang's own numbering
    assert engine_release_of("tensorrt-llm", "0.8.1.post2", "aic_disagg") == "1.2.0rc6.post2"
    assert engine_release_of("tensorrt-llm", "0.8.1.post3", "aic_disagg") == "1.2.0rc6.post3"
    assert engine_release_of("tensorrt-llm", "0.5.1-rc0.pre3", "aic_disagg") == "1.1.0rc1"
    assert engine_release_of("tensorrt-llm", "1.1.0-dev.2", "aic_disagg") == "1.3.0rc11"
    assert engine_release_of("tensorrt-llm", "0.9.0", "aic_disagg") is None  # newest
    assert engine_release_of("vllm", "0.12.0", "aic_disagg") == "0.12.0"


def test_size_compares_aggregated_and_disaggregated_serving(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "size", "--preset", "llama-70b-rag", "--serving", "compare")
    assert code == 0
    assert out.startswith("Llama 3.1 70B RAG assistant")  # the aggregated summary first
    section = out[out.index("Disaggregated serving") :]
    assert "Prefill workers                              2 × TP 2 × PP 1 (2 GPUs each)" in section
    assert "Decode workers                               2 × TP 2 × PP 1 (2 GPUs each)" in section
    assert "Separate prefill and decode GPUs?            No: 6 GPUs needed serving" in section
    assert (
        "Servers                                      both pools in one NVIDIA DGX H100 (8x "
        "H100 SXM5 80GB)\n" in section
    )
    code, out, _ = run(capsys, "size", "--preset", "llama-70b-rag", "--serving", "disaggregated")
    assert code == 0  # the plan's figures are the pools'
    assert out.startswith(
        "Llama 3.1 70B RAG assistant\n===========================\nFits: 2 prefill workers of "
        "TP 2 × PP 1 and 2 decode workers of TP 2 × PP 1 serve the load"
    )
    assert (
        "Hardware  8 × NVIDIA H100 SXM5 80GB = two pools: 2 prefill × TP 2 × PP 1 + 2 decode × "
        "TP 2 × PP 1, in 1 × NVIDIA DGX H100" in out
    )
    assert "Prefill pool                                 4 GPUs" in out
    code, out, _ = run(
        capsys, "size", "--preset", "llama-70b-rag", "--serving", "compare", "--json"
    )
    (record,) = json.loads(out)
    assert record["serving"]["winner"] == "aggregated"
    assert record["serving"]["aggregated_gpus"] == 6
    assert record["serving"]["disaggregated"]["gpus"] == 8


def test_a_request_rate_is_served_by_both_pools_or_saturates_the_slower(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    light = LINE | {"id": "light", "load": {"mode": "request_rate", "request_rate": 0.5}}
    heavy = LINE | {"id": "heavy", "load": {"mode": "request_rate", "request_rate": 1000.0}}
    code, (served, saturated) = _predict(tmp_path, capsys, [light, heavy])
    assert code == 0
    assert served["requests_per_s"] == pytest.approx(0.5, rel=1e-3)
    assert (served["bound"], served["saturated"]) == ("offered load", False)
    assert saturated["saturated"] is True
    assert saturated["bound"] in ("prefill pool", "decode pool")
    slower = min(saturated["prefill_pool_requests_per_s"], saturated["decode_pool_requests_per_s"])
    assert saturated["requests_per_s"] <= slower * 1.001


def test_a_pool_the_model_does_not_fit_says_which(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one_gpu = {"workers": 8, "tp": 1, "pp": 1, "ep": 1, "attention_dp": 1}
    line = LINE | {"disaggregated": POOLS | {"prefill": one_gpu}}
    code, (answer,) = _predict(tmp_path, capsys, [line])
    assert code == 0
    assert answer["fits"] is False
    assert answer["bound"] == "GPU memory: the model does not fit a prefill worker"


def test_a_disaggregated_line_has_bands_from_the_disaggregated_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 80% bands of TensorRT-LLM 1.x's disaggregated rows (10th / 90th percentile of
    measured / predicted; TPOT and throughput from calibration 2026.12.29, read by dis24's
    recipe rules, TTFT from 2026.12.41): TTFT 0.73 / 2.91, TPOT 0.70 / 1.31, throughput 0.77 /
    1.30. SGLang 0.5 has its own; vLLM's 13 rows take all rows' together."""
    sglang = LINE | {"id": "sglang", "engine": "sglang", "engine_version": "0.5.8"}
    vllm = LINE | {"id": "vllm", "engine": "vllm", "engine_version": "0.12.0"}
    code, (answer, sglang_answer, vllm_answer) = _predict(tmp_path, capsys, [LINE, sglang, vllm])
    assert code == 0
    assert answer["output_tokens_per_s"] == pytest.approx(1639.34, abs=0.1)
    assert answer["output_tokens_per_s_low"] == pytest.approx(1639.34 * 0.77, abs=0.1)
    assert answer["output_tokens_per_s_high"] == pytest.approx(1639.34 * 1.30, abs=0.1)
    assert answer["ttft_ms"] == pytest.approx(1506.91, abs=0.01)
    assert answer["ttft_ms_low"] == pytest.approx(1506.91 * 0.73, abs=0.01)
    assert answer["ttft_ms_high"] == pytest.approx(1506.91 * 2.91, abs=0.1)
    # TPOT 19.00 ms x 0.70 = 13.30 ms, above the decode worker's floor (its 15.6 sequences
    # at the H200's peak bandwidth and FLOPs).
    assert answer["tpot_ms"] == pytest.approx(19.001, abs=0.001)
    assert answer["tpot_ms_low"] == pytest.approx(19.001 * 0.70, abs=0.001)
    assert answer["tpot_ms_high"] == pytest.approx(19.001 * 1.31, abs=0.001)

    def ratios(a: dict[str, Any]) -> list[float]:
        return [
            round(a[f"{metric}_{side}"] / a[metric], 4)
            for metric in ("output_tokens_per_s", "ttft_ms", "tpot_ms")
            for side in ("low", "high")
        ]

    assert ratios(sglang_answer) == [0.66, 1.19, 0.81, 3.13, 0.82, 1.48]
    assert vllm_answer["engine_era"] == "vLLM V1 engine"
    assert ratios(vllm_answer)[:5] == [0.73, 1.28, 0.76, 2.91, 0.71]
    assert vllm_answer["tpot_ms_high"] / vllm_answer["tpot_ms"] == pytest.approx(1.32)


def test_each_pool_says_what_memory_its_gpus_leave_free(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """TensorRT-LLM gives the KV cache 90% of what weights and runtime leave of the H200's
    150.75 GB: a TP 8 × EP 8 prefill worker holds 84.11 GB of weights a GPU and leaves
    0.1 x (150.75 - 84.11 - 2.68) = 6.40 GB free; a decode worker with attention
    data-parallel over its 8 GPUs keeps the whole attention on each, 100.71 GB, and leaves
    4.74 GB."""
    data_parallel = POOLS["decode"] | {"tp": 1, "attention_dp": 8}
    line = LINE | {"disaggregated": POOLS | {"decode": data_parallel}}
    code, (answer,) = _predict(tmp_path, capsys, [line])
    assert code == 0
    memory = answer["memory_per_gpu_gb"]
    assert memory["prefill_free"] == pytest.approx(6.396, abs=0.001)
    assert memory["decode_free"] == pytest.approx(4.736, abs=0.001)
    for pool in ("prefill", "decode"):
        parts = ("weights", "kv_cache", "runtime", "free")
        assert sum(memory[f"{pool}_{part}"] for part in parts) == pytest.approx(150.753, abs=1e-3)


def test_a_fixed_concurrency_gets_ttft_percentiles_from_the_prefill_pools_cohort(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """32 clients that start together: 24% of the run's requests (TensorRT-LLM's lockstep
    share in disaggregated serving) are that cohort, whose 32 prompts of 8,192 tokens reach
    the one prefill worker at once and take 32 iterations of 263.98 ms (its 8,192-token
    budget), the k-th bringing a first token 80.79 ms (request overhead and KV hand-over;
    72.59 ms before calibration 2026.12.41's 75 ms of overhead, not 66.8) + 104.51 ms (its
    decode worker's 5.5 iterations to the first token at the settled 19.001 ms, since
    calibration 2026.12.34) + k x 263.98 ms after the start (242.92 and 63.89 ms, with no
    decode iterations, under calibration 2026.12.28); the other 76% wait the settled 545.91 ms
    (537.77 before 2026.12.41).
    The 50th percentile is the settled wait; the 95th and 99th are the cohort's 26th and 31st
    iterations. Their mixture's mean is the line's TTFT."""
    light = LINE | {"id": "rate", "load": {"mode": "request_rate", "request_rate": 0.5}}
    code, (answer, rate_answer) = _predict(tmp_path, capsys, [LINE, light])
    assert code == 0
    assert answer["ttft_p50_ms"] == pytest.approx(545.91, abs=0.01)
    cohort_extra_ms = 80.79 + 5.5 * 19.001
    assert answer["ttft_p95_ms"] == pytest.approx(cohort_extra_ms + 26 * 263.98, abs=0.2)
    assert answer["ttft_p99_ms"] == pytest.approx(cohort_extra_ms + 31 * 263.98, abs=0.2)
    share = 0.24054
    mean_ms = share * (cohort_extra_ms + 16.5 * 263.98) + (1 - share) * 545.91
    assert answer["ttft_ms"] == pytest.approx(mean_ms, abs=0.2)
    assert not any(name.startswith("ttft_p") for name in rate_answer)  # as aggregated lines
