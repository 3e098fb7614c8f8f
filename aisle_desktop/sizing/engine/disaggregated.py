"""Disaggregated serving: a prefill pool and a decode pool, each with its own layout.

Prefill workers take the prompts (chunked into iterations of their token budget, several
prompts to an iteration when they are short) and hand each prompt's cache to a decode worker
(kv_transfer.py), which makes every token of the answer, the first included, in continuous
batches that no prefill ever interrupts. Both use the step-time model of their own replica
(iteration_time). TTFT = request overhead + queue and prefill at the prefill pool + KV
transfer + the decode iterations until the first token.

A fixed number of clients, each sending its next request as the last one ends, settles where
the requests in prefill and in decode add up to the clients (Little's law on each pool):
throughput is whichever pool's rate binds, and what the pools cannot hold waits for a place.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from aisle_desktop.sizing.calibration import PerformanceAssumptions
from aisle_desktop.sizing.engine.arraymath import (
    Number,
    anywhere,
    as_float,
    ceil,
    elementwise_max,
    elementwise_min,
    given,
    rows_at,
)
from aisle_desktop.sizing.engine.arrival_queues import md1_wait_s
from aisle_desktop.sizing.engine.copies import replaced
from aisle_desktop.sizing.engine.decode_places import place_waits_s
from aisle_desktop.sizing.engine.deployment import Deployment
from aisle_desktop.sizing.engine.fit import memory_breakdown
from aisle_desktop.sizing.engine.replica_memo import kept_by_replica
from aisle_desktop.sizing.engine.serving import lockstep_share
from aisle_desktop.sizing.engine.steptime import (
    StepTime,
    busiest_rank_token_excess,
    gemm_seconds_per_token,
    iteration_time,
    routed_gemm_seconds_per_token,
)

# Decode batches tried between one sequence and the cap when the clients settle.
BATCH_GRID_POINTS = 160
# A prefill pool busier than this is saturated: its queue holds whatever the clients leave.
PREFILL_UTILISATION_MAX = 0.98


@dataclass(frozen=True, slots=True)
class PrefillPool:
    """What the prefill workers of a deployment do with prompts of one length."""

    workers: int
    alone_s: float  # one prompt on an idle worker: its chunks, one after the other
    full_iteration_s: float  # an iteration filled to the token budget
    tokens_per_iteration: float
    input_tokens: float

    @property
    def requests_per_s(self) -> float:
        """The pool's rate with every iteration full: the most prompts it can take."""
        tokens_per_s = self.tokens_per_iteration / self.full_iteration_s
        return self.workers * tokens_per_s / self.input_tokens

    @property
    def service_s(self) -> float:
        """One prompt's share of full iterations: what each prompt ahead of it costs."""
        return self.input_tokens * self.full_iteration_s / self.tokens_per_iteration

    @property
    def stretch_s(self) -> float:
        """How much longer a prompt's own chunks take in full iterations than alone."""
        chunks = max(1.0, math.ceil(self.input_tokens / self.tokens_per_iteration))
        return max(0.0, chunks * self.full_iteration_s - self.alone_s)

    def ttft_s(self, utilisation: Number) -> Number:
        """Time from a prompt's arrival to its first token at this utilisation
        (`prefill_ttft_s` of this pool)."""
        return prefill_ttft_s(utilisation, self.service_s, self.alone_s, self.stretch_s)

    def cohort_ttft_s(self, prompts_per_worker: float) -> float:
        """Mean time to first token of a cohort that arrives all at once: each worker packs
        its prompts into full iterations, and the k-th prompt's first token comes with the
        iteration that finishes it, so the mean waits half the burst (at least one prompt's
        own prefill)."""
        burst_tokens = prompts_per_worker * self.input_tokens
        iterations = burst_tokens / self.tokens_per_iteration
        if iterations <= 1.0:  # one iteration, as long as its tokens, takes them all
            return max(self.alone_s, iterations * self.full_iteration_s)
        return (iterations + 1.0) / 2.0 * self.full_iteration_s

    def cohort_steps(self, prompts_per_worker: float) -> tuple[float, float]:
        """(iterations, each one's seconds) of a cohort's burst as `cohort_ttft_s` times it:
        its prompts' tokens over whole iterations, the burst's time shared evenly among them
        (the k-th brings its prompts' first tokens: the spread TTFT percentiles read)."""
        burst_tokens = prompts_per_worker * self.input_tokens
        iterations = burst_tokens / self.tokens_per_iteration
        if iterations <= 1.0:
            return 1.0, self.cohort_ttft_s(prompts_per_worker)
        steps = float(math.ceil(iterations))
        return steps, iterations * self.full_iteration_s / steps


