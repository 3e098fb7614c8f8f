"""The token budget of the dated aggregated lines as InferenceX's scripts set it (`script_budgets`).

Worked example from `validation/modern_engines_dev.jsonl`: gpt-oss-120b on 4 B200 under
TensorRT-LLM, 1,024 / 8,192 at 256 clients (`..._c256_tp4_ep1_1623`), measured TTFT 146 ms.
Read with aiconfigurator's harness budget (256 + 1,024 + 1,500 tokens) it was predicted 204 ms
(+40%); with the 20,000 tokens InferenceX's script gives `max_num_tokens`, 167 ms (+15%), and
161 ms (+10%) at the 921.5 / 7,372.5 tokens its client drew on average (`script_lengths`).
Since calibration 2026.12.41 the line pays a quarter of TensorRT-LLM's request overhead (its
script runs `trtllm-serve` with post-processing workers, `script_postprocess`): 115 ms (-22%);
aiconfigurator's own run of the layout, without them, 218 ms at the era's 75 ms; the MTP
script's DeepSeek line below 452 to 460 ms.
"""

from __future__ import annotations

from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.script_budgets import is_script_run, script_token_budget
from tests.sizing.benchmark_lines import aggregated_line, gpt_oss_b200_line

DATED = "aic-2026_04_06_gpt_oss_120b_b200_sxm_trtllm_fp4_agg_1024x8192_c256_tp4_ep1_1623"


def _line(**changes: Any) -> BenchmarkScenario:
    fields = gpt_oss_b200_line(DATED, (1024, 8192), 256)
    return BenchmarkScenario.model_validate(fields | changes)


@pytest.mark.parametrize(
    ("changes", "in_flight", "budget"),
    [
        ({}, 256, 20_000.0),  # TensorRT-LLM's gpt-oss-120b scripts
        ({"model": "deepseek-r1", "weight_precision": "fp4"}, 64, 8192.0),
        ({"model": "deepseek-r1", "weight_precision": "fp4", "input_tokens": 8192}, 256, 8512.0),
        ({"engine": "vllm", "model": "minimax-m2.5", "weight_precision": "fp8"}, 64, 2048.0),
        ({"engine": "vllm", "model": "llama-3.1-70b", "weight_precision": "fp8"}, 64, 0.0),
        ({"model": "llama-3.1-70b", "weight_precision": "fp8"}, 64, 0.0),
    ],
)
def test_each_script_s_budget(changes: dict[str, Any], in_flight: int, budget: float) -> None:
    line = _line(**changes)
    assert is_script_run(line)
    assert script_token_budget(line, in_flight) == budget


def test_aiconfigurator_s_own_runs_keep_the_harness_budget() -> None:
    line = _line(id="aic-gpt_oss_120b_b200_trtllm_agg_cfg1")
    assert not is_script_run(line)
    assert script_token_budget(line, 256) == 0.0


def test_the_script_s_budget_is_the_one_scheduled(catalog: Catalog) -> None:
    dated = predict_benchmark(catalog, _line(), CURRENT_CALIBRATION)
    harness = predict_benchmark(catalog, _line(id="aic-cfg_twin"), CURRENT_CALIBRATION)
    assert dated["ttft_ms"] == pytest.approx(114.6, rel=0.01)  # measured 146 ms
    assert harness["ttft_ms"] == pytest.approx(218.0, rel=0.01)


# InferenceX's DeepSeek-R1 MTP scripts (`dsr1_fp4_b200_trt_mtp.sh`), the only ones behind the
# release 1.2.0rc6.post3 on B200 (`aggregated_drafts`): FP4 on 8 B200 at TP 8 with 3 drafts,
# 1,024 / 1,024 at 128 clients, measured TTFT 602 ms.
MTP_DATED = "aic-2026_04_06_deepseek_r1_b200_sxm_trtllm_fp4_agg_1024x1024_c128_tp8_ep1_42"


def _mtp_line(**changes: Any) -> BenchmarkScenario:
    fields = aggregated_line(
        MTP_DATED,
        engine="tensorrt-llm",
        model="deepseek-r1",
        gpu="b200",
        weight_precision="fp4",
        tokens=(1024, 1024),
        clients=128,
        gpus=8,
    )
    return BenchmarkScenario.model_validate(fields | {"engine_version": "1.2.0rc6.post3"} | changes)


@pytest.mark.parametrize(
    ("changes", "in_flight", "budget"),
    [
        ({}, 128, 1600.0),  # 4 x 128 + 1,024 + 64
        ({}, 4, 1152.0),  # 4 x 4 + 1,024 + 64 = 1,104, rounded up to 64
        ({"input_tokens": 8192}, 256, 9280.0),  # 4 x 256 + 8,192 + 64
        # Data-parallel attention over 8 GPUs: one draft, 256 / 8 = 32 a rank.
        ({"tp": 1, "attention_dp": 8, "ep": 8}, 256, 1152.0),  # 2 x 32 + 1,024 + 64 = 1,152
        ({"tp": 1, "attention_dp": 4, "ep": 4, "num_gpus": 4}, 256, 1216.0),  # 2 x 64 + 1,088
    ],
)
def test_the_mtp_scripts_budget(changes: dict[str, Any], in_flight: int, budget: float) -> None:
    line = _mtp_line(**changes)
    assert line.speculative is not None  # the script's drafts
    assert script_token_budget(line, in_flight) == budget


def test_other_releases_keep_the_scripts_without_drafts() -> None:
    line = _mtp_line(engine_version="1.2.0rc6.post2")
    assert line.speculative is None
    assert script_token_budget(line, 128) == 8192.0


def test_the_mtp_script_s_budget_is_the_one_scheduled(catalog: Catalog) -> None:
    # One prompt an iteration at most: the starting cohort's 128 prompts queue behind each
    # other, where 8,192 tokens took eight at a time.
    dated = predict_benchmark(catalog, _mtp_line(), CURRENT_CALIBRATION)
    assert dated["ttft_ms"] == pytest.approx(460.2, rel=0.01)  # measured 602 ms; 356 at 8,192
