"""How many of a replica's data-parallel attention ranks prefill at once, and what that costs.

Each attention rank schedules its own prompts (TensorRT-LLM's executor per rank, vLLM's engine
per data-parallel rank, SGLang's DP schedulers), but all ranks run every iteration together:
their MoE layers exchange tokens, so an iteration lasts as long as the prefill all of them
carry, `step_s[k]` with k ranks prefilling. That couples the ranks. When many prefill, every
iteration is long, each prompt takes longer to get through, more prompts arrive meanwhile and
more ranks stay busy; when few do, the ranks empty fast. The count of busy ranks therefore
spreads far wider than independent ranks (a binomial) would: on the DeepSeek-V3.2 QA plan at
90% load the event simulation (`tail_latency.py`) has no rank prefilling in 21% of iterations
and all eight in 6%, where a binomial says 1% and 0.1%, and the binomial's mean iteration is
18% short of the simulation's.

So the busy ranks are counted as a birth-death chain in time, as M/M/c queues are: prompts
arrive at the replica's rate and take an idle rank when there is one (requests go to the rank
with the fewest), and k busy ranks finish prompts at k x (prompts a busy rank's iteration
carries) / `step_s[k]` a second; beyond every rank busy, prompts queue. Its share of time in
each state gives the mean iteration (iterations in a state are its time over `step_s[k]`),
which in turn sets the arrival rate (requests finish, and new ones arrive, one per answer's
worth of tokens): the two are settled together by halving. Prompts of one length take a
deterministic number of iterations, so their wait for a rank is the exponential chain's
halved (Allen and Cunneen's (1 + cs^2) / 2 for M/G/c queues, with cs = 0).

A closed loop of clients (a plan's requests in flight) is counted in iterations instead: a
client asks again when its answer ends, at the end of an iteration, so a long iteration brings
no more prompts than a short one, and the coupling is milder (on the DeepSeek-V3.2 preset at
256 in flight, 2,048 tokens a rank, the simulation's iteration in which a rank prefills is
65 ms, the chain counted in seconds said 83 ms, counted in iterations 61 ms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from aisle_desktop.sizing.engine.arraymath import Number

# Halvings of the bracket [iteration with no prefill, iteration with every rank prefilling]
# around the mean iteration: 2^-40 of it.
SETTLE_STEPS = 40
# Allen-Cunneen's factor (1 + cs^2) / 2 for prompts of one length (cs = 0).
DETERMINISTIC_SERVICE = 0.5


@dataclass(frozen=True, slots=True)
class BusyRanks:
    """The prefill of a replica's attention ranks, each figure per element of the batch."""

    mean_step_s: Number  # the mean iteration
    prefill_share: Number  # share of iterations in which some rank prefills
    prefill_step_s: Number  # the mean of those iterations
    own_step_s: Number  # the mean iteration in which a given rank prefills
    queue_wait_s: Number  # a prompt's mean wait for a rank (infinite when they cannot keep up)


def busy_ranks(
    step_s: list[Number],
    prompts_per_step: Number,
    prompts_per_busy_step: Number,
    closed_loop: bool = False,
) -> BusyRanks:
    """The busy ranks' chain of a replica whose iteration takes `step_s[k]` with k of its
    `len(step_s) - 1` ranks prefilling, which starts `prompts_per_step` prompts an iteration
    on average (its running answers end at that rate) and whose busy rank gets through
    `prompts_per_busy_step` prompts an iteration.

    Requests arriving at random (a plan's rate) come at a rate per second, so a long
    iteration gathers more of them; a `closed_loop` of clients asks again when an answer
    ends, at the end of an iteration, so its prompts come at a rate per iteration however
    long the iterations run: the chain is then counted in iterations, and the long ones
    many busy ranks make bring no more prompts than short ones."""
    steps = np.asarray(np.broadcast_arrays(*step_s), dtype=float)
    ranks = len(step_s) - 1
    busy = np.arange(1.0, ranks + 1.0).reshape((-1,) + (1,) * (steps.ndim - 1))
    # Arrivals over completions in each state, per second of the mean iteration `m`.
    per_state = steps[1:] * prompts_per_step / (busy * prompts_per_busy_step)

    def chain(ratios: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(share of each count of busy ranks, the weight of every rank busy with none
        queued, whether the full ranks keep up, their load) for these arrivals over
        completions in each state."""
        weights = np.concatenate([np.ones((1, *ratios.shape[1:])), np.cumprod(ratios, axis=0)])
        full = ratios[-1]
        stable = full < 1.0
        all_busy = weights[-1].copy()
        weights[-1] = np.where(stable, all_busy / np.where(stable, 1.0 - full, 1.0), 1.0)
        weights[:-1] = np.where(stable, weights[:-1], 0.0)
        total = weights.sum(axis=0)
        return weights / total, all_busy / total, stable, full

    if closed_loop:  # arrivals over completions per iteration: shares of iterations
        each_state = prompts_per_step / (busy * prompts_per_busy_step)
        counted, all_busy, stable, full = chain(np.broadcast_to(each_state, per_state.shape))
        mean_s = (counted * steps).sum(axis=0)
        shares = counted * steps / mean_s  # turned into shares of time
        all_busy = all_busy * steps[-1] / mean_s
    else:
        mean_s = _settled_mean_s(steps, lambda mean_s: chain(per_state / mean_s)[0])
        shares, all_busy, stable, full = chain(per_state / mean_s)
    per_iteration = shares / steps * mean_s  # share of iterations in each state
    prefill_share = 1.0 - per_iteration[0]
    some = prefill_share > 0.0
    prefill_s = np.where(
        some,
        (mean_s - per_iteration[0] * steps[0]) / np.where(some, prefill_share, 1.0),
        steps[1],
    )
    rank_time = (shares[1:] * busy).sum(axis=0)  # a given rank prefills in these shares
    own_s = np.where(
        rank_time > 0.0,
        rank_time / np.where(rank_time > 0.0, (shares[1:] * busy / steps[1:]).sum(axis=0), 1.0),
        steps[1],
    )
    safe_full = np.where(stable, full, 0.0)
    queued = all_busy * safe_full / (1.0 - safe_full) ** 2  # prompts waiting, on average
    arrivals_per_s = prompts_per_step / mean_s
    wait_s = np.where(
        arrivals_per_s > 0.0,
        DETERMINISTIC_SERVICE * queued / np.where(arrivals_per_s > 0.0, arrivals_per_s, 1.0),
        0.0,
    )
    wait_s = np.where(stable, wait_s, np.inf)
    scalar = all(np.ndim(each) == 0 for each in (*step_s, prompts_per_step))
    figures = (mean_s, prefill_share, prefill_s, own_s, wait_s)
    if scalar:
        return BusyRanks(*(float(np.asarray(each).reshape(-1)[0]) for each in figures))
    return BusyRanks(*figures)


def _settled_mean_s(steps: np.ndarray, shares_at: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """The mean iteration of a chain whose prompts arrive at a rate per second: the time
    shares at a mean iteration imply a mean iteration, and the two are settled by halving."""

    def implied_mean_s(mean_s: np.ndarray) -> np.ndarray:
        implied: np.ndarray = 1.0 / (shares_at(mean_s) / steps).sum(axis=0)
        return implied

    low, high = steps[0].copy(), steps[-1].copy()
    for _ in range(SETTLE_STEPS):
        middle = 0.5 * (low + high)
        short = middle < implied_mean_s(middle)
        low = np.where(short, middle, low)
        high = np.where(short, high, middle)
    settled: np.ndarray = 0.5 * (low + high)
    return settled
