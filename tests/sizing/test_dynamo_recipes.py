"""The dated TensorRT-LLM disaggregated lines read by the benchmark recipes that ran them.

Worked example from `validation/modern_engines_dev.jsonl`:
`aic-2026_03_25_deepseek_r1_h100_sxm_trtllm_fp8_disagg_1024x1024_c6_tp16_0_ep16_0_859`
(DeepSeek-R1 FP8 on H100, Dynamo 0.8.1.post3, 1,024 / 1,024 at 6 clients) measured TTFT
12,345 ms and TPOT 14.01 ms. Its recipe (InferenceX `dsr1-fp8-h100-dynamo-trt`,
`ctx1_gen3_tep16_batch1`) ran 1 prefill worker of 16 GPUs with attention DP and 3 decode
workers of TP 16 × EP 16, each taking one answer at a time: 3 places for 6 clients, so half
the clients wait a whole answer (1,023 x 14 ms) for a place before their first token.
"""

from __future__ import annotations

from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark
from aisle_desktop.sizing.validation.dynamo_recipes import RecipePool, recipe_deployment
from aisle_desktop.sizing.validation.source_layouts import as_engine_ran

# One worker of TP 16 × EP 16, as the dated H100 lines name each pool.
TP16_WORKER = RecipePool(workers=1, gpus=16, ep=16, attention_dp=False)


def _h100(concurrency: int) -> dict[str, Any]:
    """The dated H100 line as the source writes it: one worker of TP 16 × EP 16 a pool."""
    return {
        "id": (
            "aic-2026_03_25_deepseek_r1_h100_sxm_trtllm_fp8_disagg_1024x1024_"
            f"c{concurrency}_tp16_0_ep16_0_859"
        ),
        "engine": "tensorrt-llm",
        "engine_version": "0.8.1.post3",
        "model": "deepseek-r1",
        "gpu": "h100-sxm",
        "weight_precision": "fp8",
        "input_tokens": 1024,
        "output_tokens": 1024,
        "load": {"mode": "concurrency", "concurrency": concurrency},
        "scenario_kind": "aic_disagg",
        "num_gpus": 32,
        "tp": 16,
        "pp": 1,
        "disaggregated": {"prefill": TP16_WORKER.layout(), "decode": TP16_WORKER.layout()},
    }


def test_the_h100_line_reads_its_recipes_pools_and_decode_batch() -> None:
    read = as_engine_ran(_h100(6))
    pools = read["disaggregated"]
    assert pools["prefill"] == {
        "tp": 1,
        "pp": 1,
        "attention_dp": 16,
        "ep": 16,
        "gpus_per_worker": 16,
        "workers": 1,
    }
    assert pools["decode"] == {**TP16_WORKER.layout(), "workers": 3}
    assert pools["decode"]["tp"] == 16
    assert pools["decode_max_batch"] == 1
    assert pools["workers_from_recipe"] is True
    assert read["num_gpus"] == 16 + 3 * 16
    scenario = BenchmarkScenario.model_validate(read)
    assert scenario.disaggregated is not None and scenario.disaggregated.workers_recorded


def test_three_places_for_six_clients_make_half_of_them_wait_an_answer(catalog: Catalog) -> None:
    """Measured 12,345 ms TTFT and 14.01 ms TPOT (its drafted twin: 6,909 and 7.66 ms)."""
    got = predict_benchmark(
        catalog, BenchmarkScenario.model_validate(_h100(6)), CURRENT_CALIBRATION
    )
    assert got["workers_from_recipe"] is True
    assert (got["prefill_workers"], got["decode_workers"]) == (1, 3)
    assert got["decode_batch_per_worker"] == pytest.approx(1.0)
    assert got["batch_limit"] == "decode batch the deployment configured"
    # One answer a worker of EP 16: the step waits for the rank holding the most of its
    # token's 8 experts (calibration 2026.12.15; 15.4 ms before).
    assert got["tpot_ms"] == pytest.approx(16.82, rel=0.02)
    # 3 waiting of 6: each settled request waits about one answer before its first token,
    # 920.5 x 16.8 ms at the 921.5 tokens sa-bench drew on average (`script_lengths`); of the
    # starting cohort (24% of the run), 3 start at once and 3 wait one answer, half an answer
    # on average (calibration 2026.12.31: 11,791 ms before, when the cohort waited for none).
    assert got["ttft_ms"] == pytest.approx(13_652, rel=0.02)


