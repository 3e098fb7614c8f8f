"""Engine releases of 2025-26: which era a release is, and the mechanisms they run with."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog, release_current_on
from aisle_desktop.sizing.calibration import (
    CALIBRATIONS,
    CURRENT_CALIBRATION,
    PerformanceAssumptions,
)
from aisle_desktop.sizing.engine import (
    fixed_concurrency_run,
    lockstep_cohort,
    lockstep_share,
    physical_floor,
    resolve_deployment,
    steady_state,
)
from aisle_desktop.sizing.engine.steptime import host_and_gpu_s
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark

BEFORE_ERAS = datetime.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("engine", "version", "era_engine"),
    [
        ("vllm", "0.19.0", "vllm"),
        ("vllm", "0.10.0", "vllm"),
        ("vllm", "nightly-5b8c30d62b754b57", "vllm"),
        ("vllm", None, "vllm"),
        ("tensorrt-llm", "1.0.0rc3", "tensorrt-llm"),
        ("tensorrt-llm", "gpt-oss-dev", "tensorrt-llm"),
        ("sglang", "0.5.6.post2", "sglang"),
    ],
)
def test_releases_from_2025_26_belong_to_their_engines_era(
    engine: str, version: str | None, era_engine: str
) -> None:
    era = CURRENT_CALIBRATION.era(engine, version)
    assert era is not None
    assert era.engine_id == era_engine


@pytest.mark.parametrize(
    ("engine", "version"), [("vllm", "0.6.3"), ("tensorrt-llm", "0.17.0"), ("sglang", "0.4.1")]
)
def test_older_releases_run_with_the_shared_calibration(engine: str, version: str) -> None:
    assert CURRENT_CALIBRATION.era(engine, version) is None
    assert CURRENT_CALIBRATION.performance_for(engine, version) == CURRENT_CALIBRATION.performance


def test_a_row_without_a_release_reads_as_the_release_current_on_its_date(
    catalog: Catalog,
) -> None:
    """Mid-2025 vLLM was 0.6-0.9 (before the V1 era); by 2026 it was 0.10 or later."""
    vllm = catalog.engine("vllm")
    assert release_current_on(vllm, BEFORE_ERAS) == "0.6"
    assert CURRENT_CALIBRATION.era("vllm", release_current_on(vllm, BEFORE_ERAS)) is None
    assert CURRENT_CALIBRATION.era("vllm", release_current_on(vllm, datetime.date(2026, 1, 1)))


@pytest.mark.parametrize(
    ("kind", "release", "era"),
    [
        # `vllm bench serve` runs of the published set, all measured by mid-2025
        ("concurrency_sweep_variable_lengths", "0.6", "before the 2025-26 releases"),
        ("offline_max_throughput", "0.6", "before the 2025-26 releases"),
        # aiconfigurator's 2025-26 runs: the release current on 2026-04-06, their newest runs
        ("aic_agg", "0.19", "vLLM V1 engine"),
        # a planner's own line: the newest release
        (None, "0.32", "vLLM V1 engine"),
        ("my own run", "0.32", "vLLM V1 engine"),
    ],
)
def test_a_row_without_a_release_is_read_by_its_kind_of_source(
    catalog: Catalog, kind: str | None, release: str, era: str
) -> None:
    got = predict_benchmark(
        catalog, _row(engine_version=None, scenario_kind=kind), CURRENT_CALIBRATION
    )
    assert (got["engine_release"], got["engine_era"]) == (release, era)


def test_a_named_release_wins_over_the_kind_of_source(catalog: Catalog) -> None:
    got = predict_benchmark(
        catalog,
        _row(engine_version="0.19.0", scenario_kind="concurrency_sweep"),
        CURRENT_CALIBRATION,
    )
    assert got["engine_era"] == "vLLM V1 engine"


def test_a_planners_override_wins_over_the_eras_value() -> None:
    era = CURRENT_CALIBRATION.era("vllm", None)
    assert era is not None and "request_overhead_ms" in era.values
    overridden = CURRENT_CALIBRATION.with_overrides({"request_overhead_ms": 123.0})
    assert overridden.performance_for("vllm", None).request_overhead_ms == 123.0
    assert (
        CURRENT_CALIBRATION.performance_for("vllm", None).request_overhead_ms
        == (era.values["request_overhead_ms"])
    )


def test_an_overlap_scheduler_hides_the_host_behind_the_gpu(deploy: Any) -> None:
    dep = deploy("llama-3.1-8b", "h100-sxm")
    serial = dep.assumptions.model_copy(update={"host_overlap": 0.0})
    overlapped = dep.assumptions.model_copy(update={"host_overlap": 1.0})
    assert host_and_gpu_s(0.010, 0.004, _with(dep, serial)) == pytest.approx(0.014)
    assert host_and_gpu_s(0.010, 0.004, _with(dep, overlapped)) == pytest.approx(0.010)
    assert host_and_gpu_s(0.003, 0.020, _with(dep, overlapped)) == pytest.approx(0.020)


def _with(dep: Any, assumptions: PerformanceAssumptions) -> Any:
    return dataclasses.replace(dep, assumptions=assumptions)


def test_a_run_all_in_lockstep_is_the_cohort_and_a_long_run_is_the_steady_state(
    deploy: Any,
) -> None:
    dep = deploy("llama-3.1-70b", "h200-sxm", tp=8)
    args = (dep, 64.0, 1024.0, 1024.0, 8192.0, 0.0)
    cohort = lockstep_cohort(*args)
    steady = steady_state(*args)

    def run_ttft_s(share: float) -> float:
        return float(fixed_concurrency_run(cohort, steady, share, 0.005, 1024.0).ttft_s)

    assert run_ttft_s(1.0) == pytest.approx(0.005 + float(cohort.ttft_s))
    assert run_ttft_s(0.0) == pytest.approx(0.005 + float(steady.ttft_s))
    # 64 prompts of 1,024 tokens fill 8 iterations: a cohort waits far longer than a request
    # that arrives alone among running decodes.
    assert float(cohort.ttft_s) > 3 * float(steady.ttft_s)
    mixed = 0.25 * float(cohort.ttft_s) + 0.75 * float(steady.ttft_s)
    assert run_ttft_s(0.25) == pytest.approx(0.005 + mixed)


def _row(**changes: Any) -> BenchmarkScenario:
    row: dict[str, Any] = {
        "id": "row",
        "engine": "vllm",
        "engine_version": "0.19.0",
        "model": "llama-3.1-70b",
        "gpu": "h200-sxm",
        "num_gpus": 1,
        "tp": 1,
        "weight_precision": "fp8",
        "input_tokens": 1024,
        "output_tokens": 8192,
        "load": {"mode": "concurrency", "concurrency": 32},
    }
    row.update(changes)
    return BenchmarkScenario.model_validate(row)


def test_paged_kv_holds_sequences_at_their_average_length(catalog: Catalog) -> None:
    """70B FP8 on one H200 holds about 40 sequences of 9,216 tokens, but 32 clients at
    1,024 in / 8,192 out hold 5,120 tokens each on average: vLLM runs all of them, while
    TensorRT-LLM's default policy reserves the whole length and queues the rest."""
    vllm = predict_benchmark(catalog, _row(), CURRENT_CALIBRATION)
    trt = predict_benchmark(
        catalog, _row(engine="tensorrt-llm", engine_version="1.2.0"), CURRENT_CALIBRATION
    )
    assert vllm["batch"] == 32 and vllm["batch_limit"] == "offered load"
    assert trt["max_concurrency"] < 32 * 9216 / 5120
    full_length_fits = trt["max_concurrency"]
    overflow = predict_benchmark(
        catalog,
        _row(
            engine="tensorrt-llm",
            engine_version="1.2.0",
            load={"mode": "concurrency", "concurrency": full_length_fits + 10},
        ),
        CURRENT_CALIBRATION,
    )
    assert overflow["batch"] == full_length_fits
    assert overflow["batch_limit"] == "KV cache memory"
    # Ten requests wait for a slot: their first token comes a good while later, not never.
    assert overflow["ttft_ms"] > 10 * trt["ttft_ms"]


