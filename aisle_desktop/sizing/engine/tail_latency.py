"""Tail latencies of one planned replica: an event-driven simulation of its scheduler.

The closed forms of serving.py give means. Latency promises are often 95th or 99th
percentiles, and those come from arrivals that bunch up: a burst of prompts queues for the
token budget, and every running answer slows while they prefill. So the planned replica is
simulated request by request: Poisson arrivals at its share of the peak rate (or, when load is
stated as requests in flight, clients that ask again the moment an answer ends), continuous
batching up to the engine's batch limit, and each iteration spending the token budget on one
token per running sequence and the rest on waiting prompts, first come first served.

Iteration times come from steptime.iteration_time, tabulated once per running-batch size (a
step's time is close to linear in its prefill tokens), and runs of identical decode steps
between two events are taken in one jump, so a few thousand requests take milliseconds.
The random stream has a fixed seed: the same plan always gives the same figures.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from aisle_desktop.sizing.engine.deployment import Deployment
from aisle_desktop.sizing.engine.steptime import iteration_time

SIMULATED_REQUESTS = 2_000
# A bound on the work, for engines (user catalog entries) whose limits make prompts crawl.
MAX_SIMULATED_EVENTS = 2_000_000
# The first and last tenth of the requests see an emptier replica (filling, draining).
EDGE_SHARE = 0.1
SEED = 7


@dataclass(frozen=True, slots=True)
class TailLatency:
    """Percentiles of TTFT and TPOT over the simulated requests, in seconds."""

    requests: int
    ttft_p50_s: float
    ttft_p95_s: float
    ttft_p99_s: float
    tpot_p50_s: float
    tpot_p95_s: float
    tpot_p99_s: float


@dataclass(frozen=True, slots=True)
class ReplicaLoad:
    """What arrives at one replica: a Poisson rate, or a fixed number of clients in a loop."""

    arrival_rate_per_s: float | None = None
    clients: int | None = None
    # Clients start spread over this long (about one answer's time), as real ones do; all
    # starting together would, with fixed lengths, stay in lockstep for the whole run.
    client_spread_s: float = 0.0


PREFILL_GRID_POINTS = 16


@dataclass(frozen=True, slots=True)
class _StepTable:
    """Iteration time by running batch (rows) and prefill tokens (columns, interpolated)."""

    seconds_by_batch: list[list[float]]
    prefill_grid: list[int]  # 0, the prompt length and a geometric spread up to the budget
    chunk_room: list[int]  # prefill tokens the budget leaves beside that many decodes

    def seconds(self, decoding: int, prefill_tokens: int) -> float:
        row, grid = self.seconds_by_batch[decoding], self.prefill_grid
        upper = min(bisect.bisect_left(grid, prefill_tokens), len(grid) - 1)
        if grid[upper] == prefill_tokens or upper == 0:
            return row[upper]
        lower = upper - 1
        share = (prefill_tokens - grid[lower]) / (grid[upper] - grid[lower])
        return row[lower] + share * (row[upper] - row[lower])


def _step_table(
    dep: Deployment, input_tokens: int, output_tokens: int, token_budget: float, max_batch: int
) -> _StepTable:
    """Exact at the prompt length, the most common prefill; piecewise linear between."""
    running = np.arange(0.0, max_batch + 1.0)
    room = np.maximum(np.floor(token_budget - running), 1.0)
    spread = np.geomspace(1.0, float(room.max()), PREFILL_GRID_POINTS)
    grid = sorted({0, input_tokens, *(round(float(x)) for x in spread)})
    context = input_tokens + output_tokens / 2.0
    seconds = iteration_time(
        dep, running[:, None], context, np.asarray(grid, dtype=float)[None, :], input_tokens / 2.0
    ).total_s
    table = np.broadcast_to(np.asarray(seconds, dtype=float), (len(running), len(grid)))
    return _StepTable(table.tolist(), grid, [int(r) for r in room])


@dataclass
class _Request:
    arrival_s: float
    prefill_left: int
    first_token_s: float = math.nan
    finish_s: float = math.nan


class _Replica:
    """The scheduler's state: prompts in order, running answers by the step they end at."""

    def __init__(self, table: _StepTable, input_tokens: int, max_batch: int) -> None:
        self.table = table
        self.input_tokens = input_tokens
        self.max_batch = max_batch
        self.prompts: deque[_Request] = deque()  # waiting or prefilling, first come first
        self.answering: list[tuple[int, int, _Request]] = []  # heap: (last step, order, req)
        self.slots_taken = 0  # requests holding a batch slot: prefilling or answering
        self.step = 0
        self.clock_s = 0.0
        self._order = 0

    def can_prefill(self) -> bool:
        """A prompt is waiting and either is under way or can take a free batch slot."""
        if not self.prompts:
            return False
        return self.prompts[0].prefill_left < self.input_tokens or (
            self.slots_taken < self.max_batch
        )

    def prefill_step(self, output_tokens: int) -> list[_Request]:
        """One iteration: a token for every running answer, the rest of the budget to prompts."""
        decoding = len(self.answering)
        room = self.table.chunk_room[decoding]
        tokens, touched = 0, []
        for request in self.prompts:
            if request.prefill_left == self.input_tokens:  # not started: needs a batch slot
                if self.slots_taken >= self.max_batch:
                    break
                self.slots_taken += 1
            take = min(room - tokens, request.prefill_left)
            request.prefill_left -= take
            tokens += take
            touched.append(request)
            if tokens >= room:
                break
        self.clock_s += self.table.seconds(decoding, tokens)
        self.step += 1
        finished = self._retire()
        for request in touched:
            if request.prefill_left == 0:
                self.prompts.popleft()
                request.first_token_s = self.clock_s
                if output_tokens <= 1:
                    request.finish_s = self.clock_s
                    self.slots_taken -= 1
                    finished.append(request)
                else:
                    self._order += 1
                    last = self.step + output_tokens - 1
                    heapq.heappush(self.answering, (last, self._order, request))
        return finished

    def decode_steps(self, next_schedulable_s: float | None) -> list[_Request]:
        """Identical decode steps up to the next answer's end or the next prompt's arrival."""
        step_s = self.table.seconds(len(self.answering), 0)
        steps = self.answering[0][0] - self.step
        if next_schedulable_s is not None:
            steps = min(steps, math.ceil((next_schedulable_s - self.clock_s) / step_s))
        steps = max(1, steps)
        self.clock_s += steps * step_s
        self.step += steps
        return self._retire()

    def _retire(self) -> list[_Request]:
        finished = []
        while self.answering and self.answering[0][0] <= self.step:
            _, _, request = heapq.heappop(self.answering)
            request.finish_s = self.clock_s
            self.slots_taken -= 1
            finished.append(request)
        return finished


