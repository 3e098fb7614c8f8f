"""Latency and throughput of one replica at a running batch (SIZING.md section 3).

Steady state: to keep `B` sequences running, each iteration must also prefill, on average,
`B * input / output` prompt tokens (one request starts for each that finishes). Those tokens
arrive in lumps (whole prompts, or chunks of the engine's token budget), so a share `q` of
iterations carries a lump and the rest decode only. TPOT is the mean iteration; TTFT waits for
the running iteration, for queued prefills, and for its own prefill chunks.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from aisle_desktop.sizing.calibration import PerformanceAssumptions
from aisle_desktop.sizing.engine import rank_admission
from aisle_desktop.sizing.engine.arraymath import (
    Number,
    as_float,
    ceil,
    choose,
    elementwise_max,
    elementwise_min,
    floor,
)
from aisle_desktop.sizing.engine.arrival_queues import (
    md1_wait_s,
    prefill_queue_wait_s,
    slot_wait_s,
)
from aisle_desktop.sizing.engine.busy_ranks import busy_ranks
from aisle_desktop.sizing.engine.deployment import Deployment
from aisle_desktop.sizing.engine.preemption import KvOverflow, kv_overflow
from aisle_desktop.sizing.engine.replica_memo import replica_constant
from aisle_desktop.sizing.engine.steptime import StepTime, iteration_time, pipeline_micro_batches

# Above this share of iterations carrying prefill, the prefill queue formula (M/D/1) is
# replaced by the closed-loop bound: requests cannot wait for more prefills than are in flight.
PREFILL_QUEUE_SHARE_CAP = 0.9


@dataclass(frozen=True, slots=True)
class OperatingPoint:
    """One replica serving `running_batch` sequences together."""

    running_batch: Number
    tpot_s: Number
    ttft_s: Number
    e2e_s: Number
    requests_per_s: Number
    output_tokens_per_s: Number
    prefill_share: Number
    decode_step: StepTime
    prefill_step: StepTime
    # Part of the TTFT spent waiting for a batch slot (random arrivals only, arrival_queues).
    slot_wait_s: Number = 0.0
    # The iteration a request's own prefill chunk rides in, when that is not `prefill_step`
    # (attention ranks scheduling their own prompts: `ranks_steady_state`).
    own_prefill_step: StepTime | None = None
    # The iterations a request's prompt takes, a chunk of its micro-batch's budget each, as
    # the TTFT counts them (so its worked explanation reads the same count).
    prefill_chunks: Number = 1.0
    # Iterations an attention data-parallel balancer held the prompt (`balancer_wait_steps`),
    # as the TTFT counts them.
    balancer_held_steps: Number = 0.0

    @property
    def request_prefill_step(self) -> StepTime:
        """The iteration that carries a chunk of a request's own prompt."""
        return self.prefill_step if self.own_prefill_step is None else self.own_prefill_step


def _operating_point(
    batch: Number,
    ttft: Number,
    tpot: Number,
    output_tokens: float,
    share: Number,
    decode: StepTime,
    prefill: StepTime,
    slot_wait_s: Number = 0.0,
    own_prefill: StepTime | None = None,
    chunks: Number = 1.0,
    held_steps: Number = 0.0,
) -> OperatingPoint:
    """E2E = TTFT + (output - 1) x TPOT; requests/s by Little's law, batch / E2E. A request
    waiting for a batch slot (random arrivals only) is not yet in the running batch: the
    batch counts the E2E after that wait (else a busier replica would serve fewer; a wait
    without end leaves none served)."""
    e2e = ttft + (output_tokens - 1.0) * tpot
    rate = batch / (e2e - choose(np.isfinite(slot_wait_s), slot_wait_s, 0.0))
    return OperatingPoint(
        running_batch=batch,
        tpot_s=tpot,
        ttft_s=ttft,
        e2e_s=e2e,
        requests_per_s=rate,
        output_tokens_per_s=rate * output_tokens,
        prefill_share=share,
        decode_step=decode,
        prefill_step=prefill,
        slot_wait_s=slot_wait_s,
        own_prefill_step=own_prefill,
        prefill_chunks=chunks,
        balancer_held_steps=held_steps,
    )


def sustainable_batch(
    token_budget: float,
    input_tokens: Number,
    output_tokens: Number,
    tokens_per_step: Number = 1.0,
    verify_tokens: Number = 1,
) -> Number:
    """Largest batch whose decode tokens plus steady prefill fit in the token budget.

    Each running sequence takes `verify_tokens` of an iteration's budget (its token and the
    draft's to check) and emits `tokens_per_step`, so its answer ends, and a new prompt
    arrives, that much sooner: with a draft the steady prefill a step needs grows with the
    tokens a step emits, not with the sequences alone. Beyond this batch prompts queue for
    the budget without end, however many batch slots are free.
    """
    per_sequence = verify_tokens + tokens_per_step * input_tokens / output_tokens
    return token_budget / per_sequence