def test_expert_and_attention_parallel_rows_are_read_as_one_instance(catalog: Catalog) -> None:
    row = _row(
        model="deepseek-r1",
        gpu="b200",
        weight_precision="fp4",
        engine="tensorrt-llm",
        engine_version="1.2.0",
        num_gpus=16,
        tp=1,
        ep=8,
        attention_dp=8,
        load={"mode": "concurrency", "concurrency": 64},
    )
    got = predict_benchmark(catalog, row, CURRENT_CALIBRATION)
    assert got["replicas"] == 2
    assert got["layout"] == "TP 8 × EP 8, attention data-parallel 8"


def test_an_ep_that_does_not_divide_the_stage_is_refused() -> None:
    with pytest.raises(ValueError, match="ep 3 does not divide"):
        _row(num_gpus=4, tp=4, ep=3)
    with pytest.raises(ValueError, match="tp x pp x attention_dp = 8"):
        _row(num_gpus=12, tp=2, attention_dp=4)


def test_data_parallel_attention_keeps_each_ranks_own_kv(catalog: Catalog) -> None:
    """DeepSeek's latent KV has one head: under TP every GPU keeps a copy of it for every
    sequence, under attention DP each GPU keeps only its own sequences'."""
    tp8 = resolve_deployment(
        catalog, "deepseek-r1", "b200", "sglang", "fp4", "fp8", 8, 1, PerformanceAssumptions()
    )
    dp8 = resolve_deployment(
        catalog,
        "deepseek-r1",
        "b200",
        "sglang",
        "fp4",
        "fp8",
        1,
        1,
        PerformanceAssumptions(),
        attention_dp=8,
        ep=8,
    )
    assert dp8.gpus == tp8.gpus == 8
    assert float(dp8.sequence_bytes_per_gpu(4096)) == pytest.approx(
        float(tp8.sequence_bytes_per_gpu(4096))
    )
    assert dp8.attention_ranks == 8 and tp8.attention_ranks == 1