def simulate_replica(
    dep: Deployment,
    input_tokens: int,
    output_tokens: int,
    token_budget: float,
    max_batch: int,
    request_overhead_s: float,
    load: ReplicaLoad,
    requests: int = SIMULATED_REQUESTS,
) -> TailLatency | None:
    """Serve `requests` requests on one replica and read the percentiles off their latencies.

    A request can be scheduled `request_overhead_s` after it arrives (tokenising, network,
    retrieval); TTFT runs from its arrival to the end of the step that finishes its prompt.
    None if the requests are not through within MAX_SIMULATED_EVENTS loop turns.
    """
    max_batch = max(1, max_batch)
    # With a draft an answer takes fewer steps than tokens: one for the first token, then
    # each step emits tokens_per_step of the rest on average.
    answer_steps = 1 + math.ceil(max(output_tokens - 1, 0) / dep.tokens_per_step)
    replica = _Replica(
        _step_table(dep, input_tokens, output_tokens, token_budget, max_batch),
        input_tokens,
        max_batch,
    )
    arrivals = _first_arrivals(load, requests)
    issued = 0
    done: list[_Request] = []
    for _ in range(MAX_SIMULATED_EVENTS):
        if len(done) >= requests:
            break
        while issued < len(arrivals) and arrivals[issued] + request_overhead_s <= replica.clock_s:
            replica.prompts.append(_Request(arrivals[issued], input_tokens))
            issued += 1
        next_s = arrivals[issued] + request_overhead_s if issued < len(arrivals) else None
        if replica.can_prefill():
            finished = replica.prefill_step(answer_steps)
        elif replica.answering:  # prompts, if any, wait for a slot: nothing changes till one ends
            finished = replica.decode_steps(None if replica.prompts else next_s)
        elif next_s is not None:
            replica.clock_s = next_s  # idle until the next request can be scheduled
            continue
        else:
            break
        done.extend(finished)
        if load.clients is not None:  # each client asks again as soon as it has its answer
            arrivals.extend(r.finish_s for r in finished[: requests - len(arrivals)])
    else:
        return None
    return _percentiles(done, output_tokens) if done else None


def _first_arrivals(load: ReplicaLoad, requests: int) -> list[float]:
    rng = np.random.default_rng(SEED)
    if load.clients is not None:
        starts = rng.uniform(0.0, load.client_spread_s, max(1, min(load.clients, requests)))
        return [float(t) for t in np.sort(starts)]
    rate = load.arrival_rate_per_s or 0.0
    if rate <= 0.0:
        raise ValueError("a tail-latency simulation needs a positive arrival rate or clients")
    return [float(t) for t in np.cumsum(rng.exponential(1.0 / rate, requests))]


def _percentiles(done: list[_Request], output_tokens: int) -> TailLatency:
    ordered = sorted(done, key=lambda r: r.arrival_s)
    edge = int(len(ordered) * EDGE_SHARE)
    kept = ordered[edge : len(ordered) - edge] or ordered
    ttft = np.array([r.first_token_s - r.arrival_s for r in kept])
    if output_tokens > 1:
        tpot = np.array([(r.finish_s - r.first_token_s) / (output_tokens - 1) for r in kept])
    else:
        tpot = np.zeros(1)
    p = np.percentile
    return TailLatency(
        requests=len(kept),
        ttft_p50_s=float(p(ttft, 50)),
        ttft_p95_s=float(p(ttft, 95)),
        ttft_p99_s=float(p(ttft, 99)),
        tpot_p50_s=float(p(tpot, 50)),
        tpot_p95_s=float(p(tpot, 95)),
        tpot_p99_s=float(p(tpot, 99)),
    )