def prefill_ttft_s(
    utilisation: Number, service_s: Number, alone_s: Number, stretch_s: Number
) -> Number:
    """Time from a prompt's arrival to its first token at this utilisation of its pool.

    An arriving prompt waits for the prompts ahead of it (M/D/1: utilisation / (2 x (1 -
    utilisation)) services of one prompt, `service_s`, at the full-iteration rate), then its
    own chunks run; the busier the worker, the more of the budget other prompts share with
    it, so its own iterations stretch from `alone_s` towards full ones (`stretch_s` longer).
    Every number may be an array (`predict` works out a file's pools at once).
    """
    queue_s = md1_wait_s(utilisation, service_s)
    own_s = alone_s + utilisation * stretch_s
    return queue_s + own_s


def prefill_pool(
    dep: Deployment, workers: int, input_tokens: float, token_budget: float
) -> PrefillPool:
    """The pool of `workers` prefill replicas `dep`, each iteration at most `token_budget`
    prompt tokens (a longer prompt is chunked)."""
    alone, full, per_iteration = _prefill_iterations(dep, input_tokens, token_budget)
    return PrefillPool(
        workers=workers,
        alone_s=alone,
        full_iteration_s=full,
        tokens_per_iteration=per_iteration,
        input_tokens=input_tokens,
    )


# Pure functions of a replica and a line's lengths, asked again by each line of a sweep
# (whose pools are sized for its own load: their workers differ, their iterations do not).
@kept_by_replica(max_answers=1024)
def _prefill_iterations(
    dep: Deployment, input_tokens: float, token_budget: float
) -> tuple[float, float, float]:
    """`prefill_iterations` of one replica and lengths, as plain numbers."""
    alone, full, per_iteration = prefill_iterations(dep, input_tokens, token_budget)
    return float(alone), float(full), float(per_iteration)


def prefill_iterations(
    dep: Deployment, input_tokens: Number, token_budget: Number
) -> tuple[Number, Number, Number]:
    """(seconds of one prompt alone on a worker, of an iteration filled to the budget, the
    tokens such an iteration takes) of prefill replica `dep`; per element for arrays
    (`predict` works out a file's prefill workers at once, their replicas stacked)."""
    chunks = elementwise_max(1, ceil(input_tokens / token_budget))
    chunk = input_tokens / chunks
    half = input_tokens / 2.0
    step = iteration_time(dep, 0.0, 0.0, chunk, half)
    alone = (step.total_s + lone_rank_extra_s(dep, step, chunk)) * chunks
    per_iteration = elementwise_max(token_budget, 1.0)
    full = iteration_time(dep, 0.0, 0.0, per_iteration, half).total_s
    return alone, full, per_iteration


def lone_rank_extra_s(dep: Deployment, step: StepTime, tokens: Number) -> Number:
    """What a prompt alone on a worker with data-parallel attention takes beyond `step`,
    the step time of its `tokens` spread evenly over the attention ranks.

    Each attention rank schedules its own requests (TensorRT-LLM's executor per rank,
    SGLang's DP schedulers), so a lone prompt's attention and dense layers (projections,
    shared expert, dense MLPs, LM head) run on its rank alone, the other ranks idle in them;
    only its routed experts are spread over the expert-parallel group (waiting for the
    busiest rank, `busiest_rank_token_excess`, as the step already does). Its dense GEMMs
    and attention therefore take the attention ranks' count times their evenly spread share
    (each still behind the weights' or the cache's read if that binds).
    """
    ranks: Number = dep.attention_ranks  # an array where stacked replicas differ
    if not anywhere(ranks > 1):  # on one rank alone it is the step (0 where stacked too)
        return 0.0
    routed_s = routed_gemm_seconds_per_token(dep)
    dense_s = gemm_seconds_per_token(dep) - routed_s
    waited_s = routed_s * (1.0 + busiest_rank_token_excess(dep, tokens))
    dense_share = dense_s / (dense_s + waited_s)
    gemm, weights = step.gemm_compute_s, step.weights_read_s
    attention, cache = step.attention_compute_s, step.kv_read_s
    lone_gemm = gemm * (1.0 + (ranks - 1) * dense_share)
    lone_attention = attention * ranks
    extra = (
        elementwise_max(weights, lone_gemm)
        - elementwise_max(weights, gemm)
        + elementwise_max(cache, lone_attention)
        - elementwise_max(cache, attention)
    )
    return extra * dep.step_multiplier