def test_recipes_that_disagree_leave_the_line_sized_for_its_load(catalog: Catalog) -> None:
    """At 462 clients the drafting recipe runs 3 decode workers of TP 16 (batch 128), the
    other 3 of attention DP 16 (batch 8 a rank): the line does not say which ran."""
    assert (
        recipe_deployment("tensorrt-llm", "h100-sxm", "fp8", "0.8.1.post3", 1024, 1024, 462, 16, 16)
        is None
    )
    read = as_engine_ran(_h100(462))
    assert read["disaggregated"]["workers_recorded"] is False
    got = predict_benchmark(catalog, BenchmarkScenario.model_validate(read), CURRENT_CALIBRATION)
    assert got["workers_sized_for_load"] is True


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"engine_version": "0.8.1.post1"}, "another Dynamo release"),
        ({"load": {"mode": "concurrency", "concurrency": 7}}, "a load no recipe lists"),
        ({"engine": "sglang", "engine_version": "0.5.8"}, "SGLang's lines keep their reading"),
    ],
)
def test_a_line_no_recipe_speaks_for_keeps_its_reading(changes: dict[str, Any], why: str) -> None:
    read = as_engine_ran({**_h100(6), **changes})
    assert "workers_from_recipe" not in read["disaggregated"], why
    assert read["disaggregated"]["workers_recorded"] is False, why


def test_the_gb300_line_reads_as_its_cfg_twin_ran() -> None:
    """`..._gb300_trtllm_fp4_disagg_8192x1024_c3228_tp2_0_ep2_0_1116`: its recipe
    (`ctx11_gen3_dep4_batch256`) is what its cfg twin `..._c3228_cfg412` records, 11 prefill
    workers of attention DP 2 and 3 decode workers of attention DP 4 (sized for the load, the
    prefill pool was 13)."""
    found = recipe_deployment("tensorrt-llm", "gb300", "fp4", "0.8.1.post2", 8192, 1024, 3228, 2, 4)
    assert found is not None
    assert found.prefill == RecipePool(workers=11, gpus=2, ep=2, attention_dp=True)
    assert found.decode == RecipePool(workers=3, gpus=4, ep=4, attention_dp=True)
    assert (found.decode_batch, found.draft_tokens) == (256, 0)


def test_whether_a_run_drafted_is_read_too() -> None:
    """B200 FP8 at 1,024 in: the recipe at 8 clients drafts 3 MTP tokens (measured TPOT
    3.5 ms), the one at 4 does not (7.0 ms); at 6 clients on H100 both a drafting and a plain
    recipe run the same deployment, so the draft is not known."""
    drafted = recipe_deployment("tensorrt-llm", "b200", "fp8", "0.8.1.post2", 1024, 1024, 8, 8, 8)
    plain = recipe_deployment("tensorrt-llm", "b200", "fp8", "0.8.1.post2", 1024, 1024, 4, 8, 8)
    either = recipe_deployment(
        "tensorrt-llm", "h100-sxm", "fp8", "0.8.1.post3", 1024, 1024, 6, 16, 16
    )
    assert drafted is not None and drafted.draft_tokens == 3
    assert plain is not None and plain.draft_tokens == 0
    assert either is not None and either.draft_tokens is None


