"""How long TensorRT-LLM's attention data-parallel balancer holds a new prompt when each
attention rank's own token budget holds only one prompt an iteration.

Under attention DP every rank runs its own scheduler with the engine's `max_num_tokens`
(each rank's, not the replica's), and TensorRT-LLM schedules a prompt whole unless chunked
prefill is turned on (`enable_chunked_prefill`, off by default): an iteration takes a prompt
only if it fits in the budget beside the rank's decoding tokens. InferenceX's DeepSeek-R1
scripts give a budget of one prompt: `max_num_tokens` = max(8,192, clients + input + 64)
without drafts (one 8,192-token prompt), (drafts + 1) x the rank's clients + input + 64 with
MTP (one prompt of any length).

The balancer (`_balance_adp_requests` in TensorRT-LLM's PyTorch executor, as NVIDIA/TensorRT-LLM
commit 9521caf has it and its later move to the scheduler keeps it, "logic unchanged")
then decides each iteration, from every rank's scheduled prompts: it lets them go when every
rank has one (and a free batch slot), or when it has waited `timeout_iters` iterations since
it last let prompts go (its counter runs whether or not a prompt waits), or at once while
some rank decodes nothing. A rank admits at most its one prompt at each release; the prompts
behind it wait for the next. Clients in a loop send a new request when their answer ends,
and it lands on the rank that answer left (the rank with the fewest requests, or under the
MTP scripts' `max_batch_size` of the clients over the ranks the only one with room), so each
rank keeps its own clients and its own queue.

The queues of the ranks are coupled through the "every rank has one" release, and how they
fill depends on how the answers' ends spread: no closed form follows them. So the rule is
simulated, iteration by iteration with jumps between events, and its mean hold returned. The
answers are drawn either uniformly between a shortest share and the longest (a benchmark
client's random lengths) or geometric around the mean (a plan's answers, as the tail
simulation draws them); the stream has a fixed seed, so the same inputs give the same hold.
"""

from __future__ import annotations

import functools
import heapq
import math
import random
from collections import deque
from collections.abc import Callable

# Requests whose holds are averaged, after a fifth as many while the ranks settle.
SIMULATED_REQUESTS = 6_000
SETTLING_SHARE = 0.2
SEED = 7


@functools.lru_cache(maxsize=1024)
def held_steps(
    ranks: int,
    clients_per_rank: int,
    answer_steps: float,
    timeout_steps: int,
    prompts_per_step: int = 1,
    shortest_answer_share: float | None = None,
) -> float:
    """Mean iterations from a new prompt's arrival to the balancer letting it go (module doc).

    `answer_steps` is an answer's mean iterations; `prompts_per_step` the prompts a rank's
    budget holds; `shortest_answer_share` the shortest answer's share of the longest when
    answers are drawn uniformly between them, None for geometric answers.
    """
    draw = _answer_draw(answer_steps, shortest_answer_share, random.Random(SEED))
    waiting: list[deque[int]] = [deque([0] * clients_per_rank) for _ in range(ranks)]
    ends: list[tuple[int, int]] = []  # (iteration the answer ends, its rank)
    decoding = [0] * ranks
    settling = int(SIMULATED_REQUESTS * SETTLING_SHARE)
    step, counted_from, admitted, held_total = 0, 0, 0, 0
    while admitted < SIMULATED_REQUESTS + settling:
        if _lets_go(waiting, decoding, step - counted_from + 1 >= timeout_steps):
            counted_from = step + 1
            for rank, queue in enumerate(waiting):
                for _ in range(min(prompts_per_step, len(queue))):
                    arrived = queue.popleft()
                    admitted += 1
                    if admitted > settling:
                        held_total += step - arrived
                    heapq.heappush(ends, (step + draw(), rank))
                    decoding[rank] += 1
        step = _next_event(waiting, ends, step, counted_from + timeout_steps - 1)
        while ends and ends[0][0] <= step:
            ended, rank = heapq.heappop(ends)
            decoding[rank] -= 1
            waiting[rank].append(ended)
    return held_total / SIMULATED_REQUESTS


def _lets_go(waiting: list[deque[int]], decoding: list[int], timed_out: bool) -> bool:
    """The balancer's rule for this iteration: every rank has a prompt, the timeout is
    reached, or some rank decodes nothing."""
    return all(waiting) or timed_out or min(decoding) == 0


def _next_event(
    waiting: list[deque[int]], ends: list[tuple[int, int]], step: int, timeout_step: int
) -> int:
    """The next iteration at which anything can change: an answer ends, the timeout comes,
    or (every rank waiting) the next iteration."""
    if all(waiting):
        return step + 1
    following = ends[0][0] if ends else step + 1
    if any(waiting):
        following = min(following, timeout_step)
    return max(step + 1, following)


def _answer_draw(
    answer_steps: float, shortest_share: float | None, rng: random.Random
) -> Callable[[], int]:
    """A function drawing one answer's iterations with mean `answer_steps` (module doc)."""
    if shortest_share is None:
        if answer_steps <= 1.0:
            return lambda: 1
        log_stay = math.log(1.0 - 1.0 / answer_steps)
        return lambda: max(1, math.ceil(math.log(1.0 - rng.random()) / log_stay))
    longest = 2.0 * answer_steps / (1.0 + shortest_share)
    shortest = shortest_share * longest
    return lambda: max(1, round(rng.uniform(shortest, longest)))
