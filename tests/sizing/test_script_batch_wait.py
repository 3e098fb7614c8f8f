"""TensorRT-LLM's batch waiting in InferenceX's Llama 3.1 70B scripts.

Worked example from `validation/modern_engines_dev.jsonl`: Llama 3.1 70B FP8 on one H200 under
TensorRT-LLM, 1,024 / 1,024 at 16 clients (`..._c16_tp1_ep1_743`), measured TTFT 711 ms and
TPOT 23.0 ms. Its script holds a prompt that arrives while the batch decodes for 20 iterations
(`batch_wait_timeout_iters: 20`, `batch_wait_max_tokens_ratio: 0.9`); read without it the line
is predicted 374 ms (-47%), with it 713 ms (+0.3%), read at the 921.5 / 921.5 tokens
InferenceX's client drew on average (`script_lengths`). At the 1,024 / 1,024 the line names
(397 and 741 ms), 16 prompts a 1,024-iteration answer arrive 0.3 to a 20-iteration window,
where each waits 17.6 iterations on average.

InferenceX's DeepSeek-R1 FP8 script on B200 without drafts holds prompts the same way from 64
clients on at 1,024 / 1,024 (T = 40, r = 0.8, since its move to release 1.2.0rc6.post2): its dated
line on 8 B200 at 64 clients (`..._c64_tp8_0_ep1_0_1198`) measured TTFT 642 ms and TPOT 21.5 ms,
predicted 289 ms (-55%) without it and 667 ms (+4%) with it.

Calibration 2026.12.41 charges the Llama line, whose script runs `trtllm-serve` with two
post-processing workers, a quarter of TensorRT-LLM's request overhead (`script_postprocess`):
338 ms without the batch waiting and 678 ms (-4.7%) with it; the DeepSeek line, with none, 75
ms of it, not 66.8: 297 and 675 ms (+5%).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.script_batch_wait import (
    DEEPSEEK_SCRIPT_BATCH_WAITING,
    NO_BATCH_WAITING,
    SCRIPT_BATCH_WAITING,
    batch_wait_steps,
    script_batch_waiting,
    window_wait_steps,
)
from tests.sizing.benchmark_lines import aggregated_line

DATED = "aic-2026_04_06_llama_3_1_70b_h200_sxm_trtllm_fp8_agg_1024x1024_c16_tp1_ep1_743"
DEEPSEEK = "aic-2026_03_25_deepseek_r1_b200_sxm_trtllm_fp8_agg_1024x1024_c64_tp8_0_ep1_0_1198"


def _line(**changes: Any) -> BenchmarkScenario:
    fields = aggregated_line(
        DATED,
        engine="tensorrt-llm",
        model="llama-3.1-70b",
        gpu="h200-sxm",
        weight_precision="fp8",
        tokens=(1024, 1024),
        clients=16,
    )
    return BenchmarkScenario.model_validate(fields | changes)


@pytest.mark.parametrize(
    ("changes", "waiting"),
    [
        ({}, SCRIPT_BATCH_WAITING),
        ({"tp": 4, "num_gpus": 4}, SCRIPT_BATCH_WAITING),
        ({"gpu": "b200", "weight_precision": "fp4", "tp": 4, "num_gpus": 4}, SCRIPT_BATCH_WAITING),
        # The scripts set it for 1,024 / 1,024 below TP 8 only.
        ({"tp": 8, "num_gpus": 8}, NO_BATCH_WAITING),
        ({"input_tokens": 8192, "output_tokens": 1024}, NO_BATCH_WAITING),
        ({"input_tokens": 1024, "output_tokens": 8192}, NO_BATCH_WAITING),
        # aiconfigurator's own runs, other scripts and other engines keep the default.
        ({"id": "aic-llama_3_1_70b_h200_trtllm_fp8_agg_cfg1"}, NO_BATCH_WAITING),
        ({"model": "gpt-oss-120b", "weight_precision": "mxfp4"}, NO_BATCH_WAITING),
        ({"engine": "vllm"}, NO_BATCH_WAITING),
    ],
)
def test_each_script_s_batch_waiting(changes: dict[str, Any], waiting: Any) -> None:
    assert script_batch_waiting(_line(**changes)) == waiting


def _deepseek(**changes: Any) -> BenchmarkScenario:
    fields = aggregated_line(
        DEEPSEEK,
        engine="tensorrt-llm",
        model="deepseek-r1",
        gpu="b200",
        weight_precision="fp8",
        tokens=(1024, 1024),
        clients=64,
        gpus=8,
    )
    return BenchmarkScenario.model_validate(fields | {"engine_version": "1.2.0rc6.post2"} | changes)


def test_a_window_closes_once_its_prompts_fill_the_budget_s_share() -> None:
    # One joiner closes it: the first waits until it comes or T does, (1 - e^-aT) / a, and the
    # joiner waits nothing; (1 - e^-aT) / a over the 2 - e^-aT prompts a window holds.
    expected = (1.0 - math.exp(-1.0)) / 0.05 / (2.0 - math.exp(-1.0))
    assert window_wait_steps(20.0, 0.05, 1.0) == pytest.approx(expected)  # 7.75
    # Never filled: T (1 + aT / 2) / (1 + aT).
    assert window_wait_steps(20.0, 0.05, 1e9) == pytest.approx(15.0)
    # The DeepSeek script at 128 clients (921.5-token prompts, 128 decodes, 0.8 of 8,192
    # tokens: six joiners close it): 18.6 iterations, where a window never filled gives 23.3.
    assert batch_wait_steps((40.0, 0.8), 8192.0, 128.0, (921.5, 921.5), 1.0) == pytest.approx(
        18.61, abs=0.01
    )
    steps = window_wait_steps(np.array([20.0, 20.0]), np.array([0.05, 0.05]), np.array([1.0, 1e9]))
    assert steps == pytest.approx([expected, 15.0])


@pytest.mark.parametrize(
    ("changes", "waiting"),
    [
        ({}, DEEPSEEK_SCRIPT_BATCH_WAITING),
        ({"load": {"mode": "concurrency", "concurrency": 128}}, DEEPSEEK_SCRIPT_BATCH_WAITING),
        ({"tp": 4, "num_gpus": 4}, DEEPSEEK_SCRIPT_BATCH_WAITING),
        # Below 64 clients, at other lengths and under attention DP the script holds nothing.
        ({"load": {"mode": "concurrency", "concurrency": 32}}, NO_BATCH_WAITING),
        ({"input_tokens": 8192, "output_tokens": 1024}, NO_BATCH_WAITING),
        ({"tp": 1, "attention_dp": 8, "ep": 8}, NO_BATCH_WAITING),
        # The MTP script (1.2.0rc6.post3), the older script (1.1.0rc2.post2) and FP4's set none.
        ({"engine_version": "1.2.0rc6.post3"}, NO_BATCH_WAITING),
        ({"engine_version": "1.1.0rc2.post2"}, NO_BATCH_WAITING),
        ({"weight_precision": "fp4"}, NO_BATCH_WAITING),
        # aiconfigurator's own runs keep the engine's default.
        ({"id": "aic-dsr1_b200_trtllm_fp8_agg_1024x1024_c64_cfg1"}, NO_BATCH_WAITING),
    ],
)
def test_the_deepseek_fp8_script_s_batch_waiting(changes: dict[str, Any], waiting: Any) -> None:
    assert script_batch_waiting(_deepseek(**changes)) == waiting


def test_a_prompt_waits_for_its_window() -> None:
    # Alone in its window: the whole timeout.
    assert batch_wait_steps((20.0, 0.9), 8192.0, 1e-9, (1024.0, 1024.0), 1.0) == pytest.approx(20.0)
    # One more arrival expected in the window: (20 + 20 x 10) / (1 + 1) = 15 on average (the
    # seventh joiner, which would fill 0.9 of the budget and close it early, hardly ever comes).
    assert batch_wait_steps((20.0, 0.9), 8192.0, 51.2, (1024.0, 1024.0), 1.0) == pytest.approx(
        15.0, rel=1e-4
    )
    # Off, or one prompt and the decodes already fill the budget's share: no wait.
    assert batch_wait_steps((0.0, 0.0), 8192.0, 16.0, (1024.0, 1024.0), 1.0) == 0.0
    assert batch_wait_steps((20.0, 0.9), 1024.0, 16.0, (1024.0, 1024.0), 1.0) == 0.0


@pytest.mark.parametrize(
    ("line", "waited_ms", "unwaited_ms"),
    [
        (_line(), 677.5, 338.1),  # measured 711 ms
        (_deepseek(), 675.2, 296.9),  # measured 642 ms
    ],
    ids=["llama-3.1-70b", "deepseek-r1"],
)
def test_the_script_s_batch_waiting_delays_the_first_token(
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    line: BenchmarkScenario,
    waited_ms: float,
    unwaited_ms: float,
) -> None:
    dated = predict_benchmark(catalog, line, CURRENT_CALIBRATION)
    monkeypatch.setattr(
        "aisle_desktop.sizing.validation.benchmark_predict.script_batch_waiting",
        lambda scenario: NO_BATCH_WAITING,
    )
    unread = predict_benchmark(catalog, line, CURRENT_CALIBRATION)
    assert dated["ttft_ms"] == pytest.approx(waited_ms, rel=0.01)
    assert unread["ttft_ms"] == pytest.approx(unwaited_ms, rel=0.01)
    assert dated["tpot_ms"] == pytest.approx(unread["tpot_ms"])
