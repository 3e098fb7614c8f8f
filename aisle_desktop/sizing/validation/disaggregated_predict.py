"""Predict a disaggregated scenario line: its prefill pool and decode pool, each its replica.

Each pool is resolved as a line of its own layout would be (same model, GPU, engine release,
precision), so both share the aggregated model's step times and calibration; the engine
module `disaggregated` settles the clients on the two pools and `kv_transfer` times the
hand-over between them.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from aisle_desktop.sizing.calibration import GB
from aisle_desktop.sizing.engine import (
    Deployment,
    Number,
    cohort_mixture_percentiles_s,
    floor_ttft_s,
    ideal,
    memory_breakdown,
)
from aisle_desktop.sizing.engine.copies import replaced
from aisle_desktop.sizing.engine.disaggregated import (
    BATCH_GRID_POINTS,
    DisaggregatedPoint,
    GridCurvesAsked,
    PoolCurves,
    PrefillPool,
    SettledAt,
    batch_grid,
    cohort_extra_s,
    curves_on_grids,
    decode_batch_cap,
    decode_tpot_s,
    disaggregated_lockstep_share,
    handover_s,
    points_at,
    prefill_iterations,
    settled_at_concurrency,
    settled_at_rate,
    with_starting_cohort,
    workers_for_load,
)
from aisle_desktop.sizing.engine.kv_transfer import kv_link, kv_transfer_s, prompt_kv_bytes
from aisle_desktop.sizing.validation.benchmark_scenario import (
    BenchmarkScenario,
    Concurrency,
    RequestRate,
)
from aisle_desktop.sizing.validation.decode_split import with_decode_splits
from aisle_desktop.sizing.validation.script_lengths import read_lengths
from aisle_desktop.sizing.validation.stacked_pools import across_replicas

if TYPE_CHECKING:
    from aisle_desktop.sizing.calibration import PerformanceAssumptions
    from aisle_desktop.sizing.engine.memory import MemoryBreakdown
    from aisle_desktop.sizing.validation.benchmark_predict import Replica, ResolvedReplicas


def _memory_gb(pool: str, breakdown: MemoryBreakdown) -> dict[str, float]:
    return {
        f"{pool}_weights": breakdown.weights_bytes / GB,
        f"{pool}_kv_cache": breakdown.kv_room_bytes / GB,
        f"{pool}_runtime": breakdown.runtime_bytes / GB,
        f"{pool}_free": breakdown.free_bytes / GB,
    }


@dataclass(frozen=True, slots=True)
class CurvesAsked:
    """The pools' curves one line settles on: the arguments `pool_curves` takes."""

    prefill: PrefillPool
    decode: Deployment
    decode_workers: int
    top_batch: float
    input_tokens: float
    output_tokens: float
    first_token_extra_s: float
    batch_cap: float
    random_arrivals: bool  # a request rate's line: its requests wait for a decode place


@dataclass(frozen=True, slots=True)
class PendingLine:
    """A disaggregated line whose answer waits for its pools' curves."""

    result: dict[str, Any]
    curves: CurvesAsked
    load: Concurrency | RequestRate
    cohort_share: float  # of a fixed concurrency's requests, those of its starting cohort
    cap_limit: str
    ttft_floor_s: float  # one prompt prefilled alone on a prefill worker at peak (its band)


def start_disaggregated(
    scenario: BenchmarkScenario, resolved: ResolvedReplicas, result: dict[str, Any]
) -> dict[str, Any] | PendingLine:
    """`result` (the line's common fields) completed with both pools' memory and hand-over,
    and the curves its clients settle on (`finish_disaggregated`); or, when the model does
    not fit a pool, the finished answer.

    `resolved` is the file's ResolvedReplicas: each pool's replica is resolved once.
    """
    scenario = with_decode_splits([scenario], resolved)[0]
    pools = scenario.disaggregated
    assert pools is not None
    prefill = resolved.replica(scenario, pools.prefill)
    decode = resolved.replica(scenario, pools.decode)
    headroom = resolved.calibration.cost.target_utilization
    started = start_pools(scenario, prefill, decode, result, headroom)
    return start_lines([(scenario, started)])[0]


