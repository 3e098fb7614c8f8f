"""Tail latencies of one planned replica: an event-driven simulation of its scheduler.

The closed forms of serving.py give means. Latency promises are often 95th or 99th
percentiles, and those come from arrivals that bunch up: a burst of prompts queues for the
token budget, and every running answer slows while they prefill. So the planned replica is
simulated request by request: Poisson arrivals at its share of the peak rate (or, when load is
stated as requests in flight, clients that ask again the moment an answer ends), continuous
batching up to the engine's batch limit, and each iteration spending the token budget on one
token per running sequence and the rest on waiting prompts, first come first served.

It simulates what the closed forms assume, so that a percentile and the mean beside it describe
the same engine:
- Answers vary in length around the plan's output tokens (`answer_lengths`). With every
  answer of one length, clients in a loop that were served together finish together and ask
  together again, round after round, a lockstep no real service keeps (issue 16: after the
  first requests finish, arrivals spread out); the steady state of serving.py takes prompts
  as arriving independently, which a spread of answer lengths brings about. Fixed lengths
  made every percentile one value, below the mean.
- A request reaching an idle replica waits half an iteration for the engine's loop, as one
  reaching a busy replica waits on average for the running iteration.
- The engine's overlap scheduler hands out each token `first_token_wait_steps` decode
  iterations after the step that made it (serving.py's TTFT charges the same wait): every
  token of an answer, the first and the last, reaches its client that much later.
- Where TensorRT-LLM's attention data-parallel balancer gathers the ranks' prompts
  (`serving.balancer_gathers_prompts`), serving.py reads the replica as one scheduler whose
  new prompts wait `balancer_wait_steps` on average; the simulation runs that scheduler and
  holds each new prompt by the balancer's own rule (`_Balancer`), so the percentiles hold
  the wait the mean has. Where each rank admits only the whole prompts its own budget holds
  and that is one (`attention_rank_whole_prompts`), a release lets one prompt a rank go and
  the rest wait for the next, as the mean's simulation of the rule has it.

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
from dataclasses import dataclass, field

import numpy as np

from aisle_desktop.sizing.engine.deployment import Deployment
from aisle_desktop.sizing.engine.replica_memo import kept_by_replica
from aisle_desktop.sizing.engine.serving import balancer_gathers_prompts
from aisle_desktop.sizing.engine.steptime import iteration_time

SIMULATED_REQUESTS = 2_000
# A bound on the work, for engines (user catalog entries) whose limits make prompts crawl.
MAX_SIMULATED_EVENTS = 2_000_000
# The first and last tenth of the requests see an emptier replica (filling, draining).
EDGE_SHARE = 0.1
SEED = 7


@dataclass(frozen=True, slots=True)
class TailLatency:
    """Mean and percentiles of TTFT and TPOT over the simulated requests, in seconds."""

    requests: int
    ttft_mean_s: float
    ttft_p50_s: float
    ttft_p95_s: float
    ttft_p99_s: float
    tpot_mean_s: float
    tpot_p50_s: float
    tpot_p95_s: float
    tpot_p99_s: float
    # Simulated through a prefill worker and a decode worker of separate pools
    # (`pools_tail.simulate_pools`), not one replica serving prompts and answers together.
    pools: bool = False

    def not_below(self, ttft_mean_s: float, tpot_mean_s: float) -> TailLatency:
        """The same spread, shifted up where the simulated mean is below the plan's mean.

        The plan's means are the closed forms the calibration fits to measured means. The
        simulation runs the same step times and waits, so its means agree with them: within
        1% for a lone request, and never more than 12% (TTFT) or 8% (TPOT) lower over the
        presets at 1-1,024 requests in flight (a replica serving one request at a time never
        prefills while it decodes, where the closed form charges a share of that). Shifting
        the percentiles by such a difference keeps a p99 from reading below the mean shown
        beside it. A simulated mean above the plan's is kept: prompts queueing behind long
        prefills or for a batch slot, which the closed form's average does not see, are what
        the tail is for (docs/SIZING.md, tail latency).
        """
        up_ttft_s = max(0.0, ttft_mean_s - self.ttft_mean_s)
        up_tpot_s = max(0.0, tpot_mean_s - self.tpot_mean_s)
        return TailLatency(
            requests=self.requests,
            ttft_mean_s=self.ttft_mean_s + up_ttft_s,
            ttft_p50_s=self.ttft_p50_s + up_ttft_s,
            ttft_p95_s=self.ttft_p95_s + up_ttft_s,
            ttft_p99_s=self.ttft_p99_s + up_ttft_s,
            tpot_mean_s=self.tpot_mean_s + up_tpot_s,
            tpot_p50_s=self.tpot_p50_s + up_tpot_s,
            tpot_p95_s=self.tpot_p95_s + up_tpot_s,
            tpot_p99_s=self.tpot_p99_s + up_tpot_s,
            pools=self.pools,
        )


@dataclass(frozen=True, slots=True)
class ReplicaLoad:
    """What arrives at one replica: a Poisson rate, or a fixed number of clients in a loop."""

    arrival_rate_per_s: float | None = None
    clients: int | None = None
    # Clients start spread over this long (about one answer's time), as real ones do; all
    # starting together would be a benchmark's starting cohort, which the plan does not have.
    client_spread_s: float = 0.0


PREFILL_GRID_POINTS = 16


@dataclass(frozen=True, slots=True)
class _StepTable:
    """Iteration time by running batch (rows) and prefill tokens (columns, interpolated)."""

    seconds_by_batch: list[list[float]]
    prefill_grid: list[int]  # 0, the prompt length and a geometric spread up to the budget

    def seconds(self, decoding: int, prefill_tokens: int) -> float:
        row = self.seconds_by_batch[decoding]
        if prefill_tokens == 0:  # a decode step: the grid's first point (most of the asks)
            return row[0]
        return piecewise_linear(self.prefill_grid, row, prefill_tokens)


def piecewise_linear(grid: list[int] | list[float], row: list[float], at: float) -> float:
    """`row` read at `at` on its ascending `grid`: exact on a point, linear between two, the
    end values beyond them (a scalar look-up in a simulation's loop: numpy's is slower)."""
    upper = min(bisect.bisect_left(grid, at), len(grid) - 1)
    if grid[upper] == at or upper == 0:
        return row[upper]
    lower = upper - 1
    share = (at - grid[lower]) / (grid[upper] - grid[lower])
    return row[lower] + share * (row[upper] - row[lower])


def _step_table(
    dep: Deployment,
    input_tokens: int,
    output_tokens: int,
    token_budget: float,
    max_batch: int,
    ranks: int = 1,
) -> _StepTable:
    """Exact at the prompt length, the most common prefill; piecewise linear between.

    What one request brings to an iteration is its prompt or the chunk of it its rank's
    share of the budget takes: under pipeline parallel the chunks of several ranks'
    prompts are several requests, which share out the micro-batches (a prompt rides one:
    `steptime.heaviest_micro_batch`), not one prompt's whole prefill in one micro-batch."""
    running = np.arange(0.0, max_batch + 1.0)
    room = np.maximum(np.floor(token_budget - running), 1.0)
    spread = np.geomspace(1.0, float(room.max()), PREFILL_GRID_POINTS)
    grid = sorted({0, input_tokens, *(round(float(x)) for x in spread)})
    context = input_tokens + output_tokens / 2.0
    prefill = np.asarray(grid, dtype=float)[None, :]
    seconds = iteration_time(
        dep,
        running[:, None],
        context,
        prefill,
        input_tokens / 2.0,
        min(float(input_tokens), token_budget / ranks),
    ).total_s
    table = np.broadcast_to(np.asarray(seconds, dtype=float), (len(running), len(grid)))
    return _StepTable(table.tolist(), grid)


