"""aiconfigurator's disaggregated lines whose decode pool carries the prefill pool's `ep`.

Worked example from `validation/modern_engines_dev.jsonl`: the line
`..._gb300_trtllm_fp4_disagg_1024x8192_c8192_tp2_0_ep2_0_1115` (34 GPUs: prefill TP 2 × EP 2,
decode TP 32 × EP 2) measured TTFT 39,313.5 ms and TPOT 32.166 ms, the same digits as
`aic-dsr1_gb300_trtllm_fp4_disagg_1024x8192_c8192_cfg373`, whose decode pool is attention
DP 32 x EP 32: the decode pool ran EP over its 32 GPUs, with data-parallel attention. The
dated line says 1 worker in each pool, as every dated line does: its worker counts are read as
not recorded.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.source_layouts import (
    as_engine_ran,
    attention_as_ran,
    carries_prefill_ep,
)


def _pool(tp: int, ep: int, attention_dp: int = 1) -> dict[str, Any]:
    gpus = tp * attention_dp
    return {
        "tp": tp,
        "pp": 1,
        "attention_dp": attention_dp,
        "ep": ep,
        "gpus_per_worker": gpus,
        "workers": 1,
    }


DATED_ID = "aic-2026_03_25_deepseek_r1_gb300_trtllm_fp4_disagg_1024x8192_c8192_tp2_0_ep2_0"
CFG_ID = "aic-dsr1_gb300_trtllm_fp4_disagg_1024x8192_c8192_cfg373"
# A load no benchmark recipe of the line's release lists (`dynamo_recipes`): the dated line
# is then read with its worker counts not recorded.
UNLISTED = {"mode": "concurrency", "concurrency": 8000}


def _line(
    decode: dict[str, Any] | None = None,
    prefill: dict[str, Any] | None = None,
    **changes: Any,
) -> dict[str, Any]:
    line: dict[str, Any] = {
        "id": DATED_ID,
        "engine": "tensorrt-llm",
        "engine_version": "0.8.1.post2",
        "model": "deepseek-r1",
        "gpu": "gb300",
        "weight_precision": "fp4",
        "input_tokens": 1024,
        "output_tokens": 8192,
        "load": {"mode": "concurrency", "concurrency": 8192},
        "scenario_kind": "aic_disagg",
        "num_gpus": 34,
        "tp": 32,
        "pp": 1,
        "disaggregated": {"prefill": prefill or _pool(2, 2), "decode": decode or _pool(32, 2)},
    }
    line.update(changes)
    return line


def test_a_decode_ep_carried_from_prefill_is_neither_one_nor_the_whole_stage() -> None:
    assert carries_prefill_ep(prefill_ep=2, decode_stage_gpus=32, decode_ep=2)
    assert carries_prefill_ep(prefill_ep=8, decode_stage_gpus=32, decode_ep=8)
    assert not carries_prefill_ep(prefill_ep=4, decode_stage_gpus=4, decode_ep=4)  # whole stage
    assert not carries_prefill_ep(prefill_ep=1, decode_stage_gpus=32, decode_ep=1)  # sliced
    assert not carries_prefill_ep(prefill_ep=2, decode_stage_gpus=8, decode_ep=4)  # its own


def test_the_decode_pool_reads_as_its_cfg_twin_attention_dp_32_and_ep_32() -> None:
    line = _line(load=UNLISTED)
    read = as_engine_ran(line)
    assert read["disaggregated"]["decode"] == _pool(1, 32, attention_dp=32)
    assert read["disaggregated"]["prefill"] == _pool(2, 2)
    assert read["disaggregated"]["workers_recorded"] is False
    # Sized as aiconfigurator's rate matching sizes a prefill pool: at most 0.9 busy.
    assert read["disaggregated"]["prefill_sized_utilisation"] == 0.9
    assert (read["num_gpus"], read["tp"]) == (34, 32)
    assert line["disaggregated"]["decode"]["ep"] == 2  # the line itself is not changed


def test_a_dated_tensorrt_llm_line_keeps_its_recipes_fewest_decode_workers() -> None:
    """The dated runs are Dynamo benchmark recipes whose TensorRT-LLM decode pools have at
    least 3 workers; SGLang's cfg twin at 4-16 clients ran one, so SGLang keeps the load's."""
    read = as_engine_ran(_line(load=UNLISTED))
    assert read["disaggregated"]["fewest_decode_workers"] == 3
    pools = BenchmarkScenario.model_validate(read).disaggregated
    assert pools is not None and pools.fewest_decode_workers == 3
    sglang = as_engine_ran(_line(engine="sglang", engine_version="0.5.8"))
    assert "fewest_decode_workers" not in sglang["disaggregated"]
    cfg = as_engine_ran(_line(decode=_pool(1, 32, attention_dp=32), id=CFG_ID))
    assert "fewest_decode_workers" not in cfg["disaggregated"]


def test_a_cfg_line_keeps_its_worker_counts() -> None:
    read = as_engine_ran(_line(decode=_pool(1, 32, attention_dp=32), id=CFG_ID))
    assert "workers_recorded" not in read["disaggregated"]
    assert "prefill_sized_utilisation" not in read["disaggregated"]
    assert BenchmarkScenario.model_validate(read).disaggregated.workers_recorded  # type: ignore[union-attr]


def test_pools_of_48_gpus_written_as_tp_run_data_parallel_attention() -> None:
    """TP 48 cannot split DeepSeek's 128 heads: a 48-GPU pool attends data-parallel. (No
    GB300 FP4 recipe runs 48 GPUs in all at this load, so the line is not read as a recipe's
    deployment, `test_world_size_recipes.py`.)"""
    assert attention_as_ran(_pool(48, 1)) == _pool(1, 1, attention_dp=48)
    read = as_engine_ran(_line(decode=_pool(48, 1), prefill=_pool(48, 1), num_gpus=96, tp=48))
    assert read["disaggregated"]["decode"] == _pool(1, 1, attention_dp=48)
    assert read["disaggregated"]["prefill"] == _pool(1, 1, attention_dp=48)


def test_a_48_gpu_decode_pool_keeps_the_prefill_s_ep_8() -> None:
    """EP over 48 GPUs would need redundant copies to even out 256 experts: EP 8 stays (8
    groups of experts, each sliced over 6 GPUs)."""
    assert not carries_prefill_ep(prefill_ep=8, decode_stage_gpus=48, decode_ep=8)
    read = as_engine_ran(_line(decode=_pool(48, 8), prefill=_pool(8, 8), num_gpus=56, tp=48))
    assert read["disaggregated"]["decode"] == _pool(1, 8, attention_dp=48)


def test_attention_data_parallel_decode_reads_ep_over_its_ranks() -> None:
    read = as_engine_ran(_line(decode=_pool(1, 2, attention_dp=32)))
    assert read["disaggregated"]["decode"] == _pool(1, 32, attention_dp=32)


@pytest.mark.parametrize(
    "changes",
    [
        {"scenario_kind": None, "id": DATED_ID},  # a planner's own line
        {"scenario_kind": "aic_agg"},  # not a disaggregated source line
        {"decode": _pool(1, 32, attention_dp=32)},  # as the cfg line writes it
        {"decode": _pool(16, 16)},  # EP over the whole decode stage
        {"decode": _pool(16, 1)},  # every expert sliced 16 ways, TP 16 attention
        {"decode": _pool(8, 4)},  # an ep of its own, not the prefill's
        {"decode": {**_pool(32, 2), "tp": "32"}},  # the schema refuses it with its message
        {"disaggregated": None},
    ],
)
def test_other_lines_keep_their_fields(changes: dict[str, Any]) -> None:
    decode = changes.pop("decode", None)
    line = _line(decode, **{"id": CFG_ID, **changes})
    as_written = copy.deepcopy(line)
    assert as_engine_ran(line) == as_written


def test_the_line_predicts_as_its_cfg_twin(catalog: Catalog) -> None:
    carried = BenchmarkScenario.model_validate(_line())
    twin = BenchmarkScenario.model_validate(_line(decode=_pool(1, 32, attention_dp=32)))
    assert carried.disaggregated is not None
    assert carried.disaggregated.decode.ep == 32
    assert carried.disaggregated.decode.attention_dp == 32
    got = predict_benchmark(catalog, carried, CURRENT_CALIBRATION)
    want = predict_benchmark(catalog, twin, CURRENT_CALIBRATION)
    assert got["tpot_ms"] == want["tpot_ms"]
    assert got["ttft_ms"] == want["ttft_ms"]


def test_a_planners_disaggregated_line_is_read_as_written() -> None:
    line = BenchmarkScenario.model_validate(_line(scenario_kind=None))
    assert line.disaggregated is not None
    assert line.disaggregated.decode.ep == 2


def test_the_dated_line_is_predicted_with_pools_sized_for_its_load(catalog: Catalog) -> None:
    """8,000 clients (a load no recipe lists) on 32-GPU decode workers (attention DP 32: one
    would hold them all, but the TensorRT-LLM recipes deploy at least 3, so 3 of 2,667); the
    prefill pool as many workers as keep it at most 90% busy, as aiconfigurator's rate
    matching sizes it."""
    line = BenchmarkScenario.model_validate(_line(load=UNLISTED))
    got = predict_benchmark(catalog, line, CURRENT_CALIBRATION)
    assert got["workers_sized_for_load"] is True
    assert got["decode_workers"] == 3
    assert got["decode_batch_per_worker"] == pytest.approx(8000 / 3, rel=0.01)
    assert got["prefill_workers"] >= 1
    assert got["prefill_utilisation"] <= 0.9
    assert got["replicas"] == got["prefill_workers"] + got["decode_workers"]
    as_cfg = predict_benchmark(
        catalog,
        BenchmarkScenario.model_validate(_line(decode=_pool(1, 32, attention_dp=32), id=CFG_ID)),
        CURRENT_CALIBRATION,
    )
    assert "workers_sized_for_load" not in as_cfg
    assert (as_cfg["prefill_workers"], as_cfg["decode_workers"]) == (1, 1)


def test_a_dated_prefill_pool_is_sized_as_aiconfigurator_sizes_it(catalog: Catalog) -> None:
    """`..._gb300_trtllm_fp4_disagg_8192x1024_c3228_tp2_0_ep2_0_1116` at 3,200 clients, a
    load no recipe lists (at 3,228 its recipe, and its cfg twin `..._c3228_cfg412`, ran 11
    prefill workers of TP 2 × EP 2, attention DP 2: `test_dynamo_recipes`). Its prompts read
    at the 7,372.5 tokens sa-bench drew on average (`script_lengths`) and at most 0.9 busy, as
    aiconfigurator's rate matching rates a prefill pool, that load needs 12; at the planner's
    0.8, 13 (13 and 14 at the 8,192 tokens the line names)."""
    dated = _line(
        decode=_pool(4, 2),
        prefill=_pool(2, 2),
        id="aic-2026_03_25_deepseek_r1_gb300_trtllm_fp4_disagg_8192x1024_c3228_tp2_0_ep2_0",
        input_tokens=8192,
        output_tokens=1024,
        num_gpus=6,
        tp=4,
        load={"mode": "concurrency", "concurrency": 3200},
    )
    read = BenchmarkScenario.model_validate(as_engine_ran(dated))
    assert read.disaggregated is not None
    assert read.disaggregated.prefill_sized_utilisation == 0.9
    got = predict_benchmark(catalog, read, CURRENT_CALIBRATION)
    assert got["prefill_workers"] == 12
    at_headroom = read.model_copy(
        update={
            "disaggregated": read.disaggregated.model_copy(
                update={"prefill_sized_utilisation": None}
            )
        }
    )
    assert predict_benchmark(catalog, at_headroom, CURRENT_CALIBRATION)["prefill_workers"] == 13


def _h200_dated(concurrency: int) -> BenchmarkScenario:
    """`aic-2026_03_25_deepseek_r1_h200_sxm_trtllm_fp8_disagg_1024x1024_c1536_tp8_0_ep8_0_409`
    and its neighbours: one worker of TP 8 × EP 8 named in each pool, nothing more."""
    line = _line(
        decode=_pool(8, 8),
        prefill=_pool(8, 8),
        id=f"aic-2026_03_25_deepseek_r1_h200_sxm_trtllm_fp8_disagg_1024x1024_c{concurrency}",
        gpu="h200-sxm",
        weight_precision="fp8",
        engine_version="0.8.1.post1",
        input_tokens=1024,
        output_tokens=1024,
        num_gpus=16,
        tp=8,
        load={"mode": "concurrency", "concurrency": concurrency},
    )
    return BenchmarkScenario.model_validate(line)


def test_an_unrecorded_decode_worker_takes_the_faster_attention_split(catalog: Catalog) -> None:
    """1,500 in flight: attention DP 8 gives each rank about 190 answers and keeps one latent
    cache per sequence, faster than TP 8 (the cfg twin of the recipe at 1,536, `..._cfg336`,
    ran DP 8); 10 in flight: TP 8 splits each step's attention, faster than 8 ranks of one or
    two answers. No recipe lists these loads (the recipes' own, 1,536 and 11, read the recipe's
    deployment instead), so the pools are sized for the load."""
    busy = predict_benchmark(catalog, _h200_dated(1500), CURRENT_CALIBRATION)
    quiet = predict_benchmark(catalog, _h200_dated(10), CURRENT_CALIBRATION)
    assert busy["decode_layout"] == "TP 8 × EP 8, attention data-parallel 8"
    assert quiet["decode_layout"] == "TP 8 × EP 8"
    assert busy["workers_sized_for_load"] and quiet["workers_sized_for_load"]