@dataclass(frozen=True, slots=True)
class PoolsStarted:
    """What the lines of one pair of pools and one pair of lengths share, whatever their
    load: the answer's fields so far, both pools' replicas, the budgets and the decode cap."""

    result: dict[str, Any]
    prefill_dep: Deployment
    decode_dep: Deployment
    input_tokens: float
    output_tokens: float
    prefill_budget: float
    cap: float
    cap_limit: str
    extra_s: float  # request overhead, KV transfer and hand-over before the first token
    decode_max_sequences: int  # one decode worker's
    assumptions: PerformanceAssumptions
    target_utilization: float  # for pools sized for the load (`workers_for_load`)


def start_pools(
    scenario: BenchmarkScenario,
    prefill_replica: Replica,
    decode_replica: Replica,
    result: dict[str, Any],
    target_utilization: float,
) -> dict[str, Any] | PoolsStarted:
    """`result` completed with both pools' memory and hand-over, and the pools the line's
    load settles on (`start_line`); or, when the model does not fit a pool, the finished
    answer. Lines of the same pools and lengths get the same (`scenario.id` and load
    aside)."""
    pools = scenario.disaggregated
    assert pools is not None
    prefill_dep, decode_dep = prefill_replica.dep, decode_replica.dep
    assumptions = decode_replica.assumptions
    inp, out = read_lengths(scenario)

    prefill_memory = memory_breakdown(prefill_dep, inp)
    decode_memory = memory_breakdown(decode_dep, inp + out)
    link = kv_link(
        decode_dep.gpu,
        pools.prefill.worker_gpus,
        pools.decode.worker_gpus,
        assumptions.cross_tray_kv_over_network,
    )
    transfer_s = float(kv_transfer_s(prefill_dep, decode_dep, link, inp))
    prefill_layout, decode_layout = prefill_dep.layout_label, decode_dep.layout_label
    result.update(
        disaggregated=True,
        replicas=pools.prefill.workers + pools.decode.workers,
        prefill_workers=pools.prefill.workers,
        decode_workers=pools.decode.workers,
        prefill_layout=prefill_layout,
        decode_layout=decode_layout,
        layout=f"prefill {prefill_layout}; decode {decode_layout}",
        interconnect=decode_dep.interconnect_label,
        kv_link=link.label,
        kv_transfer_ms=transfer_s * 1e3,
        kv_transfer_mb_per_request=float(prompt_kv_bytes(decode_dep, inp)) / 1e6,
        fits=prefill_memory.fits and decode_memory.fits,
        max_concurrency=decode_memory.max_sequences * pools.decode.workers,
        workers_from_recipe=pools.workers_from_recipe,
        memory_per_gpu_gb={
            **_memory_gb("prefill", prefill_memory),
            **_memory_gb("decode", decode_memory),
        },
    )
    if not prefill_memory.fits or not decode_memory.fits:
        short = "prefill" if not prefill_memory.fits else "decode"
        result.update(
            batch=0, saturated=False, bound=f"GPU memory: the model does not fit a {short} worker"
        )
        return result

    prefill_chunk = pools.prefill_token_budget or prefill_dep.engine.max_num_batched_tokens
    prefill_budget = float(prefill_chunk * prefill_dep.attention_ranks)
    decode_budget = float(decode_dep.engine.max_num_batched_tokens * decode_dep.attention_ranks)
    cap, cap_limit = decode_batch_cap(decode_dep, inp, out, decode_budget)
    if pools.decode_max_batch is not None:
        configured = float(pools.decode_max_batch * decode_dep.attention_ranks)
        if configured < cap:
            cap, cap_limit = configured, "decode batch the deployment configured"
    extra_s = assumptions.request_overhead_ms * 1e-3 + transfer_s + handover_s(decode_dep)
    return PoolsStarted(
        result,
        prefill_dep,
        decode_dep,
        inp,
        out,
        prefill_budget,
        cap,
        cap_limit,
        extra_s,
        decode_memory.max_sequences,
        assumptions,
        target_utilization,
    )