def balancer_wait_steps(
    dep: Deployment,
    batch: Number,
    lengths: tuple[float, float],
    token_budget: float,
    clients_in_a_loop: bool = True,
    answer_spread: Number = math.nan,
) -> Number:
    """Iterations a new prompt waits for TensorRT-LLM's attention data-parallel balancer.

    With `attention_dp_config.enable_balance` each rank's new prompts are held until every
    rank has one (their prefills then run in one iteration) or until the balancer has
    waited `attention_dp_balance_timeout_steps` iterations since it last let prompts go;
    while any rank decodes nothing it lets them go at once. Requests finish, and new ones
    arrive, batch x tokens a step / output tokens an iteration, each to the rank with the
    fewest, so the ranks fill in turn: the k-th of R arrivals waits for R - k more,
    (R - 1) / 2 arrival gaps on average, unless the timeout comes first (a prompt arriving
    at any point of it waits half of it on average).

    Where each rank's own budget (`token_budget`, the engine's `max_num_tokens`, each
    rank's) holds fewer than two whole prompts beside its decoding tokens and
    `attention_rank_whole_prompts` is on, a release lets one prompt a rank go and the rest
    wait for the next: clients in a loop (`lengths` are the prompt's and the answer's mean
    tokens) are then simulated by the balancer's own rule (`rank_admission.held_steps`),
    their answers spread as `answer_spread` says (the shortest answer's share of the longest
    for a benchmark client's uniform draw, NaN for geometric answers). Randomly arriving
    requests, which go to the rank with the fewest and so keep the ranks' queues even, keep
    the closed form.
    """
    timeout: Number = dep.assumptions.attention_dp_balance_timeout_steps
    if not isinstance(timeout, np.ndarray) and timeout == 0.0:
        return 0.0
    input_tokens, output_tokens = lengths
    ranks = as_float(dep.attention_ranks)
    arrivals = batch * dep.tokens_per_step / output_tokens
    gathering = (ranks - 1.0) / (2.0 * elementwise_max(arrivals, 1e-12))
    held = choose((ranks > 1.0) & (batch >= ranks), elementwise_min(0.5 * timeout, gathering), 0.0)
    whole: Number = dep.assumptions.attention_rank_whole_prompts
    if not clients_in_a_loop or (not isinstance(whole, np.ndarray) and whole == 0.0):
        return held
    rank_decodes = batch / elementwise_max(ranks, 1.0) * dep.verify_tokens
    prompts = floor((token_budget - rank_decodes) / elementwise_max(input_tokens, 1.0))
    one_at_a_time = (
        (whole > 0.0) & (timeout > 0.0) & (ranks > 1.0) & (batch >= ranks) & (prompts < 2)
    )
    if not np.any(one_at_a_time):
        return held
    answer_steps = output_tokens / dep.tokens_per_step
    inputs = (ranks, batch, answer_steps, timeout, prompts, answer_spread)
    return _rank_admission_held(one_at_a_time, held, inputs)


def _rank_admission_held(one_at_a_time: Number, held: Number, inputs: tuple[Number, ...]) -> Number:
    """`held`, with the simulated hold (`rank_admission.held_steps`) where `one_at_a_time`,
    element by element over arrays of lines; `inputs` are the ranks, the running batch, an
    answer's iterations, the timeout, the prompts a rank's budget holds and the answers'
    spread (`balancer_wait_steps`)."""
    columns = np.broadcast_arrays(
        *(np.asarray(each, dtype=float) for each in (one_at_a_time, held, *inputs))
    )
    simulate, closed_form, ranks, batch, answer_steps, timeout, prompts, spread = columns
    result = np.array(closed_form, dtype=float)
    for index in np.ndindex(result.shape):
        if not simulate[index]:
            continue
        rank_count = int(ranks[index])
        shortest = float(spread[index])
        result[index] = rank_admission.held_steps(
            rank_count,
            max(1, round(float(batch[index]) / rank_count)),
            round(float(answer_steps[index]), 1),
            round(float(timeout[index])),
            max(1, int(prompts[index])),
            None if math.isnan(shortest) else shortest,
        )
    return result if result.ndim else float(result)