def decode_tpot_s(
    dep: Deployment, batch: Number, input_tokens: Number, output_tokens: Number
) -> Number:
    """Time between tokens of a decode worker running `batch` answers, nothing else: the
    decode step at the answers' mean context, plus the host's check for arrived caches
    (`disaggregated_decode_step_ms`), which every iteration of a decode worker waits for.

    A token is made by a step that carries at least its own answer, so a mean batch below
    one (a worker busy part of the time) is read as one answer's step: the step at a
    fraction of an answer would read a fraction of its experts and of its draft pass."""
    answers = elementwise_max(batch, 1.0)
    step = iteration_time(dep, answers, input_tokens + output_tokens / 2.0, 0.0, 0.0)
    arrivals_s = dep.assumptions.disaggregated_decode_step_ms * 1e-3
    return (step.total_s + arrivals_s) / dep.tokens_per_step


def decode_paces_per_s(
    dep: Deployment, places: int, input_tokens: float, output_tokens: float
) -> np.ndarray:
    """Answers a second a decode worker ends while it carries each batch 1..`places`: the
    batch over an answer's later tokens at that batch's TPOT (`decode_places.place_wait_s`
    reads a worker's queue from them)."""
    batches = np.arange(1, places + 1, dtype=float)
    tpot = np.asarray(decode_tpot_s(dep, batches, input_tokens, output_tokens), dtype=float)
    later_tokens = max(output_tokens - 1.0, 1.0)
    return batches / (later_tokens * tpot)


@kept_by_replica(max_answers=1024)
def decode_batch_cap(
    dep: Deployment, input_tokens: float, output_tokens: float, token_budget: float
) -> tuple[float, str]:
    """The most answers one decode worker runs at once, and what binds it.

    Its memory holds its weights and the answers' caches: at their full length for an engine
    that reserves a sequence's blocks up front, at their mean length (input + output / 2) for
    one that allocates them as tokens arrive. Each attention rank schedules its own sequences
    up to the engine's sequence cap and token budget.
    """
    as_tokens_arrive = dep.engine.kv_admission != "full_sequence"
    held = input_tokens + (output_tokens / 2.0 if as_tokens_arrive else output_tokens)
    ranks = float(dep.attention_ranks)
    caps = {
        "decode KV cache memory": float(memory_breakdown(dep, held).max_sequences),
        "engine max sequences": ranks * float(dep.engine.max_num_seqs),
        "token budget per iteration": token_budget / dep.verify_tokens,
    }
    limit = min(caps, key=lambda k: caps[k])
    return max(1.0, caps[limit]), limit


@dataclass(frozen=True, slots=True)
class WorkersForLoad:
    """Prefill and decode workers of a deployment sized for its load (worker counts the
    source did not record): whole numbers, or arrays of them for arrays of loads."""

    prefill_workers: Number
    decode_workers: Number