def start_lines(
    lines: list[tuple[BenchmarkScenario, dict[str, Any] | PoolsStarted]],
) -> list[dict[str, Any] | PendingLine]:
    """Each line's own start from what its pools and lengths share (`start_pools`): its id,
    the pools' workers (sized for its load when the line does not record them) and the
    curves its load asks. The pools of all lines are sized at once (`across_replicas`)."""
    prefills = _prefill_workers(lines)
    workers = _workers(lines, prefills)
    shares = _cohort_shares(lines)
    started_lines: list[dict[str, Any] | PendingLine] = []
    for (scenario, started), (prefill_workers, decode_workers), share in zip(
        lines, workers, shares, strict=True
    ):
        shared = started if isinstance(started, dict) else started.result
        result = dict(shared, id=scenario.id)
        result["memory_per_gpu_gb"] = dict(result["memory_per_gpu_gb"])
        if isinstance(started, dict):
            started_lines.append(result)
            continue
        pools, load = scenario.disaggregated, scenario.load
        assert pools is not None
        assert isinstance(load, (Concurrency, RequestRate))  # the scenario allows no other load
        if not pools.workers_recorded:
            result.update(
                prefill_workers=prefill_workers,
                decode_workers=decode_workers,
                replicas=prefill_workers + decode_workers,
                max_concurrency=started.decode_max_sequences * decode_workers,
                workers_sized_for_load=True,
            )
        inp, out, cap = started.input_tokens, started.output_tokens, started.cap
        one = prefills[_prefill_key(started)]
        prefill = replaced(one.pool, workers=prefill_workers)
        top = min(cap, load.concurrency / decode_workers) if isinstance(load, Concurrency) else cap
        asked = CurvesAsked(
            prefill,
            started.decode_dep,
            decode_workers,
            top,
            inp,
            out,
            started.extra_s,
            cap,
            random_arrivals=isinstance(load, RequestRate),
        )
        pending = PendingLine(result, asked, load, share, started.cap_limit, one.ttft_floor_s)
        started_lines.append(pending)
    return started_lines


@dataclass(frozen=True, slots=True)
class _PrefillWorker:
    """One prefill worker of a line's pools at its prompt length, and the TTFT floor of
    that prompt (`floor_ttft_s` of the worker's ideal twin)."""

    pool: PrefillPool
    ttft_floor_s: float


def _prefill_key(started: PoolsStarted) -> tuple[int, float, float]:
    """A prefill worker by its replica (the replicas outlive the keys), prompt and budget."""
    return (id(started.prefill_dep), started.input_tokens, started.prefill_budget)


def _prefill_workers(
    lines: list[tuple[BenchmarkScenario, dict[str, Any] | PoolsStarted]],
) -> dict[tuple[int, float, float], _PrefillWorker]:
    """One prefill worker of each line's pools (`_prefill_key`): a prompt's iterations alone
    and full, and its TTFT floor, of every prefill replica and prompt length of the lines at
    once (`across_replicas`: a few stacks, not two steps of each replica and length)."""
    asked: dict[tuple[int, float, float], PoolsStarted] = {}
    for _, started in lines:
        if isinstance(started, PoolsStarted):
            asked.setdefault(_prefill_key(started), started)
    if not asked:
        return {}
    pools = asked.values()
    columns = ([each.input_tokens for each in pools], [each.prefill_budget for each in pools])
    figures = across_replicas([each.prefill_dep for each in pools], _prefill_figures, columns)
    found = {}
    for key, each, alone, full, per_iteration, floor_s in zip(
        asked, pools, *(figure.tolist() for figure in figures), strict=True
    ):
        pool = PrefillPool(1, alone, full, per_iteration, each.input_tokens)
        found[key] = _PrefillWorker(pool, floor_s)
    return found


