"""Separate prefill and decode pools at the plan's load: the figures, the capacity and curves.

The pools the search chose (`DisaggregatedPlan`) are set to work with the engine model of
disaggregated serving (sizing/engine/disaggregated.py): the whole prefill pool and the whole
decode pool, spares included, share the planned load, as replicas do when serving together.
The plan's TTFT and TPOT are read from the same settled curves the Load/latency plot draws,
so the figures and the curves describe the same pools.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from aisle_desktop.formatting import ms_from_s, s_from_ms
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.engine.disaggregated import (
    PREFILL_UTILISATION_MAX,
    DisaggregatedPoint,
    PoolCurves,
    PrefillPool,
    SettledAt,
    at_request_rate,
    decode_batch_cap,
    first_token_steps,
    fixed_concurrency,
    handover_s,
    points_at,
    pool_curves,
    prefill_pool,
    saturated_bound,
    settled_at_rate,
)
from aisle_desktop.sizing.engine.pools_tail import (
    DecodeWorker,
    PoolsLoad,
    PrefillWorker,
    simulate_pools,
)
from aisle_desktop.sizing.engine.steptime import StepTime, iteration_time
from aisle_desktop.sizing.engine.tail_latency import TailLatency
from aisle_desktop.sizing.planning.demand import Demand, demand, fixed_in_flight, settled_rate
from aisle_desktop.sizing.planning.sweeps import ConcurrencyCurve

# The load curve runs this far past the pools' limit (as a share of its requests in flight),
# so the limit's mark and the queue beyond it show.
PAST_LIMIT_SHOWN = 1.25

if TYPE_CHECKING:  # the search settles its pools here
    from aisle_desktop.sizing.planning.disaggregated_plan import DisaggregatedPlan


@dataclass(frozen=True, eq=False)
class PoolsAtLoad:
    """The pools, their settled curves and where the planned load puts them."""

    plan: DisaggregatedPlan
    scenario: Scenario
    prefill: PrefillPool  # every prefill worker of the plan
    curves: PoolCurves
    point: DisaggregatedPoint  # at the planned load
    demand: Demand
    first_token_extra_s: float  # request overhead, retrieval and the KV hand-over
    overhead_s: float  # request overhead and retrieval

    @property
    def in_flight(self) -> float:
        """Requests being answered at the planned load (Little's law), waiting ones included."""
        p = self.point
        return p.requests_per_s * p.e2e_s

    def within_targets(self) -> tuple[float, float, float | None]:
        """The most requests/s and requests in flight the pools answer with both targets met,
        and the end-to-end time there (None when even the lightest load misses one); for a
        load that is a rate, its requests' wait for a decode place counted in TTFT."""
        workload = self.scenario.workload
        targets = workload.targets
        c = self.curves
        later = workload.output_tokens - 1.0
        ttft = c.ttft_s if fixed_in_flight(workload.load) is not None else c.ttft_s + c.place_wait_s
        within = (ttft <= s_from_ms(targets.ttft_ms)) & (c.tpot_s <= s_from_ms(targets.tpot_ms))
        if not within.any():
            return 0.0, 0.0, None
        at = int(np.flatnonzero(within)[-1])
        e2e = float(ttft[at] + later * c.tpot_s[at])
        rate = float(c.requests_per_s[at])
        return rate, rate * e2e, e2e

    @property
    def limit_requests_per_s(self) -> float:
        """What the slower pool serves at its limit, targets ignored."""
        return min(self.curves.prefill_requests_per_s, self.curves.decode_requests_per_s)

    def decode_step(self) -> StepTime:
        """A decode worker's step at the planned load (what bounds it: memory or compute)."""
        w = self.scenario.workload
        inp, out = w.prompt.input_tokens, w.output_tokens
        batch = self.point.decode_batch_per_worker
        return iteration_time(self.plan.decode, batch, inp + out / 2.0, 0.0, 0.0)

    def prefill_step(self) -> StepTime:
        """A prefill worker's iteration at the prompt's length or its budget, the smaller (what
        bounds it: a prompt's tokens make it compute-bound unless it is short)."""
        w = self.scenario.workload
        inp = w.prompt.input_tokens
        budget = self.prefill.tokens_per_iteration
        return iteration_time(self.plan.prefill, 0.0, 0.0, min(float(inp), budget), inp / 2.0)

    def at_in_flight(self, in_flight: np.ndarray) -> list[DisaggregatedPoint]:
        """Where each number of requests in flight settles on these pools (the curves)."""
        out = float(self.scenario.workload.output_tokens)
        return [fixed_concurrency(self.curves, float(n), out) for n in in_flight]


def pools_at_load(scenario: Scenario, plan: DisaggregatedPlan) -> PoolsAtLoad:
    """Set the pools to work at the plan's load."""
    workload = scenario.workload
    inp, out = workload.prompt.input_tokens, workload.output_tokens
    prefill_dep, decode_dep = plan.prefill, plan.decode
    budget = float(prefill_dep.engine.max_num_batched_tokens * prefill_dep.attention_ranks)
    prefill = prefill_pool(prefill_dep, plan.prefill_workers, inp, budget)
    decode_budget = float(decode_dep.engine.max_num_batched_tokens * decode_dep.attention_ranks)
    cap, _ = decode_batch_cap(decode_dep, inp, out, decode_budget)
    overhead_s = decode_dep.assumptions.request_overhead_ms * 1e-3 + s_from_ms(
        workload.retrieval_latency_ms
    )
    extra_s = overhead_s + plan.kv_transfer_ms * 1e-3 + handover_s(decode_dep)
    in_flight = fixed_in_flight(workload.load)
    curves = pool_curves(
        prefill, decode_dep, plan.decode_workers, cap, inp, out, extra_s, cap, in_flight is None
    )
    if in_flight is not None:
        point = fixed_concurrency(curves, float(in_flight), float(out))
    else:  # as serving together: users ask at the rate their answers' E2E settles
        rate = settled_rate(
            workload.load, lambda r: float(at_request_rate(curves, r, float(out)).e2e_s)
        )
        point = at_request_rate(curves, rate, float(out))
    return PoolsAtLoad(
        plan=plan,
        scenario=scenario,
        prefill=prefill,
        curves=curves,
        point=point,
        demand=demand(workload.load, point.e2e_s),
        first_token_extra_s=extra_s,
        overhead_s=overhead_s,
    )


def first_token_parts_s(pools: PoolsAtLoad) -> dict[str, float]:
    """TTFT's parts at the planned load, which add up to it."""
    p, plan = pools.point, pools.plan
    decode_steps = first_token_steps(plan.decode) * p.tpot_s * plan.decode.tokens_per_step
    parts = {
        "request overhead (retrieval included)": pools.overhead_s,
        "KV hand-over": plan.kv_transfer_ms * 1e-3,
    }
    if handover_s(plan.decode) > 0.0:  # the engine's connector routes and starts the request
        parts["routing to a decode worker and its intake"] = handover_s(plan.decode)
    parts["decode iterations to the first token"] = decode_steps
    queued = p.waiting_requests / p.requests_per_s  # beyond what the pools hold
    parts["prefill queue and prefill"] = max(
        0.0, p.ttft_s - sum(parts.values()) - queued - p.place_wait_s
    )
    if p.place_wait_s:  # requests at random find a decode worker's places all taken
        parts["waiting for a decode place"] = p.place_wait_s
    if queued:
        parts["waiting for a place in the pools"] = queued
    return parts


def pools_concurrency_curve(
    pools: PoolsAtLoad, points: int, beside_top: float = 0.0
) -> ConcurrencyCurve:
    """Throughput, TTFT and TPOT of the pools against requests in flight: from one request to
    well past the planned load, the most the pools hold within targets and their limit (or as
    far as the curve drawn beside it, `beside_top`), through the planned load's own point (so
    the curve passes exactly through the figures), with where the pools reach their limit.

    For a load that is a rate (requests at random) each point below the limit is a rate's
    settled point, its requests waiting for a decode place counted in flight and in TTFT, as
    the planned point's are (`at_rate_in_flight`): the wait, steep near the limit, joins the
    queue past it instead of dropping to a closed loop's (a drop read "more load is faster")."""
    _, within, _ = pools.within_targets()
    limit = pools_limit_in_flight(pools)
    top = max(pools.in_flight * 2.5, within * 1.5, limit * PAST_LIMIT_SHOWN, beside_top, 2.0)
    grid = np.linspace(1.0, top, points)
    out = float(pools.scenario.workload.output_tokens)
    if fixed_in_flight(pools.scenario.workload.load) is None:  # a rate: requests at random
        settled = at_rate_in_flight(pools.curves, grid, out)
    else:
        settled = pools.at_in_flight(grid)
    settled.append(pools.point)
    in_flight = np.append(grid, pools.in_flight)
    rates = np.array([p.requests_per_s for p in settled])
    ttft = np.array([p.ttft_s for p in settled])
    tpot = np.array([p.tpot_s for p in settled])
    order = np.argsort(in_flight, kind="stable")
    return ConcurrencyCurve(
        in_flight=in_flight[order],
        output_tokens_per_s=rates[order] * out,
        ttft_ms=ms_from_s(ttft[order]),
        tpot_ms=ms_from_s(tpot[order]),
        limit_in_flight=limit,
    )


def pools_limit_in_flight(pools: PoolsAtLoad) -> float:
    """Requests in flight where the slower pool reaches its limit: beyond, more requests in
    flight only queue (each waits for those ahead, TTFT rises by 1 / rate each) and throughput
    and TPOT stay the limit's. For requests at random, those waiting for a decode place at the
    limit count (the place wait is read at PLACES_UTILISATION_MAX of the full batch's pace)."""
    at_random = fixed_in_flight(pools.scenario.workload.load) is None
    out = float(pools.scenario.workload.output_tokens)
    return float(held_in_flight(pools.curves, out, at_random)[-1])


def held_in_flight(curves: PoolCurves, output_tokens: float, random_arrivals: bool) -> np.ndarray:
    """Requests in flight at each point of the pools' curves (Little's law: rate x E2E), those
    waiting for a decode place included when requests arrive at random."""
    later = max(output_tokens - 1.0, 1.0)
    wait = curves.place_wait_s if random_arrivals else 0.0
    return curves.requests_per_s * (curves.ttft_s + wait + later * curves.tpot_s)


def at_rate_in_flight(
    curves: PoolCurves, in_flight: np.ndarray, output_tokens: float
) -> list[DisaggregatedPoint]:
    """Where each number of requests in flight settles when they arrive at random: the rate
    whose settled point holds that many (Little's law: rate x E2E, the wait for a decode place
    included), read on the same curves as the planned point (`at_request_rate`). Past the
    most the pools hold at their limit, the rest queue before prefill, as a queue past its
    capacity does over the planning period: each waits for those ahead at the limit's rate,
    so TTFT keeps rising from the limit's own (with its place wait), never dropping."""
    held = held_in_flight(curves, output_tokens, random_arrivals=True)
    edge_in_flight = float(held[-1])
    last = float(held.size - 1)
    where = [
        SettledAt(last, n - edge_in_flight, saturated_bound(curves), random_arrivals=True)
        if n > edge_in_flight
        else settled_at_rate(curves, float(np.interp(n, held, curves.requests_per_s)))
        for n in np.asarray(in_flight, dtype=float)
    ]
    return points_at([curves] * len(where), where, [output_tokens] * len(where))


def pools_tail_latency(pools: PoolsAtLoad) -> TailLatency | None:
    """TTFT and TPOT percentiles of the pools at the planned load (`simulate_pools`): every
    prefill and decode worker, spares included, takes its share of the rate the pools settle
    at, as their figures read it (for requests held in flight, the rate those requests
    settle at, arriving as a Poisson stream: a little burstier than clients who wait for an
    answer before asking again). Never below the mean TTFT and TPOT shown beside them
    (`TailLatency.not_below`). None when the load is none, or when a pool is at its limit
    or requests wait for a place (a queue that grows while the load lasts has no
    percentiles)."""
    p, plan = pools.point, pools.plan
    rate = p.requests_per_s
    w = pools.scenario.workload
    busiest = min(
        pools.curves.prefill_requests_per_s * PREFILL_UTILISATION_MAX,
        pools.curves.decode_requests_per_s,
    )
    if rate <= 0.0 or p.waiting_requests > 0.0 or rate >= busiest:
        return None
    inp, out = w.prompt.input_tokens, w.output_tokens
    decode_dep = plan.decode
    decode_budget = float(decode_dep.engine.max_num_batched_tokens * decode_dep.attention_ranks)
    cap, _ = decode_batch_cap(decode_dep, inp, out, decode_budget)
    tail = simulate_pools(
        PrefillWorker(plan.prefill, pools.prefill.tokens_per_iteration, inp),
        DecodeWorker(decode_dep, math.floor(cap), inp, out),
        PoolsLoad(
            prefill_rate_per_s=rate / plan.prefill_workers,
            decode_rate_per_s=rate / plan.decode_workers,
            before_prefill_s=pools.overhead_s,
            handover_s=pools.first_token_extra_s - pools.overhead_s,
        ),
    )
    return None if tail is None else tail.not_below(p.ttft_s, p.tpot_s)
