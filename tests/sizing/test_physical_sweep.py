"""Physical checks of `predict` over combinations no validation line holds.

The model is judged on measurements it has never seen: other models, GPUs, engines and
layouts. A seeded sample of catalog models x GPUs x each engine's oldest and newest release,
each at the smallest tensor-parallel split that holds it (what a planner buying the fewest
GPUs gets), goes along ladders of prompt (128-32,768 tokens), answer (64-8,192) and clients
(1-1,024), each step doubling. Whatever the lengths and load, the figures must stay what
physics allows: finite and non-negative; a longer prompt never gives an earlier first token;
more clients never shorten the gap between tokens; no doubling is a cliff unless a cap that
`batch_limit` names binds; output never beats the roofline of the GPUs' memory bandwidth and
compute; a KV cache that overflows (queueing or preemption, both named) costs latency, not
the throughput already reached; 8-bit weights on GPUs with 8-bit units are not slower than
16-bit ones once a batch shares the weight reads; and twice the GPUs in tensor parallel are
slower for one client only by what their all-reduces cost.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import iteration_time
from aisle_desktop.sizing.validation.benchmark_predict import (
    ResolvedReplicas,
    predict_benchmarks,
)
from aisle_desktop.sizing.validation.benchmark_scenario import BenchmarkScenario

PROMPTS = (128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768)
ANSWERS = (64, 128, 256, 512, 1024, 2048, 4096, 8192)
CLIENTS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
SPLITS = (1, 2, 4, 8)
SAMPLED_REPLICAS = 40
SEED = 20261207
# Rounding between two figures a ladder step apart; anything larger is a finding.
SLACK = 1.02
# Bytes a weight takes in the narrowest form of each precision (the roofline's bound).
WEIGHT_BYTES = {"fp32": 4, "bf16": 2, "fp16": 2, "fp8": 1, "int8": 1}
NARROWEST_BYTES = 0.5  # 4-bit weights


@dataclass(frozen=True)
class Replica:
    engine: str
    release: str | None
    model: str
    gpu: str
    precision: str
    tp: int

    def line(self, prompt: int, answer: int, clients: int) -> dict[str, Any]:
        return {
            "id": f"{self.model}-{self.gpu}-{self.engine}-{prompt}-{answer}-{clients}",
            "engine": self.engine,
            "engine_version": self.release,
            "model": self.model,
            "gpu": self.gpu,
            "num_gpus": self.tp,
            "tp": self.tp,
            "weight_precision": self.precision,
            "input_tokens": prompt,
            "output_tokens": answer,
            "load": {"mode": "concurrency", "concurrency": clients},
        }


def _predicted(
    catalog: Catalog, resolved: ResolvedReplicas, lines: list[dict[str, Any]]
) -> list[dict[str, Any] | None]:
    """Each line's figures, None where it does not fit or cannot be predicted."""
    scenarios = [BenchmarkScenario.model_validate(line) for line in lines]
    answers = predict_benchmarks(catalog, scenarios, CURRENT_CALIBRATION, resolved)
    return [a if isinstance(a, dict) and a.get("fits") else None for a in answers]


def _candidates(catalog: Catalog) -> Iterator[tuple[str, str | None, str, str]]:
    """(engine, release, model, GPU) of every engine's oldest and newest release."""
    for engine in sorted(catalog.engines.values(), key=lambda e: e.id):
        releases: list[str | None] = [r.version for r in engine.releases] or [None]
        for release in dict.fromkeys((releases[0], releases[-1])):
            for model in sorted(catalog.models):
                if catalog.models[model].kind != "llm":
                    continue
                for gpu in sorted(catalog.gpus):
                    yield engine.id, release, model, gpu


@pytest.fixture(scope="module")
def resolved(catalog: Catalog) -> ResolvedReplicas:
    return ResolvedReplicas(catalog, CURRENT_CALIBRATION)


@pytest.fixture(scope="module")
def replicas(catalog: Catalog, resolved: ResolvedReplicas) -> list[Replica]:
    """The sample: each at the smallest split of 1-8 GPUs that holds 2,048 / 512."""
    drawn = random.Random(SEED).sample(list(_candidates(catalog)), 4 * SAMPLED_REPLICAS)
    probes = [
        Replica(engine, release, model, gpu, catalog.models[model].native_precision, tp)
        for engine, release, model, gpu in drawn
        for tp in SPLITS
    ]
    fits = _predicted(catalog, resolved, [probe.line(2048, 512, 1) for probe in probes])
    chosen = []
    for first in range(0, len(probes), len(SPLITS)):
        splits = zip(
            probes[first : first + len(SPLITS)], fits[first : first + len(SPLITS)], strict=True
        )
        smallest = next((probe for probe, fit in splits if fit is not None), None)
        if smallest is not None:
            chosen.append(smallest)
    assert len(chosen) >= SAMPLED_REPLICAS
    return chosen[:SAMPLED_REPLICAS]