def test_no_band_reaches_below_the_physical_floor(catalog: Catalog) -> None:
    """One H200 reads 72.7 GB of Llama 3.1 70B FP8 weights at 4.8 TB/s at best: about
    15 ms a token at batch 1, whatever the residuals allow."""
    dep = resolve_deployment(
        catalog, "llama-3.1-70b", "h200-sxm", "vllm", "fp8", "fp8", 1, 1, PerformanceAssumptions()
    )
    floor = physical_floor(dep, 1.0, 128, 128)
    assert floor.tpot_s * 1e3 == pytest.approx(72.7 / 4.8, rel=0.05)
    got = predict_benchmark(
        catalog,
        _row(input_tokens=128, output_tokens=128, load={"mode": "concurrency", "concurrency": 1}),
        CURRENT_CALIBRATION,
    )
    assert got["tpot_ms_low"] >= floor.tpot_s * 1e3 * 0.999
    assert got["tpot_ms_low"] <= got["tpot_ms"] <= got["tpot_ms_high"]


def test_a_first_token_waits_the_iterations_an_overlap_scheduler_planned_ahead(
    deploy: Any,
) -> None:
    """Two iterations of wait add two decode steps of the running batch to TTFT, nothing to
    TPOT: 64 sequences of Llama 3.1 70B on 8 x H200."""
    dep = deploy("llama-3.1-70b", "h200-sxm", tp=8)
    waiting = _with(dep, dep.assumptions.model_copy(update={"first_token_wait_steps": 2.0}))
    args = (64.0, 1024.0, 1024.0, 8192.0, 0.0)
    plain, waited = steady_state(dep, *args), steady_state(waiting, *args)
    decode_s = float(plain.decode_step.total_s)
    assert float(waited.ttft_s) == pytest.approx(float(plain.ttft_s) + 2 * decode_s)
    assert float(waited.tpot_s) == pytest.approx(float(plain.tpot_s))
    cohort, cohort_waited = lockstep_cohort(dep, *args), lockstep_cohort(waiting, *args)
    assert float(cohort_waited.ttft_s) == pytest.approx(float(cohort.ttft_s) + 2 * decode_s)


def test_a_concurrency_run_of_ten_rounds_starts_a_tenth_of_its_requests_together(
    catalog: Catalog,
) -> None:
    """NVIDIA's recipe sends 10 x concurrency requests: the starting cohort is a tenth of the
    mean TTFT at 4 in flight and at 64 alike, where a fixed run length made it grow."""
    calibration = CALIBRATIONS["2026.12.1"]
    era = calibration.era("vllm", "0.19.0")
    assert era is not None and era.values["concurrency_run_rounds"] == 10.0
    assumptions = calibration.performance_for("vllm", "0.19.0")
    dep = resolve_deployment(
        catalog,
        "llama-3.1-70b",
        "h200-sxm",
        "vllm",
        "fp8",
        None,
        1,
        1,
        assumptions,
        engine_version="0.19.0",
    )
    overhead_s = assumptions.request_overhead_ms * 1e-3
    for concurrency in (4, 64):
        row = _row(output_tokens=1024, load={"mode": "concurrency", "concurrency": concurrency})
        got = predict_benchmark(catalog, row, calibration)
        args = (dep, float(concurrency), 1024.0, 1024.0, 8192.0, 0.0)
        cohort, steady = lockstep_cohort(*args), steady_state(*args)
        mean_s = overhead_s + 0.1 * float(cohort.ttft_s) + 0.9 * float(steady.ttft_s)
        assert got["ttft_ms"] == pytest.approx(1e3 * mean_s)