def balancer_gathers_prompts(dep: Deployment) -> bool:
    """Whether the replica's attention ranks prefill together, not one by one.

    TensorRT-LLM's attention data-parallel balancer (`balancer_wait_steps`) holds each
    rank's new prompts until every rank has one, so their prefills run in one iteration, as
    one scheduler with the replica's whole budget would run them: the reading `predict` is
    validated with (docs/calibration.md, "Attention-DP ranks scheduled one by one in
    `predict`"). Without it (vLLM, SGLang) each rank prefills as its own prompts come
    (`ranks_steady_state`).
    """
    timeout = dep.assumptions.attention_dp_balance_timeout_steps
    return dep.attention_ranks > 1 and bool(np.all(np.asarray(timeout) > 0.0))


def scheduling_ranks(dep: Deployment) -> int:
    """The schedulers a plan's replica is read with: one for each attention rank, or one for
    them all where a balancer gathers their prompts (`balancer_gathers_prompts`)."""
    return 1 if balancer_gathers_prompts(dep) else dep.attention_ranks


def steady_state(
    dep: Deployment,
    batch: Number,
    input_tokens: float,
    output_tokens: float,
    token_budget: float,
    request_overhead_s: float,
    resident: Number = math.inf,
    poisson_arrivals: bool = False,
    prompts_in_waves: bool = False,
    ranks_schedule: bool = False,
    answer_spread: Number = math.nan,
) -> OperatingPoint:
    """Closed-form operating point of a replica that keeps `batch` sequences running.

    Under pipeline parallel a prompt rides one micro-batch through every stage and the
    others wait behind it (`steptime.heaviest_micro_batch`): prompts arriving one by one
    hold up every decode, while `prompts_in_waves` (an offline run's fixed lengths: answers
    started together end together, and their successors' prompts come together) fill every
    micro-batch alike.

    When the KV cache holds only `resident` of them at their average length (an engine that
    admits by prompt, `kv_overflow`), `resident` decode at a time, the preempted ones'
    recompute joins the prefill work, and each request's tokens come that much further apart.

    With `poisson_arrivals` (a plan's rate of independent requests, not a benchmark's clients)
    a prompt waits for the prefill budget at least as M/D/1 at the replica's prefill time
    share with its whole prompt as the service (prompts of several chunks hold the budget
    for several iterations; short ones sharing an iteration keep the share-of-iterations
    wait, which the event simulation follows closer there), and for one of `resident` batch
    slots as Erlang's C says (`arrival_queues`).

    With `ranks_schedule` (a plan's replica) each of a data-parallel-attention replica's
    ranks schedules its own sequences with its own share of `token_budget`
    (`ranks_steady_state`), unless a balancer gathers their prompts into one iteration
    (`balancer_gathers_prompts`): then the plan is read as `predict`'s lines are, one
    scheduler whose prompts wait for the balancer. `answer_spread` is how a benchmark's
    client spreads its answers, which sets that wait where a rank takes one prompt an
    iteration (`balancer_wait_steps`); NaN: geometric answers, a plan's.
    """
    if ranks_schedule and scheduling_ranks(dep) > 1:
        return ranks_steady_state(
            dep,
            batch,
            (input_tokens, output_tokens),
            token_budget,
            request_overhead_s,
            resident,
            poisson_arrivals,
        )
    overflow = kv_overflow(batch, resident, input_tokens, output_tokens)
    running = batch
    batch = overflow.decoding
    # With a draft each step emits `per_step` tokens a sequence, so answers end that much
    # sooner and prompts arrive that much faster; the checked drafts take budget.
    per_step = dep.tokens_per_step
    prefill_tokens = input_tokens + overflow.recompute_tokens_per_request
    prefill_per_step = batch * per_step * prefill_tokens / output_tokens
    # Under pipeline parallel each of the micro-batches is scheduled with its own budget:
    # an iteration (every sequence one step further) holds that many budgets of prompts.
    whole = dep.assumptions.pipeline_whole_prompts  # 0 before calibration 2026.12.11
    micro_batches = 1.0 + whole * (pipeline_micro_batches(dep.pp, batch) - 1.0)
    chunk_room = elementwise_max(token_budget - batch * dep.verify_tokens / micro_batches, 1.0)
    iteration_room = micro_batches * chunk_room
    piece = elementwise_min(input_tokens, chunk_room)  # a prompt, or the chunk a budget takes
    together = micro_batches * piece if prompts_in_waves else input_tokens
    lump = elementwise_min(elementwise_max(together, prefill_per_step), iteration_room)
    share = elementwise_min(1.0, prefill_per_step / lump)
    decode_context = input_tokens + output_tokens / 2.0
    decode = iteration_time(dep, batch, decode_context, 0.0, 0.0)
    # The sequences whose prompts (or chunks of them) the iteration carries are not decoding.
    mixed_decodes = elementwise_max(batch - lump / piece, 0.0)
    mixed = iteration_time(dep, mixed_decodes, decode_context, lump, input_tokens / 2.0, piece)
    mean_step = (1.0 - share) * decode.total_s + share * mixed.total_s
    tpot = mean_step / per_step * overflow.token_gap_stretch
    chunks = elementwise_max(1.0, input_tokens / chunk_room)
    queue_share = elementwise_min(share, PREFILL_QUEUE_SHARE_CAP)
    prefill_queue = md1_wait_s(queue_share, mixed.total_s)
    if poisson_arrivals:  # long prompts hold the budget for several iterations each
        # A prompt arriving while another prefills takes the next micro-batch's budget.
        lanes = 1.0 + whole * (as_float(dep.pp) - 1.0)
        prefill_queue = elementwise_max(
            prefill_queue,
            prefill_queue_wait_s(
                prefill_per_step, chunk_room, mixed.total_s, mean_step, input_tokens, lanes
            ),
        )
    # A plan's budget is its replica's, its ranks' together (`batching.batch_limits`); each
    # rank admits whole prompts within its own share. `predict` reads a line's one budget.
    rank_budget = token_budget / as_float(dep.attention_ranks) if ranks_schedule else token_budget
    held = balancer_wait_steps(
        dep, batch, (input_tokens, output_tokens), rank_budget, not poisson_arrivals, answer_spread
    )
    ttft, slot_wait = _first_token_s(
        dep,
        overflow,
        (batch, running, resident),
        (mean_step, decode.total_s, mixed.total_s, tpot),
        (prefill_queue, chunks, request_overhead_s, held),
        output_tokens,
        poisson_arrivals,
    )
    return _operating_point(
        running,
        ttft,
        tpot,
        output_tokens,
        share,
        decode,
        mixed,
        slot_wait,
        chunks=chunks,
        held_steps=held,
    )