@dataclass(eq=False)  # one request is itself only: a queue removes it by identity
class _Request:
    arrival_s: float
    prefill_left: int
    output_tokens: int
    answer_steps: int  # iterations from the first token to the last (a draft takes fewer)
    first_token_s: float = math.nan
    finish_s: float = math.nan
    rank: int = 0  # the attention rank that schedules it
    attention_rank: int = 0  # the rank a balancer counts it on (one scheduler for them all)
    let_go: bool = True  # False while a balancer may still hold its prompt


@dataclass
class _Rank:
    """One scheduler: its prompts in order, and the batch slots and decodes it holds."""

    prompts: deque[_Request] = field(default_factory=deque)  # waiting or prefilling, in order
    slots_taken: int = 0  # requests holding one of its batch slots: prefilling or answering
    decoding: int = 0


@dataclass(frozen=True, slots=True)
class _RankBudget:
    """What an attention rank's own scheduler admits a prompt within: its share of the
    replica's token budget, beside `verify_tokens` a decoding answer takes a step."""

    budget_tokens: float
    prompt_tokens: int
    verify_tokens: float


@dataclass
class _Balancer:
    """TensorRT-LLM's attention data-parallel balancer (`_balance_adp_requests` in its
    PyTorch executor) over a replica read as one scheduler (`balancer_gathers_prompts`).

    Each new request goes to the attention rank with the fewest it holds or awaits. New
    prompts are held until every rank has one, or until `hold_steps` iterations have passed
    since the balancer last let prompts go, and go at once while a rank has nothing to
    decode; then all waiting go together and queue for the budget as any prompt does, unless
    each rank admits only the whole prompts its own budget holds (`whole_prompts`): a rank
    whose budget holds fewer than two beside its decoding tokens lets its oldest one go, and
    the rest wait for the next release (`serving.balancer_wait_steps`, `rank_admission`).
    """

    hold_steps: float
    active: list[int]  # by attention rank: requests it holds or awaits
    decoding: list[int]  # by attention rank: answers under way
    released_step: int = 0
    whole_prompts: _RankBudget | None = None

    def assign(self, request: _Request) -> None:
        request.attention_rank = self.active.index(min(self.active))
        request.let_go = False
        self.active[request.attention_rank] += 1

    def holds(self, prompts: deque[_Request], step: int) -> bool:
        """Whether the new prompts among `prompts` still wait at iteration `step`."""
        held = {request.attention_rank for request in prompts if not request.let_go}
        if not held:
            return False
        gathered = len(held) == len(self.active)
        starved = min(self.decoding) == 0
        return not (gathered or starved or step - self.released_step >= self.hold_steps)

    def release(self, prompts: deque[_Request], step: int) -> None:
        """Let the waiting prompts go, if any was held and the balancer holds no longer: all
        of them, or as many a rank as its own budget admits whole (`whole_prompts`)."""
        if any(not request.let_go for request in prompts) and not self.holds(prompts, step):
            self.released_step = step
            let_go = [0] * len(self.active)
            for request in prompts:
                rank = request.attention_rank
                if not request.let_go and let_go[rank] < self.admits(rank):
                    request.let_go = True
                    let_go[rank] += 1

    def admits(self, attention_rank: int) -> float:
        """Held prompts a release lets go on this rank: one where its budget holds fewer
        than two whole prompts beside its decoding tokens, else every one."""
        whole = self.whole_prompts
        if whole is None:
            return math.inf
        room = whole.budget_tokens - self.decoding[attention_rank] * whole.verify_tokens
        return 1.0 if math.floor(room / max(whole.prompt_tokens, 1)) < 2 else math.inf

    def release_step(self) -> int:
        """The iteration at which held prompts go for want of the others."""
        return self.released_step + math.ceil(self.hold_steps)