def workers_for_load(
    prefill_one_worker_per_s: Number,
    decode: Deployment,
    decode_batch_cap: Number,
    input_tokens: Number,
    output_tokens: Number,
    load_in_flight: Number | None,
    load_per_s: Number | None,
    headroom: Number,
    fewest_decode_workers: Number = 1,
) -> WorkersForLoad:
    """The workers a deployment sized for its load has, as Aisle's planner sizes one: enough
    decode workers to hold the requests in flight (each at most `decode_batch_cap`; at least
    `fewest_decode_workers` when as many requests are in flight, `decode_workers_in_flight`),
    or to serve the offered rate at `headroom` of their rate at the cap; and enough prefill
    workers (each taking `prefill_one_worker_per_s` prompts at full iterations) that the
    decode pool's rate keeps them at most `headroom` busy. Every number may be an array
    (`predict` sizes a file's pools at once, its decode replicas stacked)."""
    later_tokens = elementwise_max(output_tokens - 1.0, 1.0)
    cap = elementwise_max(decode_batch_cap, 1.0)
    if load_in_flight is not None:
        decode_workers = decode_workers_in_flight(load_in_flight, cap, fewest_decode_workers)
        batch = load_in_flight / decode_workers
        tpot = decode_tpot_s(decode, batch, input_tokens, output_tokens)
        rate = decode_workers * batch / (later_tokens * tpot)
    else:
        rate = as_float(given(load_per_s, 0.0))
        at_cap = cap / (later_tokens * decode_tpot_s(decode, cap, input_tokens, output_tokens))
        decode_workers = elementwise_max(1, ceil(rate / (at_cap * headroom)))
    prefill_workers = elementwise_max(1, ceil(rate / (prefill_one_worker_per_s * headroom)))
    return WorkersForLoad(prefill_workers=prefill_workers, decode_workers=decode_workers)


def decode_workers_in_flight(in_flight: Number, decode_batch_cap: Number, fewest: Number) -> Number:
    """Decode workers that hold `in_flight` requests at most `decode_batch_cap` each, and
    at least `fewest` of them while there are as many requests (one a worker below that):
    a deployment built for a range of loads keeps its decode pool at the lighter ones."""
    held = ceil(in_flight / elementwise_max(decode_batch_cap, 1.0))
    return elementwise_max(elementwise_max(1, held), elementwise_min(fewest, ceil(in_flight)))


def handover_s(decode: Deployment) -> float:
    """Seconds between a prompt's prefill ending and its decode worker starting on it, beyond
    the KV cache's bytes (`kv_transfer_s`) and the first token's iterations
    (`first_token_steps`): the router's dispatch and the decode engine's intake and step
    boundaries (`disaggregated_handover_ms`, its engine era's)."""
    return decode.assumptions.disaggregated_handover_ms * 1e-3


def first_token_steps(decode: Deployment) -> float:
    """Decode iterations between the cache's arrival and the first token: half of one to
    join the running batch, the one that makes the token, and those an overlap scheduler
    planned before the request joined (`first_token_wait_steps`, as in aggregated serving)."""
    return 1.5 + decode.assumptions.first_token_wait_steps


def first_token_tpots(decode: Deployment) -> float:
    """The first token's wait at its decode worker in TPOTs: `first_token_steps` iterations,
    each `tokens_per_step` TPOTs long (a drafting step emits more than one token)."""
    return first_token_steps(decode) * decode.tokens_per_step


@dataclass(frozen=True, slots=True)
class DisaggregatedPoint:
    """Where a fixed number of clients settles on a prefill and a decode pool."""

    decode_batch_per_worker: float
    ttft_s: float
    tpot_s: float
    e2e_s: float
    requests_per_s: float
    prefill_utilisation: float
    prefill_requests_per_s: float  # the prefill pool's full rate
    decode_requests_per_s: float  # the decode pool's rate at its batch cap
    waiting_requests: float  # queued for a place beyond what the pools hold
    bound: str
    place_wait_s: float = 0.0  # a cache's mean wait for a decode place (requests at random)


@dataclass(frozen=True, slots=True)
class PoolCurves:
    """Both pools over a grid of decode batches (one per decode worker), for settling."""

    batch: np.ndarray
    tpot_s: np.ndarray
    requests_per_s: np.ndarray
    utilisation: np.ndarray
    ttft_s: np.ndarray
    prefill_saturates: bool  # the grid stops where the prefill pool fills up
    prefill_requests_per_s: float
    decode_requests_per_s: float  # at the batch cap
    # A cache's mean wait for a decode place at each point when requests arrive at random
    # (`decode_places`; zeros for curves only read with a fixed number of clients).
    place_wait_s: np.ndarray


