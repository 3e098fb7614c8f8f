"""Predict what a benchmark scenario measures: the engine behaviour behind each load mode.

The batch an engine runs is the first thing to get right: at maximum throughput it is what
memory, the engine's sequence cap and its token budget allow; under a fixed concurrency it is
the concurrency unless one of those binds (then requests queue); under a request rate it is
whatever batch serves that rate, by Little's law.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.plan import SpeculativeSpec
from aisle_desktop.sizing.calibration import GB, Calibration, PerformanceAssumptions
from aisle_desktop.sizing.engine import (
    BatchLimits,
    Deployment,
    MemoryBreakdown,
    Number,
    OperatingPoint,
    as_float,
    as_int,
    batch_limits,
    batches_for_rates,
    ceil,
    choose,
    concurrency_ttft_percentiles_s,
    elementwise_max,
    elementwise_min,
    finite_run_queue_wait_s,
    fixed_concurrency_run,
    floor_tpot_s,
    ideal,
    iteration_time,
    kv_overflow,
    lockstep_cohort,
    lockstep_share,
    memory_breakdown,
    offline,
    on_offline_benchmark_mapping,
    on_static_batch_runtime,
    physical_floor,
    resolve_deployment,
    static_batch,
    steady_state,
    with_speculation,
)
from aisle_desktop.sizing.engine.copies import replaced
from aisle_desktop.sizing.engine.replica_memo import replica_constant
from aisle_desktop.sizing.errors import SizingError, without_tracebacks
from aisle_desktop.sizing.validation.alike_lines import first_alike, with_alike_answers
from aisle_desktop.sizing.validation.benchmark_scenario import (
    BenchmarkScenario,
    Concurrency,
    MaxThroughput,
    RequestRate,
    StaticBatch,
)
from aisle_desktop.sizing.validation.columns import Columns, rows
from aisle_desktop.sizing.validation.decode_split import with_decode_splits
from aisle_desktop.sizing.validation.disaggregated_predict import (
    PendingLine,
    PoolsStarted,
    curves_together,
    finish_together,
    start_lines,
    start_pools,
)
from aisle_desktop.sizing.validation.disaggregated_scenario import DisaggregatedPools, PoolLayout
from aisle_desktop.sizing.validation.measurement_kinds import release_measured
from aisle_desktop.sizing.validation.script_batch_wait import batch_wait_steps, script_batch_waiting
from aisle_desktop.sizing.validation.script_budgets import is_script_run, script_token_budget
from aisle_desktop.sizing.validation.script_lengths import drawn_answer_share, read_lengths
from aisle_desktop.sizing.validation.script_memory_fraction import script_memory_fraction
from aisle_desktop.sizing.validation.script_postprocess import (
    request_overhead_s,
    script_postprocess_workers,
)
from aisle_desktop.sizing.validation.script_recv_interval import (
    recv_wait_steps,
    script_recv_interval,
)
from aisle_desktop.sizing.validation.script_scheduling import script_scheduling_release
from aisle_desktop.sizing.validation.stacked import (
    Differs,
    NotStackableError,
    Stacking,
    branched_apart,
    replica_shape,
)
from aisle_desktop.sizing.validation.stacked_pools import across_replicas
from aisle_desktop.sizing.validation.uncertainty import (
    BANDED_METRICS,
    band_figures,
    extrapolation_reasons,
    has_band,
)
from aisle_desktop.sizing.validation.world_size import heads_split_as_ran


def _memory_gb(memory: MemoryBreakdown) -> dict[str, float]:
    return {
        "weights": memory.weights_bytes / GB,
        "kv_cache": memory.kv_room_bytes / GB,
        "runtime": memory.runtime_bytes / GB,
        "free": memory.free_bytes / GB,
    }


# Published concurrency sweeps report these TTFT percentiles (GenAI-Perf p95, vLLM p50/p99).
TTFT_PERCENTILES = (50, 95, 99)


def _point_figures(point: OperatingPoint) -> dict[str, Number]:
    return {
        "ttft_ms": as_float(point.ttft_s) * 1e3,
        "tpot_ms": as_float(point.tpot_s) * 1e3,
        "e2e_latency_s": as_float(point.e2e_s),
        "requests_per_s": as_float(point.requests_per_s),
    }


@dataclass(frozen=True, slots=True)
class Replica:
    """What every line of one model, GPU, engine release, precision, layout and kind of
    load shares: the resolved replica, its engine era and its calibration values."""

    dep: Deployment
    era_label: str | None  # the engine era's name; None before the 2025-26 eras
    assumptions: PerformanceAssumptions
    reasons: tuple[str, ...]  # what the measurements cover thinly (extrapolation_reasons)
    described: dict[str, Any]  # what ran, as every answer names it (`_described`): read-only
    # Replicas stacked into one whose eras or extrapolations differ: each line's era and
    # reasons, in order (`era_label` and `reasons` then refuse any use); None otherwise.
    line_eras: tuple[Era, ...] | None = None

    @property
    def fastest(self) -> Deployment:
        """The replica at its peak rates, for the physical floor: worked out when first
        asked (the replicas of a stack never are: the stack's own is)."""
        return _ideal(self.dep)


# The ideal replica of each replica a file resolves, and of each stack: kept by the replica.
_ideal = replica_constant(ideal)

# The release a line was measured with (`release_measured`), its era's name and its values.
Release = tuple[str | None, str | None, PerformanceAssumptions]
Era = tuple[str | None, tuple[str, ...]]  # an era's name and the extrapolation's reasons

# A validation file names a few hundred replicas in thousands of lines; past this many the
# memory starts again.
MAX_REPLICAS = 4096


# What picks a line's replica, beside its layout (its own, or one pool's) and kind of load,
# read from a validated line's fields (its `__dict__`: a tuple in one C call).
_REPLICA_FIELDS = (
    "model",
    "gpu",
    "engine",
    "engine_version",
    "scenario_kind",
    "weight_precision",
    "kv_precision",
    "speculative",
)
_LAYOUT_FIELDS = ("tp", "pp", "attention_dp", "ep")
_OWN_REPLICA = itemgetter(*_REPLICA_FIELDS, *_LAYOUT_FIELDS)
_POOLS_REPLICA = itemgetter(*_REPLICA_FIELDS)
_LAYOUT = itemgetter(*_LAYOUT_FIELDS)


class ReplicaAsked(NamedTuple):
    """What picks a replica: a line's fields `_REPLICA_FIELDS`, its layout (its own, or one
    pool's) and its kind of load; the key `ResolvedReplicas` keeps it by, read by name only
    when it is first resolved (a pool's replica needs no copy of its line)."""

    model: str
    gpu: str
    engine: str
    engine_version: str | None
    scenario_kind: str | None
    weight_precision: str
    kv_precision: str | None
    speculative: SpeculativeSpec | None
    tp: int
    pp: int
    attention_dp: int
    ep: int
    offline: bool  # a maximum-throughput or static-batch run: no server streams tokens
    max_throughput: bool
    # The KV cache's memory fraction the line's script set (`script_memory_fraction`); None:
    # the engine's own.
    memory_fraction: float | None
    # The release whose era the line's scheduler is read with, where its script turned on what
    # that release has by default (`script_scheduling`); None: the line's own.
    scheduling_release: str | None


@dataclass
class ResolvedReplicas:
    """Replicas resolved once for one catalog and calibration, by the fields of a line that
    pick them. Resolving one (catalog look-ups, the engine era, the calibration values, the
    ideal replica of the floor) costs more than its figures; a file of lines asks one memory.

    Not thread-safe: one command or test owns it.
    """

    catalog: Catalog
    calibration: Calibration
    _known: dict[tuple[Any, ...], Replica] = field(default_factory=dict)
    _releases: dict[tuple[str, str | None, str | None], Release] = field(default_factory=dict)

    def release(self, engine_id: str, version: str | None, kind: str | None) -> Release:
        """The release a line of this engine, version as written and kind of source was
        measured with (`release_measured`), its era's name and its calibration values (a
        file's replicas name a few dozen)."""
        key = (engine_id, version, kind)
        found = self._releases.get(key)
        if found is None:
            measured = release_measured(self.catalog.engine(engine_id), version, kind)
            era = self.calibration.era(engine_id, measured)
            label = era.label if era is not None else None
            found = (measured, label, self.calibration.performance_for(engine_id, measured))
            self._releases[key] = found
        return found

    def replica(self, scenario: BenchmarkScenario, pool: PoolLayout | None = None) -> Replica:
        """The scenario's replica, or that of one worker of its disaggregated `pool` (raises
        SizingError or CatalogError if it cannot run)."""
        kind = type(scenario.load)
        load_kind = (kind is MaxThroughput or kind is StaticBatch, kind is MaxThroughput)
        if pool is None:
            key = _OWN_REPLICA(scenario.__dict__) + load_kind
            key += (script_memory_fraction(scenario), script_scheduling_release(scenario))
        else:
            key = _POOLS_REPLICA(scenario.__dict__) + _LAYOUT(pool.__dict__) + load_kind
            key += (None, None)
        found = self._known.get(key)
        if found is None:
            found = _resolve(self.catalog, ReplicaAsked._make(key), self.release)
            if len(self._known) >= MAX_REPLICAS:
                self._known.clear()
            self._known[key] = found
        return found


def _resolve(
    catalog: Catalog,
    asked: ReplicaAsked,
    release: Callable[[str, str | None, str | None], Release],
) -> Replica:
    """The release the line was measured with (named, or read from its kind of source, see
    measurement_kinds) picks the catalog's defaults and the calibration's values for it
    (`release`: that release, its era and values)."""
    version, era_label, assumptions = release(
        asked.engine, asked.engine_version, asked.scenario_kind
    )
    if asked.scheduling_release is not None:  # the catalog's defaults stay the line's release's
        _, era_label, assumptions = release(
            asked.engine, asked.scheduling_release, asked.scenario_kind
        )
    dep = resolve_deployment(
        catalog,
        asked.model,
        asked.gpu,
        asked.engine,
        asked.weight_precision,
        asked.kv_precision,
        asked.tp,
        asked.pp,
        assumptions,
        attention_dp=asked.attention_dp,
        ep=asked.ep,
        engine_version=version,
    )
    if asked.memory_fraction is not None:
        engine = dep.engine.model_copy(update={"memory_fraction": asked.memory_fraction})
        dep = replaced(dep, engine=engine)
    spec = asked.speculative
    if spec is not None:
        dep = with_speculation(
            catalog, dep, spec.method, spec.draft_tokens, spec.acceptance, spec.draft_model_id
        )
    if asked.offline:
        dep = offline(dep)
    if asked.max_throughput:
        dep = on_offline_benchmark_mapping(dep)
    reasons = extrapolation_reasons(dep, era_label)
    return Replica(dep, era_label, assumptions, reasons, _described(dep, era_label))


def predict_benchmark(
    catalog: Catalog,
    scenario: BenchmarkScenario,
    calibration: Calibration,
    resolved: ResolvedReplicas | None = None,
) -> dict[str, Any]:
    """Every figure `predict` reports for one scenario (raises SizingError if it cannot).

    The release the scenario was measured with (named, or read from its kind of source)
    picks the catalog's defaults and the calibration's values for it. `resolved`, kept across
    the lines of a file, resolves each replica once (its catalog and calibration must be
    these).
    """
    answer = predict_benchmarks(catalog, [scenario], calibration, resolved)[0]
    if isinstance(answer, (SizingError, CatalogError)):
        raise answer
    return answer


# Kinds of load whose lines of replicas of one shape go through the model as one array.
LOADS_TOGETHER = (MaxThroughput, Concurrency, StaticBatch)

Answer = dict[str, Any] | SizingError | CatalogError


def predict_benchmarks(
    catalog: Catalog,
    scenarios: list[BenchmarkScenario],
    calibration: Calibration,
    resolved: ResolvedReplicas | None = None,
) -> list[Answer]:
    """`predict_benchmark` of each scenario, in order, or the error that scenario raised.

    Lines of one replica and kind of load go through the same formulas together, as numpy
    arrays with one element a line; the answers are those of each line alone.
    """
    if resolved is None:
        resolved = ResolvedReplicas(catalog, calibration)
    scenarios = [heads_split_as_ran(scenario, catalog) for scenario in scenarios]
    answers: list[Answer] = []
    groups: dict[tuple[int, str], tuple[Replica, list[int]]] = {}
    # Disaggregated lines waiting for their pools' curves, with their pools' replicas.
    pending: dict[int, tuple[PendingLine, Replica, Replica]] = {}
    started: StartedPools = {}
    # Disaggregated lines by index: what their pools share (in `started`), with their split.
    waiting: dict[int, tuple[Started, BenchmarkScenario]] = {}
    firsts = first_alike(scenarios)
    owners = [s for i, s in enumerate(scenarios) if s.disaggregated and firsts[i] == i]
    split = iter(with_decode_splits(owners, resolved))
    for index, scenario in enumerate(scenarios):
        answers.append({})
        if firsts[index] != index:
            continue  # answered as the first line alike
        try:
            if scenario.disaggregated is not None:
                scenario = next(split)
                waiting[index] = (_start_pools(scenario, resolved, started), scenario)
                continue
            replica = resolved.replica(scenario)
        except (SizingError, CatalogError) as err:
            # Kept without frames: they hold these answers, this error among them, a cycle.
            answers[index] = without_tracebacks(err)
            continue
        key = (id(replica), scenario.load.mode)
        groups.setdefault(key, (replica, []))[1].append(index)
    shapes: dict[tuple[Any, ...], list[tuple[Replica, list[int]]]] = {}
    for replica, members in groups.values():
        load = scenarios[members[0]].load
        if isinstance(load, LOADS_TOGETHER):
            shapes.setdefault(_shape(replica, load.mode), []).append((replica, members))
            continue
        # Request-rate lines of one replica go as arrays (each line reads its own rate grid).
        found = _predict_lines(replica, [scenarios[i] for i in members])
        for index, answer in zip(members, found, strict=True):
            answers[index] = answer
    for same_shape in shapes.values():
        _predict_together(same_shape, scenarios, answers)
    own = start_lines([(scenario, shared[0]) for shared, scenario in waiting.values()])
    for (index, ((_, prefill, decode), _)), line in zip(waiting.items(), own, strict=True):
        if isinstance(line, PendingLine):
            pending[index] = (line, prefill, decode)
        else:
            answers[index] = _with_reasons(line, decode)
    curves = curves_together([line.curves for line, _, _ in pending.values()])
    lines = [line for line, _, _ in pending.values()]
    results = finish_together(list(zip(lines, curves, strict=True)), TTFT_PERCENTILES)
    finished = []
    for (index, (line, prefill, decode)), result in zip(pending.items(), results, strict=True):
        answers[index] = _with_reasons(result, decode)
        finished.append(PoolsAnswer(result, line, prefill, decode))
    _with_pool_bands(finished)
    with_alike_answers(answers, firsts, [scenario.id for scenario in scenarios])
    return answers


@dataclass(frozen=True, slots=True)
class PoolsAnswer:
    """A disaggregated line's answer, with what its bands are worked out from."""

    result: dict[str, Any]
    line: PendingLine
    prefill: Replica
    decode: Replica

    def tpot_floor_key(self) -> tuple[Any, ...]:
        """What its TPOT floor (`physical_floor`) is worked out from, as a key: the TPOT of
        the decode worker's batch at peak rates. That batch is a guess when the line does not
        record its workers (the pools are sized for its load): the floor is then a decode
        worker's single sequence's. Lines of one pool and lengths share it (by the replica's
        id: the replicas outlive the keys). Its TTFT floor, of one prompt prefilled alone on
        a prefill worker, came with the worker (`start_lines`)."""
        inp, out = self.line.curves.input_tokens, self.line.curves.output_tokens
        batch = 1.0 if self.result.get("workers_sized_for_load") else self.result["batch"]
        return (id(self.decode), inp, out, batch)


def _pool_floors(finished: list[PoolsAnswer]) -> list[dict[str, float]]:
    """Each answer's TTFT and TPOT floors in ms, the distinct TPOT floors worked out
    together: the replicas of one shape stacked as one array (`across_replicas`), then made
    ideal (one ideal twin a stack, as an aggregated stack's floors: stacking the replicas,
    which share their calibration values, costs less than stacking their twins)."""
    if not finished:
        return []
    keys = [each.tpot_floor_key() for each in finished]
    tpot_asked: dict[tuple[Any, ...], PoolsAnswer] = {}
    for each, tpot_key in zip(finished, keys, strict=True):
        tpot_asked.setdefault(tpot_key, each)
    tpot_columns = list(zip(*(key[1:] for key in tpot_asked), strict=True))
    decodes = [each.decode for each in tpot_asked.values()]
    (tpot_s,) = across_replicas([d.dep for d in decodes], _floor_tpot, tpot_columns)
    per_token = [d.dep.verify_tokens for d in decodes]
    tpot_ms = dict(zip(tpot_asked, (tpot_s * 1e3 / per_token).tolist(), strict=True))
    return [
        {"ttft_ms": each.line.ttft_floor_s * 1e3, "tpot_ms": tpot_ms[tpot]}
        for each, tpot in zip(finished, keys, strict=True)
    ]


def _floor_tpot(dep: Deployment, inp: Number, out: Number, batch: Number) -> tuple[Number]:
    """`floor_tpot_s` of the replica's ideal twin, its counts in the order of a TPOT
    floor's key."""
    return (floor_tpot_s(_ideal(dep), batch, inp, out),)


def _with_pool_bands(finished: list[PoolsAnswer]) -> None:
    """Disaggregated answers completed with the 80% bands of their throughput, TTFT and
    TPOT from the disaggregated rows' residuals (`DISAGGREGATED_RESIDUAL_RATIOS`): those of
    one load kind, engine era and extrapolation go through `band_figures` as one array."""
    groups: dict[tuple[Any, ...], list[tuple[PoolsAnswer, dict[str, float]]]] = {}
    for each, floors in zip(finished, _pool_floors(finished), strict=True):
        key = (each.line.load.mode, each.decode.era_label, each.decode.reasons)
        groups.setdefault(key, []).append((each, floors))
    for (mode, era, reasons), members in groups.items():
        results = [each.result for each, _ in members]
        figures = {m: np.array([r[m] for r in results], dtype=float) for m in BANDED_METRICS}
        floor = {m: np.array([f[m] for _, f in members]) for m in members[0][1]}
        bands = band_figures(figures, mode, reasons, era, floor, disaggregated=True)
        shown = {m: has_band(values).tolist() for m, values in figures.items()}
        for name, values in bands.items():
            lines = zip(results, values.tolist(), shown[name.rsplit("_", 1)[0]], strict=True)
            for result, value, show in lines:
                if show:
                    result[name] = value


def _shape(replica: Replica, mode: str) -> tuple[Any, ...]:
    """What replicas must share for their lines to go through the model as one array: the
    kind of load and what the formulas branch on (`replica_shape`)."""
    return (mode, *replica_shape(replica.dep))


def _predict_together(
    same_shape: list[tuple[Replica, list[int]]],
    scenarios: list[BenchmarkScenario],
    answers: list[Answer],
) -> None:
    """Answers of the lines of replicas of one shape (`_shape`), each a list of line
    indexes: all as one array where the replicas stack, else replica by replica."""
    lines = [len(members) for _, members in same_shape]
    if len(same_shape) > 1:
        indexes = [index for _, members in same_shape for index in members]
        try:
            stacked = _stacked([replica for replica, _ in same_shape], lines)
            found = _predict_lines(stacked, [scenarios[i] for i in indexes])
        except (NotStackableError, ValueError, TypeError, OverflowError) as err:
            # A formula read a label they do not share or branched on a number they do not
            # share (`branched_apart`): each replica then runs as it would alone. Any other
            # error is a fault and goes on.
            if not branched_apart(err):
                raise
        else:
            for index, answer in zip(indexes, found, strict=True):
                answers[index] = answer
            return
    for replica, members in same_shape:
        found = _predict_lines(replica, [scenarios[i] for i in members])
        for index, answer in zip(members, found, strict=True):
            answers[index] = answer


def _stacked(replicas: list[Replica], lines: list[int]) -> Replica:
    """One replica standing for `replicas` (of one `_shape`) over their `lines` (how many
    each has): what differs between them is an array of one element a line."""
    first = replicas[0]
    described = {
        name: _per_line([replica.described[name] for replica in replicas], lines)
        for name in first.described
    }
    eras = [(replica.era_label, replica.reasons) for replica in replicas]
    line_eras = None
    if eras.count(eras[0]) < len(eras):
        line_eras = tuple(era for era, count in zip(eras, lines, strict=True) for _ in range(count))
    # Where the lines' eras differ, each line's is in `line_eras`; any other use refuses.
    refused: Any = (Differs("engine era"), Differs("extrapolation"))
    era_label, reasons = (first.era_label, first.reasons) if line_eras is None else refused
    stacking = Stacking(lines)
    dep = stacking.of([replica.dep for replica in replicas], "replica")
    return Replica(
        dep=dep,
        era_label=era_label,
        assumptions=stacking.of([replica.assumptions for replica in replicas], "assumptions"),
        reasons=reasons,
        described=described,
        line_eras=line_eras,
    )


def _per_line(values: list[Any], lines: list[int]) -> Any:
    """One value all replicas share, else each replica's repeated over its lines."""
    first = values[0]
    if all(value == first for value in values):
        return first
    return np.repeat(np.array(values, dtype=object), lines)


# What the disaggregated lines of one pair of pools and lengths share (`start_pools`), with
# the replicas it was worked out for; kept by their replicas' ids, lengths and pools.
Started = tuple[dict[str, Any] | PoolsStarted, Replica, Replica]
StartedPools = dict[tuple[Any, ...], Started]


# A line's pools by value: their own fields, and each pool's (a model's own hash and
# equality run Python for each of its nested models).
_POOLS_OWN = itemgetter(
    *(n for n in DisaggregatedPools.model_fields if n not in ("prefill", "decode"))
)
_POOL = itemgetter(*PoolLayout.model_fields)


def _pools_key(pools: DisaggregatedPools) -> tuple[Any, ...]:
    return (_POOLS_OWN(pools.__dict__), _POOL(pools.prefill.__dict__), _POOL(pools.decode.__dict__))


def _start_pools(
    scenario: BenchmarkScenario, resolved: ResolvedReplicas, known: StartedPools
) -> Started:
    """What a disaggregated line's pools and lengths share: its common figures, its decode
    pool's (whose memory holds the answers), completed by both pools' figures
    (`start_pools`), worked out for the first line of those pools and lengths (`known`)."""
    pools = scenario.disaggregated
    assert pools is not None
    decode = resolved.replica(scenario, pools.decode)
    prefill = resolved.replica(scenario, pools.prefill)
    inp, out = read_lengths(scenario)
    key = (id(prefill), id(decode), inp, out, *_pools_key(pools))
    found = known.get(key)
    if found is None:
        memory = memory_breakdown(decode.dep, inp + out)
        head = _head(decode, scenario.id, scenario.num_gpus // decode.dep.gpus, memory)
        # The replicas are kept with it: their ids in the key stay theirs.
        headroom = resolved.calibration.cost.target_utilization
        found = (start_pools(scenario, prefill, decode, head, headroom), prefill, decode)
        known[key] = found
    return found


def _with_reasons(result: dict[str, Any], replica: Replica) -> dict[str, Any]:
    """`result` ended with whether the replica is an extrapolation, and why (one column a
    line, each line its own list, for stacked replicas whose reasons differ)."""
    if replica.line_eras is None:
        reasons = replica.reasons
        result.update(extrapolation=bool(reasons), extrapolation_reasons=list(reasons))
        return result
    each_line = np.empty(len(replica.line_eras), dtype=object)
    each_line[:] = [list(reasons) for _, reasons in replica.line_eras]
    flags = np.array([bool(reasons) for _, reasons in replica.line_eras])
    result.update(extrapolation=flags, extrapolation_reasons=each_line)
    return result


def _bands(result: Columns, mode: str, replica: Replica, floors: Columns) -> Columns:
    """`band_figures` of `result`: for stacked replicas whose eras or extrapolations differ,
    those of each era's lines apart (the same numbers each would get alone)."""
    if replica.line_eras is None:
        return band_figures(result, mode, replica.reasons, replica.era_label, floors)
    count = len(replica.line_eras)
    lines_of: dict[Era, list[int]] = {}
    for index, era in enumerate(replica.line_eras):
        lines_of.setdefault(era, []).append(index)
    bands: Columns = {}
    for (era_label, reasons), members in lines_of.items():
        rows_of = np.array(members)
        figures, own_floors = _banded_rows(result, rows_of), _banded_rows(floors, rows_of)
        own = band_figures(figures, mode, reasons, era_label, own_floors)
        for name, values in own.items():
            bands.setdefault(name, np.empty(count))[rows_of] = values
    return bands


def _banded_rows(columns: Columns, rows_of: np.ndarray) -> Columns:
    """The banded figures of `columns` at the lines `rows_of` (one value all share, as is)."""
    return {
        name: value[rows_of] if isinstance(value, np.ndarray) else value
        for name, value in columns.items()
        if name in BANDED_METRICS
    }


def _predict_lines(replica: Replica, scenarios: list[BenchmarkScenario]) -> list[dict[str, Any]]:
    """The answers of lines of one replica (or of stacked replicas) and kind of load, worked
    out as arrays of one element a line (a line alone as well: `_column`)."""
    dep = replica.dep
    count = len(scenarios)

    # A sweep's lines share most of their lengths and layouts: what they share stays one
    # plain number, and only what differs (the concurrency) is an array.
    lengths = [read_lengths(s) for s in scenarios]
    inp = _column([each[0] for each in lengths])
    out = _column([each[1] for each in lengths])
    replicas = _column(_per_replica([s.num_gpus for s in scenarios], dep.gpus))
    memory = memory_breakdown(dep, inp + out)
    # The ids as Python's strings (an array of objects): numpy's own strings would each be
    # copied in and read back out again.
    ids = np.array([s.id for s in scenarios], dtype=object)
    head = _head(replica, ids, replicas, memory)
    unfit = {"batch": 0, "saturated": False, "bound": "GPU memory: the model does not fit"}
    served: Columns = {}
    shown: Columns = {}
    if np.any(memory.fits):
        with np.errstate(all="ignore"):  # lines that do not fit are worked out, then dropped
            loads = [s.load for s in scenarios]
            harness = _column(
                [
                    s.scenario_kind in HARNESS_BUDGET_KINDS and not is_script_run(s)
                    for s in scenarios
                ]
            )
            script = _column([_script_budget(s) for s in scenarios])
            recv_waits = _column([recv_wait_steps(script_recv_interval(s)) for s in scenarios])
            waiting = [script_batch_waiting(s) for s in scenarios]
            batch_waiting = (
                _column([each.timeout_iterations for each in waiting]),
                _column([each.max_tokens_ratio for each in waiting]),
            )
            budgets = (harness, script)
            workers = _column([script_postprocess_workers(s) for s in scenarios])
            spread = _column([drawn_answer_share(s) for s in scenarios])
            served, shown = _served(
                replica,
                loads,
                inp,
                out,
                replicas,
                memory,
                budgets,
                (recv_waits, batch_waiting),
                workers,
                spread,
            )
    return rows(count, head, memory.fits, served, shown, unfit)


def _script_budget(scenario: BenchmarkScenario) -> float:
    """The token budget the line's script set (`script_budgets`), 0 where none is read."""
    load = scenario.load
    if not isinstance(load, Concurrency):
        return 0.0
    replicas = max(1, scenario.num_gpus // scenario.gpus_per_replica)
    return script_token_budget(scenario, math.ceil(load.concurrency / replicas))


def _head(replica: Replica, ids: Number, replicas: Number, memory: MemoryBreakdown) -> Columns:
    """The figures every answer starts with: what fits, and what ran."""
    head: Columns = {
        "id": ids,
        "fits": memory.fits,
        "replicas": replicas,
        "max_concurrency": memory.max_sequences,
        "memory_per_gpu_gb": _memory_gb(memory),
    }
    head.update(replica.described)
    return head


def _described(dep: Deployment, era_label: str | None) -> dict[str, Any]:
    """What ran, in the words every answer of the replica uses: worked out once a replica
    (its labels are read from the catalog's entries), copied into each answer."""
    execution, release = dep.execution, dep.engine.release
    described: dict[str, Any] = {
        "weight_precision": execution.weight_precision,
        "kv_precision": execution.kv_precision,
        "weight_only": execution.weight_only,
        "interconnect": dep.interconnect_label,
        "layout": dep.layout_label,
        "engine_release": release.version if release else None,
        "engine_era": "before the 2025-26 releases" if era_label is None else era_label,
        "model_family": dep.model.family,
        "gpu_architecture": dep.gpu.architecture,
    }
    if dep.speculation is not None:
        described["tokens_per_step"] = dep.tokens_per_step
        described["acceptance"] = dep.speculation.acceptance
    return described


def _per_replica(gpus: list[int], replica_gpus: Number) -> list[int]:
    """How many replicas each line's GPUs hold (`replica_gpus` one number, or one a line
    for stacked replicas)."""
    if isinstance(replica_gpus, np.ndarray):
        return (np.array(gpus) // replica_gpus).tolist()  # type: ignore[no-any-return]
    return [each // replica_gpus for each in gpus]


def _column(values: list[Any]) -> Number:
    """The lines' values of one field: one plain value when several lines all share it, else
    an array with one element a line.

    A line alone is an array of one, as its file's lines are: numpy's vectorised power
    (SVML on an AVX-512 machine) and C's `pow` differ in the last bit now and then, and a
    line alone must get the answer it gets in its file (where lines go as arrays)."""
    first = values[0]
    if len(values) > 1 and all(value == first for value in values):
        return first
    return np.array(values)


# Kinds of source whose fixed-concurrency runs set the worker's token budget by the harness's
# rule (`concurrency_token_budget_headroom`): aiconfigurator's aggregated sweeps.
HARNESS_BUDGET_KINDS = frozenset({"aic_agg"})


def harness_token_budget(
    assumptions: PerformanceAssumptions,
    harness: Number,
    in_flight: Number,
    input_tokens: Number,
    budget: Number,
) -> Number:
    """The tokens an iteration schedules in a fixed-concurrency run: where the harness sets
    the budget (`harness`, and the era's headroom above 0), the replica's concurrency plus
    one prompt plus the headroom (aiconfigurator's vllm.rule and trtllm.rule: max_num_tokens
    = max batch + input + 1,500, the max batch the concurrency a replica carries); else the
    engine's `budget`. The caps on the batch stay the engine's (`batch_limits`)."""
    headroom = assumptions.concurrency_token_budget_headroom
    return choose(harness & (headroom > 0), in_flight + input_tokens + headroom, budget)


def _served(
    replica: Replica,
    loads: list[Any],
    inp: Number,
    out: Number,
    replicas: Number,
    memory: MemoryBreakdown,
    budgets: tuple[Number, Number],
    held: tuple[Number, tuple[Number, Number]] = (0.0, (0.0, 0.0)),
    postprocess_workers: Number = 0.0,
    answer_spread: Number = math.nan,
) -> tuple[Columns, Columns]:
    """(figures, whether each line shows a figure) of lines whose replica fits; all of one
    kind of load, as arrays (`loads` holds one per element) with what all share as plain
    numbers; `budgets`: whether each line's run was started with its harness's token budget
    (`harness_token_budget`) and the budget its script set, 0 for none (`script_budgets`);
    `held`: the decode iterations a staggered request waits for a scheduler that takes new
    requests only now and then (`script_recv_interval`), 0 for none, and the batch waiting its
    script set (`script_batch_wait`), (0, 0) for none; `postprocess_workers`: the
    post-processing workers its server ran (`script_postprocess`), 0 for none;
    `answer_spread`: the shortest answer's share of the longest its client drew
    (`script_lengths.drawn_answer_share`), NaN for answers of the length it names."""
    recv_waits, batch_waiting = held
    dep, assumptions = replica.dep, replica.assumptions
    load = loads[0]
    overhead = request_overhead_s(assumptions, postprocess_workers)
    result: Columns = {}
    shown: Columns = {}
    saturated: Number = False
    if isinstance(load, StaticBatch):
        per_replica = as_int(ceil(_column([each.batch for each in loads]) / replicas))
        batch = elementwise_min(per_replica, memory.max_sequences)
        waves = as_int(ceil(per_replica / batch))
        session = on_static_batch_runtime(dep)
        run = static_batch(session, batch, inp, out)
        figures = {
            "ttft_ms": run.ttft_s * 1e3,
            "tpot_ms": run.tpot_s * 1e3,
            "e2e_latency_s": run.e2e_s * waves,
            "requests_per_s": batch / run.e2e_s,
        }
        result.update(
            batch=batch,
            bound=static_batch_bound(session, batch, inp, out),
            batch_limit="static batch",
        )
    else:
        limits, budget = batch_limits(dep, memory, inp, out, isinstance(load, MaxThroughput))
        if isinstance(load, MaxThroughput):
            # Every request is waiting: an engine that admits by prompt runs as many as
            # their prompts allow and preempts the overflow (`kv_overflow`).
            running = limits.admitted
            point = steady_state(
                dep, running, inp, out, budget, overhead, limits.batch, prompts_in_waves=True
            )
            figures = _point_figures(point)
            wait = finite_run_queue_wait_s(
                assumptions.benchmark_requests,
                math.inf,
                point.requests_per_s * replicas,
                running * replicas,
            )
            figures["ttft_ms"] += wait * 1e3
            figures["e2e_latency_s"] += wait
            preempting = running > limits.batch
            batch_limit = _overflow_limit(result, shown, preempting, limits, running, inp, out)
            saturated = True
        elif isinstance(load, Concurrency):
            concurrency = _column([each.concurrency for each in loads])
            in_flight = concurrency / replicas
            running = elementwise_min(in_flight, limits.admitted)
            harness, script = budgets
            budget = harness_token_budget(assumptions, harness, in_flight, inp, budget)
            budget = choose(script > 0, script, budget)
            cohort_share = lockstep_share(assumptions, concurrency)
            staggered = steady_state(
                dep, running, inp, out, budget, 0.0, limits.batch, answer_spread=answer_spread
            )
            decode = staggered.decode_step  # the cohort's too: the same batch and lengths
            cohort = lockstep_cohort(dep, running, inp, out, budget, 0.0, limits.batch, decode)
            point = fixed_concurrency_run(cohort, staggered, cohort_share, overhead, out)
            figures = _point_figures(point)
            # The starting cohort arrives at an idle scheduler, which takes it at once.
            staggered_share = 1.0 - elementwise_min(1.0, elementwise_max(0.0, cohort_share))
            held_steps = recv_waits + batch_wait_steps(
                batch_waiting, budget, running, (inp, out), dep.tokens_per_step
            )
            recv_s = staggered_share * held_steps * decode.total_s
            tails = concurrency_ttft_percentiles_s(
                dep,
                running,
                inp,
                budget,
                overhead,
                TTFT_PERCENTILES,
                cohort_share,
                overhead + staggered.ttft_s,
                cohort.prefill_step,
            )
            for percentile, tail_s in zip(TTFT_PERCENTILES, tails, strict=True):
                figures[f"ttft_p{percentile}_ms"] = 1e3 * tail_s
            # Requests beyond what the engine admits queue; adding no wait changes nothing.
            queued = in_flight > running
            wait = choose(queued, (in_flight - running) / point.requests_per_s, 0.0)
            for name in ("ttft_ms", *(f"ttft_p{p}_ms" for p in TTFT_PERCENTILES)):
                figures[name] += (wait + recv_s) * 1e3
            figures["e2e_latency_s"] += wait + recv_s
            preempting = (running > limits.batch) & (in_flight <= running)
            overflowing = _overflow_limit(result, shown, preempting, limits, running, inp, out)
            batch_limit = choose(
                queued, limits.admitted_limit, choose(preempting, overflowing, "offered load")
            )
            saturated = queued | preempting
        else:
            assert isinstance(load, RequestRate)
            rate = _column([each.request_rate for each in loads])
            offered = rate / replicas
            # A finite run never holds more requests than it sends: above capacity the batch
            # grows until the run's requests are all in, not to what memory would allow.
            run_requests = assumptions.benchmark_requests / replicas
            run_cap = elementwise_max(1.0, elementwise_min(limits.batch, run_requests))
            capacity = steady_state(dep, run_cap, inp, out, budget, overhead)
            above = offered >= as_float(capacity.requests_per_s)
            # Above capacity the queue builds; an engine that admits by prompt lets it in as
            # far as the prompts fit and preempts the overflow, which adds recompute, not
            # throughput (`kv_overflow`). Lines of one replica work out both ways as arrays,
            # each line then reads its own.
            running = elementwise_max(1.0, elementwise_min(limits.admitted, run_requests))
            full = steady_state(dep, running, inp, out, budget, overhead, limits.batch)
            figures = _point_figures(full)
            wait = finite_run_queue_wait_s(
                assumptions.benchmark_requests,
                rate,
                as_float(full.requests_per_s) * replicas,
                running * replicas,
            )
            figures["ttft_ms"] += wait * 1e3
            figures["e2e_latency_s"] += wait
            preempting = above & (running > limits.batch)
            overflowing = _overflow_limit(result, shown, preempting, limits, running, inp, out)
            run_limit = choose(run_cap < limits.batch, limits.limit, "requests in the run")
            rate_batch = _batches_for_rates(dep, offered, run_cap, inp, out, budget, overhead)
            served = steady_state(dep, rate_batch, inp, out, budget, overhead)
            served_figures = _point_figures(served)
            served_figures["requests_per_s"] = offered
            figures = {
                name: choose(above, value, served_figures[name]) for name, value in figures.items()
            }
            batch_limit = choose(above, choose(preempting, overflowing, run_limit), "offered load")
            saturated = above
            batch, bound = _batch_and_bound(full)
            served_batch, served_bound = _batch_and_bound(served)
            result.update(
                batch=choose(above, batch, served_batch),
                bound=choose(above, bound, served_bound),
                batch_limit=batch_limit,
            )
        if not isinstance(load, RequestRate):
            batch, bound = _batch_and_bound(point)
            result.update(batch=batch, bound=bound, batch_limit=batch_limit)

    requests_per_s = figures["requests_per_s"] * replicas
    result.update(
        output_tokens_per_s=requests_per_s * out,
        total_tokens_per_s=requests_per_s * (inp + out),
        requests_per_s=requests_per_s,
        ttft_ms=figures["ttft_ms"],
        tpot_ms=figures["tpot_ms"],
        e2e_latency_s=figures["e2e_latency_s"],
        saturated=saturated,
    )
    result.update({k: v for k, v in figures.items() if k.startswith("ttft_p")})
    floor = physical_floor(dep, as_float(result["batch"]), inp, out, replica.fastest)
    floors = {"ttft_ms": floor.ttft_s * 1e3, "tpot_ms": floor.tpot_s * 1e3 / dep.verify_tokens}
    for name, value in _bands(result, load.mode, replica, floors).items():
        result[name] = value
        shown[name] = has_band(result[name.rsplit("_", 1)[0]])
    _with_reasons(result, replica)
    return result, shown


def _batch_and_bound(point: OperatingPoint) -> tuple[Number, Number]:
    """The running batch of an operating point, and what bounds its steps: its prefill
    step's where prefill takes most of the time, else its decode step's."""
    prefill_bound = point.prefill_share > 0.5
    bound = choose(prefill_bound, point.prefill_step.bound(), point.decode_step.bound())
    return as_float(point.running_batch), bound


def _batches_for_rates(
    dep: Deployment,
    offered: Number,
    run_cap: Number,
    inp: Number,
    out: Number,
    budget: float,
    overhead: float,
) -> Number:
    """`batch_for_rate` of each line (one replica's lines: each reads its own rate grid,
    all grids worked out at once). Lines that share their rate and lengths share their batch,
    one plain value as their other columns are: an array of one beside them was taken for a
    line's own column, and a file of two such lines (a run measured twice) stopped `predict`
    with a traceback."""
    columns = (offered, run_cap, inp, out)
    count = max(np.size(column) for column in columns)
    rates, caps, inps, outs = (np.broadcast_to(column, (count,)).tolist() for column in columns)
    batches = batches_for_rates(dep, rates, caps, inps, outs, budget, overhead)
    if all(np.ndim(column) == 0 for column in columns):
        return batches[0]
    return np.array(batches)


def _overflow_limit(
    result: Columns,
    shown: Columns,
    preempting: Number,
    limits: BatchLimits,
    running: Number,
    inp: Number,
    out: Number,
) -> Number:
    """What binds a batch of `running` sequences, noting in `result` the share preempted
    where it runs past what the KV cache holds at the average length (`preempting`)."""
    overflow = kv_overflow(running, limits.batch, inp, out)
    result["preempted_share"] = as_float(overflow.preempted_share)
    shown["preempted_share"] = preempting
    return choose(preempting, "KV cache memory, preempting", limits.limit)


def static_batch_bound(dep: Deployment, batch: Number, inp: Number, out: Number) -> Number:
    """What limits a static batch: its decode steps unless it generates almost nothing."""
    prefill = iteration_time(dep, 0.0, 0.0, batch * inp, inp / 2.0)
    decode = iteration_time(dep, as_float(batch), inp + out / 2.0, 0.0, 0.0)
    return choose(out <= 1, prefill.bound(), decode.bound())
