"""How much load one replica carries within the latency targets (SIZING.md section 3).

Capacity that counts is the largest running batch whose TTFT and TPOT both meet the targets:
beyond it the hardware still serves more tokens per second, but users wait longer than agreed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from aisle_desktop.formatting import s_from_ms
from aisle_desktop.sizing.engine import (
    BatchLimits,
    Deployment,
    MemoryBreakdown,
    OperatingPoint,
    batch_limits,
    memory_breakdown,
    steady_state,
)

MAX_GRID_POINTS = 2048


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
        point = steady_state(self.dep, batch, *args, self.limits.batch, poisson_arrivals=True)
        if math.isfinite(float(point.ttft_s)):
            return point
        return steady_state(self.dep, batch, *args, self.limits.batch)

    def _at(self, batch: float) -> OperatingPoint:
        args = (self.input_tokens, self.output_tokens, self.token_budget, self.request_overhead_s)
        return steady_state(self.dep, batch, *args, self.limits.batch)


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
    """Evaluate every batch up to the engine's limit at once and keep the best that meets
    both targets. `extra_ttft_s` adds time before the first step (retrieval for RAG).

    With `poisson_arrivals` (a load stated as a rate) a batch's TTFT counts the waits random
    arrivals bring, for the prefill budget and for one of the engine's batch slots
    (`steady_state`): near the slots those grow without bound, so the TTFT target, not the
    slots, sets the batch.
    """
    memory = memory_breakdown(dep, input_tokens + output_tokens)
    overhead = s_from_ms(dep.assumptions.request_overhead_ms) + extra_ttft_s
    limits, budget = batch_limits(dep, memory, input_tokens, output_tokens, bench=False)
    fixed = (dep, input_tokens, output_tokens, overhead, memory, limits, budget)
    if not memory.fits:
        return ReplicaCapacity(*fixed, 0.0, None, "GPU memory", None)
    # An engine that admits by prompt runs past the cache's average-occupancy fit, paying
    # for the overflow in preemption (`kv_overflow`); the targets decide whether that pays.
    grid = batch_grid(limits.admitted)
    lengths = (input_tokens, output_tokens, budget, overhead)
    sweep = steady_state(dep, grid, *lengths, limits.batch, poisson_arrivals)
    ttft = np.asarray(sweep.ttft_s)
    tpot = np.asarray(sweep.tpot_s)
    light_e2e_s = float(np.asarray(sweep.e2e_s)[0])  # grid[0] is one request
    ok = (ttft <= ttft_target_s) & (tpot <= tpot_target_s)
    if not ok[0]:
        binding = "TTFT" if ttft[0] > ttft_target_s else "TPOT"
        return ReplicaCapacity(*fixed, 0.0, None, binding, light_e2e_s)
    first_miss = int(np.argmin(ok)) if not ok.all() else len(grid)
    best = float(grid[first_miss - 1])
    if first_miss < len(grid):
        binding = "TTFT" if ttft[first_miss] > ttft_target_s else "TPOT"
    else:
        binding = limits.admitted_limit
    at_targets = steady_state(dep, best, *lengths, limits.batch, poisson_arrivals)
    return ReplicaCapacity(*fixed, best, at_targets, binding, light_e2e_s)
