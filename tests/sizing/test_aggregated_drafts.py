"""The dated aggregated lines of InferenceX's single-node MTP scripts, read with their drafts.

Worked example from `validation/modern_engines_dev.jsonl`: DeepSeek-R1 FP8 on 8 B200 under
TensorRT-LLM at TP 8, 1,024 / 8,192 at 4 clients. The release InferenceX ran its MTP script with,
1.2.0rc6.post3 (`..._c4_tp8_0_ep1_0_1025`), measured TPOT 4.37 ms; the one it ran its plain
script with, 1.2.0rc6.post2 (`..._c4_tp8_0_ep1_0_1187`), 10.13 ms. Read without drafts the
post3 line was predicted at 6.05 ms (+39%); with the script's 3 drafts at the acceptance
InferenceX measured on its prompts (2.50 tokens a step), 3.90 ms (-11%).
"""

from __future__ import annotations

from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.source_layouts import as_engine_ran


def _line(release: str, run: str, attention_dp: int = 1, ep: int = 1) -> dict[str, Any]:
    return {
        "id": f"aic-2026_03_25_deepseek_r1_b200_sxm_trtllm_fp8_agg_1024x8192_c4_{run}",
        "engine": "tensorrt-llm",
        "engine_version": release,
        "model": "deepseek-r1",
        "gpu": "b200",
        "weight_precision": "fp8",
        "input_tokens": 1024,
        "output_tokens": 8192,
        "load": {"mode": "concurrency", "concurrency": 4},
        "scenario_kind": "aic_agg",
        "num_gpus": 8,
        "tp": 8 // attention_dp,
        "pp": 1,
        "ep": ep,
        "attention_dp": attention_dp,
    }


def _tpot_ms(catalog: Catalog, fields: dict[str, Any]) -> float:
    scenario = BenchmarkScenario.model_validate(as_engine_ran(fields))
    return float(predict_benchmark(catalog, scenario, CURRENT_CALIBRATION)["tpot_ms"])


def test_the_mtp_script_release_drafts_three_tokens(catalog: Catalog) -> None:
    read = as_engine_ran(_line("1.2.0rc6.post3", "tp8_0_ep1_0_1025"))
    assert read["speculative"]["method"] == "mtp"
    assert read["speculative"]["draft_tokens"] == 3
    assert read["speculative"]["acceptance"] == pytest.approx(0.6914, abs=1e-4)
    # Measured 4.37 ms; 6.05 ms read without the drafts (3.90 ms with them before the B200's
    # bandwidth was read at 7.67 TB/s, calibration 2026.12.24).
    assert _tpot_ms(catalog, read) == pytest.approx(4.16, rel=0.01)


def test_with_attention_data_parallel_the_script_drafts_one() -> None:
    read = as_engine_ran(_line("1.2.0rc6.post3", "tp8_0_ep8_0_976", attention_dp=8, ep=8))
    assert read["speculative"]["draft_tokens"] == 1


@pytest.mark.parametrize("release", ["1.2.0rc6.post2", "1.1.0rc2.post2"])
def test_releases_of_the_plain_script_draft_nothing(release: str) -> None:
    """post2 ran the plain script alone; 1.1.0rc2.post2 ran both, so it is read as written."""
    assert "speculative" not in as_engine_ran(_line(release, "tp8_0_ep1_0_1187"))


def test_an_undated_line_and_a_named_draft_are_kept() -> None:
    undated = dict(_line("1.2.0rc6.post3", "x"), id="aic-dsr1_b200_trtllm_fp8_agg_c4_cfg75")
    assert "speculative" not in as_engine_ran(undated)
    named = {"method": "mtp", "draft_tokens": 2, "acceptance": 0.5}
    fields = dict(_line("1.2.0rc6.post3", "tp8_0_ep1_0_1025"), speculative=named)
    assert as_engine_ran(fields)["speculative"] == named