def _first_token_s(
    dep: Deployment,
    overflow: KvOverflow,
    batches: tuple[Number, Number, Number],
    steps_s: tuple[Number, Number, Number, Number],
    prefill: tuple[Number, Number, float, Number],
    output_tokens: float,
    poisson_arrivals: bool,
) -> tuple[Number, Number]:
    """(TTFT, its wait for a batch slot): the request's overhead, half the running
    iteration, the iterations planned ahead of it, its admission and the balancer's hold,
    its wait behind other prompts and its own `chunks` iterations of `prefill_step`, and
    for random arrivals Erlang's wait for one of `resident` slots. `batches` are (decoding,
    running, resident), `steps_s` (mean, decode-only, the request's prefill iteration,
    TPOT), `prefill` (queue wait, chunks, request overhead, iterations the balancer holds
    it)."""
    _, running, resident = batches
    mean_step, decode_s, prefill_step_s, tpot = steps_s
    prefill_queue, chunks, request_overhead_s, held_steps = prefill
    waits = 0.5 * mean_step + dep.assumptions.first_token_wait_steps * decode_s
    waits = waits + overflow.admission_wait_s(output_tokens, mean_step / dep.tokens_per_step)
    waits = waits + held_steps * mean_step
    ttft = request_overhead_s + waits + prefill_queue + chunks * prefill_step_s
    slot_wait: Number = 0.0
    if poisson_arrivals and not isinstance(resident, np.ndarray) and math.isfinite(resident):
        holding_s = chunks * prefill_step_s + (output_tokens - 1.0) * tpot
        slot_wait = slot_wait_s(resident, running, holding_s)
    return ttft + slot_wait, slot_wait


