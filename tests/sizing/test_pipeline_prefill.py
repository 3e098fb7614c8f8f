"""Under pipeline parallel a prompt rides one micro-batch through every stage (calibration
2026.12.11): a lone prompt takes the whole model's time, and TTFT never falls as load rises."""

from __future__ import annotations

import dataclasses
import itertools
import math
from typing import Any

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import iteration_time
from aisle_desktop.sizing.engine.serving import steady_state
from aisle_desktop.sizing.engine.steptime import (
    heaviest_micro_batch,
    host_and_gpu_s,
    stage_step_time,
)
from aisle_desktop.sizing.engine.tail_latency import TailLatency
from aisle_desktop.sizing.planning import plan_tail_latency, size_scenario
from aisle_desktop.sizing.validation import predict_benchmarks
from aisle_desktop.sizing.validation.benchmark_scenario import BenchmarkScenario


def _whole(dep: Any, whole: float = 1.0) -> Any:
    assumptions = dep.assumptions.model_copy(update={"pipeline_whole_prompts": whole})
    return dataclasses.replace(dep, assumptions=assumptions)


@pytest.mark.parametrize(
    ("decode_seqs", "prefill", "piece", "expected"),
    [
        (8.0, 3000.0, 3000.0, (2.0, 3000.0)),  # one prompt: one micro-batch carries it all
        (8.0, 3000.0, 1000.0, (2.0, 1000.0)),  # three prompts over four micro-batches
        (8.0, 8000.0, 1000.0, (2.0, 2000.0)),  # eight prompts: two in each
        (0.0, 3000.0, 1000.0, (0.0, 1000.0)),  # three prompts alone: three micro-batches
        (0.0, 3000.0, 3000.0, (0.0, 3000.0)),  # a lone prompt, nothing decoding
        (1.0, 3000.0, 3000.0, (0.5, 3000.0)),  # one decode and one prompt: two micro-batches
    ],
)
def test_a_prompt_is_never_split_between_micro_batches(
    decode_seqs: float, prefill: float, piece: float, expected: tuple[float, float]
) -> None:
    assert heaviest_micro_batch(4, decode_seqs, prefill, piece) == pytest.approx(expected)


def test_before_2026_12_11_the_prompt_was_spread_over_the_decodes_micro_batches() -> None:
    assert heaviest_micro_batch(4, 8.0, 3000.0, 3000.0, 0.0) == (2.0, 750.0)
    assert heaviest_micro_batch(4, 1.0, 3000.0, 3000.0, 0.0) == (1.0, 3000.0)
    assert CALIBRATIONS["2026.12.10"].performance_for("vllm", "0.19").pipeline_whole_prompts == 0
    assert CURRENT_CALIBRATION.performance_for("sglang", "0.5.9").pipeline_whole_prompts == 1


def test_a_lone_prompt_takes_the_whole_models_time_beside_any_decodes(deploy: Any) -> None:
    """Qwen3.5-27B FP8 on two H100 as TP 1 × PP 2 (vLLM), a 4,096-token prompt beside one or
    two decoding sequences: the prompt passes both stages in one micro-batch, so the step
    is two stage passes of the whole prompt (with one decode beside it in its micro-batch).
    Before, two decoding sequences made two micro-batches that each took half the prompt,
    and the prefill fell from 257 ms to 154 ms as the load doubled."""
    dep = _whole(deploy("qwen3.5-27b", "h100-sxm", pp=2))
    context = 4096.0 + 256.0
    one = float(iteration_time(dep, 1.0, context, 4096.0, 2048.0, 4096.0).total_s)
    two = float(iteration_time(dep, 2.0, context, 4096.0, 2048.0, 4096.0).total_s)
    stage = stage_step_time(dep, 1.0, context, 4096.0, 2048.0)
    overhead = dep.step_overhead_s + 2.0 * dep.sequence_overhead_s
    expected = host_and_gpu_s(2.0 * float(stage.total_s), overhead, dep) * dep.step_multiplier
    assert two == pytest.approx(expected, rel=1e-12)
    assert two >= one
    spread = _whole(dep, 0.0)
    halved = float(iteration_time(spread, 2.0, context, 4096.0, 2048.0, 4096.0).total_s)
    assert halved < 0.7 * two


