"""The wait for a decode place when requests arrive at random.

A decode worker runs at most its batch cap of answers at once (its places). A plan's load is
a rate: caches reach a decode worker when their prompts happen to arrive, not as answers end,
so a busy worker sometimes has every place taken and a cache waits for an answer to end. That
wait comes before the first token (the decode worker makes it), so it is TTFT.

Each place is held for one answer's decode, and a worker's pace depends on how many answers it
carries (its step at that batch, `decode_tpot_s`): with n answers it ends them at n / (later
tokens x TPOT(n)) a second (`disaggregated.decode_paces_per_s`). With caches arriving as a
Poisson stream and answers whose lengths are memoryless (geometric, as the pools' simulation
draws them, `answer_lengths`), the worker is a birth-death queue: the chance of n answers
(n <= places) is proportional to the product of rate / (its pace at k) over k = 1..n; beyond
the places the pace stays the full batch's. Requests waiting then follow the geometric tail of
that queue, and Little's law turns their mean number into the mean wait. This is Erlang's C
(`arrival_queues.slot_wait_s`) with each state's own pace: a full worker's slower steps are
what a waiting cache sees, so the wait is longer than Erlang's C at the mean batch's pace (the
agentic coding preset's pools sized on means, at their planned load: 0.68 s against 0.11 s;
with it the mean TTFT is 2.21 s where the pools' simulation of 20,000 requests reads 2.15 s,
tests/sizing/test_decode_places.py).
"""

from __future__ import annotations

import math

import numpy as np

# A decode worker whose full batch's pace is this busy is at its limit: its queue grows for as
# long as the load lasts. The wait is read at this share (the prefill pool's is likewise kept
# below PREFILL_UTILISATION_MAX), so curves past it stay finite and rise steeply.
PLACES_UTILISATION_MAX = 0.98
# A worker whose full-batch load leaves more standard deviations of headroom than this below
# its places practically never fills them (the Halfin-Whitt regime, as
# `arrival_queues.NO_WAIT_HEADROOM_SD`): its wait is taken as none.
NO_WAIT_HEADROOM_SD = 8.0


def place_wait_s(paces_per_s: np.ndarray, requests_per_s: float) -> float:
    """Mean wait of a cache for a place at a decode worker whose pace with n answers is
    `paces_per_s[n - 1]` (n = 1..places), caches reaching it at `requests_per_s` at random.
    At or past PLACES_UTILISATION_MAX of the full batch's pace it is read there."""
    if requests_per_s <= 0.0:
        return 0.0
    places = paces_per_s.size
    full_pace = float(paces_per_s[-1])
    rate = min(requests_per_s, PLACES_UTILISATION_MAX * full_pace)
    held_at_full_pace = rate * places / full_pace  # an upper bound on the answers carried
    if places - held_at_full_pace >= NO_WAIT_HEADROOM_SD * math.sqrt(max(held_at_full_pace, 1.0)):
        return 0.0
    # log of each state's weight: n log(rate) - sum of log(pace) up to n, for n = 0..places.
    log_weight = np.concatenate(([0.0], np.cumsum(math.log(rate) - np.log(paces_per_s))))
    weight = np.exp(log_weight - log_weight.max())
    busy = rate / full_pace  # each state past the places is this share of the one before
    beyond = weight[-1] * busy / (1.0 - busy)
    total = float(weight.sum()) + beyond
    waiting = weight[-1] * busy / (1.0 - busy) ** 2 / total
    return float(waiting / rate)


def place_waits_s(paces_per_s: np.ndarray, requests_per_s: np.ndarray) -> np.ndarray:
    """`place_wait_s` at each of a decode worker's rates `requests_per_s`."""
    rates = np.asarray(requests_per_s, dtype=float)
    waits = [place_wait_s(paces_per_s, float(rate)) for rate in rates.ravel()]
    return np.array(waits, dtype=float).reshape(rates.shape)