# A sweep's lines past the decode cap ask the same curves (they are only read).
@kept_by_replica(max_answers=256, replica_at=1)
def pool_curves(
    prefill: PrefillPool,
    decode: Deployment,
    decode_workers: int,
    top_batch: float,
    input_tokens: float,
    output_tokens: float,
    first_token_extra_s: float,
    batch_cap: float,
    random_arrivals: bool,
) -> PoolCurves:
    """Each decode batch b up to `top_batch` gives TPOT(b), the rate workers x b / (answer's
    decode time), the prefill pool's utilisation at that rate and so the TTFT (plus
    `first_token_extra_s`: request overhead and KV transfer), and, for requests arriving at
    `random_arrivals` (a rate, not clients in a loop), their wait for a decode place. Batches
    the prefill pool cannot feed are dropped."""
    grid = batch_grid(top_batch)
    batches = np.append(grid, batch_cap)
    tpot = np.asarray(decode_tpot_s(decode, batches, input_tokens, output_tokens), dtype=float)
    return curves_on_grid(
        prefill,
        decode,
        decode_workers,
        grid,
        tpot[:-1],
        input_tokens,
        output_tokens,
        first_token_extra_s,
        batch_cap,
        float(tpot[-1]),
        random_arrivals,
    )


def batch_grid(top_batch: float) -> np.ndarray:
    """The decode batches `pool_curves` settles on: from a thousandth of a sequence up to
    `top_batch`, evenly spaced on a log scale."""
    top = max(top_batch, 1e-3)
    return np.geomspace(min(1e-3, top), top, BATCH_GRID_POINTS)


def curves_on_grid(
    prefill: PrefillPool,
    decode: Deployment,
    decode_workers: int,
    grid: np.ndarray,
    tpot: np.ndarray,
    input_tokens: float,
    output_tokens: float,
    first_token_extra_s: float,
    batch_cap: float,
    cap_tpot_s: float,
    random_arrivals: bool,
) -> PoolCurves:
    """`pool_curves` from the decode TPOT on its grid and at `batch_cap`, worked out before:
    `curves_on_grids` of one line."""
    asked = GridCurvesAsked(
        prefill,
        decode,
        decode_workers,
        input_tokens,
        output_tokens,
        first_token_extra_s,
        batch_cap,
        random_arrivals,
    )
    return curves_on_grids([asked], grid[np.newaxis], tpot[np.newaxis], [cap_tpot_s])[0]


@dataclass(frozen=True, slots=True)
class GridCurvesAsked:
    """What one line's curves take beside its grid and TPOT (`curves_on_grids`)."""

    prefill: PrefillPool
    decode: Deployment
    decode_workers: int
    input_tokens: float
    output_tokens: float
    first_token_extra_s: float
    batch_cap: float
    random_arrivals: bool = False  # read at a request rate: its curves carry the place wait


@dataclass(frozen=True, slots=True)
class _GridRow:
    """A saturating line's decode batches, TPOT and rate, and which of them its curves keep
    (None: all)."""

    grid: np.ndarray
    tpot: np.ndarray
    rate: np.ndarray
    kept: np.ndarray | None = None


def curves_on_grids(
    asked: list[GridCurvesAsked], grids: np.ndarray, tpot: np.ndarray, cap_tpot_s: list[float]
) -> list[PoolCurves]:
    """`pool_curves` of each of `asked` from its decode TPOT on its grid (a row of `grids`
    and of `tpot`, all of one length) and at its batch cap (`cap_tpot_s`): the lines go
    through each formula as one array of a row a line (`predict` works out a file's lines at
    once). A line whose prefill pool fills up inside its grid ends there: its shorter row
    goes in the same array, padded with its last point (each element is worked out on its
    own, so a row's figures are those it gets alone), and its curves stop at its end."""
    column = functools.partial(np.array, dtype=float, ndmin=2)
    workers = column([each.decode_workers for each in asked]).T
    later_tokens = np.maximum(column([each.output_tokens for each in asked]).T - 1.0, 1.0)
    rate = workers * grids / (later_tokens * tpot)
    prefill_rate = column([each.prefill.requests_per_s for each in asked]).T
    usable = rate < PREFILL_UTILISATION_MAX * prefill_rate
    usable[:, 0] = True
    saturates = (~usable.all(axis=1)).tolist()
    ends = [grids.shape[1]] * len(asked)
    kept: dict[int, np.ndarray] = {}
    if any(saturates):
        grids, tpot = grids.copy(), tpot.copy()
    for index, saturated in enumerate(saturates):
        if not saturated:
            continue
        row = _ended(asked[index], _GridRow(grids[index], tpot[index], rate[index]), usable[index])
        if row.kept is not None:
            kept[index] = row.kept
            continue
        ends[index] = end = row.grid.size
        for whole, part in ((grids, row.grid), (tpot, row.tpot), (rate, row.rate)):
            whole[index, :end] = part
            whole[index, end:] = part[-1]
    return _curves_rows(asked, grids, tpot, rate, saturates, cap_tpot_s, ends, kept)


