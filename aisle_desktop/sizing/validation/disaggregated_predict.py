"""Predict a disaggregated scenario line: its prefill pool and decode pool, each its replica.

Each pool is resolved as a line of its own layout would be (same model, GPU, engine release,
precision), so both share the aggregated model's step times and calibration; the engine
module `disaggregated` settles the clients on the two pools and `kv_transfer` times the
hand-over between them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from aisle_desktop.catalog import CatalogError
from aisle_desktop.sizing.calibration import GB
from aisle_desktop.sizing.engine import (
    Deployment,
    cohort_mixture_percentiles_s,
    memory_breakdown,
)
from aisle_desktop.sizing.engine.disaggregated import (
    DisaggregatedPoint,
    PoolCurves,
    PrefillPool,
    at_request_rate,
    batch_grid,
    curves_on_grid,
    decode_batch_cap,
    decode_tpot_s,
    decode_workers_in_flight,
    disaggregated_lockstep_share,
    fixed_concurrency,
    prefill_pool,
    with_starting_cohort,
    workers_for_load,
)
from aisle_desktop.sizing.engine.kv_transfer import kv_link, kv_transfer_s, prompt_kv_bytes
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.validation.benchmark_scenario import (
    BenchmarkScenario,
    Concurrency,
    RequestRate,
)
from aisle_desktop.sizing.validation.disaggregated_scenario import PoolLayout

if TYPE_CHECKING:
    from aisle_desktop.sizing.calibration import PerformanceAssumptions
    from aisle_desktop.sizing.engine.memory import MemoryBreakdown
    from aisle_desktop.sizing.validation.benchmark_predict import Replica, ResolvedReplicas


def pool_scenario(scenario: BenchmarkScenario, pool: PoolLayout) -> BenchmarkScenario:
    """The line as one worker of `pool` would be written (for resolving its replica)."""
    return scenario.model_copy(
        update={
            "tp": pool.tp,
            "pp": pool.pp,
            "ep": pool.ep,
            "attention_dp": pool.attention_dp,
            "num_gpus": pool.worker_gpus,
            "disaggregated": None,
        }
    )


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


@dataclass(frozen=True, slots=True)
class PendingLine:
    """A disaggregated line whose answer waits for its pools' curves."""

    result: dict[str, Any]
    curves: CurvesAsked
    load: Concurrency | RequestRate
    cohort_share: float  # of a fixed concurrency's requests, those of its starting cohort
    cap_limit: str


def start_disaggregated(
    scenario: BenchmarkScenario, resolved: ResolvedReplicas, result: dict[str, Any]
) -> dict[str, Any] | PendingLine:
    """`result` (the line's common fields) completed with both pools' memory and hand-over,
    and the curves its clients settle on (`finish_disaggregated`); or, when the model does
    not fit a pool, the finished answer.

    `resolved` is the file's ResolvedReplicas: each pool's replica is resolved once.
    """
    scenario = with_decode_split(scenario, resolved)
    pools = scenario.disaggregated
    assert pools is not None
    prefill = resolved.replica(scenario, pools.prefill)
    decode = resolved.replica(scenario, pools.decode)
    headroom = resolved.calibration.cost.target_utilization
    return start_line(scenario, start_pools(scenario, prefill, decode, result, headroom))


def with_decode_split(scenario: BenchmarkScenario, resolved: ResolvedReplicas) -> BenchmarkScenario:
    """The line with its decode worker's attention split chosen when the line records
    neither its workers nor that split (`_faster_decode_split`); any other line as it is."""
    pools = scenario.disaggregated
    if pools is None or pools.workers_recorded:
        return scenario
    decode = _faster_decode_split(scenario, resolved)
    if decode == pools.decode:
        return scenario
    return scenario.model_copy(
        update={"disaggregated": pools.model_copy(update={"decode": decode})}
    )