def _sglang_pools(
    gpu: str, precision: str, lengths: tuple[int, int], concurrency: int, decode: RecipePool
) -> dict[str, Any]:
    """The pools a dated SGLang line of release 0.5.8.post1 is read with: the line names one
    prefill worker of TP 8 × EP 8 and the decode worker `decode`."""
    line = {
        **_h100(concurrency),
        "id": f"aic-2026_04_06_deepseek_r1_{gpu}_sglang_{precision}_disagg_c{concurrency}",
        "engine": "sglang",
        "engine_version": "0.5.8.post1",
        "gpu": gpu,
        "weight_precision": precision,
        "input_tokens": lengths[0],
        "output_tokens": lengths[1],
        "disaggregated": {
            "prefill": RecipePool(1, 8, 8, False).layout(),
            "decode": decode.layout(),
        },
    }
    pools: dict[str, Any] = as_engine_ran(line)["disaggregated"]
    return pools


def test_an_sglang_line_reads_its_recipes_workers_and_no_decode_batch() -> None:
    """GB300 FP8, 8,192 in at 128 clients: the recipe (`recipes/gb300-fp8/8k1k/stp/mid.yaml`)
    runs 5 prefill workers of attention DP 8 and one decode worker of attention DP 32, as the
    line's cfg twin `..._cfg505` records; SGLang's recipe files name no decode batch."""
    pools = _sglang_pools("gb300", "fp8", (8192, 1024), 128, RecipePool(1, 32, 8, False))
    assert pools["prefill"] == RecipePool(5, 8, 8, True).layout()
    assert pools["decode"] == RecipePool(1, 32, 32, True).layout()
    assert "decode_max_batch" not in pools


def test_a_48_gpu_recipe_decode_worker_keeps_the_lines_expert_split() -> None:
    """GB200 FP8, 1,024 in at 2,048 clients: the recipe runs 3 prefill workers and one decode
    worker of 48 GPUs with EP 48, which needs redundant expert copies to spread 256 experts;
    Aisle reads that worker's split as the line's (attention DP 48, the prefill's EP 8) with
    the recipe's workers."""
    pools = _sglang_pools("gb200", "fp8", (1024, 1024), 2048, RecipePool(1, 48, 8, False))
    assert pools["prefill"] == RecipePool(3, 8, 8, True).layout()
    assert pools["decode"] == RecipePool(1, 48, 8, True).layout()


def test_the_h200_lines_read_as_their_cfg_twins_ran() -> None:
    """srt-slurm's H200 recipes at Dynamo 0.8.1.post1 (`c4_ctx1_gen9_tep8_batch256` ...
    `c64_...`, 36 to 576 clients) run 1 prefill worker of attention DP 8 and 9 decode workers
    of TP 8 × EP 8, batch 256: what the cfg twins `..._cfg590` and `..._cfg303` record for the
    same measurements (1 + 9 workers). At 8,192 in and 768 clients, 5 prefill workers of
    TP 8 and 3 decode workers of attention DP 8 (`c256_ctx5_gen3_dep8_batch256`), as
    `..._cfg679` records."""
    for clients in (36, 72, 288, 576):
        found = recipe_deployment(
            "tensorrt-llm", "h200-sxm", "fp8", "0.8.1.post1", 1024, 1024, clients, 8, 8
        )
        assert found is not None
        assert found.prefill == RecipePool(workers=1, gpus=8, ep=8, attention_dp=True)
        assert found.decode == RecipePool(workers=9, gpus=8, ep=8, attention_dp=False)
        assert (found.decode_batch, found.draft_tokens) == (256, 0)
    long = recipe_deployment(
        "tensorrt-llm", "h200-sxm", "fp8", "0.8.1.post1", 8192, 1024, 768, 8, 8
    )
    assert long is not None
    assert long.prefill == RecipePool(workers=5, gpus=8, ep=8, attention_dp=False)
    assert long.decode == RecipePool(workers=3, gpus=8, ep=8, attention_dp=True)


