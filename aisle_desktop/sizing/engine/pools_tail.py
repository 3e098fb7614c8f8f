"""Tail latencies of separate prefill and decode pools: an event simulation of both.

The pools' figures (disaggregated.py) are means: an M/D/1 queue at each prefill worker, a
decode worker's step at its mean batch. A planner who promises a p95 or p99 needs what
bunched arrivals do to them, as the one replica serving together is simulated for it
(tail_latency.py). So a request's way through the pools is followed, request by request:

- Prompts reach a prefill worker as a Poisson stream at its share of the planned rate (the
  router spreading them at random over the workers, as the model's queue per worker reads
  it). The worker runs iterations of at most its token budget, first come first served: a
  long prompt is chunked over several, short ones share one. An iteration's time is the
  step model's (`iteration_time`, plus `lone_rank_extra_s` when one prompt has the
  attention-DP ranks to itself), as the model's prefill terms use.
- The prompt's cache then crosses to a decode worker: the request overhead before prefill,
  the link's bytes and the engine's hand-over after it (`handover_s`) add to each request.
- A decode worker takes a cache in at its next iteration (half an iteration after the
  arrival when it is idle, as the model's `first_token_steps` waits), within its batch cap
  (the rest wait, first come first served, for an answer to end), and runs one continuous
  batch: every iteration lasts the step at the batch it carries (`decode_tpot_s`). Its first
  token is made by its first iteration and, like every later token, reaches the client
  `first_token_wait_steps` iterations later. Answers vary in length (`answer_lengths`).

A decode worker's requests come from every prefill worker, so each takes the prefill time of
a request drawn from the prefill worker's simulation (its filling and draining tenths left
out); the two stages share no state beyond that (the decode pool never holds a prefill
worker back). The random stream has a fixed seed: the same plan gives the same figures.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from aisle_desktop.sizing.engine.deployment import Deployment
from aisle_desktop.sizing.engine.disaggregated import decode_tpot_s, lone_rank_extra_s
from aisle_desktop.sizing.engine.steptime import iteration_time
from aisle_desktop.sizing.engine.tail_latency import (
    EDGE_SHARE,
    MAX_SIMULATED_EVENTS,
    SEED,
    SIMULATED_REQUESTS,
    TailLatency,
    answer_lengths,
    latencies_tail,
    piecewise_linear,
)

PREFILL_GRID_POINTS = 24


@dataclass(frozen=True, slots=True)
class PoolsLoad:
    """What one prefill worker and one decode worker take at the planned load, and the
    fixed times a request spends outside them."""

    prefill_rate_per_s: float  # prompts a second reaching one prefill worker
    decode_rate_per_s: float  # caches a second reaching one decode worker
    before_prefill_s: float  # request overhead and retrieval
    handover_s: float  # the cache's bytes over the link and the engine's hand-over


@dataclass(frozen=True, slots=True)
class PrefillWorker:
    """A prefill worker's layout, its token budget an iteration, and the prompts' length."""

    dep: Deployment
    token_budget: float
    input_tokens: int


@dataclass(frozen=True, slots=True)
class DecodeWorker:
    """A decode worker's layout, the most answers it runs at once, and the lengths."""

    dep: Deployment
    batch_cap: int
    input_tokens: int
    output_tokens: int


class _PrefillSteps:
    """A prefill iteration's seconds by the prompt tokens it carries: exact at the grid's
    points (the prompt, the budget, a geometric spread between), linear between them."""

    def __init__(self, worker: PrefillWorker) -> None:
        budget = max(1, math.floor(worker.token_budget))
        spread = np.geomspace(1.0, float(budget), PREFILL_GRID_POINTS)
        grid = {1, budget, min(worker.input_tokens, budget), *(round(float(x)) for x in spread)}
        tokens = np.array(sorted(grid), dtype=float)
        step = iteration_time(worker.dep, 0.0, 0.0, tokens, worker.input_tokens / 2.0)
        shared = np.broadcast_to(np.asarray(step.total_s, dtype=float), tokens.shape)
        alone = shared + np.asarray(lone_rank_extra_s(worker.dep, step, tokens), dtype=float)
        self.tokens: list[float] = tokens.tolist()
        self.shared_s: list[float] = shared.tolist()
        self.alone_s: list[float] = alone.tolist()
        self.budget = budget

    def seconds(self, tokens: int, prompts: int) -> float:
        """An iteration of `tokens` prompt tokens from `prompts` prompts (a lone prompt has
        the attention ranks to itself: `lone_rank_extra_s`)."""
        row = self.alone_s if prompts == 1 else self.shared_s
        return piecewise_linear(self.tokens, row, tokens)


