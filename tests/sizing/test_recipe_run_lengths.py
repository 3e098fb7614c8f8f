"""The dated disaggregated lines read at the lengths srt-slurm's sa-bench client drew.

InferenceX's multinode runs go through srt-slurm's `sa-bench` (`--random-range-ratio 0.8
--ignore-eos`), whose `sample_random_requests` draws each prompt and answer from the whole
numbers between int(0.8 x L) and L: a mean of 7,372.5 tokens for 8,192 and 921.5 for 1,024.
Worked example from `validation/modern_engines_dev.jsonl`: DeepSeek-R1 FP8 on GB200 under
SGLang, one prefill and one decode worker of TP 8, 8,192 / 1,024 at 8 clients, filed by
aiconfigurator as `aic-dsr1_gb200_sglang_fp8_disagg_8192x1024_c8_cfg536` and repeating the
dated run `aic-2026_03_25_..._c8_tp8_0_ep1_0_824` to the last digit (TTFT 790 ms).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.script_lengths import is_recipe_run, read_lengths

MODERN_SET = Path(__file__).resolve().parents[2] / "validation" / "modern_engines_dev.jsonl"
REPEATING = "aic-dsr1_gb200_sglang_fp8_disagg_8192x1024_c8_cfg536"
DATED = "aic-2026_03_25_deepseek_r1_gb200_sglang_fp8_disagg_8192x1024_c8_tp8_0_ep1_0_824"
OWN_RUN = "aic-dsr1_gb200_sglang_fp8_disagg_8192x1024_c8_cfg1"  # no dated run repeated


def _line_of(line_id: str) -> dict[str, Any]:
    with MODERN_SET.open(encoding="utf-8") as lines:
        return next(json.loads(each) for each in lines if f'"id": "{line_id}"' in each)


def _scenario(line_id: str = REPEATING, **changes: Any) -> BenchmarkScenario:
    """The repeating series' line under another id (its pools recorded, so any id keeps them)."""
    return BenchmarkScenario.model_validate({**_line_of(REPEATING), "id": line_id, **changes})


def test_the_dated_and_repeating_lines_are_read_at_the_drawn_means() -> None:
    assert read_lengths(_scenario(DATED)) == (7372.5, 921.5)
    assert read_lengths(_scenario()) == (7372.5, 921.5)
    assert read_lengths(_scenario(OWN_RUN)) == (8192.0, 1024.0)


def test_the_dated_and_repeating_runs_measure_the_same() -> None:
    """What makes the repeating series the dated runs filed again: the same figures."""
    dated, repeating = _line_of(DATED)["expected"], _line_of(REPEATING)["expected"]
    assert dated == repeating


def test_only_disaggregated_lines_are_recipe_runs() -> None:
    aggregated = _scenario(DATED, disaggregated=None, scenario_kind="aic_agg")
    assert not is_recipe_run(aggregated)
    assert is_recipe_run(_scenario(DATED))


def test_the_pools_carry_the_tokens_the_client_drew(catalog: Catalog) -> None:
    """Same pools (the line records them), so the cache handed over, the answer's tokens and
    the first token follow the shorter draw: 0.9 of the named prompt's cache, 921.5 tokens an
    answer, and a shorter prefill."""
    drawn = predict_benchmark(catalog, _scenario(), CURRENT_CALIBRATION)
    named = predict_benchmark(catalog, _scenario(OWN_RUN), CURRENT_CALIBRATION)
    assert drawn["kv_transfer_mb_per_request"] / named["kv_transfer_mb_per_request"] == (
        pytest.approx(7372.5 / 8192)
    )
    assert drawn["output_tokens_per_s"] / drawn["requests_per_s"] == pytest.approx(921.5)
    assert named["output_tokens_per_s"] / named["requests_per_s"] == pytest.approx(1024.0)
    assert drawn["ttft_ms"] < named["ttft_ms"]
