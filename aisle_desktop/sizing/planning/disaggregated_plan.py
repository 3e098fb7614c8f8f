"""Would disaggregated serving need fewer GPUs? The pools' search, beside the aggregated plan.

Each split the aggregated search would size is tried as a prefill worker and as a decode
worker. A decode worker carries the largest batch whose TPOT meets the target (and that its
memory and engine hold); a prefill worker the busiest rate at which a prompt's TTFT (queue,
prefill, KV hand-over, the decode iterations until the first token) still meets its target.
The demand then needs so many workers of each; the pair of layouts with the fewest GPUs wins.
Compared with the aggregated plan's GPUs, the answer says why one wins.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import s_from_ms
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.engine import Deployment, memory_breakdown
from aisle_desktop.sizing.engine.disaggregated import (
    PREFILL_UTILISATION_MAX,
    PrefillPool,
    decode_batch_cap,
    decode_tpot_s,
    first_token_steps,
    handover_s,
    prefill_pool,
)
from aisle_desktop.sizing.engine.kv_transfer import KvLink, kv_transfer_s
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.planning.demand import (
    demand_at_targets,
    e2e_at_targets_s,
    fixed_in_flight,
)
from aisle_desktop.sizing.planning.facility import servers_power
from aisle_desktop.sizing.planning.plan_costs import plan_yearly_cost, resolve_prices
from aisle_desktop.sizing.planning.pool_servers import PoolServers, place_pools, pools_link
from aisle_desktop.sizing.planning.pools_load import pools_at_load
from aisle_desktop.sizing.planning.splits_to_try import deployments_to_size, server_for

UTILISATION_GRID = np.linspace(0.0, PREFILL_UTILISATION_MAX, 99)
BATCH_GRID_POINTS = 128


@dataclass(frozen=True, slots=True)
class DecodeWorker:
    """One decode layout at its best batch within the TPOT target."""

    dep: Deployment
    batch: float
    tpot_s: float
    requests_per_s: float
    input_tokens: int
    output_tokens: int


@dataclass(frozen=True, slots=True)
class DisaggregatedPlan:
    """The pools that meet both targets with the fewest GPUs (or the lowest cost a year)."""

    prefill_workers: int
    prefill_layout: str
    prefill_worker_gpus: int
    decode_workers: int
    decode_layout: str
    decode_worker_gpus: int
    decode_batch_per_worker: float
    ttft_s: float  # at the planned peak load
    tpot_s: float  # at the planned peak load
    kv_transfer_ms: float
    kv_link: str
    # What the plan's figures are built from (not printed: `serving_record` names the rest).
    prefill: Deployment = field(repr=False, compare=False)
    decode: Deployment = field(repr=False, compare=False)
    servers: PoolServers = field(compare=False)
    peak_rate_per_s: float = 0.0  # the peak the pools are sized for (a rate or users' load)
    yearly_usd: float | None = None  # worked out when the search is for the lowest cost

    @property
    def gpus(self) -> int:
        return (
            self.prefill_workers * self.prefill_worker_gpus
            + self.decode_workers * self.decode_worker_gpus
        )


def decode_worker_within(
    dep: Deployment, input_tokens: int, output_tokens: int, tpot_target_s: float
) -> DecodeWorker | None:
    """The decode layout's largest batch within the TPOT target (None if the model and one
    answer do not fit its memory, or one answer alone misses the target)."""
    if not memory_breakdown(dep, input_tokens + output_tokens).fits:
        return None
    budget = float(dep.engine.max_num_batched_tokens * dep.attention_ranks)
    cap, _ = decode_batch_cap(dep, input_tokens, output_tokens, budget)
    grid = np.geomspace(1.0, max(cap, 1.0), BATCH_GRID_POINTS)
    tpot = np.asarray(decode_tpot_s(dep, grid, input_tokens, output_tokens), dtype=float)
    within = tpot <= tpot_target_s
    if not within.any():
        return None
    best = int(np.flatnonzero(within)[-1])
    later_tokens = max(output_tokens - 1.0, 1.0)
    batch, step_s = float(grid[best]), float(tpot[best])
    rate = batch / (later_tokens * step_s)
    return DecodeWorker(dep, batch, step_s, rate, input_tokens, output_tokens)


def _prefill_rate_within(pool: PrefillPool, ttft_budget_s: float) -> float:
    """Requests/s one worker of `pool` (a pool of one) takes at the busiest utilisation whose
    TTFT stays within `ttft_budget_s`; 0 if even an idle worker misses it."""
    ttft = np.asarray(pool.ttft_s(UTILISATION_GRID), dtype=float)
    within = ttft <= ttft_budget_s
    if not within.any():
        return 0.0
    best = int(np.flatnonzero(within)[-1])
    return float(UTILISATION_GRID[best]) * pool.requests_per_s


def plan_disaggregated(
    catalog: Catalog, scenario: Scenario, calibration: Calibration
) -> DisaggregatedPlan | None:
    """The pools with the fewest GPUs (or, for the plan's "lowest_cost" goal, the lowest cost
    a year) meeting the plan's TTFT and TPOT at its demand (None when no pair of layouts can).
    Each pool runs at the calibration's target utilisation at the peak, as the aggregated plan
    does; a spare worker in each pool when the plan asks for N+1. Each pool comes in whole
    servers unless one server holds both (pool_servers.py), which also decides the KV link.
    """
    workload = scenario.workload
    in_force = calibration.with_overrides(scenario.assumption_overrides)
    server = server_for(catalog, scenario)
    inp, out = workload.prompt.input_tokens, workload.output_tokens
    if inp < 1:
        raise SizingError("the prompt has no tokens: set a question, system prompt or RAG chunks")
    ttft_target_s = s_from_ms(workload.targets.ttft_ms)
    tpot_target_s = s_from_ms(workload.targets.tpot_ms)
    overhead_s = s_from_ms(workload.retrieval_latency_ms)
    layouts = list(deployments_to_size(catalog, scenario, in_force, server))
    decoders = [
        worker
        for dep in layouts
        if (worker := decode_worker_within(dep, inp, out, tpot_target_s)) is not None
    ]
    prefillers = [dep for dep in layouts if memory_breakdown(dep, inp).fits]
    spare = 1 if workload.redundancy == "n_plus_1" else 0
    # Peak load as a share of each pool's rate, as the aggregated plan leaves for bursts.
    headroom = in_force.cost.target_utilization
    gpu = catalog.gpu(scenario.hardware.gpu_id)
    prices = resolve_prices(catalog, scenario, server)
    lowest_cost = scenario.hardware.search_goal == "lowest_cost"
    best: DisaggregatedPlan | None = None
    # The demand serving together is sized for too (`demand_at_targets`): like with like.
    in_flight = fixed_in_flight(workload.load)
    planned_rate = demand_at_targets(workload).peak_rate_per_s
    for decode in decoders:
        if in_flight is not None:
            rate = in_flight / e2e_at_targets_s(workload)
            decode_workers = math.ceil(in_flight / decode.batch)
        else:
            rate = planned_rate or 0.0
            decode_workers = math.ceil(rate / (decode.requests_per_s * headroom))
        demand_at = _DecodeDemand(rate, max(1, decode_workers) + spare, spare)
        intake_s = decode.dep.assumptions.request_overhead_ms * 1e-3 + handover_s(decode.dep)
        overhead = intake_s + overhead_s
        decode_gpus = demand_at.decode_workers * decode.dep.gpus
        for prefill_dep in prefillers:
            # Fewest GPUs: a pair whose decode pool and smallest prefill pool (one worker and
            # the spare) already need more GPUs than the best cannot win, nor tie.
            least = decode_gpus + (1 + spare) * prefill_dep.gpus
            if not lowest_cost and best is not None and least > best.gpus:
                continue
            # First as if one server held both pools; if they turn out larger, in servers
            # of their own, whose link may be slower (pool_servers.py).
            plan = None
            for shared in (True, False):
                link = pools_link(gpu, server, prefill_dep.gpus, decode.dep.gpus, shared)
                plan = _pools(
                    decode, prefill_dep, demand_at, link, overhead, ttft_target_s, headroom
                )
                if plan is None:
                    break
                placed = place_pools(
                    plan.prefill_workers * plan.prefill_worker_gpus,
                    plan.decode_workers * plan.decode_worker_gpus,
                    server.gpus_per_server,
                )
                if placed.shared == shared:
                    plan = dataclasses.replace(plan, servers=placed)
                    break
                plan = None
            if plan is None:
                continue
            if lowest_cost:  # the same arithmetic as the plan's total cost a year
                servers = plan.servers.total
                watts = servers_power(catalog, scenario, in_force, server, servers, plan.gpus)
                yearly = plan_yearly_cost(scenario, in_force, prices, servers, watts)
                plan = dataclasses.replace(plan, yearly_usd=yearly.total_usd)
            if best is None or _key(plan) < _key(best):
                best = plan
    if best is None:
        return None
    # The figures at the planned load are where the pools settle, as the curves draw them.
    settled = pools_at_load(scenario, best).point
    return dataclasses.replace(best, ttft_s=settled.ttft_s, tpot_s=settled.tpot_s)


def _key(plan: DisaggregatedPlan) -> tuple[float, float]:
    """What the search minimises: the yearly cost when it was worked out (the lowest-cost
    goal), GPUs breaking ties; else the GPUs, servers breaking ties."""
    if plan.yearly_usd is not None:
        return (plan.yearly_usd, float(plan.gpus))
    return (float(plan.gpus), float(plan.servers.total))


@dataclass(frozen=True, slots=True)
class _DecodeDemand:
    """The peak rate a decode layout's pool serves, its workers (spare included) and spare."""

    rate: float
    decode_workers: int
    spare: int