def prefill_times_s(
    worker: PrefillWorker, arrivals_s: np.ndarray, max_events: int = MAX_SIMULATED_EVENTS
) -> np.ndarray | None:
    """Each prompt's time at one prefill worker, from its arrival to its last chunk's end:
    its wait for the prompts ahead and its own iterations, shared with the prompts beside it.
    None if the prompts are not through within `max_events` iterations."""
    steps = _PrefillSteps(worker)
    done_s = np.empty(arrivals_s.size)
    queue: deque[list[int]] = deque()  # [request, prompt tokens left], first come first served
    clock_s, issued, finished = 0.0, 0, 0
    arrivals = arrivals_s.tolist()
    for _ in range(max_events):
        while issued < len(arrivals) and arrivals[issued] <= clock_s:
            queue.append([issued, worker.input_tokens])
            issued += 1
        if not queue:
            if issued >= len(arrivals):
                waited: np.ndarray = done_s - arrivals_s
                return waited
            clock_s = arrivals[issued]  # an idle worker starts on a prompt at once
            continue
        taken, prompts = 0, 0
        for entry in queue:
            take = min(steps.budget - taken, entry[1])
            entry[1] -= take
            taken += take
            prompts += 1
            if taken >= steps.budget:
                break
        clock_s += steps.seconds(taken, prompts)
        while queue and queue[0][1] == 0:
            done_s[queue.popleft()[0]] = clock_s
            finished += 1
    return None


def _answer_steps(dep: Deployment, lengths: np.ndarray) -> list[int]:
    """Iterations each answer takes: one for its first token, then with a draft each step
    emits tokens_per_step of the rest on average."""
    rest = np.maximum(lengths - 1, 0) / dep.tokens_per_step
    steps: list[int] = (1 + np.ceil(rest).astype(np.int64)).tolist()
    return steps


def decode_times_s(
    worker: DecodeWorker,
    cache_at_s: np.ndarray,
    lengths: np.ndarray,
    max_events: int = MAX_SIMULATED_EVENTS,
) -> tuple[np.ndarray, np.ndarray] | None:
    """(when each request's first token and its last reach the client) at one decode
    worker whose caches arrive at `cache_at_s` (in order), answers `lengths` tokens long;
    None if they are not through within `max_events` loop turns."""
    dep = worker.dep
    cap = max(1, worker.batch_cap)
    batches = np.arange(1, cap + 1, dtype=float)
    tpot = decode_tpot_s(dep, batches, worker.input_tokens, worker.output_tokens)
    step_s = [0.0, *(np.asarray(tpot, dtype=float) * dep.tokens_per_step).tolist()]
    wait_steps = dep.assumptions.first_token_wait_steps
    answer_steps = _answer_steps(dep, lengths)
    first_s = np.full(cache_at_s.size, math.nan)
    last_s = np.full(cache_at_s.size, math.nan)
    arrivals = cache_at_s.tolist()
    waiting: deque[int] = deque()
    running: list[tuple[int, int]] = []  # heap: (the step its last token is made at, request)
    step, clock_s, arrived = 0, -math.inf, 0  # idle until the first cache lands
    for _ in range(max_events):
        while arrived < len(arrivals) and arrivals[arrived] <= clock_s:
            waiting.append(arrived)
            arrived += 1
        if not running and not waiting:
            if arrived >= len(arrivals):
                return first_s, last_s
            # Idle: the engine's loop sees the cache half an iteration after it lands.
            clock_s = arrivals[arrived] + 0.5 * step_s[1]
            continue
        joined = []
        while waiting and len(running) < cap:  # taken in at this iteration's start
            request = waiting.popleft()
            heapq.heappush(running, (step + answer_steps[request], request))
            joined.append(request)
        seconds = step_s[len(running)]
        steps = running[0][0] - step  # identical iterations up to the next answer's end
        if arrived < len(arrivals) and len(running) < cap:  # or the next cache's intake
            steps = min(steps, math.ceil((arrivals[arrived] - clock_s) / seconds))
        steps = max(1, steps)
        sent_s = wait_steps * seconds  # a token reaches its client this much later
        for request in joined:
            first_s[request] = clock_s + seconds + sent_s
        clock_s += steps * seconds
        step += steps
        while running and running[0][0] <= step:
            last_s[heapq.heappop(running)[1]] = clock_s + sent_s
    return None


def simulate_pools(
    prefill: PrefillWorker,
    decode: DecodeWorker,
    load: PoolsLoad,
    requests: int = SIMULATED_REQUESTS,
) -> TailLatency | None:
    """Serve `requests` requests through a prefill worker and a decode worker of the pools
    at their shares of the planned rate and read the percentiles off their latencies (TTFT
    from a request's arrival to its first token at the client, TPOT over the rest of its
    answer). None without load, or if either stage is not through in time."""
    if load.prefill_rate_per_s <= 0.0 or load.decode_rate_per_s <= 0.0:
        return None
    rng = np.random.default_rng(SEED)
    prompt_arrivals_s = np.cumsum(rng.exponential(1.0 / load.prefill_rate_per_s, requests))
    at_prefill_s = prefill_times_s(prefill, prompt_arrivals_s)
    if at_prefill_s is None:
        return None
    edge = int(requests * EDGE_SHARE)
    settled_s = at_prefill_s[edge : requests - edge] if requests > 2 * edge else at_prefill_s
    arrivals_s = np.cumsum(rng.exponential(1.0 / load.decode_rate_per_s, requests))
    lengths = answer_lengths(rng, decode.output_tokens, requests)
    cache_at_s = (
        arrivals_s + load.before_prefill_s + rng.choice(settled_s, requests) + load.handover_s
    )
    order = np.argsort(cache_at_s, kind="stable")
    decoded = decode_times_s(decode, cache_at_s[order], lengths[order])
    if decoded is None:
        return None
    first_s, last_s = np.empty(requests), np.empty(requests)
    first_s[order], last_s[order] = decoded
    return latencies_tail(arrivals_s, first_s, last_s, lengths, pools=True)
