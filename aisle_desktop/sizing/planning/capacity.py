"""How much load one replica carries within the latency targets (SIZING.md section 3).

Capacity that counts is the largest running batch whose TTFT and TPOT both meet the targets:
beyond it the hardware still serves more tokens per second, but users wait longer than agreed.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from aisle_desktop.formatting import s_from_ms
from aisle_desktop.sizing.engine import (
    BatchLimits,
    Deployment,
    MemoryBreakdown,
    Number,
    OperatingPoint,
    batch_limits,
    memory_breakdown,
    steady_state,
)

MAX_GRID_POINTS = 2048
# The lightest running batch a replica's load is looked for at (a request every minute of a
# few seconds' answers runs about 0.05 on average).
LIGHTEST_BATCH = 1e-3
# Steps of the root search between two batches of the sweep, and where it stops: served and
# offered equal to a part in 1e12.
SETTLE_STEPS = 60
SETTLED = 1e-12
# How far past a target the search for the batch that just meets it reads a miss (a queue
# without end reads as this, not as infinity).
TARGET_RATIO_CAP = 4.0
# The capacity sweep evaluates this many batches first, then four times as many more at a
# time, until one misses a target: most splits miss within the first few dozen of a grid of
# hundreds, and a batch's point is the same whichever batches are evaluated beside it.
FIRST_SWEEP_POINTS = 64
SWEEP_GROWTH = 4


@dataclass(frozen=True, slots=True)
class ReplicaCapacity:
    """One replica's memory, its batch limits and its best batch within the targets."""

    dep: Deployment
    input_tokens: int
    output_tokens: int
    request_overhead_s: float  # before the first step: tokenising, network, retrieval
    memory: MemoryBreakdown
    limits: BatchLimits
    token_budget: float
    batch_within_targets: float  # 0 when even one request misses a target
    at_targets: OperatingPoint | None
    binding_target: str  # "TTFT", "TPOT", or what caps the batch before a target binds
    # The first point of the sweep, kept so no one computes it again (None: no sweep ran).
    swept_light_e2e_s: float | None
    # Whether the load arrives at random (a rate): its TTFT counts the queues (`queued`).
    poisson_arrivals: bool = False

    @property
    def at_limit(self) -> OperatingPoint:
        """The largest batch the engine runs, targets or not. Worked out when asked: a split
        search sizes a dozen splits, and only the chosen one's is ever read."""
        return self._at(self.limits.batch)

    @property
    def light_e2e_s(self) -> float:
        """One request alone: the fastest answers, hence the most frequent questions of users
        who think between them."""
        if self.swept_light_e2e_s is not None:
            return self.swept_light_e2e_s
        return float(self._at(1.0).e2e_s)

    def queued(self, batch: float) -> OperatingPoint:
        """The replica running `batch` on average for requests that arrive at random: its TTFT
        counts their waits for the prefill budget and for a batch slot (`steady_state`). An
        overloaded replica's queue has no mean; its served requests are then shown as the
        closed form has them (the plan says it is overloaded)."""
        args = (self.input_tokens, self.output_tokens, self.token_budget, self.request_overhead_s)
        point = _point(self.dep, batch, args, self.limits.batch, poisson_arrivals=True)
        if math.isfinite(float(point.ttft_s)):
            return point
        return _point(self.dep, batch, args, self.limits.batch)

    def at_offered(
        self, replicas: int, offered: Callable[[np.ndarray], np.ndarray]
    ) -> OperatingPoint | None:
        """Each of `replicas` replicas where what they serve together equals what the load
        offers, `offered(E2E)` requests/s when answers take E2E (users who think between
        questions ask less often as answers slow), read off the same queued sweep that sets the
        capacity, so a load within the capacity meets the targets as the capacity's batch
        does. None beyond the most the replicas serve, or for a load stated in flight."""
        rising = self._rising() if self.poisson_arrivals else None
        if rising is None:
            return None
        batches, rates, e2e = rising
        gaps = replicas * rates - offered(e2e)
        if gaps[-1] < 0.0:
            return None
        above = int(np.argmax(gaps >= 0.0))

        def gap(batch: float) -> tuple[float, OperatingPoint]:
            point = self.queued(batch)
            served = replicas * float(point.requests_per_s)
            return served - float(offered(np.array([float(point.e2e_s)]))[0]), point

        short = float(batches[above - 1]) if above else LIGHTEST_BATCH
        return _settle(gap, short, float(batches[above]))

    def _at(self, batch: float) -> OperatingPoint:
        args = (self.input_tokens, self.output_tokens, self.token_budget, self.request_overhead_s)
        return _point(self.dep, batch, args, self.limits.batch)

    def _rising(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The queued sweep's batches, the requests/s each serves and its E2E, up to the
        busiest batch (beyond it more requests only wait longer: no more are served), each
        serving more than the one before; None when no batch has an end to its queue. The
        whole grid, swept for the split chosen only (the capacity stops at the first miss)."""
        grid = batch_grid(self.limits.admitted)
        args = (self.input_tokens, self.output_tokens, self.token_budget, self.request_overhead_s)
        sweep = _point(self.dep, grid, args, self.limits.batch, poisson_arrivals=True)
        e2e = np.asarray(sweep.e2e_s, dtype=float)
        rates = np.where(np.isfinite(e2e), np.asarray(sweep.requests_per_s, dtype=float), 0.0)
        busiest = int(np.argmax(rates))
        if rates[busiest] <= 0.0:
            return None
        rates = rates[: busiest + 1]
        rises = rates[1:] > np.maximum.accumulate(rates)[:-1]
        keep = (rates > 0.0) & np.concatenate(([True], rises))
        return grid[: busiest + 1][keep], rates[keep], e2e[: busiest + 1][keep]


def batch_grid(cap: float) -> np.ndarray:
    """Whole batches 1..cap, thinned to a geometric grid above MAX_GRID_POINTS."""
    if cap <= MAX_GRID_POINTS:
        return np.arange(1.0, np.floor(cap) + 1.0)
    return np.unique(np.round(np.geomspace(1.0, cap, MAX_GRID_POINTS)))


def replica_capacity(
    dep: Deployment,
    input_tokens: int,
    output_tokens: int,
    ttft_target_s: float,
    tpot_target_s: float,
    extra_ttft_s: float,
    poisson_arrivals: bool = False,
) -> ReplicaCapacity:
    """Evaluate the batches up to the engine's limit, up to the first that misses a target,
    and keep the best that meets both targets. `extra_ttft_s` adds time before the first
    step (retrieval for RAG).

    With `poisson_arrivals` (a load stated as a rate) a batch's TTFT counts the waits random
    arrivals bring, for the prefill budget and for one of the engine's batch slots
    (`steady_state`): near the slots those grow without bound, so the TTFT target, not the
    slots, sets the batch.
    """
    memory = memory_breakdown(dep, input_tokens + output_tokens)
    overhead = s_from_ms(dep.assumptions.request_overhead_ms) + extra_ttft_s
    # Each attention rank schedules its own sequences with its own token budget
    # (data-parallel attention), as the pools' workers and `predict`'s benchmarks count them.
    limits, budget = batch_limits(
        dep, memory, input_tokens, output_tokens, bench=False, per_attention_rank=True
    )
    fixed = (dep, input_tokens, output_tokens, overhead, memory, limits, budget)
    if not memory.fits:
        return ReplicaCapacity(*fixed, 0.0, None, "GPU memory", None, poisson_arrivals)
    # An engine that admits by prompt runs past the cache's average-occupancy fit, paying
    # for the overflow in preemption (`kv_overflow`); the targets decide whether that pays.
    grid = batch_grid(limits.admitted)
    lengths = (input_tokens, output_tokens, budget, overhead)
    # One request alone first, in plain numbers (a quarter of an array's cost; the same
    # figures to a part in 1e15): 180 of the 319 splits of the GPU comparison of the
    # llama-70b-rag plan miss a target there.
    alone = _point(dep, float(grid[0]), lengths, limits.batch, poisson_arrivals)
    if not (alone.ttft_s <= ttft_target_s and alone.tpot_s <= tpot_target_s):
        binding = "TTFT" if alone.ttft_s > ttft_target_s else "TPOT"
        return ReplicaCapacity(*fixed, 0.0, None, binding, float(alone.e2e_s), poisson_arrivals)
    sweep = _Sweep(dep, grid, lengths, limits.batch, poisson_arrivals)
    first_miss = sweep.first_miss(ttft_target_s, tpot_target_s)
    light_e2e_s = sweep.light_e2e_s
    if first_miss < len(grid):
        missed_ttft = sweep.column("ttft_s")[first_miss] > ttft_target_s
        binding = "TTFT" if missed_ttft else "TPOT"
    else:
        binding = limits.admitted_limit
    if first_miss == 0:
        return ReplicaCapacity(*fixed, 0.0, None, binding, light_e2e_s, poisson_arrivals)
    best = float(grid[first_miss - 1])
    if poisson_arrivals:  # the busiest batch within the targets: random arrivals wait longer
        # near the slots, so a larger batch may serve fewer requests a second
        best = float(grid[int(np.argmax(sweep.column("requests_per_s")[:first_miss]))])
    at_targets = _point(dep, best, lengths, limits.batch, poisson_arrivals)
    return ReplicaCapacity(*fixed, best, at_targets, binding, light_e2e_s, poisson_arrivals)


class _Sweep:
    """A replica's points over a grid of batches, evaluated a stretch at a time as far as
    asked: a capacity needs them only up to the first batch that misses a target."""

    def __init__(
        self,
        dep: Deployment,
        grid: np.ndarray,
        lengths: tuple[int, int, float, float],
        resident: float,
        poisson_arrivals: bool,
    ) -> None:
        self._at = functools.partial(
            _point, dep, args=lengths, resident=resident, poisson_arrivals=poisson_arrivals
        )
        self._grid = grid
        self._stretches: list[OperatingPoint] = []

    def first_miss(self, ttft_target_s: float, tpot_target_s: float) -> int:
        """The index of the first batch that misses a target (the grid's length if none
        does), the points evaluated up to it."""
        done, stretch = 0, FIRST_SWEEP_POINTS
        while done < len(self._grid):
            batches = self._grid[done : done + stretch]
            point = self._at(batches)
            self._stretches.append(point)
            ok = (point.ttft_s <= ttft_target_s) & (point.tpot_s <= tpot_target_s)
            if not np.all(ok):
                return done + int(np.argmin(np.broadcast_to(ok, batches.shape)))
            done, stretch = done + len(batches), stretch * SWEEP_GROWTH
        return done

    @property
    def light_e2e_s(self) -> float:
        """One request's E2E (the grid's first batch)."""
        return float(np.asarray(self._stretches[0].e2e_s)[0])

    def column(self, name: str) -> np.ndarray:
        """One figure of the points evaluated, a batch an element."""
        return np.concatenate(
            [
                np.broadcast_to(getattr(at, name), np.shape(at.running_batch))
                for at in self._stretches
            ]
        )


def at_the_targets(
    cap: ReplicaCapacity, ttft_target_s: float, tpot_target_s: float
) -> ReplicaCapacity:
    """`cap` with its batch within the targets found between whole batches, for requests
    that arrive at random: the sweep stops at the last whole batch that meets them, but the
    planned load is a rate, whose batch is any number, so the most it serves within the
    targets is where the first target is just met. Worked out for the split chosen only."""
    if not cap.poisson_arrivals or cap.at_targets is None:
        return cap
    grid = batch_grid(cap.limits.admitted)
    beyond = grid[grid > cap.batch_within_targets]
    if not len(beyond):
        return cap

    def gap_at(point: OperatingPoint) -> tuple[float, OperatingPoint]:
        worst = max(float(point.ttft_s) / ttft_target_s, float(point.tpot_s) / tpot_target_s)
        return 1.0 - min(worst, TARGET_RATIO_CAP), point

    # The search starts from the two whole batches either side, whose points are known: the
    # capacity's own (the same queued point of the same batch) and the next batch's, just
    # worked out to see whether the search is needed.
    known = {cap.batch_within_targets: gap_at(cap.at_targets)}

    def gap(batch: float) -> tuple[float, OperatingPoint]:
        found = known.get(batch)
        return found if found is not None else gap_at(_queued_point(cap, batch))

    next_batch = float(beyond[0])
    known[next_batch] = gap(next_batch)
    if known[next_batch][0] >= 0.0:  # the next batch meets them but serves less
        return cap
    point = _settle(gap, next_batch, cap.batch_within_targets)
    return dataclasses.replace(
        cap, batch_within_targets=float(point.running_batch), at_targets=point
    )


def _queued_point(cap: ReplicaCapacity, batch: float) -> OperatingPoint:
    args = (cap.input_tokens, cap.output_tokens, cap.token_budget, cap.request_overhead_s)
    return _point(cap.dep, batch, args, cap.limits.batch, poisson_arrivals=True)


def _point(
    dep: Deployment,
    batch: Number,
    args: tuple[int, int, float, float],
    resident: Number,
    poisson_arrivals: bool = False,
) -> OperatingPoint:
    """`steady_state` of a plan's replica at `batch`: `args` are the lengths, the token
    budget and the request overhead; its attention ranks each schedule their own."""
    return steady_state(
        dep, batch, *args, resident, poisson_arrivals=poisson_arrivals, ranks_schedule=True
    )


def _settle(
    gap: Callable[[float], tuple[float, OperatingPoint]], short: float, enough: float
) -> OperatingPoint:
    """The point of the batch between `short` (where `gap` is below 0) and `enough` (0 or
    above) at which the gap closes, from the side of `enough`: regula falsi with the
    Illinois halving, which closes on a smooth gap in a few steps where halving the
    bracket takes forty."""
    g_short, point = gap(short)
    if g_short >= 0.0:
        return point
    g_enough, point = gap(enough)
    scale = max(-g_short, g_enough)
    side = 0
    for _ in range(SETTLE_STEPS):
        if g_enough <= SETTLED * scale or abs(enough - short) <= SETTLED * abs(enough):
            break
        batch = enough - g_enough * (enough - short) / (g_enough - g_short)
        g, at = gap(batch)
        if g < 0.0:
            short, g_short = batch, g
            if side == -1:
                g_enough /= 2.0
            side = -1
        else:
            enough, g_enough, point = batch, g, at
            if side == 1:
                g_short /= 2.0
            side = 1
    return point