def _ended(asked: GridCurvesAsked, row: _GridRow, usable: np.ndarray) -> _GridRow:
    """A saturating line's row ended exactly where its prefill pool fills (the rate grows
    with the batch); or, when only its first batch is usable, whole but keeping that one."""
    if usable.sum() <= 1:
        return dataclasses.replace(row, kept=usable)
    grid, rate = row.grid, row.rate
    edge = int(np.argmin(usable))
    full_rate = PREFILL_UTILISATION_MAX * asked.prefill.requests_per_s
    batch = float(np.interp(full_rate, rate[edge - 1 : edge + 1], grid[edge - 1 : edge + 1]))
    inp, out = asked.input_tokens, asked.output_tokens
    edge_tpot = float(decode_tpot_s(asked.decode, batch, inp, out))
    later_tokens = max(out - 1.0, 1.0)
    edge_rate = asked.decode_workers * batch / (later_tokens * edge_tpot)
    return _GridRow(
        np.append(grid[usable], batch),
        np.append(row.tpot[usable], edge_tpot),
        np.append(rate[usable], edge_rate),
    )


def _curves_rows(
    asked: list[GridCurvesAsked],
    grids: np.ndarray,
    tpot: np.ndarray,
    rate: np.ndarray,
    saturates: list[bool],
    cap_tpot_s: list[float],
    ends: list[int],
    kept: dict[int, np.ndarray],
) -> list[PoolCurves]:
    """The curves of lines as one array of a row a line, each row read up to its end (`ends`)
    or at the points it keeps (`kept`, by line)."""
    column = functools.partial(np.array, dtype=float, ndmin=2)
    prefill_rate = [each.prefill.requests_per_s for each in asked]
    utilisation = rate / column(prefill_rate).T
    prefills = [each.prefill for each in asked]
    ttft = (
        column([each.first_token_extra_s for each in asked]).T
        + prefill_ttft_s(
            np.minimum(utilisation, PREFILL_UTILISATION_MAX),
            column([pool.service_s for pool in prefills]).T,
            column([pool.alone_s for pool in prefills]).T,
            column([pool.stretch_s for pool in prefills]).T,
        )
        + column([first_token_tpots(each.decode) for each in asked]).T * tpot
    )
    curves = []
    for index, (each, end) in enumerate(zip(asked, ends, strict=True)):
        keep = kept.get(index, slice(end))
        later_tokens = max(each.output_tokens - 1.0, 1.0)
        cap_rate = each.decode_workers * each.batch_cap / (later_tokens * cap_tpot_s[index])
        per_worker = rate[index, keep] / each.decode_workers
        place_wait = np.zeros_like(per_worker)
        if each.random_arrivals:
            places = max(1, math.floor(each.batch_cap))
            paces = decode_paces_per_s(each.decode, places, each.input_tokens, each.output_tokens)
            place_wait = place_waits_s(paces, per_worker)
        curves.append(
            PoolCurves(
                batch=grids[index, keep],
                tpot_s=tpot[index, keep],
                requests_per_s=rate[index, keep],
                utilisation=utilisation[index, keep],
                ttft_s=ttft[index, keep],
                prefill_saturates=saturates[index],
                prefill_requests_per_s=prefill_rate[index],
                decode_requests_per_s=cap_rate,
                place_wait_s=place_wait,
            )
        )
    return curves


@dataclass(frozen=True, slots=True)
class SettledAt:
    """Where on its pools' curves a line's load settles: the fractional grid index `at`,
    the requests `waiting` for a place beyond what the pools hold, what binds, and whether
    the requests arrive at random (a rate: they then wait for a decode place as its
    `PoolCurves.place_wait_s` reads; a closed loop's clients ask as their answers end)."""

    at: float
    waiting: float
    bound: str
    random_arrivals: bool = False