def ranks_steady_state(
    dep: Deployment,
    batch: Number,
    lengths: tuple[float, float],
    token_budget: float,
    request_overhead_s: float,
    resident: Number = math.inf,
    poisson_arrivals: bool = False,
) -> OperatingPoint:
    """`steady_state` of a replica whose attention ranks each schedule their own share of
    its sequences, `batch / ranks`, with their own share of the token budget,
    `token_budget / ranks` (TensorRT-LLM's executor per rank, vLLM's engine per data-parallel
    rank, SGLang's DP schedulers), all running each iteration together.

    A busy rank's iteration carries a lump of its prompts: at least a whole prompt or a chunk
    of its room, more as its prompts arrive faster, up to its room in every pipeline
    micro-batch. A prompt rides one micro-batch (`pipeline_whole_prompts`), so a rank fills a
    second micro-batch's budget only with another prompt, and a lone long prompt takes one
    chunk an iteration, as the simulation of its ranks (`tail_latency`) does. How many ranks
    are busy at once, the mean iteration and a prompt's wait for its rank come from their
    chain (`busy_ranks`). TPOT is the mean iteration; a prompt takes its chunks in
    iterations where its own rank prefills. The batch slots (`resident`, the replica's) are
    shared out as requests arrive, each to the rank with the fewest, which Erlang's C over
    all of them describes.
    """
    input_tokens, output_tokens = lengths
    ranks = dep.attention_ranks
    overflow = kv_overflow(batch, resident, input_tokens, output_tokens)
    running = batch
    batch = overflow.decoding
    per_step = dep.tokens_per_step
    rank_batch = batch / ranks
    prefill_tokens = input_tokens + overflow.recompute_tokens_per_request
    prefill_per_step = rank_batch * per_step * prefill_tokens / output_tokens  # one rank's
    whole = dep.assumptions.pipeline_whole_prompts
    micro_batches = 1.0 + whole * (pipeline_micro_batches(dep.pp, rank_batch) - 1.0)
    chunk_room = elementwise_max(
        token_budget / ranks - rank_batch * dep.verify_tokens / micro_batches, 1.0
    )
    piece = elementwise_min(input_tokens, chunk_room)
    lump = elementwise_min(elementwise_max(piece, prefill_per_step), micro_batches * chunk_room)
    decode_context = input_tokens + output_tokens / 2.0

    def step(lumps: Number) -> StepTime:
        # The sequences whose prompts (or chunks) the iteration carries are not decoding.
        decodes = elementwise_max(batch - lumps * lump / piece, 0.0)
        return iteration_time(dep, decodes, decode_context, lumps * lump, input_tokens / 2.0, piece)

    steps = [step(float(k)) for k in range(ranks + 1)]
    chain = busy_ranks(
        [each.total_s for each in steps],
        batch * per_step / output_tokens,
        lump / prefill_tokens,
        closed_loop=not poisson_arrivals,
    )
    decode = steps[0]
    mean_step = chain.mean_step_s
    tpot = mean_step / per_step * overflow.token_gap_stretch
    chunks = elementwise_max(1.0, input_tokens / chunk_room)
    if poisson_arrivals:
        prefill_queue = chain.queue_wait_s
    else:  # a closed loop of clients: its prompts cannot queue beyond those in flight
        rank_share = elementwise_min(prefill_per_step / lump, PREFILL_QUEUE_SHARE_CAP)
        prefill_queue = md1_wait_s(rank_share, chain.own_step_s)
    # Ranks scheduled one by one have no balancer gathering them (`scheduling_ranks`).
    held = balancer_wait_steps(dep, batch, lengths, token_budget, clients_in_a_loop=False)
    ttft, slot_wait = _first_token_s(
        dep,
        overflow,
        (batch, running, resident),
        (mean_step, decode.total_s, chain.own_step_s, tpot),
        (prefill_queue, chunks, request_overhead_s, held),
        output_tokens,
        poisson_arrivals,
    )
    mixed = dataclasses.replace(steps[1], total_s=chain.prefill_step_s)
    own = dataclasses.replace(steps[1], total_s=chain.own_step_s)
    share = chain.prefill_share
    return _operating_point(
        running, ttft, tpot, output_tokens, share, decode, mixed, slot_wait, own, chunks, held
    )


@dataclass(frozen=True, slots=True)
class StaticBatch:
    """A batch that starts together and runs to the end (no in-flight batching)."""

    batch: Number
    ttft_s: Number
    tpot_s: Number
    e2e_s: Number
    output_tokens_per_s: Number


# Remembered per replica: the variant is a new replica, and the steps kept for it (keyed by
# the replica) serve every static batch of the same replica.
@replica_constant
def on_static_batch_runtime(dep: Deployment) -> Deployment:
    """The replica as the engine's static-batching runtime runs it, if that runtime differs.

    TensorRT-LLM's static-batch tables (2023, GptSession) decode with a masked multi-head
    attention kernel that runs one thread block per query head, so a grouped-query model
    reads each K/V head once per query head of its group; the XQA kernel that shares them
    came later. Multi-latent attention has no K/V heads to share and is left alone.
    """
    runtime = dep.engine.static_batch_runtime
    if runtime is None:
        return dep
    model = dep.model
    per_query_head = runtime.kv_read_per_query_head and model.attention.kind != "mla"
    group = model.num_attention_heads / model.num_key_value_heads if per_query_head else 1.0
    bandwidth_bps = dep.gpu.memory_bandwidth_tbps * 1e12 * runtime.kv_bandwidth_efficiency
    return dataclasses.replace(dep, kv_read_amplification=group, kv_bandwidth_bps=bandwidth_bps)