# (line, its figures) at each step that fits.
Ladder = list[tuple[dict[str, Any], dict[str, Any]]]
Ladders = list[tuple[Replica, Ladder]]


def _ladders(
    catalog: Catalog,
    resolved: ResolvedReplicas,
    replicas: list[Replica],
    steps: tuple[int, ...],
    line: Any,
) -> Ladders:
    """Each replica's figures along `steps` (`line(replica, step)` builds a line), keeping
    the steps that fit."""
    lines = [line(replica, step) for replica in replicas for step in steps]
    answers = iter(_predicted(catalog, resolved, lines))
    asked = iter(lines)
    ladders = []
    for replica in replicas:
        rungs = [(next(asked), next(answers)) for _ in steps]
        ladders.append((replica, [(asked_line, a) for asked_line, a in rungs if a is not None]))
    return ladders


def _pairs(ladder: Ladder) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Figures of neighbouring steps (the lower step's, the higher's)."""
    for (_, below), (_, above) in itertools.pairwise(ladder):
        yield below, above


def _never_falls(ladders: Ladders, figure: str) -> None:
    """`figure` at each step of every ladder is at least the step below's (within rounding)."""
    for _, ladder in ladders:
        for below, above in _pairs(ladder):
            assert above[figure] * SLACK >= below[figure], (below["id"], above["id"], figure)


@pytest.fixture(scope="module")
def by_prompt(catalog: Catalog, resolved: ResolvedReplicas, replicas: list[Replica]) -> Ladders:
    return _ladders(catalog, resolved, replicas, PROMPTS, lambda r, p: r.line(p, 512, 8))


@pytest.fixture(scope="module")
def by_clients(catalog: Catalog, resolved: ResolvedReplicas, replicas: list[Replica]) -> Ladders:
    return _ladders(catalog, resolved, replicas, CLIENTS, lambda r, c: r.line(2048, 512, c))


@pytest.fixture(scope="module")
def alone_by_prompt(
    catalog: Catalog, resolved: ResolvedReplicas, replicas: list[Replica]
) -> Ladders:
    return _ladders(catalog, resolved, replicas, PROMPTS, lambda r, p: r.line(p, 512, 1))


@pytest.fixture(scope="module")
def alone_by_answer(
    catalog: Catalog, resolved: ResolvedReplicas, replicas: list[Replica]
) -> Ladders:
    return _ladders(catalog, resolved, replicas, ANSWERS, lambda r, a: r.line(2048, a, 1))


def test_the_sample_covers_every_engine_and_both_kinds_of_model(
    catalog: Catalog, replicas: list[Replica]
) -> None:
    assert {r.engine for r in replicas} >= {"vllm", "sglang", "tensorrt-llm"}
    assert any(catalog.models[r.model].moe for r in replicas)
    assert any(not catalog.models[r.model].moe for r in replicas)
    assert any(r.tp > 1 for r in replicas)


def test_every_figure_is_finite_and_not_negative(by_prompt: Ladders, by_clients: Ladders) -> None:
    for _, ladder in by_prompt + by_clients:
        for _, answer in ladder:
            for name in ("ttft_ms", "tpot_ms", "output_tokens_per_s", "e2e_latency_s"):
                value = answer[name]
                assert math.isfinite(value) and value >= 0.0, (answer["id"], name, value)


def test_a_longer_prompt_never_brings_the_first_token_sooner(
    by_prompt: Ladders, alone_by_prompt: Ladders
) -> None:
    _never_falls(by_prompt + alone_by_prompt, "ttft_ms")


def test_one_client_waits_longer_between_tokens_at_a_longer_context(
    alone_by_prompt: Ladders,
) -> None:
    _never_falls(alone_by_prompt, "tpot_ms")


