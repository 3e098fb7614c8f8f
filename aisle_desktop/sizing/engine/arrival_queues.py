"""Waits of requests that arrive at random (Poisson), which a steady batch does not show.

A plan's load is a rate: people ask when they ask, not in step with the answers. Two queues
then form before a request's first token that a closed loop of clients (a benchmark's fixed
concurrency, whose waits serving.py models) never builds:

- **For the prefill budget.** Each iteration spends what its token budget leaves beside the
  running answers on prompts, first come first served. A prompt needs `input / room`
  iterations of that budget, the same every time, and prompts arrive independently: an M/D/1
  queue whose utilisation is the share of the replica's *time* spent prefilling (prefill
  iterations are the long ones, so that share exceeds their share of iterations).
- **For a batch slot.** A request holds one of the engine's `slots` running sequences from its
  prefill to its last token; with Poisson arrivals and `load` sequences running on average
  (Little's law) that is an M/G/c queue, whose probability of waiting Erlang's C formula
  gives (exact for exponential holding times, and insensitive enough to their spread for a
  mean), and whose mean wait is `C x holding time / (slots - load)`: small until the batch
  nears the slots, then without bound.
"""

from __future__ import annotations

import math

import numpy as np

from aisle_desktop.sizing.engine.arraymath import Number

# Beyond this many standard deviations of headroom, (slots - load) / sqrt(load), Erlang's C is
# below about 1e-6 (1.1e-6 for one busy slot of 9; far less as slots grow, the Halfin-Whitt
# regime): the recursion over the slots is skipped there and the wait taken as none.
NO_WAIT_HEADROOM_SD = 8.0
# Erlang's B recursion starts this many standard deviations of the lightest load below it
# (taking B = 1 there), not at one slot. 1 / B sums the load's Poisson probabilities up to the
# slots over the last one; a start at k leaves out those below k, under 1e-22 of the sum at
# 10 standard deviations (Chernoff's bound for the Poisson lower tail, exp(-a + k + k ln(a/k)),
# over the half of the sum at least at or below the slots), and the recursion is a contraction
# (it shrinks a difference in B at every step): the same bits as from one slot on the
# 54,000 loads tried, with hundreds of slots in half the steps.
RECURSION_START_SD = 10.0


def prefill_queue_wait_s(
    prefill_tokens_per_step: Number,
    chunk_room: Number,
    prefill_step_s: Number,
    mean_step_s: Number,
    input_tokens: float,
    micro_batches: Number = 1.0,
) -> Number:
    """Mean wait of a prompt for the prefill budget (M/D/1, Pollaczek-Khinchine).

    Service: `input / room` prefill iterations, `prefill_step_s` each. Utilisation: the
    prompt tokens a step must take over the room a step has (a room per micro-batch under
    pipeline parallel), times the prefill iteration's share of a mean iteration's time.
    Wait = rho x service / (2 (1 - rho)); infinite at rho >= 1 (the queue grows as long as
    the load lasts).
    """
    service_s = input_tokens / chunk_room * prefill_step_s
    rho = prefill_tokens_per_step / (chunk_room * micro_batches) * prefill_step_s / mean_step_s
    safe = np.minimum(rho, 0.999999) if isinstance(rho, np.ndarray) else min(rho, 0.999999)
    wait_s = safe * service_s / (2.0 * (1.0 - safe))
    if isinstance(rho, np.ndarray):
        return np.where(rho < 1.0, wait_s, math.inf)
    return wait_s if rho < 1.0 else math.inf


def md1_wait_s(utilisation: Number, service_s: Number) -> Number:
    """Mean wait in an M/D/1 queue (Pollaczek-Khinchine): utilisation / (2 (1 - utilisation))
    services. Prompts of one length take the same service each, so their wait is half the
    M/M/1 one; the callers keep the utilisation below 1."""
    return utilisation / (2.0 * (1.0 - utilisation)) * service_s


def erlang_c(slots: int, load: Number) -> Number:
    """Probability that a Poisson arrival finds all `slots` busy, with `load` busy on average
    (1 at or above the slots). Erlang's B by its recursion B_k = a B_(k-1) / (k + a B_(k-1)),
    stable for any number of slots, then C = c B / (c - a (1 - B))."""
    if not isinstance(load, np.ndarray):  # one load: most are far from the slots
        if load >= slots:
            return 1.0
        if not slots - load < NO_WAIT_HEADROOM_SD * math.sqrt(max(load, 1.0)):
            return 0.0
        a = float(load)
        blocked_one = _erlang_b_one(slots, a)
        return slots * blocked_one / (slots - a * (1.0 - blocked_one))
    loads = np.atleast_1d(np.asarray(load, dtype=float))
    waits = np.where(loads >= slots, 1.0, 0.0)
    near = (loads < slots) & (slots - loads < NO_WAIT_HEADROOM_SD * np.sqrt(np.maximum(loads, 1.0)))
    if near.any():
        a = loads[near]
        blocked = _erlang_b(slots, a)
        waits[near] = slots * blocked / (slots - a * (1.0 - blocked))
    return waits


def _erlang_b(slots: int, a: np.ndarray) -> np.ndarray:
    """Erlang's B for `slots` at each load of `a`, by the recursion from RECURSION_START_SD
    below the lightest load (the arrays reused: three operations a slot)."""
    lightest = float(a.min())
    spread = math.sqrt(max(lightest, 1.0))
    start = max(1, math.floor(lightest - RECURSION_START_SD * spread))
    blocked = np.ones_like(a)
    carried = np.empty_like(a)
    whole = np.empty_like(a)
    for k in range(start, slots + 1):
        np.multiply(a, blocked, out=carried)
        np.add(carried, k, out=whole)
        np.divide(carried, whole, out=blocked)
    return blocked


def _erlang_b_one(slots: int, a: float) -> float:
    """`_erlang_b` for one load in plain floats: the same start and the same three IEEE
    operations a slot, so the same bits, without numpy's cost for each operation on a
    one-element array (the split search settles its loads one at a time, some 700 slots each)."""
    start = max(1, math.floor(a - RECURSION_START_SD * math.sqrt(max(a, 1.0))))
    blocked = 1.0
    for k in range(start, slots + 1):
        carried = a * blocked
        blocked = carried / (carried + k)
    return blocked


def slot_wait_s(slots: float, load: Number, holding_s: Number) -> Number:
    """Mean wait for a batch slot: Erlang's C x holding time / (slots - load); infinite when
    the load fills every slot. `slots` is the engine's running-batch limit (whole sequences)."""
    whole = max(1, math.floor(slots))
    headroom = whole - load
    safe = np.maximum(headroom, 1e-9) if isinstance(headroom, np.ndarray) else max(headroom, 1e-9)
    wait_s = erlang_c(whole, load) * holding_s / safe
    if isinstance(headroom, np.ndarray):
        return np.where(headroom > 0.0, wait_s, math.inf)
    return wait_s if headroom > 0.0 else math.inf