def _run_share(rounds: float, warmup: float, persistence: float) -> float:
    assumptions = PerformanceAssumptions(
        concurrency_run_rounds=rounds,
        concurrency_warmup_rounds=warmup,
        cohort_persistence=persistence,
    )
    return float(lockstep_share(assumptions, 64.0))


def test_a_cohort_that_dissolves_in_one_round_is_one_round_of_the_run() -> None:
    """Without persistence the starting cohort is the first round: 1 / 10 of a 10-round run
    (2026.12.2's reading); a warm-up of 2 rounds takes it out of what is measured."""
    assert _run_share(10.0, 0.0, 0.0) == pytest.approx(0.1)
    assert _run_share(50.0, 0.0, 0.0) == pytest.approx(0.02)
    assert _run_share(50.0, 2.0, 0.0) == 0.0


def test_a_persisting_cohort_is_the_sum_of_what_survives_each_measured_round() -> None:
    """Rounds 2 to 51 of aiconfigurator's run (50 measured after 2 of warm-up) keep 0.854^2,
    0.854^3, ... of the cohort: 0.854^2 x (1 - 0.854^50) / (1 - 0.854) / 50 = 0.0999, the
    share a 10-round run without persistence had."""
    expected = 0.854**2 * (1 - 0.854**50) / (1 - 0.854) / 50
    assert expected == pytest.approx(0.0999, abs=1e-4)
    assert _run_share(50.0, 2.0, 0.854) == pytest.approx(expected)
    # Summed round by round, as the closed form says.
    by_round = sum(0.854**k for k in range(2, 52)) / 50
    assert _run_share(50.0, 2.0, 0.854) == pytest.approx(by_round)


def test_the_2025_26_eras_run_the_harness_length_with_a_persisting_cohort() -> None:
    """Calibration 2026.12.3 reads the rows' runs as the harness sends them (50 rounds after 2
    of warm-up) and keeps each engine's measured cohort share of 2026.12.2."""
    before, now = CALIBRATIONS["2026.12.2"], CALIBRATIONS["2026.12.3"]
    for engine, version in (("tensorrt-llm", "1.2.0"), ("vllm", "0.19.0"), ("sglang", "0.5.9")):
        old, new = before.performance_for(engine, version), now.performance_for(engine, version)
        assert (new.concurrency_run_rounds, new.concurrency_warmup_rounds) == (50.0, 2.0)
        old_share = float(lockstep_share(old, 64.0))
        assert float(lockstep_share(new, 64.0)) == pytest.approx(old_share, rel=0.01)


def test_moe_layers_add_their_fixed_cost_to_every_iteration(deploy: Any) -> None:
    """30 µs per MoE layer adds 30 µs x 94 layers = 2.82 ms to a Qwen3-235B step on one GPU,
    at one sequence as at 64; a dense model's step does not change."""
    from aisle_desktop.sizing.engine import iteration_time

    moe = deploy("qwen3-235b-a22b", "b200", tp=8)
    costly = _with(moe, moe.assumptions.model_copy(update={"moe_layer_overhead_us": 30.0}))
    assert moe.model.moe is not None and moe.model.moe.num_moe_layers == 94
    for batch in (1.0, 64.0):
        extra = iteration_time(costly, batch, 2048.0, 0.0, 0.0).total_s
        extra = float(extra) - float(iteration_time(moe, batch, 2048.0, 0.0, 0.0).total_s)
        assert extra == pytest.approx(94 * 30e-6)
    dense = deploy("llama-3.1-70b", "h200-sxm", tp=8)
    costly_dense = _with(
        dense, dense.assumptions.model_copy(update={"moe_layer_overhead_us": 30.0})
    )
    assert float(iteration_time(costly_dense, 8.0, 2048.0, 0.0, 0.0).total_s) == pytest.approx(
        float(iteration_time(dense, 8.0, 2048.0, 0.0, 0.0).total_s)
    )