def _prefill_figures(dep: Deployment, inp: Number, budget: Number) -> tuple[Number, ...]:
    """`prefill_iterations` of a prefill replica and its prompts' TTFT floor."""
    return (*prefill_iterations(dep, inp, budget), floor_ttft_s(ideal(dep), inp))


def _workers(
    lines: list[tuple[BenchmarkScenario, dict[str, Any] | PoolsStarted]],
    prefills: dict[tuple[int, float, float], _PrefillWorker],
) -> list[tuple[int, int]]:
    """(prefill, decode) workers of each line's pools: as the line records them, else sized
    for its load (`workers_for_load`), the lines of each kind of load at once."""
    found = []
    sized: dict[type, list[int]] = {Concurrency: [], RequestRate: []}
    for index, (scenario, started) in enumerate(lines):
        pools = scenario.disaggregated
        assert pools is not None
        found.append((pools.prefill.workers, pools.decode.workers))
        if not pools.workers_recorded and not isinstance(started, dict):
            sized[type(scenario.load)].append(index)
    for kind, members in sized.items():
        if not members:
            continue
        deps, columns = [], []
        for index in members:
            scenario, started = lines[index]
            assert not isinstance(started, dict) and scenario.disaggregated is not None
            inp, out = started.input_tokens, started.output_tokens
            one = prefills[_prefill_key(started)].pool
            utilisation = scenario.disaggregated.prefill_sized_utilisation
            headroom = utilisation or started.target_utilization
            amount = _amount(scenario.load)
            fewest = scenario.disaggregated.fewest_decode_workers or 1
            deps.append(started.decode_dep)
            columns.append((one.requests_per_s, started.cap, inp, out, amount, headroom, fewest))
        formula = functools.partial(_sized_workers, in_flight=kind is Concurrency)
        prefill, decode = across_replicas(deps, formula, list(zip(*columns, strict=True)))
        for index, prefill_workers, decode_workers in zip(
            members, prefill.tolist(), decode.tolist(), strict=True
        ):
            found[index] = (int(prefill_workers), int(decode_workers))
    return found


def _sized_workers(
    dep: Deployment,
    one: Number,
    cap: Number,
    inp: Number,
    out: Number,
    amount: Number,
    headroom: Number,
    fewest: Number,
    *,
    in_flight: bool,
) -> tuple[Number, Number]:
    """`workers_for_load` for `amount` requests in flight (`in_flight`) or offered a second,
    at least `fewest` decode workers (`fewest_decode_workers`)."""
    load_in_flight, load_per_s = (amount, None) if in_flight else (None, amount)
    sized = workers_for_load(one, dep, cap, inp, out, load_in_flight, load_per_s, headroom, fewest)
    return sized.prefill_workers, sized.decode_workers


def _amount(load: Any) -> float:
    """Requests in flight, or offered per second."""
    return float(load.concurrency) if isinstance(load, Concurrency) else float(load.request_rate)


def _cohort_shares(
    lines: list[tuple[BenchmarkScenario, dict[str, Any] | PoolsStarted]],
) -> list[float]:
    """The starting cohort's share of each line's requests (`disaggregated_lockstep_share`):
    0 but for a fixed concurrency; the lines of one calibration at once."""
    shares = [0.0] * len(lines)
    of: dict[int, tuple[PerformanceAssumptions, list[int]]] = {}
    for index, (scenario, started) in enumerate(lines):
        if isinstance(scenario.load, Concurrency) and not isinstance(started, dict):
            of.setdefault(id(started.assumptions), (started.assumptions, []))[1].append(index)
    for assumptions, members in of.values():
        in_flight = np.array([_amount(lines[index][0].load) for index in members])
        share = disaggregated_lockstep_share(assumptions, in_flight)
        for index, each in zip(
            members, np.broadcast_to(share, in_flight.shape).tolist(), strict=True
        ):
            shares[index] = each
    return shares


