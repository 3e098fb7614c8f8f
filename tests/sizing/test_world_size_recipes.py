"""Dated lines written as one worker of all the GPUs of a benchmark recipe's disaggregated
deployment are read as that deployment (`source_layouts`, `dynamo_recipes`).

Worked example from `validation/modern_engines_dev.jsonl`: the aggregated line
`aic-2026_04_06_deepseek_r1_gb200_trtllm_fp4_agg_8192x1024_c269_tp52_ep1_112` (DeepSeek-R1 FP4
on 52 GB200 written TP 52, EP 1, no release named, 269 clients, 8,192 / 1,024 tokens) measured
TTFT 1,116 ms and TPOT 8.82 ms; read as one worker of TP 52 (attention data-parallel, as 128
heads require) it was predicted 3,172 ms and 40.1 ms (+184%, +354%). InferenceX's GB200 FP4
Dynamo recipes of the 0.5.1-rc0.pre3 image list 269 clients once at 8,192 / 1,024: 5 prefill
workers of 4 GPUs (EP 4, attention DP) and one decode worker of 32 (EP 32, attention DP, a batch
of 8 a rank, 3 MTP drafts), 5 x 4 + 32 = 52 GPUs. The disaggregated line of that image at 269
clients measured 1,102 ms and 8.85 ms. The disaggregated line `..._disagg_8192x1024_c256_tp48_
ep1_1125` (both pools written as 48 GPUs) is the recipe of 256 clients, 4 x 4 + 32.
"""

from __future__ import annotations

from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.dynamo_recipes import RecipePool, deployment_of_world_size
from aisle_desktop.sizing.validation.mtp_published import published_mtp_draft
from aisle_desktop.sizing.validation.source_layouts import as_engine_ran

AGGREGATED_ID = "aic-2026_04_06_deepseek_r1_gb200_trtllm_fp4_agg_8192x1024_c269_tp52_ep1_112"
DISAGGREGATED_ID = "aic-2026_04_06_deepseek_r1_gb200_trtllm_fp4_disagg_8192x1024_c256_tp48_ep1_1125"


def _pool(gpus: int, workers: int = 1, dp: bool = False, ep: int = 1) -> dict[str, Any]:
    tp, ranks = (1, gpus) if dp else (gpus, 1)
    return {
        "tp": tp,
        "pp": 1,
        "attention_dp": ranks,
        "ep": ep,
        "gpus_per_worker": gpus,
        "workers": workers,
    }


def _aggregated(**changes: Any) -> dict[str, Any]:
    line: dict[str, Any] = {
        "id": AGGREGATED_ID,
        "engine": "tensorrt-llm",
        "engine_version": None,
        "model": "deepseek-r1",
        "gpu": "gb200",
        "weight_precision": "fp4",
        "kv_precision": None,
        "input_tokens": 8192,
        "output_tokens": 1024,
        "load": {"mode": "concurrency", "concurrency": 269},
        "num_gpus": 52,
        "tp": 52,
        "pp": 1,
        "ep": 1,
        "attention_dp": 1,
        "scenario_kind": "aic_agg",
    }
    line.update(changes)
    return line


def _disaggregated(**changes: Any) -> dict[str, Any]:
    line = _aggregated(
        id=DISAGGREGATED_ID,
        load={"mode": "concurrency", "concurrency": 256},
        num_gpus=96,
        tp=48,
        scenario_kind="aic_disagg",
        disaggregated={"prefill": _pool(48), "decode": _pool(48)},
    )
    del line["ep"], line["attention_dp"]
    line.update(changes)
    return line


def test_the_recipes_say_which_deployment_ran_all_those_gpus() -> None:
    found = deployment_of_world_size("tensorrt-llm", "gb200", "fp4", None, (1024, 1024), 4300, 12)
    assert found is not None
    assert (found.prefill, found.decode) == (RecipePool(1, 4, 4, True), RecipePool(1, 8, 8, True))
    assert (found.decode_batch, found.draft_tokens) == (512, 0)
    # the other recipe at 4,300 clients runs 2 x 4 + 16 GPUs
    wider = deployment_of_world_size("tensorrt-llm", "gb200", "fp4", None, (1024, 1024), 4300, 24)
    assert wider is not None and wider.decode == RecipePool(1, 16, 16, True)
    # a release that lists no such load, or a world no recipe runs
    assert not deployment_of_world_size(
        "tensorrt-llm", "gb200", "fp4", "0.8.1.post2", (1024, 1024), 4300, 12
    )
    assert not deployment_of_world_size(
        "tensorrt-llm", "gb200", "fp4", None, (1024, 1024), 4300, 16
    )


def _recipe_pools(prefill_workers: int, decode_batch: int) -> dict[str, Any]:
    """The pools of a recipe of 4-GPU prefill workers and one 32-GPU decode worker."""
    return {
        "prefill": _pool(4, workers=prefill_workers, dp=True, ep=4),
        "decode": _pool(32, dp=True, ep=32),
        "workers_from_recipe": True,
        "decode_max_batch": decode_batch,
    }


def test_an_aggregated_line_of_all_the_gpus_reads_as_the_deployment() -> None:
    read = as_engine_ran(_aggregated())
    assert read["disaggregated"] == _recipe_pools(prefill_workers=5, decode_batch=8)
    assert read["speculative"] == published_mtp_draft(3)
    assert read["num_gpus"] == 5 * 4 + 32
    assert as_engine_ran(read) == read  # read once, whoever reads it again


def test_a_disaggregated_line_naming_all_the_gpus_for_both_pools_reads_alike() -> None:
    read = as_engine_ran(_disaggregated())
    assert read["disaggregated"] == _recipe_pools(prefill_workers=4, decode_batch=16)
    assert "speculative" not in read
    assert read["num_gpus"] == 4 * 4 + 32
    assert as_engine_ran(read) == read


@pytest.mark.parametrize(
    "changes",
    [
        {"load": {"mode": "concurrency", "concurrency": 270}},  # no recipe lists the load
        {"id": "aic-dsr1_gb200_trtllm_fp4_agg_8192x1024_c269_cfg1"},  # not a dated run
        {"engine_version": "0.8.1.post2"},  # a release whose recipes do not list it
        {"tp": 1, "attention_dp": 52},  # a worker's split as its engine ran it
        {"scenario_kind": None},  # a planner's own line
    ],
)
def test_other_aggregated_lines_keep_their_worker(changes: dict[str, Any]) -> None:
    line = _aggregated(**changes)
    assert "disaggregated" not in as_engine_ran(line)


def test_the_line_is_predicted_as_the_deployment(catalog: Catalog) -> None:
    scenario = BenchmarkScenario.model_validate(_aggregated())
    result = predict_benchmark(catalog, scenario, CURRENT_CALIBRATION)
    assert result["prefill_layout"] == "TP 4 × EP 4, attention data-parallel 4"
    assert result["decode_layout"] == "TP 32 × EP 32, attention data-parallel 32"
    assert (result["prefill_workers"], result["decode_workers"]) == (5, 1)
    # measured 1,116 ms and 8.82 ms; read as one TP 52 worker, 3,172 ms and 40.1 ms
    assert result["ttft_ms"] == pytest.approx(1102, rel=0.01)
    assert result["tpot_ms"] == pytest.approx(6.55, rel=0.01)
