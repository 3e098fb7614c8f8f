"""The dated lines whose benchmark recipe drafts with MTP, at the acceptance its prompts get.

Worked example from `validation/modern_engines_dev.jsonl`:
`aic-2026_03_25_deepseek_r1_b200_sxm_trtllm_fp8_disagg_1024x1024_c8_tp8_0_ep8_0_392`
(DeepSeek-R1 FP8 on B200, Dynamo 0.8.1.post2, 1,024 / 1,024 at 8 clients) measured TPOT
3.52 ms. Its recipe drafts 3 MTP tokens; InferenceX measured 2.50 tokens a step for 3 drafts on
its random prompts in the chat template (its pull request 649), an acceptance of 0.691 a draft
in Leviathan's run (1 - a^4) / (1 - a). Read without its drafts the line was predicted at
5.10 ms (+45%); at TensorRT-LLM's blog's 2.82 tokens a step 2.85 ms (-19%); at 2.50, 3.22 ms
(-9%).
"""

from __future__ import annotations

from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine.speculative import tokens_per_step
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.mtp_published import (
    CHAT_TEMPLATE_ACCEPTANCE,
    acceptance_for_tokens_per_step,
    published_mtp_draft,
)
from aisle_desktop.sizing.validation.source_layouts import as_engine_ran

# One worker of TP 8 × EP 8 a pool, as the dated B200 lines name each.
WORKER = {"tp": 8, "pp": 1, "attention_dp": 1, "ep": 8, "gpus_per_worker": 8, "workers": 1}


def _b200(concurrency: int) -> dict[str, Any]:
    return {
        "id": (
            "aic-2026_03_25_deepseek_r1_b200_sxm_trtllm_fp8_disagg_1024x1024_"
            f"c{concurrency}_tp8_0_ep8_0_392"
        ),
        "engine": "tensorrt-llm",
        "engine_version": "0.8.1.post2",
        "model": "deepseek-r1",
        "gpu": "b200",
        "weight_precision": "fp8",
        "input_tokens": 1024,
        "output_tokens": 1024,
        "load": {"mode": "concurrency", "concurrency": concurrency},
        "scenario_kind": "aic_disagg",
        "num_gpus": 16,
        "tp": 8,
        "pp": 1,
        "disaggregated": {"prefill": WORKER, "decode": WORKER},
    }


def test_three_drafts_emit_the_measured_tokens_a_step() -> None:
    """2.50 tokens a step for 3 drafts: 0.691 a draft."""
    found = CHAT_TEMPLATE_ACCEPTANCE
    assert found == pytest.approx(0.6914, abs=1e-4)
    assert tokens_per_step(3, found) == pytest.approx(2.50, rel=1e-9)
    assert acceptance_for_tokens_per_step(3, 2.82) == pytest.approx(0.770, abs=5e-4)


@pytest.mark.parametrize(("drafts", "per_step"), [(1, 1.691), (2, 2.169), (3, 2.500)])
def test_every_count_drafts_at_the_one_acceptance(drafts: int, per_step: float) -> None:
    """A recipe of 1 or 2 drafts keeps the same acceptance a draft: 1.69 and 2.17 tokens."""
    draft = published_mtp_draft(drafts)
    assert draft is not None
    assert draft["draft_tokens"] == drafts
    assert tokens_per_step(drafts, float(draft["acceptance"])) == pytest.approx(per_step, abs=5e-4)


def test_no_draft_gives_no_speculation() -> None:
    assert published_mtp_draft(0) is None


def test_the_drafting_recipe_line_is_read_with_its_three_drafts(catalog: Catalog) -> None:
    read = as_engine_ran(_b200(8))
    assert read["disaggregated"]["workers_from_recipe"] is True
    assert read["speculative"]["method"] == "mtp"
    assert read["speculative"]["draft_tokens"] == 3
    assert read["speculative"]["acceptance"] == pytest.approx(0.6914, abs=1e-4)
    got = predict_benchmark(catalog, BenchmarkScenario.model_validate(read), CURRENT_CALIBRATION)
    assert got["tokens_per_step"] == pytest.approx(2.50)
    # Measured 3.52 ms; 3.222 ms before the B200's bandwidth was read at 7.67 TB/s (2026.12.24).
    assert got["tpot_ms"] == pytest.approx(3.427, rel=0.01)


def test_the_plain_recipe_line_drafts_nothing() -> None:
    """At 4 clients the B200 FP8 recipe does not draft (measured 7.0 ms)."""
    read = as_engine_ran(_b200(4))
    assert read["disaggregated"]["workers_from_recipe"] is True
    assert "speculative" not in read
