"""The dated TensorRT-LLM lines whose InferenceX script gives the KV cache less memory, read so.

Worked example from `validation/modern_engines_dev.jsonl`: DeepSeek-R1 FP4 on 4 B200 under
TensorRT-LLM, 1,024 / 8,192 at 256 clients (`..._c256_tp4_ep1_888`), measured TTFT 2.59 s and
TPOT 33.7 ms. Its script (`dsr1_fp4_b200_trt.sh`) sets `free_gpu_memory_fraction: 0.8`. Each
B200 holds 95.03 GB of weights and 2.68 GB of runtime, leaving 94.55 GB: at the engine's 0.9
the cache takes 85.10 GB and holds 257 whole sequences, all 256 clients, and the first token
comes in 0.51 s (-80%); at the script's 0.8 it takes 75.64 GB, holds 253, and the other three
wait for an answer to end: 3.13 s (+21%), TPOT 30.0 ms (-11%).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.script_memory_fraction import script_memory_fraction
from tests.sizing.benchmark_lines import aggregated_line

DATED = "aic-2026_04_06_deepseek_r1_b200_sxm_trtllm_fp4_agg_1024x8192_c256_tp4_ep1_888"
SHIPPED = Path(__file__).resolve().parents[2] / "validation" / "modern_engines_dev.jsonl"


def _line(**changes: Any) -> dict[str, Any]:
    return (
        aggregated_line(
            DATED,
            engine="tensorrt-llm",
            model="deepseek-r1",
            gpu="b200",
            weight_precision="fp4",
            tokens=(1024, 8192),
            clients=256,
            gpus=4,
        )
        | changes
    )


def _fraction(**changes: Any) -> float | None:
    return script_memory_fraction(BenchmarkScenario.model_validate(_line(**changes)))


def test_the_worked_example_is_the_shipped_line() -> None:
    with SHIPPED.open() as lines:
        shipped = next(json.loads(each) for each in lines if DATED in each)
    assert {key: shipped[key] for key in _line()} == _line()


def test_the_script_s_fraction_leaves_three_clients_waiting(catalog: Catalog) -> None:
    got = predict_benchmark(catalog, BenchmarkScenario.model_validate(_line()), CURRENT_CALIBRATION)
    assert got["memory_per_gpu_gb"]["kv_cache"] == pytest.approx(75.64, abs=0.01)
    assert got["max_concurrency"] == 253
    assert got["batch_limit"] == "KV cache memory"
    assert got["ttft_ms"] == pytest.approx(3132, rel=0.01)  # measured 2,593 ms
    assert got["tpot_ms"] == pytest.approx(30.0, rel=0.01)  # measured 33.7 ms


@pytest.mark.parametrize(
    ("changes", "fraction"),
    [
        ({}, 0.8),  # dsr1_fp4_b200_trt.sh
        ({"weight_precision": "fp8", "tp": 8, "num_gpus": 8}, 0.8),  # dsr1_fp8_b200_trt.sh
        (  # the same script, 8,192 / 1,024 on 4 GPUs
            {"weight_precision": "fp8", "input_tokens": 8192, "output_tokens": 1024},
            0.75,
        ),
        (  # its MTP twin sets 0.8 there
            {
                "weight_precision": "fp8",
                "input_tokens": 8192,
                "output_tokens": 1024,
                "engine_version": "1.2.0rc6.post3",
            },
            0.8,
        ),
        ({"gpu": "h200-sxm", "weight_precision": "fp8", "tp": 8, "num_gpus": 8}, 0.75),
        ({"model": "gpt-oss-120b", "weight_precision": "mxfp4", "tp": 1, "num_gpus": 1}, 0.85),
    ],
)
def test_the_scripts_fractions(changes: dict[str, Any], fraction: float) -> None:
    assert _fraction(**changes) == fraction


@pytest.mark.parametrize(
    "changes",
    [
        {"id": "aic-dsr1_b200_trtllm_fp4_agg_1024x8192_c256_cfg1"},  # aiconfigurator's own run
        {"model": "llama-3.1-70b", "tp": 8, "num_gpus": 8},  # its script sets none
        {"engine": "vllm", "model": "gpt-oss-120b", "weight_precision": "mxfp4"},  # vLLM's 0.9
    ],
)
def test_other_lines_keep_the_engine_s_fraction(changes: dict[str, Any]) -> None:
    assert _fraction(**changes) is None