class _Replica:
    """The schedulers' state: each attention rank's prompts and slots (one rank unless the
    replica attends data-parallel), running answers by the step they end at. The ranks run
    every iteration together: it lasts as long as the prefill tokens all of them carry."""

    def __init__(
        self,
        table: _StepTable,
        input_tokens: int,
        limits: tuple[int, float],
        wait_steps: float,
        ranks: int = 1,
        balancer: _Balancer | None = None,
    ) -> None:
        max_batch, token_budget = limits
        self.table = table
        self.input_tokens = input_tokens
        self.rank_slots = max(1, max_batch // ranks)  # each rank's share of the batch slots
        self.rank_budget = token_budget / ranks  # and of the token budget
        self.wait_steps = wait_steps  # decode iterations a token waits before it is sent
        self.ranks = [_Rank() for _ in range(ranks)]
        self.balancer = balancer
        self.answering: list[tuple[int, int, _Request]] = []  # heap: (last step, order, req)
        self.step = 0
        self.clock_s = 0.0
        self._order = 0

    def admit(self, request: _Request) -> None:
        """A new request goes to the rank holding and awaiting the fewest (the first of
        those), as TensorRT-LLM's attention-DP scheduler sends it (by active requests)."""
        loads = [rank.slots_taken + len(rank.prompts) for rank in self.ranks]
        request.rank = loads.index(min(loads))
        self.ranks[request.rank].prompts.append(request)
        if self.balancer is not None:
            self.balancer.assign(request)

    def held(self) -> bool:
        """Whether a balancer holds the new prompts this iteration."""
        if self.balancer is None:
            return False
        return self.balancer.holds(self.ranks[0].prompts, self.step)

    def waiting(self) -> bool:
        return any(rank.prompts for rank in self.ranks)

    def idle_pickup_s(self) -> float:
        """How long a request reaching an idle replica waits for the engine's loop to take it:
        half an iteration, as a busy replica's running one keeps it waiting on average (the
        closed form's wait, which the calibration's request overheads were fitted beside)."""
        return 0.5 * self.table.seconds(1, 0)

    def can_prefill(self) -> bool:
        """A rank has a prompt waiting that either is under way or can take a free slot
        (unless a balancer holds it)."""
        held = self.held()
        return any(rank.prompts and self._schedulable(rank, held) for rank in self.ranks)

    def _schedulable(self, rank: _Rank, held: bool) -> bool:
        first = rank.prompts[0]
        free = rank.slots_taken < self.rank_slots
        if first.prefill_left < self.input_tokens or (free and (first.let_go or not held)):
            return True
        # Behind a prompt the balancer holds, one it let go (a release of one a rank).
        return self._one_a_rank() and any(
            request.let_go and (free or request.prefill_left < self.input_tokens)
            for request in rank.prompts
        )

    def _one_a_rank(self) -> bool:
        """Whether a release may leave prompts held ahead of ones it let go."""
        return self.balancer is not None and self.balancer.whole_prompts is not None

    def prefill_step(self) -> list[_Request]:
        """One iteration: a token for every running answer, the rest of each rank's budget to
        its prompts."""
        tokens, touched = 0, []
        if self.balancer is not None:
            self.balancer.release(self.ranks[0].prompts, self.step)
        skip_held = self._one_a_rank()
        for rank in self.ranks:
            room = max(math.floor(self.rank_budget - rank.decoding), 1)
            taken = 0
            for request in rank.prompts:
                if request.prefill_left == self.input_tokens:  # not started: needs a slot
                    if rank.slots_taken >= self.rank_slots or not request.let_go:
                        if skip_held:  # one let go may wait behind one held
                            continue
                        break
                    rank.slots_taken += 1
                take = min(room - taken, request.prefill_left)
                request.prefill_left -= take
                taken += take
                touched.append(request)
                if taken >= room:
                    break
            tokens += taken
        self.clock_s += self.table.seconds(len(self.answering), tokens)
        self.step += 1
        finished = self._retire()
        started = []
        for request in touched:
            if request.prefill_left == 0:
                rank = self.ranks[request.rank]
                rank.prompts.remove(request)  # the first, unless held ones wait before it
                started.append(request)
                if request.answer_steps <= 1:
                    rank.slots_taken -= 1
                    self._counted_off(request, answered=False)
                    finished.append(request)
                else:
                    self._order += 1
                    last = self.step + request.answer_steps - 1
                    rank.decoding += 1
                    if self.balancer is not None:
                        self.balancer.decoding[request.attention_rank] += 1
                    heapq.heappush(self.answering, (last, self._order, request))
        sent_s = self._sent_s()
        for request in started:
            request.first_token_s = sent_s
        for request in finished:
            request.finish_s = sent_s
        return finished

    def decode_steps(self, next_schedulable_s: float | None) -> list[_Request]:
        """Identical decode steps up to the next answer's end, the next prompt's arrival or
        a balancer's timeout."""
        step_s = self.table.seconds(len(self.answering), 0)
        steps = self.answering[0][0] - self.step
        if next_schedulable_s is not None:
            steps = min(steps, math.ceil((next_schedulable_s - self.clock_s) / step_s))
        if self.balancer is not None and self.held():
            steps = min(steps, self.balancer.release_step() - self.step)
        steps = max(1, steps)
        self.clock_s += steps * step_s
        self.step += steps
        finished = self._retire()
        sent_s = self._sent_s()
        for request in finished:
            request.finish_s = sent_s
        return finished

    def _sent_s(self) -> float:
        """When the tokens of the step just run reach their clients: after the decode
        iterations the engine had planned (the running answers' next steps, at least one)."""
        next_step_s = self.table.seconds(max(1, len(self.answering)), 0)
        return self.clock_s + self.wait_steps * next_step_s

    def _counted_off(self, request: _Request, answered: bool) -> None:
        """A balancer stops counting a finished request on its attention rank."""
        if self.balancer is not None:
            self.balancer.active[request.attention_rank] -= 1
            self.balancer.decoding[request.attention_rank] -= int(answered)

    def _retire(self) -> list[_Request]:
        finished = []
        while self.answering and self.answering[0][0] <= self.step:
            _, _, request = heapq.heappop(self.answering)
            rank = self.ranks[request.rank]
            rank.slots_taken -= 1
            rank.decoding -= 1
            self._counted_off(request, answered=True)
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
    ranks: int = 1,
) -> TailLatency | None:
    """Serve `requests` requests on one replica and read the percentiles off their latencies.

    A request can be scheduled `request_overhead_s` after it arrives (tokenising, network,
    retrieval); TTFT runs from its arrival to its first token reaching the client. Its answer
    has `output_tokens` on average (answer_lengths). None if the requests are not through
    within MAX_SIMULATED_EVENTS loop turns. With `ranks` attention ranks each schedules its
    own requests with its share of `max_batch` and `token_budget` (the replica's); read as
    one scheduler where a balancer gathers their prompts (`ranks` 1), the balancer holds new
    prompts as `_Balancer` says.
    """
    max_batch = max(1, max_batch)
    rng = np.random.default_rng(SEED)
    lengths = answer_lengths(rng, output_tokens, requests)
    replica = _Replica(
        _step_table(dep, input_tokens, output_tokens, token_budget, max_batch, ranks),
        input_tokens,
        (max_batch, token_budget),
        dep.assumptions.first_token_wait_steps,
        ranks,
        _balancer(dep, ranks, token_budget, input_tokens, load.clients is not None),
    )
    arrivals = _first_arrivals(rng, load, requests)
    issued = 0
    done: list[_Request] = []
    for _ in range(MAX_SIMULATED_EVENTS):
        if len(done) >= requests:
            break
        while issued < len(arrivals) and arrivals[issued] + request_overhead_s <= replica.clock_s:
            tokens = int(lengths[issued])
            replica.admit(
                _Request(arrivals[issued], input_tokens, tokens, _answer_steps(dep, tokens))
            )
            issued += 1
        next_s = arrivals[issued] + request_overhead_s if issued < len(arrivals) else None
        if replica.can_prefill():
            finished = replica.prefill_step()
        elif replica.answering:  # prompts wait for a slot (till one ends) or the balancer
            slot_bound = replica.waiting() and not replica.held()
            finished = replica.decode_steps(None if slot_bound else next_s)
        elif next_s is not None:  # idle until the next request, then a loop turn to see it
            replica.clock_s = next_s + replica.idle_pickup_s()
            continue
        else:
            break
        done.extend(finished)
        if load.clients is not None:  # each client asks again as soon as it has its answer
            for request in finished[: requests - len(arrivals)]:
                bisect.insort(arrivals, request.finish_s, lo=issued)
    else:
        return None
    return _percentiles(done) if done else None