def static_batch(
    dep: Deployment, batch: Number, input_tokens: Number, output_tokens: Number
) -> StaticBatch:
    """Prefill every prompt in one pass, then decode with a context that grows to the end
    (per element for arrays: `predict`'s lines of static batches go together).

    `dep` is the replica on the static-batching runtime (`on_static_batch_runtime`).
    """
    prefill = iteration_time(dep, 0.0, 0.0, batch * input_tokens, input_tokens / 2.0)
    ttft = as_float(prefill.total_s)
    decode = iteration_time(dep, as_float(batch), input_tokens + output_tokens / 2.0, 0.0, 0.0)
    tpot = choose(output_tokens > 1, as_float(decode.total_s) / dep.tokens_per_step, 0.0)
    e2e = ttft + (output_tokens - 1) * tpot
    return StaticBatch(
        batch=batch,
        ttft_s=ttft,
        tpot_s=tpot,
        e2e_s=e2e,
        output_tokens_per_s=batch * output_tokens / e2e,
    )


def finite_run_queue_wait_s(
    requests: int, arrival_rate: float, service_rate: Number, slots: Number
) -> Number:
    """Mean wait for a slot when `requests` arrive at `arrival_rate` into `slots` running
    ones served at `service_rate` requests/s (an infinite rate: all arrive at once).

    Published online benchmarks send a fixed number of requests; above capacity the queue
    grows for the whole run, so the mean wait depends on the run's length.

    Request k arrives at k / arrival_rate and starts when slot k - slots frees, at
    (k - slots) / service_rate, so it waits max(0, k x per_request_s - backlog_s): a line in k
    clipped at zero, whose sum over the run has a closed form (no loop over the requests).
    """
    arrival_gap_s = 1.0 / arrival_rate  # 0 for an infinite rate; per line for arrays
    per_request_s = 1.0 / service_rate - arrival_gap_s  # how much later each one starts
    backlog_s = slots / service_rate
    builds = per_request_s > 0.0  # else the queue never builds: every request finds a slot
    per_request_s = choose(builds, per_request_s, 1.0)
    first_waiting = elementwise_max(0, floor(backlog_s / per_request_s) + 1)
    waiting = requests - first_waiting
    index_sum = (first_waiting + requests - 1) * waiting / 2.0
    wait_s = (per_request_s * index_sum - backlog_s * waiting) / requests
    return choose(builds & (first_waiting < requests), wait_s, 0.0)


def _cohort_burst(
    dep: Deployment, batch: Number, input_tokens: Number, token_budget: float
) -> tuple[Number, StepTime]:
    """How many iterations a cohort's prompts fill, and one of those iterations."""
    burst_tokens = batch * input_tokens
    burst_steps = _burst_steps(burst_tokens, token_budget)
    per_step = burst_tokens / burst_steps
    # Each request decodes through the burst's iterations after its first token.
    after_first = _steps_after_first_token(batch, input_tokens, token_budget, burst_steps)
    decoding_in_burst = batch * after_first / burst_steps
    piece = elementwise_min(input_tokens, token_budget)  # a prompt, or the chunk a budget takes
    burst = iteration_time(
        dep, decoding_in_burst, input_tokens, per_step, input_tokens / 2.0, piece
    )
    return burst_steps, burst


def _burst_steps(burst_tokens: Number, token_budget: float) -> Number:
    """The iterations a cohort's prompts of `burst_tokens` in all fill."""
    return elementwise_max(1.0, ceil(burst_tokens / token_budget))


def _first_token_steps(
    batch: Number, input_tokens: Number, token_budget: float, burst_steps: Number
) -> Number:
    """The burst's iterations a request of the cohort waits for its first token, on average.

    Request k has it once k prompts have gone through the budget: half the burst at the mean,
    and never before (k + 1) / 2 prompts' worth of budgets. The first bound holds where
    several prompts share an iteration, the second where one prompt takes several: one
    client's prompt of four budgets waits all four, not two and a half (the other one and a
    half were counted between its tokens).
    """
    spread = (burst_steps + 1.0) / 2.0
    return elementwise_max(spread, (batch + 1.0) / 2.0 * input_tokens / token_budget)