def _pools(
    decode: DecodeWorker,
    prefill_dep: Deployment,
    at: _DecodeDemand,
    link: KvLink,
    overhead_s: float,
    ttft_target_s: float,
    headroom: float,
) -> DisaggregatedPlan | None:
    """The prefill workers this decode pool needs over `link`, and the pools' figures at the
    planned load; None when even an idle prefill worker misses the TTFT target."""
    inp, out = decode.input_tokens, decode.output_tokens
    transfer_s = float(kv_transfer_s(decode.dep, link, inp))
    first_token_s = first_token_steps(decode.dep) * decode.tpot_s
    budget = float(prefill_dep.engine.max_num_batched_tokens * prefill_dep.attention_ranks)
    pool = prefill_pool(prefill_dep, 1, inp, budget)
    room_s = ttft_target_s - overhead_s - transfer_s - first_token_s
    per_worker = _prefill_rate_within(pool, room_s)
    if per_worker <= 0.0:
        return None
    serving_workers = max(1, math.ceil(at.rate / (per_worker * headroom)))
    # At the planned load: the busy workers share the rate, the decode batch holds what the
    # demand keeps decoding.
    utilisation = at.rate / (serving_workers * pool.requests_per_s)
    prefill_s = float(pool.ttft_s(min(utilisation, PREFILL_UTILISATION_MAX)))
    decoding = at.rate * (out - 1) * decode.tpot_s / (at.decode_workers - at.spare)
    tpot_s = float(decode_tpot_s(decode.dep, min(decoding, decode.batch), inp, out))
    return DisaggregatedPlan(
        prefill_workers=serving_workers + at.spare,
        prefill_layout=prefill_dep.layout_label,
        prefill_worker_gpus=prefill_dep.gpus,
        decode_workers=at.decode_workers,
        decode_layout=decode.dep.layout_label,
        decode_worker_gpus=decode.dep.gpus,
        decode_batch_per_worker=decode.batch,
        ttft_s=overhead_s + transfer_s + first_token_s + prefill_s,
        tpot_s=tpot_s,
        kv_transfer_ms=transfer_s * 1e3,
        kv_link=link.label,
        prefill=prefill_dep,
        decode=decode.dep,
        servers=PoolServers(0, 0, shared=False),
        peak_rate_per_s=at.rate,
    )