def curves_together(asked: list[CurvesAsked]) -> list[PoolCurves]:
    """`pool_curves` of each of `asked`: the grids of lines of one decode replica, each with
    its batch cap and lengths, go through the step-time model as one array (a step costs
    about the same for one grid as for forty; stacking other replicas on a curve's many
    points would cost more than it saves), then all lines' curves through `curves_on_grids`
    as one array of a row a line; lines asking the same curves share them, lines asking the
    same top batch its grid (a file's few hundred lines ask a few dozen)."""
    if not asked:
        return []
    index_of: dict[CurvesAsked, int] = {}
    alike = [index_of.setdefault(each, len(index_of)) for each in asked]
    unique = list(index_of)
    by_decode: dict[int, list[int]] = {}
    for index, each in enumerate(unique):
        by_decode.setdefault(id(each.decode), []).append(index)
    order = [index for group in by_decode.values() for index in group]
    ordered = [unique[index] for index in order]
    # Each line's grid and its batch cap, a row a line, the lines of one decode replica together.
    joined = np.empty((len(ordered), BATCH_GRID_POINTS + 1))
    grids = {top: batch_grid(top) for top in {each.top_batch for each in ordered}}
    joined[:, :-1] = np.stack([grids[each.top_batch] for each in ordered])
    joined[:, -1] = [each.batch_cap for each in ordered]
    tpot = np.empty_like(joined)
    start = 0
    for group in by_decode.values():
        end = start + len(group)
        lines = ordered[start:end]
        inp = _lengths([each.input_tokens for each in lines], joined.shape[1])
        out = _lengths([each.output_tokens for each in lines], joined.shape[1])
        step = decode_tpot_s(lines[0].decode, joined[start:end].ravel(), inp, out)
        tpot[start:end] = np.asarray(step, dtype=float).reshape(len(lines), joined.shape[1])
        start = end
    made = curves_on_grids(
        [
            GridCurvesAsked(
                each.prefill,
                each.decode,
                each.decode_workers,
                each.input_tokens,
                each.output_tokens,
                each.first_token_extra_s,
                each.batch_cap,
                each.random_arrivals,
            )
            for each in ordered
        ],
        joined[:, :-1],
        tpot[:, :-1],
        tpot[:, -1].tolist(),
    )
    of_unique = [made[0]] * len(unique)
    for place, index in enumerate(order):
        of_unique[index] = made[place]
    return [of_unique[index] for index in alike]


def _lengths(lengths: list[float], points: int) -> Number:
    """The lengths of the rows of a decode step, `points` a row: one plain number when all
    rows share it (most decode replicas run one pair of lengths), so that the step's cache
    reads and attention FLOPs are worked out once, not for each point (sums, products and
    `min` only: the same numbers)."""
    first = lengths[0]
    if all(length == first for length in lengths):
        return first
    return np.repeat(np.array(lengths), points)


