"""The decode worker's attention split of disaggregated lines that record neither their
workers nor whether attention ran data-parallel over a worker's GPUs.

Of TP over the decode worker's GPUs and attention DP over them (a MoE model's two splits of
one world size), the planner takes the one with the shorter TPOT at the line's load once the
pool holds it (`workers_for_load`'s decode workers). A file's lines of one pool and lengths
differ in their load only, so each candidate worker's TPOTs for all of them are one step of
the model on an array of batches (a step costs about the same for one batch as for forty).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aisle_desktop.catalog import CatalogError
from aisle_desktop.sizing.engine import Deployment, Number, memory_breakdown
from aisle_desktop.sizing.engine.disaggregated import (
    decode_batch_cap,
    decode_tpot_s,
    decode_workers_in_flight,
)
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.validation.benchmark_scenario import BenchmarkScenario, Concurrency
from aisle_desktop.sizing.validation.disaggregated_scenario import PoolLayout
from aisle_desktop.sizing.validation.script_lengths import read_lengths
from aisle_desktop.sizing.validation.stacked_pools import across_replicas

if TYPE_CHECKING:
    from aisle_desktop.sizing.validation.benchmark_predict import ResolvedReplicas


def with_decode_splits(
    scenarios: list[BenchmarkScenario], resolved: ResolvedReplicas
) -> list[BenchmarkScenario]:
    """Each line with its decode worker's split chosen when the line records neither its
    workers nor that split; any other line as it is. `resolved` is the file's replicas."""
    candidates = [_candidates(scenario) for scenario in scenarios]
    timed: list[tuple[int, int]] = []  # (the line's index, the candidate's place)
    deps: list[Deployment] = []
    columns: tuple[list[float], list[float], list[float]] = ([], [], [])
    for index, (scenario, pools) in enumerate(zip(scenarios, candidates, strict=True)):
        inp, out = read_lengths(scenario)
        for place, pool in enumerate(pools):
            timing = _decode_batch(scenario, pool, resolved)
            if timing is not None:
                timed.append((index, place))
                deps.append(timing[0])
                for column, value in zip(columns, (timing[1], inp, out), strict=True):
                    column.append(value)
    tpots: list[dict[int, float]] = [{} for _ in scenarios]
    if timed:
        (tpot,) = across_replicas(deps, _decode_tpot, columns)
        for (index, place), tpot_s in zip(timed, tpot.tolist(), strict=True):
            tpots[index][place] = tpot_s
    return [
        _with_decode(scenario, pools, timed_places)
        for scenario, pools, timed_places in zip(scenarios, candidates, tpots, strict=True)
    ]


def _decode_tpot(dep: Deployment, batch: Number, inp: Number, out: Number) -> tuple[Number]:
    return (decode_tpot_s(dep, batch, inp, out),)


def _candidates(scenario: BenchmarkScenario) -> tuple[PoolLayout, ...]:
    """The decode workers a line chooses between, as written first; none when the line
    records its workers or its split (or has a single GPU a worker, or no pools)."""
    pools = scenario.disaggregated
    if pools is None or pools.workers_recorded:
        return ()
    written = pools.decode
    if written.attention_dp != 1 or written.tp == 1:
        return ()
    data_parallel = PoolLayout(
        workers=written.workers,
        tp=1,
        pp=written.pp,
        ep=written.ep,
        attention_dp=written.tp,
    )
    return (written, data_parallel)


def _decode_batch(
    scenario: BenchmarkScenario, pool: PoolLayout, resolved: ResolvedReplicas
) -> tuple[Deployment, float] | None:
    """The candidate decode worker and the batch each of its workers runs at the line's
    load once the pool holds it; None when it cannot run the line (not resolved, not a MoE
    model, or its answer's cache does not fit)."""
    try:
        dep = resolved.replica(scenario, pool).dep
    except (SizingError, CatalogError):
        return None
    inp, out = read_lengths(scenario)
    if dep.model.moe is None or not memory_breakdown(dep, inp + out).fits:
        return None
    budget = float(dep.engine.max_num_batched_tokens * dep.attention_ranks)
    cap, _ = decode_batch_cap(dep, inp, out, budget)
    load = scenario.load
    in_flight = float(load.concurrency) if isinstance(load, Concurrency) else cap
    assert scenario.disaggregated is not None
    fewest = scenario.disaggregated.fewest_decode_workers or 1
    return dep, in_flight / float(decode_workers_in_flight(in_flight, cap, fewest))


def _with_decode(
    scenario: BenchmarkScenario, pools: tuple[PoolLayout, ...], tpots: dict[int, float]
) -> BenchmarkScenario:
    """The line with the candidate of the shortest TPOT (the first of equals) as its decode
    worker; as it is when no candidate was timed or the written one is chosen."""
    if not tpots:
        return scenario
    place = min(tpots, key=lambda each: (tpots[each], each))
    if place == 0:
        return scenario
    disaggregated = scenario.disaggregated
    assert disaggregated is not None
    chosen = disaggregated.model_copy(update={"decode": pools[place]})
    return scenario.model_copy(update={"disaggregated": chosen})
