"""trtllm-serve's post-processing workers in InferenceX's TensorRT-LLM scripts.

Worked example from `validation/modern_engines_dev.jsonl`: gpt-oss-120b on 4 B200 under
TensorRT-LLM 1.2.0rc2.post2, 1,024 / 1,024 at 4 clients (`..._c4_tp4_0_ep1_0_1012`), measured
TTFT 40.5 ms. Its script runs `trtllm-serve` with `num_postprocess_workers: 4`, so the request
pays a share of the era's fixed time before its first step: at a share of 0.3 of 66.8 ms, 20.0
ms instead of 66.8, and its TTFT falls by the 46.8 ms between (93.7 to 46.9 ms under
2026.12.40's other values).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CALIBRATIONS, PerformanceAssumptions
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.script_postprocess import (
    request_overhead_s,
    script_postprocess_workers,
)
from tests.sizing.benchmark_lines import gpt_oss_b200_line

DATED = "aic-2026_03_25_gpt_oss_120b_b200_sxm_trtllm_fp4_agg_1024x1024_c4_tp4_0_ep1_0_1012"


def _line(**changes: Any) -> BenchmarkScenario:
    fields = gpt_oss_b200_line(DATED, (1024, 1024), 4) | {"engine_version": "1.2.0rc2.post2"}
    return BenchmarkScenario.model_validate(fields | changes)


LLAMA_H200 = {
    "id": "aic-2026_04_06_llama_3_1_70b_h200_sxm_trtllm_fp8_agg_1024x1024_c4_tp8_ep1_917",
    "model": "llama-3.1-70b",
    "gpu": "h200-sxm",
    "weight_precision": "fp8",
    "num_gpus": 8,
    "tp": 8,
    "engine_version": None,
}


@pytest.mark.parametrize(
    ("changes", "workers"),
    [
        ({}, 4),  # gptoss_fp4_b200_trt.sh: num_postprocess_workers: 4
        (LLAMA_H200, 2),  # 70b_fp8_h200_trt_slurm.sh: --num_postprocess_workers 2
        # The DeepSeek-R1 scripts set none.
        ({"id": DATED.replace("gpt_oss_120b", "deepseek_r1"), "model": "deepseek-r1"}, 0),
        # aiconfigurator's own runs (Dynamo's frontend and worker) and other engines neither.
        ({"id": "aic-gptoss_b200_trtllm_fp4_agg_1024x1024_c4_cfg12"}, 0),
        ({"engine": "vllm", "engine_version": None}, 0),
    ],
)
def test_each_script_s_workers(changes: dict[str, Any], workers: int) -> None:
    assert script_postprocess_workers(_line(**changes)) == workers


def test_a_line_with_workers_pays_the_share_of_the_overhead() -> None:
    assumptions = PerformanceAssumptions(
        request_overhead_ms=66.8, postprocess_workers_overhead_share=0.3
    )
    assert request_overhead_s(assumptions, 0) == pytest.approx(0.0668)
    assert request_overhead_s(assumptions, 4) == pytest.approx(0.02004)
    both = request_overhead_s(assumptions, np.array([0, 2]))
    assert both == pytest.approx([0.0668, 0.02004])


def test_the_workers_spare_the_first_token_the_rest_of_the_overhead(catalog: Catalog) -> None:
    before = CALIBRATIONS["2026.12.40"]
    spared = before.with_overrides({"postprocess_workers_overhead_share": 0.3})
    line = _line()
    assert predict_benchmark(catalog, line, before)["ttft_ms"] == pytest.approx(93.7, abs=0.1)
    dated = predict_benchmark(catalog, line, spared)
    assert dated["ttft_ms"] == pytest.approx(93.7 - 0.7 * 66.8, abs=0.1)  # measured 40.5 ms
    assert dated["tpot_ms"] == pytest.approx(predict_benchmark(catalog, line, before)["tpot_ms"])
    # aiconfigurator's own run of the same layout keeps the whole overhead.
    twin = _line(id="aic-gptoss_twin_cfg")
    kept = predict_benchmark(catalog, twin, before)["ttft_ms"]
    assert predict_benchmark(catalog, twin, spared)["ttft_ms"] == pytest.approx(kept)
