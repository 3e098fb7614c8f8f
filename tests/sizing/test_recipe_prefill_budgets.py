"""The dated SGLang H100 lines read with the prefill chunk their recipes set (2,048 tokens).

Worked example from `validation/modern_engines_dev.jsonl`:
`aic-2026_03_25_deepseek_r1_h100_sxm_sglang_fp8_disagg_1024x1024_c8_tp16_0_ep1_0_702`
(DeepSeek-R1 FP8 on H100, SGLang 0.5.8, one prefill and one decode worker of TP 16, 1,024 /
1,024 at 8 clients) measured TTFT 271 ms. Its recipes (srt-slurm `recipes/h100/1k1k/stp/
h100-fp8-1p2d-max-tp.yaml` and `...-1p1d-max-dep.yaml`) start the prefill worker with
`chunked-prefill-size: 2048`: the 8 prompts that arrive together are prefilled two an
iteration, so the first of them reach their decode worker sooner than in one iteration of all
eight at `predict`'s 8,192-token default.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.recipe_prefill_budgets import recipe_prefill_budget
from aisle_desktop.sizing.validation.source_layouts import as_engine_ran

MODERN_SET = Path(__file__).resolve().parents[2] / "validation" / "modern_engines_dev.jsonl"
RUN = "aic-2026_03_25_deepseek_r1_h100_sxm_sglang_fp8_disagg_1024x1024_c{}_tp16_0_ep1_0_"


def _line(concurrency: int, **changes: Any) -> dict[str, Any]:
    """The dated SGLang H100 line of the set at this concurrency, as the source writes it."""
    prefix = RUN.format(concurrency)
    with MODERN_SET.open(encoding="utf-8") as lines:
        line = next(json.loads(each) for each in lines if f'"id": "{prefix}' in each)
    return {**line, **changes}


def test_the_h100_recipes_set_a_2048_token_prefill_chunk() -> None:
    assert recipe_prefill_budget("sglang", "h100-sxm", "fp8") == 2048
    assert recipe_prefill_budget("sglang", "gb200", "fp8") is None
    assert recipe_prefill_budget("tensorrt-llm", "h100-sxm", "fp8") is None


@pytest.mark.parametrize("concurrency", [8, 128])
def test_a_dated_line_reads_the_chunk_sized_or_by_its_recipe(concurrency: int) -> None:
    """At 8 clients two recipes (TP 16 and attention DP 16 decode workers) disagree and the
    pools are sized for the load; at 128 only the TP 16 recipe lists the load."""
    pools = as_engine_ran(_line(concurrency))["disaggregated"]
    assert pools["prefill_token_budget"] == 2048
    assert pools.get("workers_from_recipe", False) is (concurrency == 128)


def test_lines_of_other_sources_keep_the_engines_budget() -> None:
    own = _line(8, id="aic-dsr1_h100_sglang_fp8_disagg_1024x1024_c8_cfg1")
    assert "prefill_token_budget" not in as_engine_ran(own)["disaggregated"]


@pytest.mark.parametrize("concurrency", [8, 128])
def test_a_budget_the_line_writes_is_kept(concurrency: int) -> None:
    written = _line(concurrency)
    written["disaggregated"] = {**written["disaggregated"], "prefill_token_budget": 4096}
    assert as_engine_ran(written)["disaggregated"]["prefill_token_budget"] == 4096


def test_eight_prompts_two_an_iteration_reach_their_first_token_sooner(catalog: Catalog) -> None:
    """Measured 271 ms; 306 ms in the recipe's 2,048-token chunks, 320 ms at SGLang's
    8,192-token budget on an H100 (all eight in one iteration), written into the line as its own,
    the prompts read at the 921.5 tokens sa-bench drew on average (`script_lengths`; 301 and 318
    ms at 1,024; 315 and 340 ms under 2026.12.28's SGLang era; 296 and 310 ms before 2026.12.34,
    whose starting cohort waits its decode worker's first token). Since 2026.12.40 the TP 16
    prefill worker all-reduces at NCCL's 200 GB/s between its two servers: 326 and 350 ms."""
    chunked = _line(8)
    default = _line(8)
    default["disaggregated"] = {**default["disaggregated"], "prefill_token_budget": 8192}
    got = predict_benchmark(catalog, BenchmarkScenario.model_validate(chunked), CURRENT_CALIBRATION)
    before = predict_benchmark(
        catalog, BenchmarkScenario.model_validate(default), CURRENT_CALIBRATION
    )
    assert before["ttft_ms"] == pytest.approx(350, rel=0.02)
    assert got["ttft_ms"] == pytest.approx(326, rel=0.02)
    # The decode step is the same; the batch it settles at moves by a few hundredths.
    assert got["tpot_ms"] == pytest.approx(before["tpot_ms"], rel=1e-3)
