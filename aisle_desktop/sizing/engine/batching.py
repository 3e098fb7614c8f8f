"""How large a batch one replica runs: what caps it, and what batch a given load needs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aisle_desktop.sizing.engine.arraymath import (
    Number,
    anywhere,
    as_float,
    choose,
    elementwise_max,
    first_smallest,
    given,
)
from aisle_desktop.sizing.engine.deployment import Deployment
from aisle_desktop.sizing.engine.fit import memory_breakdown
from aisle_desktop.sizing.engine.memory import MemoryBreakdown
from aisle_desktop.sizing.engine.replica_memo import kept_by_replica
from aisle_desktop.sizing.engine.serving import steady_state, sustainable_batch

RATE_GRID_POINTS = 96


@dataclass(frozen=True, slots=True)
class BatchLimits:
    """What caps the running batch of one replica, and which cap binds.

    `batch` is what runs without preemption; `admitted` is what an engine that admits by
    prompt (`kv_admission` "occupancy") runs when more are in flight, preempting the excess
    over `batch` (`kv_overflow`); for other engines the two are equal.
    """

    batch: Number
    limit: Number  # a label, or an array of labels
    admitted: Number
    admitted_limit: Number


def batch_limits(
    dep: Deployment,
    memory: MemoryBreakdown,
    input_tokens: Number,
    output_tokens: Number,
    bench: bool,
    per_attention_rank: bool = False,
) -> tuple[BatchLimits, float]:
    """(largest running batch and what binds it, token budget) for this engine; per element
    for arrays of lengths (whose `memory` is theirs).

    An offline benchmark (`bench`) sizes its own caps where the engine's tool does so, e.g.
    trtllm-bench's 4,096 sequences per pipeline stage and 32,768 tokens per iteration. Under
    data-parallel attention each attention rank has its own scheduler and so its own sequence
    cap, online as offline: vLLM runs each data-parallel rank as a separate engine core (its
    data-parallel deployment guide), and TensorRT-LLM's `max_batch_size` is a rank's
    (InferenceX's attention-DP MTP scripts set it to the clients over the ranks, e.g.
    `dsr1_fp4_b200_trt_mtp.sh`). Each rank of a plan's replica (`per_attention_rank`) also has
    its token budget, for each or shared among them as the engine does
    (`attention_dp_token_budget`); `predict`'s online lines keep the replica's one budget
    their eras were fitted with.

    An engine that allocates KV blocks as tokens arrive (vLLM, SGLang) holds a running
    sequence at its average length, input + output / 2, once the requests' starts have
    spread out; one that reserves the whole sequence up front (TensorRT-LLM's default) fits
    only `memory.max_sequences` at full length and queues the rest. The occupancy engines
    (vLLM) admit more, as long as their prompts' blocks fit, and preempt the overflow; a
    "finishable" engine (SGLang) admits only what can finish, those held at the average
    length, and queues the rest.
    """
    engine = dep.engine
    # Arrays of one element a line for engines stacked by `predict`.
    seq_cap = as_float(engine.max_num_seqs)
    budget = as_float(engine.max_num_batched_tokens)
    if bench:
        ranks = dep.attention_ranks
        seq_cap = ranks * as_float(given(engine.offline_max_num_seqs, engine.max_num_seqs)) / dep.pp
        budget = ranks * as_float(
            given(engine.offline_max_num_batched_tokens, engine.max_num_batched_tokens)
        )
    else:
        seq_cap = dep.attention_ranks * seq_cap
        if per_attention_rank and engine.attention_dp_token_budget == "per_rank":
            budget = dep.attention_ranks * budget
    # Per element for stacked replicas of engines that admit both ways (`predict`).
    occupancy: Number = engine.kv_admission == "occupancy"
    as_tokens_arrive: Number = engine.kv_admission != "full_sequence"
    held = as_float(memory.max_sequences)
    prompts = held
    if anywhere(as_tokens_arrive):
        at_mean = as_float(memory_breakdown(dep, input_tokens + output_tokens / 2.0).max_sequences)
        held = choose(as_tokens_arrive, at_mean, held)
        prompts = held
    if anywhere(occupancy):
        at_prompt = as_float(memory_breakdown(dep, input_tokens).max_sequences)
        prompts = choose(occupancy, at_prompt, held)
    others = {
        "engine max sequences": seq_cap,
        "token budget per iteration": sustainable_batch(
            budget, input_tokens, output_tokens, dep.tokens_per_step, dep.verify_tokens
        ),
    }
    limit, batch = _binding({"KV cache memory": held, **others})
    admitted_limit, admitted = _binding({"KV cache memory": prompts, **others})
    limits = BatchLimits(
        batch=batch,
        limit=limit,
        admitted=elementwise_max(batch, admitted),
        admitted_limit=admitted_limit,
    )
    return limits, budget


def _binding(candidates: dict[str, Number]) -> tuple[Number, Number]:
    """The cap that binds, and its batch (at least one sequence)."""
    limit, batch = first_smallest(candidates)
    return limit, elementwise_max(1.0, batch)


def batch_for_rate(
    dep: Deployment,
    rate: float,
    cap: float,
    inp: int,
    out: int,
    budget: float,
    overhead: float,
    ranks_schedule: bool = False,
) -> float:
    """The running batch at which one replica serves `rate` requests/s (Little's law);
    `ranks_schedule` as `steady_state` has it."""
    grid, served = _served_on_grid(dep, cap, inp, out, budget, overhead, ranks_schedule)
    return float(np.interp(rate, served, grid))


def batches_for_rates(
    dep: Deployment,
    rates: list[float],
    caps: list[float],
    inps: list[int],
    outs: list[int],
    budget: float,
    overhead: float,
) -> list[float]:
    """`batch_for_rate` of several lines of one replica (each its rate, cap and lengths):
    the grids of their different caps and lengths go through the model as one array."""
    asked = list(zip(caps, inps, outs, strict=True))
    grids = dict(zip(asked, _served_on_grids(dep, asked, budget, overhead), strict=True))
    return [
        float(np.interp(rate, grids[each][1], grids[each][0]))
        for rate, each in zip(rates, asked, strict=True)
    ]


# A sweep of request rates on one replica asks the same grid for each of its rates.
@kept_by_replica(max_answers=256)
def _served_on_grid(
    dep: Deployment,
    cap: float,
    inp: int,
    out: int,
    budget: float,
    overhead: float,
    ranks_schedule: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """(batches up to `cap` on a log scale, requests/s each serves): read-only, as shared."""
    return _served_on_grids(dep, [(cap, inp, out)], budget, overhead, ranks_schedule)[0]


def _served_on_grids(
    dep: Deployment,
    asked: list[tuple[float, int, int]],
    budget: float,
    overhead: float,
    ranks_schedule: bool = False,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """`_served_on_grid` of each different (cap, input, output) of `asked`, in its order (a
    repeated one as its first): lengths all of `asked` share stay one number."""
    unique = list(dict.fromkeys(asked))
    grids = [np.geomspace(1e-3, cap, RATE_GRID_POINTS) for cap, _, _ in unique]
    inp, out = ([each[i] for each in unique] for i in (1, 2))
    lengths: list[Number] = [
        values[0] if values.count(values[0]) == len(values) else np.repeat(values, RATE_GRID_POINTS)
        for values in (inp, out)
    ]
    point = steady_state(
        dep,
        np.concatenate(grids),
        lengths[0],
        lengths[1],
        budget,
        overhead,
        ranks_schedule=ranks_schedule,
    )
    served = np.split(np.asarray(point.requests_per_s), len(unique))
    found = {}
    for each, grid, each_served in zip(unique, grids, served, strict=True):
        grid.flags.writeable = False
        each_served.flags.writeable = False
        found[each] = (grid, each_served)
    return [found[each] for each in asked]