def _faster_decode_split(scenario: BenchmarkScenario, resolved: ResolvedReplicas) -> PoolLayout:
    """The decode worker of a line that records neither its workers nor whether attention
    ran data-parallel over a worker's GPUs: of TP over them and attention DP over them (a MoE
    model's two splits of one world size), the one the planner would take, with the shorter
    TPOT at the line's load once the pool holds it (`workers_for_load`'s decode workers)."""
    pools = scenario.disaggregated
    assert pools is not None
    written = pools.decode
    if written.attention_dp != 1 or written.tp == 1:
        return written
    data_parallel = PoolLayout(
        workers=written.workers,
        tp=1,
        pp=written.pp,
        ep=written.ep,
        attention_dp=written.tp,
    )
    inp, out = float(scenario.input_tokens), float(scenario.output_tokens)
    load = scenario.load
    timed: list[tuple[float, PoolLayout]] = []
    for pool in (written, data_parallel):
        try:
            dep = resolved.replica(scenario, pool).dep
        except (SizingError, CatalogError):
            continue
        if dep.model.moe is None or not memory_breakdown(dep, inp + out).fits:
            continue
        budget = float(dep.engine.max_num_batched_tokens * dep.attention_ranks)
        cap, _ = decode_batch_cap(dep, inp, out, budget)
        in_flight = float(load.concurrency) if isinstance(load, Concurrency) else cap
        fewest = pools.fewest_decode_workers or 1
        batch = in_flight / decode_workers_in_flight(in_flight, cap, fewest)
        timed.append((float(decode_tpot_s(dep, batch, inp, out)), pool))
    return min(timed, key=lambda t: t[0])[1] if timed else written


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
    extra_s: float  # request overhead and KV hand-over before the first token
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
    inp, out = float(scenario.input_tokens), float(scenario.output_tokens)

    prefill_memory = memory_breakdown(prefill_dep, inp)
    decode_memory = memory_breakdown(decode_dep, inp + out)
    link = kv_link(decode_dep.gpu, pools.prefill.worker_gpus, pools.decode.worker_gpus)
    transfer_s = float(kv_transfer_s(decode_dep, link, inp))
    result.update(
        disaggregated=True,
        replicas=pools.prefill.workers + pools.decode.workers,
        prefill_workers=pools.prefill.workers,
        decode_workers=pools.decode.workers,
        prefill_layout=prefill_dep.layout_label,
        decode_layout=decode_dep.layout_label,
        layout=f"prefill {prefill_dep.layout_label}; decode {decode_dep.layout_label}",
        interconnect=decode_dep.interconnect_label,
        kv_link=link.label,
        kv_transfer_ms=transfer_s * 1e3,
        kv_transfer_mb_per_request=float(prompt_kv_bytes(decode_dep, inp)) / 1e6,
        fits=prefill_memory.fits and decode_memory.fits,
        max_concurrency=decode_memory.max_sequences * pools.decode.workers,
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

    prefill_budget = float(prefill_dep.engine.max_num_batched_tokens * prefill_dep.attention_ranks)
    decode_budget = float(decode_dep.engine.max_num_batched_tokens * decode_dep.attention_ranks)
    cap, cap_limit = decode_batch_cap(decode_dep, inp, out, decode_budget)
    extra_s = assumptions.request_overhead_ms * 1e-3 + transfer_s
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


def start_line(
    scenario: BenchmarkScenario, started: dict[str, Any] | PoolsStarted
) -> dict[str, Any] | PendingLine:
    """The line's own start from what its pools and lengths share (`start_pools`): its id,
    the pools' workers (sized for its load when the line does not record them) and the
    curves its load asks."""
    shared = started if isinstance(started, dict) else started.result
    result = dict(shared, id=scenario.id)
    result["memory_per_gpu_gb"] = dict(result["memory_per_gpu_gb"])
    if isinstance(started, dict):
        return result
    pools = scenario.disaggregated
    assert pools is not None
    prefill_dep, decode_dep, cap = started.prefill_dep, started.decode_dep, started.cap
    inp, out, prefill_budget = started.input_tokens, started.output_tokens, started.prefill_budget
    load = scenario.load
    assert isinstance(load, (Concurrency, RequestRate))  # the scenario allows no other load
    prefill_workers, workers = pools.prefill.workers, pools.decode.workers
    if not pools.workers_recorded:
        one = prefill_pool(prefill_dep, 1, inp, prefill_budget).requests_per_s
        in_flight = float(load.concurrency) if isinstance(load, Concurrency) else None
        per_s = load.request_rate if isinstance(load, RequestRate) else None
        headroom = pools.prefill_sized_utilisation or started.target_utilization
        fewest = pools.fewest_decode_workers or 1
        sized = workers_for_load(one, decode_dep, cap, inp, out, in_flight, per_s, headroom, fewest)
        prefill_workers, workers = sized.prefill_workers, sized.decode_workers
        result.update(
            prefill_workers=prefill_workers,
            decode_workers=workers,
            replicas=prefill_workers + workers,
            max_concurrency=started.decode_max_sequences * workers,
            workers_sized_for_load=True,
        )
    prefill = prefill_pool(prefill_dep, prefill_workers, inp, prefill_budget)
    top = min(cap, load.concurrency / workers) if isinstance(load, Concurrency) else cap
    asked = CurvesAsked(prefill, decode_dep, workers, top, inp, out, started.extra_s, cap)
    assumptions = started.assumptions
    in_flight = float(load.concurrency) if isinstance(load, Concurrency) else 0.0
    share = disaggregated_lockstep_share(assumptions, in_flight) if in_flight else 0.0
    return PendingLine(result, asked, load, share, started.cap_limit)


def curves_together(asked: list[CurvesAsked]) -> list[PoolCurves]:
    """`pool_curves` of each of `asked`: the grids of lines of one decode replica and lengths
    go through the step-time model as one array (a step costs about the same for one grid
    as for forty), and lines asking the same curves share them."""
    unique = list(dict.fromkeys(asked))
    by_decode: dict[tuple[int, float, float], list[CurvesAsked]] = {}
    for each in unique:
        key = (id(each.decode), each.input_tokens, each.output_tokens)
        by_decode.setdefault(key, []).append(each)
    found: dict[CurvesAsked, PoolCurves] = {}
    for group in by_decode.values():
        first = group[0]
        grids = [batch_grid(each.top_batch) for each in group]
        joined = np.concatenate(grids)
        tpot = decode_tpot_s(first.decode, joined, first.input_tokens, first.output_tokens)
        tpots = np.split(np.asarray(tpot, dtype=float), len(group))
        for each, grid, grid_tpot in zip(group, grids, tpots, strict=True):
            found[each] = curves_on_grid(
                each.prefill,
                each.decode,
                each.decode_workers,
                grid,
                grid_tpot,
                each.input_tokens,
                each.output_tokens,
                each.first_token_extra_s,
                each.batch_cap,
            )
    return [found[each] for each in asked]


def finish_together(
    lines: list[tuple[PendingLine, PoolCurves]], ttft_percentiles: tuple[int, ...]
) -> list[dict[str, Any]]:
    """Each line's answer: where its clients (or its request rate) settle on its pools'
    curves; a fixed concurrency's with the TTFT of each of `ttft_percentiles` (`ttft_p50_ms`,
    ...), read off the starting cohort's mixture for all such lines as one array (the same
    numbers as line by line: the mixture is sums, products and comparisons)."""
    results = []
    cohorts: list[tuple[dict[str, Any], tuple[float, ...]]] = []
    for pending, curves in lines:
        result, cohort = _settled(pending, curves, ttft_percentiles)
        results.append(result)
        if cohort is not None:
            cohorts.append((result, cohort))
    if cohorts:
        columns = zip(*(cohort for _, cohort in cohorts), strict=True)
        steps, step_s, extra_s, share, settled_s = map(np.array, columns)
        tails = cohort_mixture_percentiles_s(
            steps, step_s, extra_s, ttft_percentiles, share, settled_s
        )
        for percentile, column in zip(ttft_percentiles, tails, strict=True):
            for (result, _), tail_s in zip(cohorts, column.tolist(), strict=True):
                result[f"ttft_p{percentile}_ms"] = tail_s * 1e3
    return results


def _settled(
    pending: PendingLine, curves: PoolCurves, ttft_percentiles: tuple[int, ...]
) -> tuple[dict[str, Any], tuple[float, ...] | None]:
    """The line's answer but its TTFT percentiles, whose places it holds; and for a fixed
    concurrency, what its percentiles are read from (`cohort_mixture_percentiles_s`'s
    steps, step, overhead, cohort share and settled TTFT)."""
    asked, load, result = pending.curves, pending.load, pending.result
    out = asked.output_tokens
    cohort = None
    if isinstance(load, Concurrency):
        concurrency = float(load.concurrency)
        settled = fixed_concurrency(curves, concurrency, out)
        share, extra_s = pending.cohort_share, asked.first_token_extra_s
        point = with_starting_cohort(settled, asked.prefill, concurrency, share, extra_s)
        # As `with_starting_cohort` reads the run: the starting cohort's prompts reach the
        # prefill pool at once, each iteration of their burst brings its prompts' first
        # tokens; the other requests wait the settled point's TTFT.
        steps, step_s = asked.prefill.cohort_steps(concurrency / asked.prefill.workers)
        cohort = (steps, step_s, extra_s, share, settled.ttft_s)
        result.update({f"ttft_p{percentile}_ms": math.nan for percentile in ttft_percentiles})
    else:
        point = at_request_rate(curves, load.request_rate, out)
    result.update(_figures(point, asked.input_tokens, out, pending.cap_limit))
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