def finish_together(
    lines: list[tuple[PendingLine, PoolCurves]], ttft_percentiles: tuple[int, ...]
) -> list[dict[str, Any]]:
    """Each line's answer: where its clients (or its request rate) settle on its pools'
    curves, read off all lines' curves as one array (`points_at`); a fixed concurrency's
    with the TTFT of each of `ttft_percentiles` (`ttft_p50_ms`, ...), read off the starting
    cohort's mixture for all such lines as one array (the same numbers as line by line: the
    mixture is sums, products and comparisons)."""
    where = [_settled_at(pending, curves) for pending, curves in lines]
    outs = [pending.curves.output_tokens for pending, _ in lines]
    points = points_at([curves for _, curves in lines], where, outs)
    names = [f"ttft_p{percentile}_ms" for percentile in ttft_percentiles]
    results = []
    cohorts: list[tuple[dict[str, Any], tuple[float, ...]]] = []
    for (pending, _), point in zip(lines, points, strict=True):
        result, cohort = _settled(pending, point, names)
        results.append(result)
        if cohort is not None:
            cohorts.append((result, cohort))
    if cohorts:
        columns = zip(*(cohort for _, cohort in cohorts), strict=True)
        steps, step_s, extra_s, share, settled_s = map(np.array, columns)
        tails = cohort_mixture_percentiles_s(
            steps, step_s, extra_s, ttft_percentiles, share, settled_s
        )
        for name, column in zip(names, tails, strict=True):
            for (result, _), tail_s in zip(cohorts, column.tolist(), strict=True):
                result[name] = tail_s * 1e3
    return results


def _settled_at(pending: PendingLine, curves: PoolCurves) -> SettledAt:
    """Where on its curves the line's clients, or its request rate, settle."""
    load = pending.load
    if isinstance(load, Concurrency):
        return settled_at_concurrency(curves, float(load.concurrency), pending.curves.output_tokens)
    return settled_at_rate(curves, load.request_rate)


def _settled(
    pending: PendingLine, settled: DisaggregatedPoint, percentile_names: list[str]
) -> tuple[dict[str, Any], tuple[float, ...] | None]:
    """The line's answer from where it settles, but its TTFT percentiles, whose places it
    holds (`percentile_names`: "ttft_p50_ms"...); and for a fixed concurrency, what its
    percentiles are read from (`cohort_mixture_percentiles_s`'s steps, step, overhead,
    cohort share and settled TTFT)."""
    asked, load, result = pending.curves, pending.load, pending.result
    cohort = None
    point = settled
    if isinstance(load, Concurrency):
        concurrency = float(load.concurrency)
        # The cohort's clients beyond the decode places wait for whole answers to end first;
        # each then waits its decode worker's first token, as the settled requests do.
        extra_s = cohort_extra_s(asked.first_token_extra_s, settled, concurrency, asked.decode)
        share = pending.cohort_share
        point = with_starting_cohort(settled, asked.prefill, concurrency, share, extra_s)
        # As `with_starting_cohort` reads the run: the starting cohort's prompts reach the
        # prefill pool at once, each iteration of their burst brings its prompts' first
        # tokens (after their mean wait for a decode place: the percentiles read every
        # cohort request with the mean); the other requests wait the settled point's TTFT.
        steps, step_s = asked.prefill.cohort_steps(concurrency / asked.prefill.workers)
        cohort = (steps, step_s, extra_s, share, settled.ttft_s)
        result.update(dict.fromkeys(percentile_names, math.nan))
    result.update(_figures(point, asked.input_tokens, asked.output_tokens, pending.cap_limit))
    return result, cohort


def _figures(point: DisaggregatedPoint, inp: float, out: float, cap_limit: str) -> dict[str, Any]:
    rate = point.requests_per_s
    limit = cap_limit if point.bound == "decode pool" else point.bound
    return {
        "batch": point.decode_batch_per_worker,
        "decode_batch_per_worker": point.decode_batch_per_worker,
        "prefill_utilisation": point.prefill_utilisation,
        "prefill_pool_requests_per_s": point.prefill_requests_per_s,
        "decode_pool_requests_per_s": point.decode_requests_per_s,
        "bound": point.bound,
        "batch_limit": limit,
        "saturated": point.bound != "offered load",
        "requests_per_s": rate,
        "output_tokens_per_s": rate * out,
        "total_tokens_per_s": rate * (inp + out),
        "ttft_ms": point.ttft_s * 1e3,
        "tpot_ms": point.tpot_s * 1e3,
        "e2e_latency_s": point.e2e_s,
    }