@kept_by_replica(max_answers=16)
def replica_tail(
    dep: Deployment,
    input_tokens: int,
    output_tokens: int,
    token_budget: float,
    max_batch: int,
    request_overhead_s: float,
    load: ReplicaLoad,
    ranks: int,
) -> TailLatency | None:
    """`simulate_replica` of a plan's replica at its share of the load, kept by the replica:
    the plan's percentiles and its serving comparison's ask the same replica the same, and
    the simulation is seeded, so the second answer is the first (a keystroke on the default
    plan simulated it twice, about 30-50 ms each)."""
    return simulate_replica(
        dep,
        input_tokens,
        output_tokens,
        token_budget,
        max_batch,
        request_overhead_s,
        load,
        ranks=ranks,
    )


def _balancer(
    dep: Deployment, ranks: int, token_budget: float, input_tokens: int, clients_in_a_loop: bool
) -> _Balancer | None:
    """The balancer over the replica's attention ranks where it gathers their prompts into
    the one scheduler simulated (`balancer_gathers_prompts`), else None; with
    `attention_rank_whole_prompts` each rank admits whole prompts within its share of the
    replica's `token_budget` where the mean says so: for clients in a loop, whose answers
    ending in bunches on a rank fill its queue (`serving.balancer_wait_steps`; requests at a
    rate keep the ranks' queues even, and the mean keeps the closed form for them)."""
    if ranks != 1 or not balancer_gathers_prompts(dep):
        return None
    timeout = float(dep.assumptions.attention_dp_balance_timeout_steps)
    attention_ranks = dep.attention_ranks
    whole = None
    if clients_in_a_loop and float(dep.assumptions.attention_rank_whole_prompts) > 0.0:
        rank_budget = token_budget / attention_ranks
        whole = _RankBudget(rank_budget, input_tokens, float(dep.verify_tokens))
    return _Balancer(timeout, [0] * attention_ranks, [0] * attention_ranks, 0, whole)


