"""Would disaggregated serving need fewer GPUs? The pools' search, beside the aggregated plan.

Each split the aggregated search would size is tried as a prefill worker and as a decode
worker. A decode worker carries the largest batch whose TPOT meets the target (and that its
memory and engine hold); a prefill worker the busiest rate at which a prompt's TTFT (queue,
prefill, KV hand-over, the decode iterations until the first token) still meets its target.
The demand then needs so many workers of each; the pair of layouts with the fewest GPUs wins.
Compared with the aggregated plan's GPUs, the answer says why one wins.

Requests that arrive at random (a load given as a rate or as users) also wait for a decode
place when a worker's places are all taken (`decode_places`): that wait, read where the pools'
headroom ends (the peak over the target utilisation, as serving together reads a replica's
queues at its capacity: the targets are means both ways), comes out of the TTFT target before
the prefill pool's share of it, so a decode pool run close to its places leaves the prefill
pool less room. Each decode layout is therefore also tried with more workers than
its rate needs, as long as their wait is worth removing (`_decode_worker_counts`); the fewest
GPUs decide between them as between layouts.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np

from aisle_desktop.catalog import Catalog, GpuSpec, ServerSpec
from aisle_desktop.formatting import s_from_ms
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.engine import Deployment, memory_breakdown
from aisle_desktop.sizing.engine.decode_places import place_wait_s
from aisle_desktop.sizing.engine.disaggregated import (
    PREFILL_UTILISATION_MAX,
    PrefillPool,
    decode_batch_cap,
    decode_paces_per_s,
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
from aisle_desktop.sizing.planning.facility import servers_needed, servers_power
from aisle_desktop.sizing.planning.plan_costs import plan_yearly_cost
from aisle_desktop.sizing.planning.plan_prices import Prices, resolve_prices
from aisle_desktop.sizing.planning.pool_servers import PoolServers, place_pools, pools_link
from aisle_desktop.sizing.planning.pools_load import pools_at_load
from aisle_desktop.sizing.planning.splits_to_try import deployments_to_size, server_for

UTILISATION_GRID = np.linspace(0.0, PREFILL_UTILISATION_MAX, 99)
BATCH_GRID_POINTS = 128
# A wait for a decode place below this share of the TTFT target is not worth another decode
# worker: the search stops adding them there (a thousandth: a 1 s target, 1 ms).
NEGLIGIBLE_PLACE_WAIT_SHARE = 1e-3
# Decode pools tried beyond the demand's grow by a worker, or by this share of their workers
# when that is more: a pool of thousands reaches a negligible wait in a few dozen tries (one
# worker more of thousands barely moves it), within 2% of the fewest workers that do.
DECODE_WORKERS_STEP = 1.02


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

    def with_figures(
        self, ttft_s: float, tpot_s: float, kv_transfer_ms: float
    ) -> DisaggregatedPlan:
        """The plan with its TTFT and TPOT at the planned load and its cache's transfer."""
        return dataclasses.replace(
            self, ttft_s=ttft_s, tpot_s=tpot_s, kv_transfer_ms=kv_transfer_ms
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


def prefill_rate_within(pool: PrefillPool, ttft_budget_s: float) -> float:
    """Requests/s one worker of `pool` (a pool of one) takes at the busiest utilisation whose
    TTFT stays within `ttft_budget_s`; 0 if even an idle worker misses it."""
    ttft = np.asarray(pool.ttft_s(UTILISATION_GRID), dtype=float)
    within = ttft <= ttft_budget_s
    if not within.any():
        return 0.0
    best = int(np.flatnonzero(within)[-1])
    return float(UTILISATION_GRID[best]) * pool.requests_per_s


@dataclass(frozen=True, slots=True)
class PoolChoices:
    """What a search for pools tries, and the demand it serves: each decode layout at its
    largest batch within the TPOT target, the prefill layouts a prompt fits, and the rate both
    pools are sized for (the demand serving together is sized for too, `demand_at_targets`:
    like with like)."""

    decoders: list[DecodeWorker]
    prefillers: list[Deployment]
    server: ServerSpec
    gpu: GpuSpec
    calibration: Calibration  # the plan's overrides in force
    spare: int  # a spare worker in each pool under N+1
    headroom: float  # the peak load as a share of each pool's rate
    rate_per_s: float  # the peak rate the pools serve
    in_flight: float | None  # requests always in flight, when the load is read so
    retrieval_s: float
    ttft_target_s: float

    def intake_s(self, decode: DecodeWorker) -> float:
        """Before a prompt's prefill and after it, beside its cache's bytes: the retrieval,
        the request's overhead and the engine's hand-over to its decode worker."""
        dep = decode.dep
        return dep.assumptions.request_overhead_ms * 1e-3 + handover_s(dep) + self.retrieval_s

    def prefill_rate(
        self,
        decode: DecodeWorker,
        prefill_dep: Deployment,
        link: KvLink,
        wait_s: float = 0.0,
    ) -> float:
        """Requests/s one prefill worker takes with this decode pool over `link`, busy as far as
        the TTFT target allows once a cache's `wait_s` for a decode place is taken out of it (0
        when an idle worker misses it)."""
        overhead_s = self.intake_s(decode) + wait_s
        return _prefill_worker(decode, prefill_dep, link, overhead_s, self.ttft_target_s)[1]

    def decode_place_wait_s(
        self, paces_per_s: np.ndarray | None, serving_decode_workers: int
    ) -> float:
        """A cache's mean wait for a decode place where the pools' headroom ends (the peak rate
        over the target utilisation, as a replica's queues are read at its capacity), shared
        by `serving_decode_workers` workers whose paces are `paces_per_s` (`decode_paces`);
        none for requests held in flight (a closed loop gives each one a place) or without a
        paced worker."""
        if self.in_flight is not None or paces_per_s is None or serving_decode_workers < 1:
            return 0.0
        return place_wait_s(paces_per_s, self.rate_per_s / self.headroom / serving_decode_workers)

    @property
    def negligible_place_wait_s(self) -> float:
        """A wait for a decode place not worth another decode worker (the searches' stop)."""
        return NEGLIGIBLE_PLACE_WAIT_SHARE * self.ttft_target_s


def decode_paces(decode: DecodeWorker) -> np.ndarray:
    """Answers a second one worker of this decode layout ends with each batch up to its places
    (its batch cap): what its wait for a place is read from (`decode_places`)."""
    dep, inp, out = decode.dep, decode.input_tokens, decode.output_tokens
    budget = float(dep.engine.max_num_batched_tokens * dep.attention_ranks)
    cap, _ = decode_batch_cap(dep, inp, out, budget)
    return decode_paces_per_s(dep, max(1, math.floor(cap)), inp, out)


def pool_choices(catalog: Catalog, scenario: Scenario, calibration: Calibration) -> PoolChoices:
    """The layouts and demand the pools' searches share (`plan_disaggregated`, and
    `pools_for_count.plan_pools_for_count` for a GPU count set by hand)."""
    workload = scenario.workload
    in_force = calibration.with_overrides(scenario.assumption_overrides)
    server = server_for(catalog, scenario)
    inp, out = workload.prompt.input_tokens, workload.output_tokens
    if inp < 1:
        raise SizingError("the prompt has no tokens: set a question, system prompt or RAG chunks")
    tpot_target_s = s_from_ms(workload.targets.tpot_ms)
    layouts = list(deployments_to_size(catalog, scenario, in_force, server))
    in_flight = fixed_in_flight(workload.load)
    if in_flight is not None:
        rate = in_flight / e2e_at_targets_s(workload)
    else:
        rate = demand_at_targets(workload).peak_rate_per_s or 0.0
    return PoolChoices(
        decoders=[
            worker
            for dep in layouts
            if (worker := decode_worker_within(dep, inp, out, tpot_target_s)) is not None
        ],
        prefillers=[dep for dep in layouts if memory_breakdown(dep, inp).fits],
        server=server,
        gpu=catalog.gpu(scenario.hardware.gpu_id),
        calibration=in_force,
        spare=1 if workload.redundancy == "n_plus_1" else 0,
        headroom=in_force.cost.target_utilization,
        rate_per_s=rate,
        in_flight=in_flight,
        retrieval_s=s_from_ms(workload.retrieval_latency_ms),
        ttft_target_s=s_from_ms(workload.targets.ttft_ms),
    )


def plan_disaggregated(
    catalog: Catalog, scenario: Scenario, calibration: Calibration
) -> DisaggregatedPlan | None:
    """The pools with the fewest GPUs (or, for the plan's "lowest_cost" goal, the lowest cost
    a year) meeting the plan's TTFT and TPOT at its demand (None when no pair of layouts can).
    Each pool runs at the calibration's target utilisation at the peak, as the aggregated plan
    does; a spare worker in each pool when the plan asks for N+1. Each pool comes in whole
    servers unless one server holds both (pool_servers.py), which also decides the KV link.
    """
    choices = pool_choices(catalog, scenario, calibration)
    server, spare = choices.server, choices.spare
    prices = resolve_prices(catalog, scenario, server)
    lowest_cost = scenario.hardware.search_goal == "lowest_cost"
    best: DisaggregatedPlan | None = None
    fewest_prefill: dict[tuple[int, float], int] = {}  # by (layout, prompt tokens)
    reachable: dict[tuple[int, float], bool] = {}  # by (layout, prompt tokens)
    tried = (
        (worker, at) for worker in choices.decoders for at in _decode_worker_counts(choices, worker)
    )
    for decode, demand_at in tried:
        overhead = choices.intake_s(decode)
        decode_gpus = demand_at.decode_workers * decode.dep.gpus
        if best is not None and (
            _least_yearly_usd(catalog, scenario, choices, prices, decode_gpus) > _key(best)[0]
            if lowest_cost
            else decode_gpus > best.gpus
        ):
            continue  # nor can more decode workers of this layout
        for prefill_dep in choices.prefillers:
            reachable_at = (id(prefill_dep), decode.input_tokens)
            if reachable_at not in reachable:
                reachable[reachable_at] = _idle_worker_within(
                    prefill_dep, decode.input_tokens, choices.ttft_target_s
                )
            if not reachable[reachable_at]:
                continue  # no pair with this prefill layout meets the TTFT target
            # A pair whose decode pool and smallest prefill pool (the workers the demand needs
            # at the most a worker takes, and the spare) already need more GPUs than the best,
            # or (the lowest-cost goal) cost more a year than it, cannot win, nor tie.
            if best is not None:
                known = (id(prefill_dep), decode.input_tokens)
                if known not in fewest_prefill:
                    fewest_prefill[known] = _fewest_prefill_workers(
                        choices, prefill_dep, decode.input_tokens, demand_at
                    )
                least = decode_gpus + (fewest_prefill[known] + spare) * prefill_dep.gpus
                if lowest_cost:
                    if _least_yearly_usd(catalog, scenario, choices, prices, least) > _key(best)[0]:
                        continue
                elif least > best.gpus:
                    continue
            # First as if one server held both pools; if they turn out larger, in servers
            # of their own, whose link may be slower (pool_servers.py).
            plan = None
            for shared in (True, False):
                trays = decode.dep.assumptions.cross_tray_kv_over_network
                link = pools_link(
                    choices.gpu, server, prefill_dep.gpus, decode.dep.gpus, shared, trays
                )
                plan = _pools(decode, prefill_dep, demand_at, link, overhead, choices.ttft_target_s)
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
                in_force = choices.calibration
                servers = plan.servers.total
                watts = servers_power(catalog, scenario, in_force, server, servers, plan.gpus)
                yearly = plan_yearly_cost(scenario, in_force, prices, servers, watts)
                plan = dataclasses.replace(plan, yearly_usd=yearly.total_usd)
            if best is None or _key(plan) < _key(best):
                best = plan
    if best is None:
        return None
    return settled_at_load(scenario, best)


def _fewest_prefill_workers(
    choices: PoolChoices, prefill_dep: Deployment, input_tokens: float, at: _DecodeDemand
) -> int:
    """The fewest serving workers of `prefill_dep` any pair can have: the demand over the most
    one worker takes (`prefill_rate_within` at no TTFT limit), at the headroom, as `_pools`
    counts them. Without it the search priced every pair at one prefill worker, and at 100
    million users (a hostile walk) tried some 31,000 pairs for 6 s where a few hundred can
    win: a bound no pair goes below, so the plan found is the same."""
    pool = _one_prefill_worker(prefill_dep, input_tokens)
    most_s = float(UTILISATION_GRID[-1]) * pool.requests_per_s
    if most_s * at.headroom <= 0.0:
        return 1
    return max(1, math.ceil(choices.rate_per_s / (most_s * at.headroom)))


def _one_prefill_worker(prefill_dep: Deployment, input_tokens: float) -> PrefillPool:
    """A pool of one prefill worker of `prefill_dep`, at its engine's step budget."""
    budget = float(prefill_dep.engine.max_num_batched_tokens * prefill_dep.attention_ranks)
    return prefill_pool(prefill_dep, 1, input_tokens, budget)


def _idle_worker_within(prefill_dep: Deployment, input_tokens: float, ttft_target_s: float) -> bool:
    """Whether an idle worker of `prefill_dep` prefills a prompt within the whole TTFT target.
    A pair takes the intake, any wait for a decode place, the cache's transfer and the first
    token from the target first (`_prefill_worker`), none of them negative, so a layout that
    misses the whole target makes no pair (`_pools` is None for each): a million-token prompt
    at 100 million users, which no layout prefills in time, tried 190,000 pairs for 6 s."""
    return prefill_rate_within(_one_prefill_worker(prefill_dep, input_tokens), ttft_target_s) > 0


def _least_yearly_usd(
    catalog: Catalog, scenario: Scenario, choices: PoolChoices, prices: Prices, gpus: int
) -> float:
    """The least a year any pair of pools with at least `gpus` GPUs can cost, priced as the
    search prices a pair: the fewest whole servers that hold them, drawing the least those
    servers can (every GPU bought but those serving idle, or all of them serving where a
    busy GPU is set to draw less than an idle one). Every part of the cost grows with the
    servers and the draw, and a pair's servers hold its GPUs, so no pair costs less: with it
    the lowest-cost goal's search skips what cannot win, as the fewest-GPUs goal's does (the
    Qwen3.5 B200 preset priced 11,250 pairs for 2-3 s)."""
    server, in_force = choices.server, choices.calibration
    servers = servers_needed(gpus, server.gpus_per_server)
    busy_share, idle_share = (
        in_force.cost.gpu_average_power_fraction,
        catalog.prices.gpu_idle_power_fraction,
    )
    busy = gpus if busy_share >= idle_share else servers * server.gpus_per_server
    watts = servers_power(catalog, scenario, in_force, server, servers, busy)
    return plan_yearly_cost(scenario, in_force, prices, servers, watts).total_usd


def settled_at_load(scenario: Scenario, plan: DisaggregatedPlan) -> DisaggregatedPlan:
    """The plan with its TTFT and TPOT where its pools settle at the planned load, as the
    curves draw them."""
    settled = pools_at_load(scenario, plan).point
    return dataclasses.replace(plan, ttft_s=settled.ttft_s, tpot_s=settled.tpot_s)


def _key(plan: DisaggregatedPlan) -> tuple[float, float]:
    """What the search minimises: the yearly cost when it was worked out (the lowest-cost
    goal), GPUs breaking ties; else the GPUs, servers breaking ties."""
    if plan.yearly_usd is not None:
        return (plan.yearly_usd, float(plan.gpus))
    return (float(plan.gpus), float(plan.servers.total))


@dataclass(frozen=True, slots=True)
class _DecodeDemand:
    """The peak rate a decode layout's pool serves, its workers (spare included) and spare,
    the share of each pool's rate the peak may take, and a request's mean wait for a decode
    place where that headroom ends (`PoolChoices.decode_place_wait_s`)."""

    rate: float
    decode_workers: int
    spare: int
    headroom: float
    place_wait_s: float = 0.0


def _decode_worker_counts(choices: PoolChoices, decode: DecodeWorker) -> list[_DecodeDemand]:
    """The decode pools of this layout the search tries: as many workers as hold the demand at
    the largest batch within the TPOT target (at the headroom, for a rate); for requests that
    arrive at random, then more workers (one at a time, or `DECODE_WORKERS_STEP` of them in
    a large pool) while the wait for a decode place is still worth removing (it takes the
    TTFT target's room from the prefill pool, which more decode workers give back)."""
    spare, headroom = choices.spare, choices.headroom
    if choices.in_flight is not None:  # a closed loop: every request in flight has a place
        workers = max(1, math.ceil(choices.in_flight / decode.batch))
        return [_DecodeDemand(choices.rate_per_s, workers + spare, spare, headroom)]
    rate = choices.rate_per_s
    workers = max(1, math.ceil(rate / (decode.requests_per_s * headroom)))
    paces = decode_paces(decode)
    negligible_s = choices.negligible_place_wait_s
    tried = []
    while True:
        wait_s = choices.decode_place_wait_s(paces, workers)
        tried.append(_DecodeDemand(rate, workers + spare, spare, headroom, wait_s))
        if wait_s <= negligible_s:
            return tried
        workers = max(workers + 1, math.ceil(workers * DECODE_WORKERS_STEP))


def _prefill_worker(
    decode: DecodeWorker,
    prefill_dep: Deployment,
    link: KvLink,
    overhead_s: float,
    ttft_target_s: float,
) -> tuple[PrefillPool, float, float, float]:
    """(one prefill worker's pool, the requests/s it takes with the TTFT target met, the KV
    transfer's and the first token's seconds) with this decode pool over `link`, the target
    less `overhead_s` (the request's intake, and any wait for a decode place)."""
    inp = decode.input_tokens
    transfer_s = float(kv_transfer_s(prefill_dep, decode.dep, link, inp))
    first_token_s = first_token_steps(decode.dep) * decode.tpot_s
    pool = _one_prefill_worker(prefill_dep, inp)
    room_s = ttft_target_s - overhead_s - transfer_s - first_token_s
    return pool, prefill_rate_within(pool, room_s), transfer_s, first_token_s


def _pools(
    decode: DecodeWorker,
    prefill_dep: Deployment,
    at: _DecodeDemand,
    link: KvLink,
    overhead_s: float,
    ttft_target_s: float,
) -> DisaggregatedPlan | None:
    """The prefill workers this decode pool needs over `link`, and the pools' figures at the
    planned load; None when even an idle prefill worker misses the TTFT target (what the wait
    for a decode place leaves of it)."""
    inp, out = decode.input_tokens, decode.output_tokens
    pool, per_worker, transfer_s, first_token_s = _prefill_worker(
        decode, prefill_dep, link, overhead_s + at.place_wait_s, ttft_target_s
    )
    if per_worker <= 0.0:
        return None
    serving_workers = max(1, math.ceil(at.rate / (per_worker * at.headroom)))
    # At the planned load: the busy workers share the rate, the decode batch holds what the
    # demand keeps decoding.
    utilisation = at.rate / (serving_workers * pool.requests_per_s)
    prefill_s = float(pool.ttft_s(min(utilisation, PREFILL_UTILISATION_MAX)))
    decoding = at.rate * (out - 1) * decode.tpot_s / (at.decode_workers - at.spare)
    tpot_s = float(decode_tpot_s(decode.dep, min(decoding, decode.batch), inp, out))
    return pools_plan(
        decode, prefill_dep, (serving_workers + at.spare, at.decode_workers), link, at.rate
    ).with_figures(
        ttft_s=overhead_s + at.place_wait_s + transfer_s + first_token_s + prefill_s,
        tpot_s=tpot_s,
        kv_transfer_ms=transfer_s * 1e3,
    )


def pools_plan(
    decode: DecodeWorker,
    prefill_dep: Deployment,
    workers: tuple[int, int],
    link: KvLink,
    rate_per_s: float,
    servers: PoolServers | None = None,
) -> DisaggregatedPlan:
    """(prefill, decode) `workers` of these layouts over `link`, serving `rate_per_s` at the
    peak, their figures not yet worked out (`settled_at_load`)."""
    transfer_s = float(kv_transfer_s(prefill_dep, decode.dep, link, decode.input_tokens))
    return DisaggregatedPlan(
        prefill_workers=workers[0],
        prefill_layout=prefill_dep.layout_label,
        prefill_worker_gpus=prefill_dep.gpus,
        decode_workers=workers[1],
        decode_layout=decode.dep.layout_label,
        decode_worker_gpus=decode.dep.gpus,
        decode_batch_per_worker=decode.batch,
        ttft_s=0.0,
        tpot_s=0.0,
        kv_transfer_ms=transfer_s * 1e3,
        kv_link=link.label,
        prefill=prefill_dep,
        decode=decode.dep,
        servers=servers if servers is not None else PoolServers(0, 0, shared=False),
        peak_rate_per_s=rate_per_s,
    )
