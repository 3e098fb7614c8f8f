"""Predict what a benchmark scenario measures: the engine behaviour behind each load mode.

The batch an engine runs is the first thing to get right: at maximum throughput it is what
memory, the engine's sequence cap and its token budget allow; under a fixed concurrency it is
the concurrency unless one of those binds (then requests queue); under a request rate it is
whatever batch serves that rate, by Little's law.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import GB, Calibration, PerformanceAssumptions
from aisle_desktop.sizing.engine import (
    BatchLimits,
    Deployment,
    MemoryBreakdown,
    OperatingPoint,
    batch_for_rate,
    batch_limits,
    concurrency_ttft_percentiles_s,
    finite_run_queue_wait_s,
    fixed_concurrency_run,
    ideal,
    iteration_time,
    kv_overflow,
    lockstep_cohort,
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
from aisle_desktop.sizing.validation.benchmark_scenario import (
    BenchmarkScenario,
    Concurrency,
    MaxThroughput,
    RequestRate,
    StaticBatch,
)
from aisle_desktop.sizing.validation.disaggregated_predict import (
    pool_scenario,
    predict_disaggregated,
)
from aisle_desktop.sizing.validation.measurement_kinds import release_measured
from aisle_desktop.sizing.validation.uncertainty import band_figures, extrapolation_reasons


def _memory_gb(memory: MemoryBreakdown) -> dict[str, float]:
    return {
        "weights": memory.weights_bytes / GB,
        "kv_cache": memory.kv_room_bytes / GB,
        "runtime": memory.runtime_bytes / GB,
        "free": memory.free_bytes / GB,
    }


# Published concurrency sweeps report these TTFT percentiles (GenAI-Perf p95, vLLM p50/p99).
TTFT_PERCENTILES = (50, 95, 99)


def _point_figures(point: OperatingPoint) -> dict[str, float]:
    return {
        "ttft_ms": float(point.ttft_s) * 1e3,
        "tpot_ms": float(point.tpot_s) * 1e3,
        "e2e_latency_s": float(point.e2e_s),
        "requests_per_s": float(point.requests_per_s),
    }


@dataclass(frozen=True, slots=True)
class Replica:
    """What every line of one model, GPU, engine release, precision, layout and kind of
    load shares: the resolved replica, its engine era and its calibration values."""

    dep: Deployment
    era_label: str | None  # the engine era's name; None before the 2025-26 eras
    assumptions: PerformanceAssumptions
    fastest: Deployment  # the replica at its peak rates, for the physical floor
    reasons: tuple[str, ...]  # what the measurements cover thinly (extrapolation_reasons)


# A validation file names a few hundred replicas in thousands of lines; past this many the
# memory starts again.
MAX_REPLICAS = 4096


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

    def replica(self, scenario: BenchmarkScenario) -> Replica:
        """The scenario's replica (raises SizingError or CatalogError if it cannot run)."""
        load = scenario.load
        key = (
            scenario.model,
            scenario.gpu,
            scenario.engine,
            scenario.engine_version,
            scenario.scenario_kind,
            scenario.weight_precision,
            scenario.kv_precision,
            scenario.tp,
            scenario.pp,
            scenario.attention_dp,
            scenario.ep,
            scenario.speculative,
            isinstance(load, (MaxThroughput, StaticBatch)),
            isinstance(load, MaxThroughput),
        )
        found = self._known.get(key)
        if found is None:
            found = _resolve(self.catalog, scenario, self.calibration)
            if len(self._known) >= MAX_REPLICAS:
                self._known.clear()
            self._known[key] = found
        return found