def answer_lengths(rng: np.random.Generator, output_tokens: int, requests: int) -> np.ndarray:
    """Output tokens of each request: geometric around the plan's mean (at least one).

    The geometric spread is memoryless: an answer under way is as likely to end at the next
    token whatever its length so far, so answers end, and clients in a loop ask again, at
    independent times, the arrivals the steady state's prefill queue assumes. Its standard
    deviation is close to its mean, about as wide as the answers of chat services vary.
    """
    if output_tokens <= 1:
        return np.ones(requests, dtype=np.int64)
    return rng.geometric(1.0 / output_tokens, requests)


def _answer_steps(dep: Deployment, output_tokens: int) -> int:
    """Iterations an answer takes: one for the first token, then with a draft each step
    emits tokens_per_step of the rest on average."""
    return 1 + math.ceil(max(output_tokens - 1, 0) / dep.tokens_per_step)


def _first_arrivals(rng: np.random.Generator, load: ReplicaLoad, requests: int) -> list[float]:
    if load.clients is not None:
        starts = rng.uniform(0.0, load.client_spread_s, max(1, min(load.clients, requests)))
        return [float(t) for t in np.sort(starts)]
    rate = load.arrival_rate_per_s or 0.0
    if rate <= 0.0:
        raise ValueError("a tail-latency simulation needs a positive arrival rate or clients")
    return [float(t) for t in np.cumsum(rng.exponential(1.0 / rate, requests))]


