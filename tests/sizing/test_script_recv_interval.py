"""How often SGLang's scheduler takes new requests in InferenceX's scripts.

Worked example from `validation/modern_engines_dev.jsonl`: DeepSeek-R1 FP4 on 8 B200 under
SGLang 0.5.9, 1,024 / 1,024 at 32 clients (`..._c32_tp8_ep8_1016`), measured TTFT 481 ms. Read
as aiconfigurator's own run (SGLang's default: the scheduler takes new requests every loop, and
the harness's token budget) it is predicted 327 ms (-32%); with the script's
`--scheduler-recv-interval 30`, a request that arrives during decodes waits 14.5 decode
iterations more (12.3 ms each, the starting cohort apart): 432 ms (-10%); 426 ms (-11%) at the
921.5 / 921.5 tokens its client drew on average (`script_lengths`).
"""

from __future__ import annotations

from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.script_recv_interval import (
    recv_wait_steps,
    script_recv_interval,
)
from tests.sizing.benchmark_lines import aggregated_line

DATED = "aic-2026_04_06_deepseek_r1_b200_sxm_sglang_fp4_agg_1024x1024_c32_tp8_ep8_1016"


def _line(**changes: Any) -> BenchmarkScenario:
    # The dev set files this run as 64 GPUs in one tensor-parallel group, experts over 8.
    fields = aggregated_line(
        DATED,
        engine="sglang",
        model="deepseek-r1",
        gpu="b200",
        weight_precision="fp4",
        tokens=(1024, 1024),
        clients=32,
        gpus=64,
    ) | {"engine_version": "0.5.9", "ep": 8}
    return BenchmarkScenario.model_validate(fields | changes)


def _clients(count: int) -> dict[str, Any]:
    return {"load": {"mode": "concurrency", "concurrency": count}}


QWEN_B200 = {"model": "qwen3.5-397b-a17b", "weight_precision": "fp8", "tp": 8, "ep": 1}


@pytest.mark.parametrize(
    ("changes", "interval"),
    [
        ({}, 30),  # DeepSeek-R1 FP4 on B200: 30 from 16 clients on
        (_clients(16), 30),
        (_clients(8), 10),
        ({**QWEN_B200, **_clients(16)}, 30),
        ({**QWEN_B200, **_clients(4)}, 10),
        ({**QWEN_B200, "gpu": "b300", **_clients(64)}, 10),
        # The script's data-parallel attention takes requests every loop.
        ({"tp": 1, "attention_dp": 8, "num_gpus": 8, "ep": 8}, 1),
        # aiconfigurator's own runs, other scripts and other engines keep the default.
        ({"id": "aic-dsr1_b200_sglang_fp4_agg_1024x1024_c32_cfg88"}, 1),
        ({"model": "deepseek-r1", "gpu": "h200-sxm", "weight_precision": "fp8"}, 1),
        ({"engine": "tensorrt-llm", "engine_version": None}, 1),
    ],
)
def test_each_script_s_interval(changes: dict[str, Any], interval: int) -> None:
    assert script_recv_interval(_line(**changes)) == interval


def test_a_request_waits_half_the_interval_beyond_the_running_step() -> None:
    assert recv_wait_steps(1) == 0.0
    assert recv_wait_steps(10) == 4.5
    assert recv_wait_steps(30) == 14.5


def test_the_script_s_interval_delays_the_first_token(catalog: Catalog) -> None:
    dated = predict_benchmark(catalog, _line(), CURRENT_CALIBRATION)
    default = predict_benchmark(catalog, _line(id="aic-sglang_twin_cfg"), CURRENT_CALIBRATION)
    assert dated["ttft_ms"] == pytest.approx(418, rel=0.01)  # measured 481 ms
    assert default["ttft_ms"] == pytest.approx(312, rel=0.01)


@pytest.mark.parametrize(
    "repeated",
    [
        "aic-qwen3_5_b200_sglang_fp8_agg_1024x1024_c16_cfg618",
        "aic-qwen3_5_397b_gap_analysis_qwen3_5_397b_gap_analysis_b200_sxm_sglang_fp8_agg"
        "_1024x1024_c16_tp8_ep1_39",
    ],
)
def test_a_series_that_repeats_a_dated_run_is_read_as_it(catalog: Catalog, repeated: str) -> None:
    """Qwen3.5-397B-A17B FP8 on 8 B200, 1,024 / 1,024 at 16 clients: measured 441 ms and 12.17
    ms in all four lines, the two dated ones and these (`source_layouts.is_script_run_id`)."""
    fields = {"num_gpus": 8, **QWEN_B200, **_clients(16)}
    dated_id = "aic-2026_03_25_qwen3_5_397b_b200_sxm_sglang_fp8_agg_1024x1024_c16_tp8_0_ep1_0_341"
    dated, twin = _line(id=dated_id, **fields), _line(id=repeated, **fields)
    assert script_recv_interval(twin) == 30
    assert twin.kv_precision == "fp8"  # the script's cache (`script_kv_cache`)
    read = predict_benchmark(catalog, dated, CURRENT_CALIBRATION)
    again = predict_benchmark(catalog, twin, CURRENT_CALIBRATION)
    assert again["ttft_ms"] == pytest.approx(read["ttft_ms"])
    assert again["tpot_ms"] == pytest.approx(read["tpot_ms"])