def test_recipes_that_differ_only_in_batch_and_drafts_give_their_pools() -> None:
    """At 144 clients (1,024 / 1,024) srt-slurm's H200 recipes are a plain one (batch 256)
    and a drafting one (batch 128, 3 drafts), both 1 prefill worker of attention DP 8 and 9
    decode workers of TP 8 × EP 8: the line is read with those pools, the larger batch and
    no drafts (which run it is does not say), not sized for its load (3 decode workers)."""
    found = recipe_deployment(
        "tensorrt-llm", "h200-sxm", "fp8", "0.8.1.post1", 1024, 1024, 144, 8, 8
    )
    assert found is not None
    assert found.prefill == RecipePool(workers=1, gpus=8, ep=8, attention_dp=True)
    assert found.decode == RecipePool(workers=9, gpus=8, ep=8, attention_dp=False)
    assert (found.decode_batch, found.draft_tokens) == (256, None)
    read = as_engine_ran(_eight_gpu_line("h200-sxm", "0.8.1.post1", 144))
    pools = read["disaggregated"]
    assert pools["workers_from_recipe"] is True
    assert (pools["prefill"]["workers"], pools["decode"]["workers"]) == (1, 9)
    assert pools["decode_max_batch"] == 256
    assert "speculative" not in read
    assert read["num_gpus"] == 8 + 9 * 8


def _eight_gpu_line(gpu: str, release: str, concurrency: int) -> dict[str, Any]:
    """A dated DeepSeek-R1 FP8 line of 1,024 / 1,024 that names one 8-GPU worker of TP 8 x
    EP 8 a pool, as the dated H200 and B200 lines do."""
    tp8_ep8 = RecipePool(workers=1, gpus=8, ep=8, attention_dp=False).layout()
    gpu_id = gpu.replace("-", "_")
    return {
        **_h100(concurrency),
        "id": f"aic-2026_03_25_deepseek_r1_{gpu_id}_trtllm_fp8_disagg_1024x1024_c{concurrency}_1",
        "engine_version": release,
        "gpu": gpu,
        "num_gpus": 16,
        "disaggregated": {"prefill": tp8_ep8, "decode": dict(tp8_ep8)},
    }


@pytest.mark.parametrize(
    ("lengths", "clients", "batch"),
    [
        ((1024, 1024), 4, 1),
        ((1024, 1024), 128, 1024),
        ((8192, 1024), 32, 8),
    ],
)
def test_a_b200_recipe_named_for_several_loads_takes_each_files_batch(
    lengths: tuple[int, int], clients: int, batch: int
) -> None:
    """srt-slurm's B200 FP8 files `ctx1_gen3_tp8_batch1024_eplb0_mtp0_{4,32,128}.yaml` and
    `ctx1_gen4_tp8_batch32_eplb0_mtp0_{32,128}.yaml` set the decode `max_batch_size` each
    concurrency ran with, not the one the shared name gives (at 128 clients, 8,192 / 1,024, two
    other recipes with other decode pools list the load too: that line stays sized)."""
    found = recipe_deployment("tensorrt-llm", "b200", "fp8", "0.8.1.post2", *lengths, clients, 8, 8)
    assert found is not None
    assert found.decode_batch == batch


def test_four_clients_on_three_places_wait_a_third_of_an_answer(catalog: Catalog) -> None:
    """`aic-2026_03_25_deepseek_r1_b200_sxm_trtllm_fp8_disagg_1024x1024_c4_tp8_0_ep8_0_...`
    measured TTFT 2.2 s: 3 decode workers of one answer each for 4 clients, so one client in
    four waits for a place, the starting cohort's too (its fourth client waits one answer;
    calibration 2026.12.31): 2,073 ms at the 921.5-token answers sa-bench drew on average
    (`script_lengths`; 1,693 ms when the cohort waited for none, 1,880 ms at the 1,024 the line
    names, 1,786 ms under 2026.12.28; 119 ms read with the name's batch of 1,024)."""
    read = as_engine_ran(_eight_gpu_line("b200", "0.8.1.post2", 4))
    assert read["disaggregated"]["decode_max_batch"] == 1
    got = predict_benchmark(catalog, BenchmarkScenario.model_validate(read), CURRENT_CALIBRATION)
    assert got["batch_limit"] == "decode batch the deployment configured"
    assert got["ttft_ms"] == pytest.approx(2073, rel=0.02)