@pytest.mark.xfail(
    strict=True,
    reason="found, not fixed: `steady_state` spreads every running sequence's prompt over "
    "the answer's steps, a closed loop's own request's too (its TTFT holds it already), so "
    "one client's shorter answer carries more of its own prefill a token; see "
    "docs/calibration.md, not shipped (acc40)",
)
def test_one_client_waits_no_less_between_tokens_for_a_longer_answer(
    alone_by_answer: Ladders,
) -> None:
    _never_falls(alone_by_answer, "tpot_ms")


def test_more_clients_never_shorten_the_gap_between_tokens(by_clients: Ladders) -> None:
    _never_falls(by_clients, "tpot_ms")


def test_past_sixteen_clients_more_never_bring_the_first_token_sooner(by_clients: Ladders) -> None:
    for _, ladder in by_clients:
        for (line, below), (_, above) in itertools.pairwise(ladder):
            if line["load"]["concurrency"] >= 16:
                assert above["ttft_ms"] * SLACK >= below["ttft_ms"], (below["id"], above["id"])


def test_no_doubling_is_a_cliff_where_no_cap_binds(
    by_prompt: Ladders, alone_by_prompt: Ladders, by_clients: Ladders
) -> None:
    """Twice the prompt or the clients at most doubles the prefill and decode work (and the
    prompt's attention, quadratic, is a part of it): where both lines run at the offered load,
    no cap binding, neither TTFT nor TPOT may grow more than 3x. Past a cap, a queue or
    preemption (named by `batch_limit`) may, as the overflow test bounds."""
    for _, ladder in by_prompt + alone_by_prompt + by_clients:
        for below, above in _pairs(ladder):
            if below["batch_limit"] != "offered load" or above["batch_limit"] != "offered load":
                continue
            for figure in ("ttft_ms", "tpot_ms"):
                assert above[figure] <= 3.0 * below[figure], (below["id"], above["id"], figure)


def test_an_overflowing_cache_costs_latency_not_the_throughput_reached(by_clients: Ladders) -> None:
    """Queueing and preemption (`kv_overflow`) are named: twice the clients may wait or be
    preempted, but the replica keeps serving at least two thirds of what it served; a gap
    between tokens grows at most with the clients sharing the cache, plus their recompute."""
    for _, ladder in by_clients:
        for below, above in _pairs(ladder):
            ids = (below["id"], above["id"])
            assert above["output_tokens_per_s"] >= below["output_tokens_per_s"] * 2 / 3, ids
            assert above["tpot_ms"] <= below["tpot_ms"] * 3.0, ids


def test_output_never_beats_the_roofline(
    catalog: Catalog, by_prompt: Ladders, by_clients: Ladders
) -> None:
    """Every token needs 2 x active parameters of FLOPs at the GPUs' fastest rate, and every
    decode step reads the active weights at least once at the narrowest width."""
    for replica, ladder in by_prompt + by_clients:
        model, gpu = catalog.models[replica.model], catalog.gpus[replica.gpu]
        active = (model.active_params_b or model.total_params_b) * 1e9
        peak = max(rate or 0.0 for rate in (gpu.bf16_tflops, gpu.fp8_tflops, gpu.fp4_tflops))
        compute_tokens_per_s = replica.tp * peak * 1e12 / (2.0 * active)
        width = WEIGHT_BYTES.get(replica.precision, NARROWEST_BYTES)
        step_s = active * width / (replica.tp * gpu.memory_bandwidth_tbps * 1e12)
        for line, answer in ladder:
            prompt, out = line["input_tokens"], line["output_tokens"]
            total = answer["output_tokens_per_s"] * (prompt + out) / out
            assert total <= compute_tokens_per_s, answer["id"]
            assert answer["output_tokens_per_s"] <= answer["batch"] / step_s, answer["id"]


def test_eight_bit_weights_are_not_slower_once_a_batch_shares_the_reads(
    catalog: Catalog, resolved: ResolvedReplicas, replicas: list[Replica]
) -> None:
    """At 64 clients and the same split, FP8 reads half the weight bytes and runs its GEMMs
    at twice the rate on a GPU with FP8 units; its quantisation kernels cost a fixed time a
    layer, which a batch shares."""
    pairs = [
        (replace(r, precision="bf16"), replace(r, precision="fp8"))
        for r in replicas
        if catalog.models[r.model].native_precision in ("bf16", "fp16")
        and (catalog.gpus[r.gpu].fp8_tflops or 0.0) > catalog.gpus[r.gpu].bf16_tflops
    ]
    assert len(pairs) >= 5
    lines = [each.line(2048, 512, 64) for pair in pairs for each in pair]
    answers = _predicted(catalog, resolved, lines)
    compared = 0
    for sixteen, eight in zip(answers[::2], answers[1::2], strict=True):
        if sixteen is None or eight is None or sixteen["batch"] != eight["batch"]:
            continue
        compared += 1
        for name in ("ttft_ms", "tpot_ms"):
            assert eight[name] <= sixteen[name] * SLACK, (eight["id"], name)
    assert compared >= 5