def _resolve(catalog: Catalog, scenario: BenchmarkScenario, calibration: Calibration) -> Replica:
    """The release the scenario was measured with (named, or read from its kind of source, see
    measurement_kinds) picks the catalog's defaults and the calibration's values for it."""
    version = release_measured(
        catalog.engine(scenario.engine), scenario.engine_version, scenario.scenario_kind
    )
    era = calibration.era(scenario.engine, version)
    assumptions = calibration.performance_for(scenario.engine, version)
    dep = resolve_deployment(
        catalog,
        scenario.model,
        scenario.gpu,
        scenario.engine,
        scenario.weight_precision,
        scenario.kv_precision,
        scenario.tp,
        scenario.pp,
        assumptions,
        attention_dp=scenario.attention_dp,
        ep=scenario.ep,
        engine_version=version,
    )
    spec = scenario.speculative
    if spec is not None:
        dep = with_speculation(
            catalog, dep, spec.method, spec.draft_tokens, spec.acceptance, spec.draft_model_id
        )
    if isinstance(scenario.load, (MaxThroughput, StaticBatch)):
        dep = offline(dep)
    if isinstance(scenario.load, MaxThroughput):
        dep = on_offline_benchmark_mapping(dep)
    era_label = era.label if era is not None else None
    return Replica(dep, era_label, assumptions, ideal(dep), extrapolation_reasons(dep, era_label))


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
    if resolved is None:
        resolved = ResolvedReplicas(catalog, calibration)
    pools = scenario.disaggregated
    # A disaggregated line's common figures are its decode pool's (whose memory holds answers).
    replica = resolved.replica(scenario if pools is None else pool_scenario(scenario, pools.decode))
    dep, era_label, assumptions = replica.dep, replica.era_label, replica.assumptions
    inp, out = scenario.input_tokens, scenario.output_tokens
    replicas = scenario.num_gpus // dep.gpus
    memory = memory_breakdown(dep, inp + out)
    result: dict[str, Any] = {
        "id": scenario.id,
        "fits": memory.fits,
        "replicas": replicas,
        "max_concurrency": memory.max_sequences,
        "memory_per_gpu_gb": _memory_gb(memory),
        "weight_precision": dep.execution.weight_precision,
        "kv_precision": dep.execution.kv_precision,
        "weight_only": dep.execution.weight_only,
        "interconnect": dep.interconnect_label,
        "layout": dep.layout_label,
        "engine_release": dep.engine.release.version if dep.engine.release else None,
        "engine_era": "before the 2025-26 releases" if era_label is None else era_label,
        "model_family": dep.model.family,
        "gpu_architecture": dep.gpu.architecture,
    }
    if dep.speculation is not None:
        result["tokens_per_step"] = dep.tokens_per_step
        result["acceptance"] = dep.speculation.acceptance
    if pools is not None:
        result = predict_disaggregated(scenario, resolved, result)
        result.update(
            extrapolation=bool(replica.reasons), extrapolation_reasons=list(replica.reasons)
        )
        return result
    if not memory.fits:
        result.update(batch=0, saturated=False, bound="GPU memory: the model does not fit")
        return result

    load = scenario.load
    overhead = assumptions.request_overhead_ms * 1e-3
    saturated = False
    if isinstance(load, StaticBatch):
        per_replica = math.ceil(load.batch / replicas)
        batch = min(per_replica, memory.max_sequences)
        waves = math.ceil(per_replica / batch)
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
            point = steady_state(dep, running, inp, out, budget, overhead, limits.batch)
            figures = _point_figures(point)
            wait = finite_run_queue_wait_s(
                assumptions.benchmark_requests,
                math.inf,
                float(point.requests_per_s) * replicas,
                running * replicas,
            )
            figures["ttft_ms"] += wait * 1e3
            figures["e2e_latency_s"] += wait
            batch_limit = _overflow_limit(result, limits, running, inp, out)
            saturated = True
        elif isinstance(load, Concurrency):
            in_flight = load.concurrency / replicas
            running = min(in_flight, limits.admitted)
            cohort_share = (
                1.0 / assumptions.concurrency_run_rounds
                if assumptions.concurrency_run_rounds > 0
                else load.concurrency / assumptions.concurrency_run_requests
            )
            cohort = lockstep_cohort(dep, running, inp, out, budget, 0.0, limits.batch)
            staggered = steady_state(dep, running, inp, out, budget, 0.0, limits.batch)
            point = fixed_concurrency_run(cohort, staggered, cohort_share, overhead, out)
            figures = _point_figures(point)
            tails = concurrency_ttft_percentiles_s(
                dep,
                running,
                inp,
                budget,
                overhead,
                TTFT_PERCENTILES,
                cohort_share,
                overhead + float(staggered.ttft_s),
            )
            for percentile, tail_s in zip(TTFT_PERCENTILES, tails, strict=True):
                figures[f"ttft_p{percentile}_ms"] = 1e3 * tail_s
            if in_flight > running:
                wait = (in_flight - running) / float(point.requests_per_s)
                for name in ("ttft_ms", *(f"ttft_p{p}_ms" for p in TTFT_PERCENTILES)):
                    figures[name] += wait * 1e3
                figures["e2e_latency_s"] += wait
                batch_limit = limits.admitted_limit
                saturated = True
            elif running > limits.batch:
                batch_limit = _overflow_limit(result, limits, running, inp, out)
                saturated = True
            else:
                batch_limit = "offered load"
        else:
            assert isinstance(load, RequestRate)
            offered = load.request_rate / replicas
            # A finite run never holds more requests than it sends: above capacity the batch
            # grows until the run's requests are all in, not to what memory would allow.
            run_requests = assumptions.benchmark_requests / replicas
            run_cap = max(1.0, min(limits.batch, run_requests))
            capacity = steady_state(dep, run_cap, inp, out, budget, overhead)
            if offered >= float(capacity.requests_per_s):
                # Above capacity the queue builds; an engine that admits by prompt lets it
                # in as far as the prompts fit and preempts the overflow, which adds
                # recompute, not throughput (`kv_overflow`).
                running = max(1.0, min(limits.admitted, run_requests))
                point = steady_state(dep, running, inp, out, budget, overhead, limits.batch)
                figures = _point_figures(point)
                wait = finite_run_queue_wait_s(
                    assumptions.benchmark_requests,
                    load.request_rate,
                    float(point.requests_per_s) * replicas,
                    running * replicas,
                )
                figures["ttft_ms"] += wait * 1e3
                figures["e2e_latency_s"] += wait
                if running > limits.batch:
                    batch_limit = _overflow_limit(result, limits, running, inp, out)
                elif run_cap < limits.batch:
                    batch_limit = limits.limit
                else:
                    batch_limit = "requests in the run"
                saturated = True
            else:
                running = batch_for_rate(dep, offered, run_cap, inp, out, budget, overhead)
                point = steady_state(dep, running, inp, out, budget, overhead)
                figures = _point_figures(point)
                figures["requests_per_s"] = offered
                batch_limit = "offered load"
        step = point.prefill_step if float(point.prefill_share) > 0.5 else point.decode_step
        result.update(batch=float(point.running_batch), bound=step.bound(), batch_limit=batch_limit)

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
    reasons = replica.reasons
    floor = physical_floor(dep, float(result["batch"]), inp, out, replica.fastest)
    floors = {"ttft_ms": floor.ttft_s * 1e3, "tpot_ms": floor.tpot_s * 1e3 / dep.verify_tokens}
    result.update(band_figures(result, load.mode, reasons, era_label, floors))
    result.update(extrapolation=bool(reasons), extrapolation_reasons=list(reasons))
    return result


def _overflow_limit(
    result: dict[str, Any], limits: BatchLimits, running: float, inp: int, out: int
) -> str:
    """What binds a batch of `running` sequences, noting the share preempted in `result`
    when it runs past what the KV cache holds at the average length."""
    if running <= limits.batch:
        return limits.limit
    overflow = kv_overflow(running, limits.batch, inp, out)
    result["preempted_share"] = float(overflow.preempted_share)
    return "KV cache memory, preempting"


def static_batch_bound(dep: Deployment, batch: int, inp: int, out: int) -> str:
    """What limits a static batch: its decode steps unless it generates almost nothing."""
    if out <= 1:
        return iteration_time(dep, 0.0, 0.0, batch * inp, inp / 2.0).bound()
    return iteration_time(dep, float(batch), inp + out / 2.0, 0.0, 0.0).bound()