def points_at(
    curves: Sequence[PoolCurves], where: Sequence[SettledAt], output_tokens: Sequence[float]
) -> list[DisaggregatedPoint]:
    """The operating point of each line on its `curves` at its `where`, the lines of curves
    of one length as one array. Every waiting request waits for the whole queue to pass
    (waiting / rate) before its first token, whichever pool binds: the decode worker makes
    the first token (the prefill worker's run ends with the cache, Dynamo's prefill router
    then routes the request to a decode worker), so a request that waits for a decode place
    has no token yet. Requests arriving at random also wait for a decode place (`decode_places`),
    before their first token too."""
    by_length: dict[int, list[int]] = {}
    for index, each in enumerate(curves):
        by_length.setdefault(each.batch.size, []).append(index)
    found: dict[int, DisaggregatedPoint] = {}
    for members in by_length.values():
        at = np.array([where[i].at for i in members])
        read = {
            name: rows_at(np.stack([getattr(curves[i], name) for i in members]), at)
            for name in (
                "requests_per_s",
                "tpot_s",
                "ttft_s",
                "batch",
                "utilisation",
                "place_wait_s",
            )
        }
        waiting = np.array([where[i].waiting for i in members])
        at_random = np.array([where[i].random_arrivals for i in members])
        place_wait = np.where(at_random, read["place_wait_s"], 0.0)
        rate, tpot = read["requests_per_s"], read["tpot_s"]
        ttft = read["ttft_s"] + waiting / rate + place_wait
        later = np.array([output_tokens[i] for i in members]) - 1.0
        e2e = ttft + later * tpot
        columns = zip(
            *(
                values.tolist()
                for values in (
                    read["batch"],
                    ttft,
                    tpot,
                    e2e,
                    rate,
                    read["utilisation"],
                    place_wait,
                )
            ),
            strict=True,
        )
        for index, (batch, ttft_s, tpot_s, e2e_s, rate_per_s, utilisation, wait_s) in zip(
            members, columns, strict=True
        ):
            found[index] = DisaggregatedPoint(
                decode_batch_per_worker=batch,
                ttft_s=ttft_s,
                tpot_s=tpot_s,
                e2e_s=e2e_s,
                requests_per_s=rate_per_s,
                prefill_utilisation=utilisation,
                prefill_requests_per_s=curves[index].prefill_requests_per_s,
                decode_requests_per_s=curves[index].decode_requests_per_s,
                waiting_requests=where[index].waiting,
                bound=where[index].bound,
                place_wait_s=wait_s,
            )
    return [found[index] for index in range(len(curves))]


def saturated_bound(curves: PoolCurves) -> str:
    """Which pool binds at the curves' limit."""
    return "prefill pool" if curves.prefill_saturates else "decode pool"


def fixed_concurrency(
    curves: PoolCurves, concurrency: float, output_tokens: float
) -> DisaggregatedPoint:
    """Closed loop of `concurrency` clients (`settled_at_concurrency`), its operating point."""
    where = settled_at_concurrency(curves, concurrency, output_tokens)
    return points_at([curves], [where], [output_tokens])[0]


def settled_at_concurrency(
    curves: PoolCurves, concurrency: float, output_tokens: float
) -> SettledAt:
    """Closed loop of `concurrency` clients: the decode batch at which the requests in prefill
    (rate x TTFT) and in decode (rate x the answer's time) add up to the clients. When even
    the pools' limits hold fewer, the rest wait before prefill (in TTFT) and the slower pool
    sets the rate."""
    later_tokens = max(output_tokens - 1.0, 1.0)
    held = curves.requests_per_s * (curves.ttft_s + later_tokens * curves.tpot_s)
    if concurrency <= held[-1]:
        at = float(np.interp(concurrency, held, np.arange(held.size)))
        return SettledAt(at, 0.0, "offered load")
    waiting = concurrency - float(held[-1])
    return SettledAt(float(held.size - 1), waiting, saturated_bound(curves))


def at_request_rate(curves: PoolCurves, rate: float, output_tokens: float) -> DisaggregatedPoint:
    """Requests offered at `rate` per second (`settled_at_rate`), the operating point."""
    return points_at([curves], [settled_at_rate(curves, rate)], [output_tokens])[0]


