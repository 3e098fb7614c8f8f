"""Aggregated source lines whose TP cannot split the model's attention heads read as a worker of
that world size with data-parallel attention (`world_size`).

Worked example after a line of `validation/modern_engines_dev.jsonl`: DeepSeek-R1 FP4 on 12
GB200 under TensorRT-LLM, written TP 12, EP 1, attention DP 1, 1,024 / 1,024 at 2,000 clients.
128 heads do not split over 12 GPUs, so TensorRT-LLM can only have run its
`tensor_parallel_size` 12 as 12 attention-DP ranks; it was refused before. (The set's own
line at 2,252 clients, `..._c2252_tp12_ep1_27`, is a benchmark recipe's disaggregated
deployment of 12 GPUs in all and is read as that: `test_world_size_recipes.py`.)
"""

from __future__ import annotations

from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.world_size import heads_split_as_ran


def _line(tp: int, engine: str = "tensorrt-llm", kind: str | None = "aic_agg") -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": f"aic-2026_04_06_deepseek_r1_gb200_trtllm_fp4_agg_1024x1024_c2000_tp{tp}_ep1_27",
        "engine": engine,
        "model": "deepseek-r1",
        "gpu": "gb200",
        "weight_precision": "fp4",
        "input_tokens": 1024,
        "output_tokens": 1024,
        "load": {"mode": "concurrency", "concurrency": 2000},
        "num_gpus": tp,
        "tp": tp,
        "pp": 1,
        "ep": 1,
        "attention_dp": 1,
    }
    return fields if kind is None else dict(fields, scenario_kind=kind)


def test_a_world_size_the_heads_do_not_divide_runs_attention_data_parallel(
    catalog: Catalog,
) -> None:
    read = heads_split_as_ran(BenchmarkScenario.model_validate(_line(12)), catalog)
    assert (read.tp, read.attention_dp, read.ep, read.num_gpus) == (1, 12, 1, 12)
    answer = predict_benchmark(
        catalog, BenchmarkScenario.model_validate(_line(12)), CURRENT_CALIBRATION
    )
    assert answer["layout"] == "TP 12 × EP 1, attention data-parallel 12"
    assert answer == predict_benchmark(catalog, read, CURRENT_CALIBRATION)


def test_a_tp_that_divides_the_heads_is_kept(catalog: Catalog) -> None:
    scenario = BenchmarkScenario.model_validate(_line(8))
    assert heads_split_as_ran(scenario, catalog) is scenario


@pytest.mark.parametrize(("engine", "kind"), [("vllm", "aic_agg"), ("tensorrt-llm", None)])
def test_vllm_and_a_planners_own_line_keep_their_tp_and_are_refused(
    catalog: Catalog, engine: str, kind: str | None
) -> None:
    scenario = BenchmarkScenario.model_validate(_line(12, engine, kind))
    assert heads_split_as_ran(scenario, catalog) is scenario
    with pytest.raises(SizingError, match="TP 12 does not divide the 128 attention heads"):
        predict_benchmark(catalog, scenario, CURRENT_CALIBRATION)