@pytest.mark.parametrize("pp", [1, 2, 4, 8])
@pytest.mark.parametrize(
    ("model", "gpu"), [("llama-3.1-70b", "h200-sxm"), ("qwen3.5-35b-a3b", "h100-sxm")]
)
@pytest.mark.parametrize(
    ("input_tokens", "output_tokens"), [(4096, 512), (1024, 1024), (128, 2048), (16000, 200)]
)
@pytest.mark.parametrize("poisson", [False, True])
def test_steady_ttft_never_falls_as_more_requests_are_in_flight(
    deploy: Any,
    pp: int,
    model: str,
    gpu: str,
    input_tokens: int,
    output_tokens: int,
    poisson: bool,
) -> None:
    """Every in-flight count from 1 to 512, each pipeline depth: the prefill a request waits
    for grows with the work beside it, never shrinks."""
    dep = _whole(deploy(model, gpu, pp=pp))
    batch = np.arange(1.0, 513.0)
    point = steady_state(
        dep, batch, float(input_tokens), float(output_tokens), 8192.0, 0.0, math.inf, poisson
    )
    ttft = np.asarray(point.ttft_s)
    finite = ttft[np.isfinite(ttft)]
    assert len(finite) > 1
    assert np.all(np.diff(finite) >= -1e-12 * finite[1:])


def _concurrency_line(engine: str, pp: int, in_flight: int, input_tokens: int) -> BenchmarkScenario:
    return BenchmarkScenario.model_validate(
        {
            "id": f"c{in_flight}",
            "engine": engine,
            "model": "llama-3.1-70b",
            "gpu": "h100-sxm",
            "weight_precision": "fp8",
            "input_tokens": input_tokens,
            "output_tokens": 512,
            "load": {"mode": "concurrency", "concurrency": in_flight},
            "num_gpus": pp,
            "tp": 1,
            "pp": pp,
        }
    )


@pytest.mark.parametrize("engine", ["vllm", "tensorrt-llm", "sglang"])
@pytest.mark.parametrize("pp", [2, 4, 8])
@pytest.mark.parametrize("input_tokens", [1024, 4096])
def test_predicted_ttft_never_falls_while_the_cohort_fits_one_iteration(
    catalog: Catalog, engine: str, pp: int, input_tokens: int
) -> None:
    """`predict` on a fixed concurrency, 1 to 8 requests in flight (whose starting cohort fits
    one token budget: past it, the cohort's iterations split their prompts evenly, which dips
    at each budget boundary at any pipeline depth, docs/calibration.md)."""
    lines = [_concurrency_line(engine, pp, n, input_tokens) for n in range(1, 9)]
    answers = predict_benchmarks(catalog, lines, CURRENT_CALIBRATION)
    ttft = [answer["ttft_ms"] for answer in answers if isinstance(answer, dict)]
    assert len(ttft) == 8
    assert all(later >= earlier for earlier, later in itertools.pairwise(ttft))


def _at_split(tp: int, pp: int) -> Any:
    base = preset_scenario("llama-70b-rag")
    load = base.workload.load.model_copy(update={"active_users": 100_000})
    workload = base.workload.model_copy(update={"load": load})
    hardware = base.hardware.model_copy(update={"tp": tp, "pp": pp})
    return base.model_copy(update={"workload": workload, "hardware": hardware})


@pytest.mark.parametrize(("tp", "pp"), [(1, 8), (2, 4), (4, 2)])
def test_headline_tpot_is_not_below_the_simulated_mean_on_pipeline_splits(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, tp: int, pp: int
) -> None:
    """The RAG preset's Llama 3.1 70B at 100,000 active users, split by pipeline: the event
    simulation runs the same micro-batches request by request, and its mean TPOT (before
    the percentiles are lifted to the plan's means) does not exceed the closed form's. With
    prompts spread over the micro-batches TP 1 × PP 8 showed 42.7 ms beside a simulated
    54.6 ms."""
    monkeypatch.setattr(TailLatency, "not_below", lambda self, _ttft, _tpot: self)
    result = size_scenario(catalog, _at_split(tp, pp), CURRENT_CALIBRATION)
    assert result.planned is not None
    tail = plan_tail_latency(result)
    assert tail is not None
    assert tail.tpot_mean_s <= 1.01 * float(result.planned.point.tpot_s)


def test_an_offline_run_fills_every_micro_batch_with_its_wave_of_prompts(deploy: Any) -> None:
    """Maximum throughput of fixed lengths (trtllm-bench): answers started together end
    together, so their successors' prompts fill every micro-batch and no single prompt holds
    up the pipeline. Without pipeline parallel the waves change nothing."""
    args = (185.0, 20000.0, 2000.0, 8192.0, 0.0)
    flat = deploy("llama-3.1-70b", "h100-sxm", tp=8, engine="tensorrt-llm")
    flat = _whole(flat)
    assert steady_state(flat, *args, prompts_in_waves=True) == steady_state(flat, *args)
    piped = _whole(deploy("llama-3.1-70b", "h100-sxm", pp=8, engine="tensorrt-llm"))
    waves = steady_state(piped, *args, prompts_in_waves=True)
    one_by_one = steady_state(piped, *args)
    assert float(waves.tpot_s) < 0.7 * float(one_by_one.tpot_s)