def settled_at_rate(curves: PoolCurves, rate: float) -> SettledAt:
    """Requests offered at `rate` per second, at random: the decode batch that serves it, or,
    above what the pools serve, both pools at their limit (the queue then grows for as long
    as the offered load lasts; the figures are the pools' own)."""
    served = curves.requests_per_s
    if rate <= served[-1]:
        at = float(np.interp(rate, served, np.arange(served.size)))
        return SettledAt(at, 0.0, "offered load", random_arrivals=True)
    return SettledAt(float(served.size - 1), 0.0, saturated_bound(curves), random_arrivals=True)


def disaggregated_lockstep_share(
    assumptions: PerformanceAssumptions, concurrency: Number
) -> Number:
    """Share of a disaggregated fixed-concurrency run's measured requests in its starting
    cohort (`lockstep_share`), its lockstep persisting from round to round as
    `disaggregated_cohort_persistence` says (0: as in aggregated serving). A decode worker's
    iterations carry no prefill, so a cohort's answers, all of one length, end together and
    bring its next prompts to the prefill pool together."""
    persistence = assumptions.disaggregated_cohort_persistence
    if persistence > 0.0:
        assumptions = assumptions.model_copy(update={"cohort_persistence": persistence})
    return lockstep_share(assumptions, concurrency)


def cohort_place_wait_s(point: DisaggregatedPoint, concurrency: float) -> float:
    """Mean wait of a fixed-concurrency run's starting cohort for a decode place, where the
    decode pool binds and holds fewer than its clients (`point.waiting_requests`; where the
    prefill pool binds, the cohort's burst through it is its wait). The clients all start
    together; a decode worker admits at most its batch cap (TensorRT-LLM's
    `max_batch_size`, SGLang's `max-running-requests`) and the rest wait, with no first token,
    as at the settled point (`points_at`). The cohort's answers, of one length and decoded at
    one pace, end together, so its waiting clients get their places in waves of whole
    answers: the k-th wave waits k answers, each holding its place places / rate seconds
    (Little's law at the settled point)."""
    waiting = point.waiting_requests
    if point.bound != "decode pool" or waiting <= 0.0:
        return 0.0
    places = concurrency - waiting
    return places / point.requests_per_s * waves_waited(concurrency, places)


def cohort_extra_s(
    first_token_extra_s: float, point: DisaggregatedPoint, concurrency: float, decode: Deployment
) -> float:
    """What a fixed-concurrency run's starting cohort waits for its first token beyond its
    burst through the prefill pool: the request overhead, the cache's transfer and the
    hand-over (`first_token_extra_s`), its wait for a decode place (`cohort_place_wait_s`),
    and its decode worker's iterations to the first token at the settled pace
    (`first_token_tpots`). The decode worker makes the first token for the cohort as for
    every later request (the prefill worker's run ends with the cache; TensorRT-LLM's
    decode worker sends the token once its step has taken the arrived request in), so the
    cohort waits those iterations as the settled point's requests do."""
    place_wait_s = cohort_place_wait_s(point, concurrency)
    return first_token_extra_s + place_wait_s + first_token_tpots(decode) * point.tpot_s


def waves_waited(clients: float, places: float) -> float:
    """Mean answers a client waits for when `clients` start together on `places`: the first
    `places` none, the next `places` one, and so on, the last wave partly filled."""
    full = math.floor(clients / places)
    rest = clients - full * places
    return (places * full * (full - 1) / 2.0 + rest * full) / clients


def with_starting_cohort(
    point: DisaggregatedPoint,
    prefill: PrefillPool,
    concurrency: float,
    share: float,
    first_token_extra_s: float,
) -> DisaggregatedPoint:
    """Mean figures of a fixed-concurrency run whose clients all start together: a share
    `share` of its requests are that first cohort, whose prompts reach the prefill pool at
    once (`PrefillPool.cohort_ttft_s`); the rest are the settled point's. Decode is not
    interrupted by prefill, so the cohort's answers stream at the settled pace."""
    lock = min(1.0, max(0.0, share))
    cohort_s = first_token_extra_s + prefill.cohort_ttft_s(concurrency / prefill.workers)
    ttft = lock * cohort_s + (1.0 - lock) * point.ttft_s
    return replaced(point, ttft_s=ttft, e2e_s=point.e2e_s - point.ttft_s + ttft)