def test_twice_the_gpus_are_slower_for_one_client_only_by_their_all_reduces(
    catalog: Catalog, resolved: ResolvedReplicas, replicas: list[Replica]
) -> None:
    """One client's step reads each GPU's share of the weights: doubling TP halves it and
    adds all-reduces (more GPUs, more rounds); nothing else may make the step longer."""
    pairs = [(r, replace(r, tp=2 * r.tp)) for r in replicas if r.tp < 8]
    lines = [each.line(2048, 512, 1) for pair in pairs for each in pair]
    answers = _predicted(catalog, resolved, lines)
    compared = 0
    for (_, doubled), fewer, more in zip(pairs, answers[::2], answers[1::2], strict=True):
        if fewer is None or more is None:
            continue
        compared += 1
        line = BenchmarkScenario.model_validate(doubled.line(2048, 512, 1))
        step = iteration_time(resolved.replica(line).dep, 1.0, 2048 + 256, 0.0, 0.0)
        allowed_ms = fewer["tpot_ms"] + 1e3 * (step.allreduce_s + step.pipeline_s)
        assert more["tpot_ms"] <= allowed_ms * SLACK, more["id"]
    assert compared >= 5


def _one(catalog: Catalog, resolved: ResolvedReplicas, line: dict[str, Any]) -> dict[str, Any]:
    answer = _predicted(catalog, resolved, [line])[0]
    assert answer is not None
    return answer


def test_a_single_clients_gap_between_tokens_holds_no_prefill(
    catalog: Catalog, resolved: ResolvedReplicas
) -> None:
    """DeepSeek-R1 FP8 on 8 x B200, SGLang 0.4, one client, 32,768-token prompts: nothing
    else runs, so its answer's steps are decode steps whatever the answer's length. The
    model gave 15.5 ms a token at 64 and 9.8 ms at 512: the starting cohort's even spread
    put 1.5 of its own prompt's four iterations between its tokens (`lockstep_cohort`); now
    9.04 ms at both, and the first token after all four iterations (705 ms to 1,125 ms)."""
    one = Replica("sglang", "0.4", "deepseek-r1", "b200", "fp8", 8)
    short = _one(catalog, resolved, one.line(32768, 64, 1))
    longer = _one(catalog, resolved, one.line(32768, 512, 1))
    assert short["tpot_ms"] <= longer["tpot_ms"] * SLACK


@pytest.mark.xfail(
    strict=True,
    reason="found, not fixed: an all-reduce just past the engine's 8 MiB custom-kernel "
    "limit gets NCCL's full large-message speed at once (`allreduce_bandwidth_bps`), so "
    "a bigger iteration is quicker; see docs/calibration.md, not shipped (acc40)",
)
def test_a_larger_iteration_is_never_quicker_across_the_all_reduce_handoff(
    catalog: Catalog, resolved: ResolvedReplicas
) -> None:
    """DeepSeek-V3.2 FP8 on 8 x H100 NVL, vLLM 0.32: 64 decodes and a 520-token prompt lump
    all-reduce 584 tokens (8.37 MB, under 8 MiB: the engine's kernel), with a 528-token lump
    592 tokens (8.49 MB: NCCL at `allreduce_large_message_factor` x its speed). The larger
    iteration took 127 ms against 189 ms; in `predict` at 512 / 64, 66 clients gave 123.8 ms
    TPOT and 45% more output than 65 clients' 179.5 ms."""
    replica = Replica("vllm", "0.32", "deepseek-v3.2", "h100-nvl", "fp8", 8)
    line = BenchmarkScenario.model_validate(replica.line(512, 64, 65))
    dep = resolved.replica(line).dep
    smaller = iteration_time(dep, 64.0, 544.0, 520.0, 256.0, 512.0)
    larger = iteration_time(dep, 64.0, 544.0, 528.0, 256.0, 512.0)
    assert larger.total_s >= smaller.total_s
