"""Dated disaggregated lines whose prefill worker no benchmark recipe of their configuration
runs: they name their decode worker's world size for both pools.

Worked example from `validation/modern_engines_dev.jsonl`: the line
`aic-2026_04_06_deepseek_r1_gb200_trtllm_fp4_disagg_8192x1024_c256_tp48_ep1_1125` (96 GPUs, a
48-GPU prefill worker and a 48-GPU decode worker, no release named, 256 clients, 8,192 / 1,024
tokens) measured TTFT 1,164 ms and TPOT 15.38 ms. Every GB200 FP4 TensorRT-LLM recipe of
InferenceX's Dynamo benchmark prefills on 4-GPU workers with EP 4 and attention DP
(`dynamo_recipes`), and every other dated line not read by a recipe names its configuration's
prefill worker; read with a 48-GPU prefill worker the line's TTFT was 4,364 ms (+275%), with
the recipes' worker 1,790 ms (+54%).
"""

from __future__ import annotations

from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.dynamo_recipes import RecipePool, shared_prefill_worker
from aisle_desktop.sizing.validation.source_layouts import as_engine_ran

LINE_ID = "aic-2026_04_06_deepseek_r1_gb200_trtllm_fp4_disagg_8192x1024_c256_tp48_ep1_1125"


def _pool(gpus: int, tp: int = 0, attention_dp: int = 1, ep: int = 1) -> dict[str, Any]:
    return {
        "tp": tp or gpus,
        "pp": 1,
        "attention_dp": attention_dp,
        "ep": ep,
        "gpus_per_worker": gpus,
        "workers": 1,
    }


def _line(**changes: Any) -> dict[str, Any]:
    line: dict[str, Any] = {
        "id": LINE_ID,
        "engine": "tensorrt-llm",
        "engine_version": None,
        "model": "deepseek-r1",
        "gpu": "gb200",
        "weight_precision": "fp4",
        "kv_precision": None,
        "input_tokens": 8192,
        "output_tokens": 1024,
        "load": {"mode": "concurrency", "concurrency": 256},
        "num_gpus": 96,
        "tp": 48,
        "pp": 1,
        "scenario_kind": "aic_disagg",
        "disaggregated": {"prefill": _pool(48), "decode": _pool(48)},
    }
    line.update(changes)
    return line


def test_one_prefill_worker_for_all_of_a_configurations_recipes() -> None:
    assert shared_prefill_worker("tensorrt-llm", "gb200", "fp4") == RecipePool(1, 4, 4, True)
    assert shared_prefill_worker("tensorrt-llm", "gb300", "fp4") == RecipePool(1, 2, 2, True)
    # H200's recipes prefill with and without attention DP; Kimi-K2.5's engine has none here
    assert shared_prefill_worker("tensorrt-llm", "h200-sxm", "fp8") is None
    assert shared_prefill_worker("vllm", "gb200", "fp4") is None


def test_a_prefill_worker_no_recipe_runs_reads_as_the_recipes() -> None:
    read = as_engine_ran(_line())
    pools = read["disaggregated"]
    assert pools["prefill"] == _pool(4, tp=1, attention_dp=4, ep=4)
    assert pools["decode"] == _pool(48, tp=1, attention_dp=48)  # TP 48 cannot split 128 heads
    assert pools["workers_recorded"] is False
    assert read["num_gpus"] == 4 + 48


@pytest.mark.parametrize(
    "changes",
    [
        # the recipes' own prefill worker's GPUs: the line's split is kept
        {"disaggregated": {"prefill": _pool(4), "decode": _pool(48)}},
        # a configuration whose recipes prefill on workers of two kinds
        {"gpu": "h200-sxm", "weight_precision": "fp8"},
        # a line that is not a dated run
        {"id": "aic-dsr1_gb200_trtllm_fp4_disagg_8192x1024_c256_cfg1"},
    ],
)
def test_other_prefill_pools_keep_their_worker(changes: dict[str, Any]) -> None:
    line = _line(**changes)
    prefill = as_engine_ran(line)["disaggregated"]["prefill"]
    assert prefill["gpus_per_worker"] == line["disaggregated"]["prefill"]["gpus_per_worker"]


def test_the_line_is_predicted_with_the_recipes_prefill_worker(catalog: Catalog) -> None:
    scenario = BenchmarkScenario.model_validate(_line())
    result = predict_benchmark(catalog, scenario, CURRENT_CALIBRATION)
    assert result["prefill_layout"] == "TP 4 × EP 4, attention data-parallel 4"
    assert result["workers_sized_for_load"] is True
    # 1,164 ms measured; 1,542 ms at the 8,192 tokens the line names, not the 7,372.5 sa-bench drew
    # (1,370 ms before 2026.12.34, whose starting cohort waits its decode worker's first token)
    assert result["ttft_ms"] == pytest.approx(1385, rel=0.01)