def _steps_after_first_token(
    batch: Number, input_tokens: Number, token_budget: float, burst_steps: Number
) -> Number:
    """The burst's iterations a request of the cohort decodes through, on average."""
    first = _first_token_steps(batch, input_tokens, token_budget, burst_steps)
    return elementwise_max(burst_steps - first, 0.0)


def concurrency_ttft_percentiles_s(
    dep: Deployment,
    batch: Number,
    input_tokens: Number,
    token_budget: float,
    request_overhead_s: float,
    percentiles: tuple[float, ...],
    lockstep_share: Number,
    staggered_ttft_s: Number,
    burst: StepTime | None = None,
) -> tuple[Number, ...]:
    """TTFT that each of `percentiles` per cent of a fixed-concurrency run's requests stay
    within.

    A share `lockstep_share` of the requests belongs to the starting cohort: request k of its
    burst gets its first token at the end of the k-th budget-sized iteration (where a prompt
    takes several, at the end of the k-th prompt's: `_first_token_steps`), so the cohort's
    TTFTs are spread evenly over the burst (the mean of `lockstep_cohort` is its middle; the
    event simulation of tail_latency.py, started in lockstep as benchmark clients are,
    agrees). The others all wait about the staggered mean. Each percentile is read off that
    mixture's distribution; with the whole run in lockstep it is
    `overhead + ceil(q x burst iterations) x iteration`.

    The mixture is n equal steps of weight share / n and one point of weight 1 - share, so
    the request a percentile lands on has a closed form: among the first `before` steps
    (those below the staggered point), at the staggered point, or among the later steps.

    `burst`: one iteration of the cohort's burst where the caller has it (`lockstep_cohort`'s
    `prefill_step`), else worked out.
    """
    if burst is None:
        steps, burst = _cohort_burst(dep, batch, input_tokens, token_budget)
    else:
        steps = _burst_steps(batch * input_tokens, token_budget)
    # Where each prompt takes more than an iteration, the first tokens come once a prompt,
    # `batch` of them spread over the burst (one client's: after all its iterations).
    firsts = elementwise_min(steps, elementwise_max(batch, 1.0))
    spacing_s = steps / firsts * burst.total_s
    return cohort_mixture_percentiles_s(
        firsts, spacing_s, request_overhead_s, percentiles, lockstep_share, staggered_ttft_s
    )


def cohort_mixture_percentiles_s(
    steps: Number,
    step_s: Number,
    request_overhead_s: Number,
    percentiles: tuple[float, ...],
    lockstep_share: Number,
    staggered_ttft_s: Number,
) -> tuple[Number, ...]:
    """TTFT that each of `percentiles` per cent of requests stay within when a share
    `lockstep_share` of them are a starting cohort whose k-th of `steps` iterations (each
    `step_s` long) brings its requests' first tokens, after `request_overhead_s`, and the
    others wait `staggered_ttft_s` (`concurrency_ttft_percentiles_s`; a disaggregated
    prefill pool's cohort is another such burst)."""
    share = elementwise_min(1.0, elementwise_max(0.0, lockstep_share))

    def cohort_ttft_s(k: Number) -> Number:
        return request_overhead_s + k * step_s

    # Cohort steps that come before the staggered point, counted exactly.
    guess = elementwise_min(
        steps, elementwise_max(0, ceil((staggered_ttft_s - request_overhead_s) / step_s) - 1)
    )
    up = (guess < steps) & (cohort_ttft_s(guess + 1) < staggered_ttft_s)
    down = (guess > 0) & (cohort_ttft_s(guess) >= staggered_ttft_s)
    before = guess + choose(up, 1, 0) - choose(down, 1, 0)
    weight = share / steps
    staggered_weight = 1.0 - share
    safe_weight = choose(weight > 0, weight, 1.0)
    last = elementwise_max(cohort_ttft_s(steps), staggered_ttft_s)
    # All percentiles at once: a first axis of percentiles over the lines' shape.
    shape = np.broadcast(steps, staggered_ttft_s, weight).shape
    wanted = (np.array(percentiles) / 100.0 - 1e-12).reshape((-1,) + (1,) * len(shape))
    early = np.maximum(1, np.ceil(wanted / safe_weight))
    late = np.maximum(before + 1, np.ceil((wanted - staggered_weight) / safe_weight))
    in_early = (weight > 0) & (early <= before)
    at_staggered = (before * weight + staggered_weight >= wanted) & (staggered_weight > 0)
    in_late = (weight > 0) & (late <= steps)
    found = np.where(
        in_early,
        cohort_ttft_s(early),
        np.where(at_staggered, staggered_ttft_s, np.where(in_late, cohort_ttft_s(late), last)),
    )
    return tuple(found) if shape else tuple(found.tolist())


