"""aiconfigurator lines that count their worker's GPUs twice are read as the engine ran them.

Worked examples from `validation/modern_engines_dev.jsonl`: the line
`..._fp4_agg_1024x1024_c64_tp8_ep8_937` (64 GPUs, tp 1, attention DP 64, ep 8) measured
TTFT 1,085 ms and TPOT 12.3 ms, the same digits as `..._c64_tp8_0_ep8_0_976` (8 GPUs, tp 1,
attention DP 8, ep 8): one run on 8 B200.
"""

from __future__ import annotations

from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.source_layouts import as_engine_ran, worker_counted_twice


def _line(**changes: Any) -> dict[str, Any]:
    line: dict[str, Any] = {
        "id": "aic-deepseek_r1_b200_sxm_trtllm_fp4_agg_1024x1024_c64",
        "engine": "tensorrt-llm",
        "engine_version": "1.2.0rc6.post3",
        "model": "deepseek-r1",
        "gpu": "b200",
        "weight_precision": "fp4",
        "input_tokens": 1024,
        "output_tokens": 1024,
        "load": {"mode": "concurrency", "concurrency": 64},
        "scenario_kind": "aic_agg",
        "num_gpus": 64,
        "tp": 1,
        "pp": 1,
        "ep": 8,
        "attention_dp": 64,
    }
    line.update(changes)
    return line


def test_a_worker_counted_twice_is_its_world_size_times_ep() -> None:
    assert worker_counted_twice(tp=1, attention_dp=64, ep=8)
    assert worker_counted_twice(tp=64, attention_dp=1, ep=8)
    assert worker_counted_twice(tp=1, attention_dp=4, ep=2)
    assert not worker_counted_twice(tp=1, attention_dp=8, ep=8)  # EP over the whole worker
    assert not worker_counted_twice(tp=8, attention_dp=1, ep=1)  # experts sliced 8 ways
    assert not worker_counted_twice(tp=8, attention_dp=1, ep=4)  # TensorRT-LLM moe_tp 2


def test_attention_data_parallel_line_reads_as_eight_gpus() -> None:
    read = as_engine_ran(_line())
    assert (read["num_gpus"], read["tp"], read["attention_dp"], read["ep"]) == (8, 1, 8, 8)


def test_tensor_parallel_line_reads_as_eight_gpus() -> None:
    """SGLang's `..._tp8_ep8_1012`: 64 GPUs at TP 64 × EP 8 is an 8-GPU worker, TP 8 = EP 8
    (SGLang puts whole experts on every GPU of the worker or slices them all)."""
    read = as_engine_ran(_line(engine="sglang", tp=64, attention_dp=1))
    assert (read["num_gpus"], read["tp"], read["attention_dp"], read["ep"]) == (8, 8, 1, 8)


def test_replicas_are_kept() -> None:
    """cfg186 (16 GPUs at TP 16 × EP 4) repeats `..._tp4_0_ep4_0_1077` (4 GPUs, TP 4 × EP 4);
    two such workers stay two."""
    read = as_engine_ran(_line(num_gpus=32, tp=16, attention_dp=1, ep=4))
    assert (read["num_gpus"], read["tp"], read["ep"]) == (8, 4, 4)


@pytest.mark.parametrize(
    "changes",
    [
        {"scenario_kind": None},  # a planner's own line
        {"scenario_kind": "concurrency_sweep"},  # another source
        {"num_gpus": 8, "attention_dp": 8},  # EP over the whole worker
        {"tp": 8, "attention_dp": 1, "ep": 1, "num_gpus": 8},
        {"tp": "64"},  # the schema refuses it with its own message
    ],
)
def test_other_lines_keep_their_fields(changes: dict[str, Any]) -> None:
    line = _line(**changes)
    assert as_engine_ran(line) == line


def test_the_duplicated_measurement_gets_one_prediction(catalog: Catalog) -> None:
    counted_twice = BenchmarkScenario.model_validate(_line())
    as_written = BenchmarkScenario.model_validate(_line(num_gpus=8, attention_dp=8))
    twice = predict_benchmark(catalog, counted_twice, CURRENT_CALIBRATION)
    once = predict_benchmark(catalog, as_written, CURRENT_CALIBRATION)
    assert twice["replicas"] == once["replicas"] == 1
    assert twice["layout"] == "TP 8 × EP 8, attention data-parallel 8"
    assert twice["ttft_ms"] == once["ttft_ms"]
    assert twice["tpot_ms"] == once["tpot_ms"]


def test_a_planners_line_is_predicted_as_written(catalog: Catalog) -> None:
    line = BenchmarkScenario.model_validate(_line(scenario_kind=None))
    assert (line.num_gpus, line.attention_dp) == (64, 64)
    got = predict_benchmark(catalog, line, CURRENT_CALIBRATION)
    assert got["layout"] == "TP 64 × EP 8, attention data-parallel 64"


def test_a_tp_the_heads_do_not_split_runs_attention_data_parallel(catalog: Catalog) -> None:
    """GB200 DeepSeek-R1 at TP 52 (128 heads) is TensorRT-LLM's world size of 52 GPUs with
    data-parallel attention (`world_size`); a planner's own line is refused with a message
    saying how such a worker is written."""
    fields = _line(gpu="gb200", num_gpus=52, tp=52, attention_dp=1, ep=1)
    line = BenchmarkScenario.model_validate(fields)
    got = predict_benchmark(catalog, line, CURRENT_CALIBRATION)
    assert got["layout"] == "TP 52 × EP 1, attention data-parallel 52"
    own = BenchmarkScenario.model_validate(dict(fields, scenario_kind=None))
    with pytest.raises(SizingError, match="is tp 1 x attention_dp 52"):
        predict_benchmark(catalog, own, CURRENT_CALIBRATION)