def _percentiles(done: list[_Request]) -> TailLatency:
    return latencies_tail(
        np.array([r.arrival_s for r in done]),
        np.array([r.first_token_s for r in done]),
        np.array([r.finish_s for r in done]),
        np.array([r.output_tokens for r in done]),
    )


def latencies_tail(
    arrival_s: np.ndarray,
    first_token_s: np.ndarray,
    finish_s: np.ndarray,
    output_tokens: np.ndarray,
    pools: bool = False,
) -> TailLatency:
    """Mean and percentiles of simulated requests' TTFT and TPOT, read from when each
    arrived, its first token reached its client and its last did: the first and last tenth
    by arrival left out (`EDGE_SHARE`: a filling or draining server is emptier than the
    planned load keeps it)."""
    order = np.argsort(arrival_s, kind="stable")
    edge = int(order.size * EDGE_SHARE)
    kept = order[edge : order.size - edge] if order.size - 2 * edge > 0 else order
    ttft = first_token_s[kept] - arrival_s[kept]
    answered = kept[output_tokens[kept] > 1]
    tpot = (finish_s[answered] - first_token_s[answered]) / (output_tokens[answered] - 1)
    if tpot.size == 0:
        tpot = np.zeros(1)
    p = np.percentile
    return TailLatency(
        requests=int(kept.size),
        ttft_mean_s=float(ttft.mean()),
        ttft_p50_s=float(p(ttft, 50)),
        ttft_p95_s=float(p(ttft, 95)),
        ttft_p99_s=float(p(ttft, 99)),
        tpot_mean_s=float(tpot.mean()),
        tpot_p50_s=float(p(tpot, 50)),
        tpot_p95_s=float(p(tpot, 95)),
        tpot_p99_s=float(p(tpot, 99)),
        pools=pools,
    )