def lockstep_cohort(
    dep: Deployment,
    batch: Number,
    input_tokens: Number,
    output_tokens: Number,
    token_budget: float,
    request_overhead_s: float,
    resident: Number = math.inf,
    decode: StepTime | None = None,
) -> OperatingPoint:
    """A closed loop of `batch` clients sending fixed-length requests.

    With equal lengths the clients fall into step: a whole cohort arrives at once, its prompts
    are packed into iterations of the token budget, and request k of the burst gets its first
    token only after k of those iterations. Mean TTFT therefore grows with the cohort, as
    fixed-length concurrency benchmarks (GenAI-Perf, `vllm bench serve`) measure. Requests
    that finished prefill decode alongside the rest of the burst, at the burst's slower pace.
    Once their answers outgrow a cache that holds `resident` of them, they decode as
    `steady_state` does under overflow (`kv_overflow`).

    `decode`: that decode-only step where the caller has it (`steady_state`'s of the same
    batch, lengths and `resident`), else worked out.
    """
    burst_steps, burst = _cohort_burst(dep, batch, input_tokens, token_budget)
    decode_context = input_tokens + output_tokens / 2.0
    overflow = kv_overflow(batch, resident, input_tokens, output_tokens)
    if decode is None:
        decode = iteration_time(dep, as_float(overflow.decoding), decode_context, 0.0, 0.0)
    per_step = dep.tokens_per_step
    t_burst = burst.total_s / per_step
    t_decode = decode.total_s / per_step * overflow.token_gap_stretch
    first_steps = _first_token_steps(batch, input_tokens, token_budget, burst_steps)
    ttft = (
        request_overhead_s
        + first_steps * burst.total_s
        + dep.assumptions.first_token_wait_steps * decode.total_s
    )
    later_tokens = elementwise_max(output_tokens - 1.0, 0.0)
    after_first = _steps_after_first_token(batch, input_tokens, token_budget, burst_steps)
    in_burst = elementwise_min(after_first, later_tokens)
    has_later = later_tokens > 0.0
    per_later = choose(has_later, later_tokens, 1.0)
    tpot = choose(
        has_later, (in_burst * t_burst + (later_tokens - in_burst) * t_decode) / per_later, 0.0
    )
    share = choose(has_later, in_burst / per_later, 1.0)
    return _operating_point(batch, ttft, tpot, output_tokens, share, decode, burst)


def lockstep_share(assumptions: PerformanceAssumptions, concurrency: Number) -> Number:
    """Share of a fixed-concurrency run's measured requests that arrive in lockstep.

    When each client sends `concurrency_run_rounds` requests after
    `concurrency_warmup_rounds` of warm-up, round k (from 0) finds a share p^k of its
    requests still in the starting cohort (p: `cohort_persistence`), so the measured rounds
    w .. w + R - 1 hold p^w (1 - p^R) / (1 - p) cohorts' worth of R rounds; with p = 0 and
    no warm-up that is the first round alone, 1 / R. Without rounds, the clients' share of
    `concurrency_run_requests`.
    """
    rounds = assumptions.concurrency_run_rounds
    if rounds > 0:
        persistence = assumptions.cohort_persistence
        surviving = persistence**assumptions.concurrency_warmup_rounds
        return surviving * (1.0 - persistence**rounds) / ((1.0 - persistence) * rounds)
    return concurrency / assumptions.concurrency_run_requests


def fixed_concurrency_run(
    cohort: OperatingPoint,
    staggered: OperatingPoint,
    lockstep_share: Number,
    request_overhead_s: float,
    output_tokens: Number,
) -> OperatingPoint:
    """Mean figures of a fixed-concurrency benchmark run: a share `lockstep_share` of its
    requests belong to the starting cohort (all clients start together, `lockstep_cohort`),
    the others arrive staggered once the first round has spread out, each prompt sharing
    iterations with the running decodes (`steady_state`). Both points are computed without
    request overhead, which is paid once here."""
    lock = elementwise_min(1.0, elementwise_max(0.0, lockstep_share))

    def mix(first: Number, later: Number) -> Number:
        return lock * first + (1.0 - lock) * later

    return _operating_point(
        staggered.running_batch,
        request_overhead_s + mix(cohort.ttft_s, staggered.ttft_s),
        mix(cohort.tpot_s, staggered.tpot_s),
        output_tokens,
        mix(cohort.prefill_share, staggered.prefill_share),
        staggered.decode_step,
        staggered.prefill_step,
    )