def test_an_iteration_larger_than_the_largest_cuda_graph_pays_its_launches(
    deploy: Any,
) -> None:
    """TensorRT-LLM 1.x captures decode batches up to 128: a decode step of 64 (or of 256,
    padded) replays a graph, one that carries a 1,024-token prefill chunk launches 80
    layers' kernels at 100 µs a layer, 8 ms more."""
    from aisle_desktop.sizing.engine import iteration_time

    dep = deploy("llama-3.1-70b", "h200-sxm", tp=8, engine="tensorrt-llm")
    dep = dataclasses.replace(
        dep, engine=dep.engine.model_copy(update={"cuda_graph_max_batch": 128})
    )
    eager = _with(dep, dep.assumptions.model_copy(update={"eager_layer_overhead_us": 100.0}))

    def extra_s(decode_seqs: float, prefill_tokens: float) -> float:
        args = (decode_seqs, 2048.0, prefill_tokens, 512.0)
        return float(iteration_time(eager, *args).total_s) - float(
            iteration_time(dep, *args).total_s
        )

    assert extra_s(64.0, 0.0) == pytest.approx(0.0)
    assert extra_s(64.0, 1024.0) == pytest.approx(80 * 100e-6)
    assert extra_s(256.0, 0.0) == pytest.approx(0.0)


def test_a_mixed_eager_iteration_launches_each_mla_layers_generation_path_too(
    deploy: Any,
) -> None:
    """TensorRT-LLM's MLA runs a prompt through its context path and the decodes beside it
    through a separate generation path: DeepSeek-V3's 61 MLA layers at 100 µs a layer's
    launches pay 6.1 ms for a lone 1,024-token prompt and 12.2 ms when 4 sequences decode
    beside it; Llama's GQA attention takes both in one call and pays 8 ms either way. A
    decode step replays its graph and pays nothing."""
    from aisle_desktop.sizing.engine import iteration_time

    def extra_s(model: str, layers: float, decode_seqs: float, prefill: float) -> float:
        dep = deploy(model, "b200", tp=8, engine="tensorrt-llm")
        dep = dataclasses.replace(
            dep, engine=dep.engine.model_copy(update={"cuda_graph_max_batch": 128})
        )
        base = dep.assumptions.model_copy(
            update={"eager_layer_overhead_us": 0.0, "mixed_mla_launch_layers": 0.0}
        )
        eager = base.model_copy(
            update={"eager_layer_overhead_us": 100.0, "mixed_mla_launch_layers": layers}
        )
        args = (decode_seqs, 2048.0, prefill, 512.0)
        return float(iteration_time(_with(dep, eager), *args).total_s) - float(
            iteration_time(_with(dep, base), *args).total_s
        )

    assert extra_s("deepseek-v3", 1.0, 0.0, 1024.0) == pytest.approx(61 * 100e-6)
    assert extra_s("deepseek-v3", 1.0, 4.0, 1024.0) == pytest.approx(2 * 61 * 100e-6)
    assert extra_s("deepseek-v3", 0.0, 4.0, 1024.0) == pytest.approx(61 * 100e-6)
    assert extra_s("deepseek-v3", 1.0, 64.0, 0.0) == pytest.approx(0.0)
    assert extra_s("llama-3.1-70b", 1.0, 4.0, 1024.0) == pytest.approx(80 * 100e-6)
    assert extra_s("llama-3.1-70b", 1.0, 0.0, 1024.0) == pytest.approx(80 * 100e-6)


def test_only_tensorrt_llms_era_launches_mla_paths_apart() -> None:
    """The two paths are read from TensorRT-LLM's MLA; vLLM's and SGLang's eras and every
    release before the 2025-26 eras keep one layer's launches."""
    assert (
        CURRENT_CALIBRATION.performance_for("tensorrt-llm", "1.2.0").mixed_mla_launch_layers == 1.0
    )
    for engine, version in (("vllm", "0.19.0"), ("sglang", "0.5.9"), ("tensorrt-llm", "0.17")):
        assumptions = CURRENT_CALIBRATION.performance_for(engine, version)
        assert assumptions.mixed_mla_launch_layers == 0.0


def test_an_eras_title_names_its_first_release_once() -> None:
    for era in CURRENT_CALIBRATION.eras:
        assert era.title.count(f"({era.first_release} and later") == 1, era.title
    # An era cut off by a later one names where it ends: vLLM's before 0.14 (2026.12.52).
    titles = [era.title for era in CURRENT_CALIBRATION.eras if era.engine_id == "vllm"]
    assert titles == [
        "vLLM V1 engine (0.10 and later, before 0.14)",
        "vLLM V1 engine (0.14 and later)",
    ]
    shown = CURRENT_CALIBRATION.as_assumptions("vllm", "0.19.0")
    sources = [a.source for a in shown if "fitted to the 2025-26" in a.source]
    # vLLM's era is cut at 0.14 since calibration 2026.12.52 (earlier releases schedule in turn).
    assert sources and all(s.count("(0.14 and later)") == 1 for s in sources)
