"""Assemble a SizingResult from the sized split: layout, power, cost, figures and warnings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aisle_desktop.catalog import Catalog, ServerSpec, engine_defaults_words
from aisle_desktop.formatting import count, whole_percent
from aisle_desktop.plan import Scenario, weights_stored
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.engine import OperatingPoint
from aisle_desktop.sizing.explain import Figure
from aisle_desktop.sizing.planning.alternatives import what_would_fit
from aisle_desktop.sizing.planning.capacity import ReplicaCapacity
from aisle_desktop.sizing.planning.demand import Demand, demand, demand_at_targets, served_users
from aisle_desktop.sizing.planning.embeddings_figures import embeddings_figures
from aisle_desktop.sizing.planning.encoder_pool import encoder_gpu, encoder_pool_figures
from aisle_desktop.sizing.planning.facility import servers_needed
from aisle_desktop.sizing.planning.field_places import field_named, label
from aisle_desktop.sizing.planning.gpu_figures import gpus_needed_figure
from aisle_desktop.sizing.planning.latency_figures import performance_figures, speculation_figures
from aisle_desktop.sizing.planning.layouts import layout_reason
from aisle_desktop.sizing.planning.memory_figures import memory_figures
from aisle_desktop.sizing.planning.parallelism import SplitChoice
from aisle_desktop.sizing.planning.plan_costs import cost_figures
from aisle_desktop.sizing.planning.plan_prices import resolve_prices
from aisle_desktop.sizing.planning.plan_warnings import missed_targets, plan_warnings, served_text
from aisle_desktop.sizing.planning.power_and_rack_figures import facility_figures
from aisle_desktop.sizing.planning.result import PlanWarning, SizingResult
from aisle_desktop.sizing.planning.servers_bought import (
    ServersBought,
    bought_fields,
    servers_bought,
)
from aisle_desktop.sizing.planning.shown_figures import nothing_served


@dataclass(frozen=True, slots=True)
class PlanNumbers:
    """The sized split and its operating point, or the splits tried when nothing fit."""

    choice: SplitChoice | None
    point: OperatingPoint | None
    planned: Demand | None
    capacities: list[ReplicaCapacity]

    @classmethod
    def fitting(
        cls,
        choice: SplitChoice,
        point: OperatingPoint,
        planned: Demand,
        capacities: list[ReplicaCapacity],
    ) -> PlanNumbers:
        return cls(choice, point, planned, capacities)

    @classmethod
    def not_fitting(cls, capacities: list[ReplicaCapacity]) -> PlanNumbers:
        return cls(None, None, None, capacities)


def _blocked(warnings: list[PlanWarning]) -> str | None:
    """The headline of a plan a problem stops (the load's own shortfall has its own words)."""
    for w in warnings:
        if w.blocks:
            return f"Blocked: {w.message}"
    return None


def _shortfall(scenario: Scenario, short: bool) -> str:
    """What binds a plan that falls short: the latency targets, else the headroom it asks."""
    if short:
        return "latency target"
    return "headroom (N+1 spare)" if scenario.workload.redundancy == "n_plus_1" else "headroom"


def _status(
    scenario: Scenario,
    utilisation: float,
    sized: tuple[SplitChoice, OperatingPoint],
    served: float,
) -> str:
    """The headline: what the plan does, or the one real reason it falls short."""
    choice, point = sized
    cap = choice.capacity
    if cap.at_targets is None:
        return (
            f"Fits, but even a single request misses the {cap.binding_target} target; "
            "relax the target or choose a faster GPU or split"
        )
    if choice.meets_demand:
        more = choice.whole_server_replicas
        filled = (
            f" ({choice.replicas - more:,} needed, {more:,} more on GPUs already bought)"
            if more
            else ""
        )
        return (
            f"Fits: {count(choice.replicas, 'replica')} of {cap.dep.layout_label} "
            f"{'serves' if choice.replicas == 1 else 'serve'} the load{filled}"
        )
    gpus = count(choice.gpus, "GPU")
    verb = "serves" if choice.gpus == 1 else "serve"
    users = served_users(scenario.workload.load, served)
    if served < 1.0:
        return (
            f"Overloaded: {gpus} {verb} only {served_text(served)} of the demand within the "
            f"latency targets{users}; tokens and costs count what is served"
        )
    missed = missed_targets(scenario, point)
    if missed:
        return (
            f"Overloaded: at the planned load {' and '.join(missed)}; add GPUs or relax the targets"
        )
    # The GPUs carry the peak; what is missing is the headroom the plan asks for.
    needed = choice.replicas_needed or choice.replicas
    spare = scenario.workload.redundancy == "n_plus_1"
    reasons = (
        []
        if spare and choice.replicas >= needed - 1
        else [f"at most {whole_percent(utilisation)} busy"]
    )
    if spare:
        reasons.append("one spare replica (N+1)")
    return (
        f"Fits, but {gpus} carry the peak load without the headroom the plan asks for "
        f"({' and '.join(reasons)}): {needed} replicas needed, {choice.replicas} planned"
    )


def _not_fitting(
    capacities: list[ReplicaCapacity], fixed_gpus: int | None, model: str, gpu: str
) -> tuple[ReplicaCapacity, str, str]:
    """The split whose memory to show, the one real reason nothing fits (the GPU count the
    planner set, where a larger split holds the model, else the model beyond every split
    tried) and that reason in a few words, for a cell of the scenarios compared: the whole
    sentence, field places and all, filled some ten lines of a Blocked cell at 1280 x 800."""
    allowed = [c for c in capacities if fixed_gpus is None or c.dep.gpus <= fixed_gpus]
    holding = [c for c in capacities if c.memory.fits and c not in allowed]
    largest = max(allowed or capacities, key=lambda c: c.dep.gpus)
    precision = largest.dep.execution.weight_precision.upper()
    if fixed_gpus is not None and holding:
        least = min(c.dep.gpus for c in holding)
        return (
            largest,
            f"Does not fit: {model} at {precision} needs at least {least} × {gpu} per "
            f"replica, more than the {count(fixed_gpus, 'GPU')} set; set "
            f"{field_named('hardware.gpu_count')} to Automatic or to {least} or more",
            f"the model needs {least} GPUs a replica, {fixed_gpus} set; set "
            f"{label('hardware.gpu_count')} to Automatic or at least {least}",
        )
    provide = "provides" if largest.dep.gpus == 1 else "provide"
    return (
        largest,
        f"Does not fit: {model} at {precision} needs more memory than "
        f"{count(largest.dep.gpus, 'GPU')} ({gpu}) {provide}; choose a "
        f"{field_named('hardware.gpu_id')} with more memory, or fewer bits a weight in "
        f"{field_named('workload.weight_precision')}",
        f"the model needs more memory than {count(largest.dep.gpus, 'GPU')} {provide}; "
        f"choose a {label('hardware.gpu_id')} with more memory or fewer bits in "
        f"{label('workload.weight_precision')}",
    )


def build_result(
    catalog: Catalog,
    scenario: Scenario,
    calibration: Calibration,
    server: ServerSpec,
    numbers: PlanNumbers,
) -> SizingResult:
    """Turn the sized numbers into the result a planner reads."""
    w, hw = scenario.workload, scenario.hardware
    model, gpu, engine = (
        catalog.model(w.model_id),
        catalog.gpu(hw.gpu_id),
        catalog.engine_release(w.engine_id, w.engine_version),
    )
    common: dict[str, Any] = {
        "scenario_name": scenario.name,
        "model_name": model.name,
        "gpu_name": gpu.name,
        "gpu_short_name": gpu.shown_name,
        "engine_name": engine.name,
        "engine_release": engine.release.dated_label if engine.release else "",
        "engine_defaults": engine_defaults_words(catalog, w.engine_id, w.engine_version, gpu.id),
        "server_name": server.name,
        "input_tokens": w.prompt.input_tokens,
        "output_tokens": w.output_tokens,
        "calibration_id": calibration.id,
        "calibration_date": calibration.date.isoformat(),
        "weights_stored": weights_stored(catalog, w.model_id, w.weight_precision),
        "assumptions": calibration.as_assumptions(w.engine_id, w.engine_version),
    }
    choice, point, planned = numbers.choice, numbers.point, numbers.planned
    if choice is None or point is None or planned is None:
        largest, status, short = _not_fitting(
            numbers.capacities, hw.gpu_count, model.name, gpu.name
        )
        return SizingResult(
            **common,
            fits=False,
            meets_targets=False,
            status=status,
            warnings=[
                PlanWarning(code="does-not-fit", severity="critical", message=status, short=short)
            ],
            weight_precision=largest.dep.execution.weight_precision,
            kv_precision=largest.dep.execution.kv_precision,
            weight_only=largest.dep.execution.weight_only,
            # The load it was asked to serve, said as for a plan that fits: the report's "What
            # is served" read "for ." and its Inputs table's Load row was blank.
            demand=demand_at_targets(w).description,
            tp=largest.dep.tp,
            pp=largest.dep.pp,
            layout=largest.dep.layout_label,
            replicas=0,
            gpus=0,
            servers=0,
            racks=0,
            binding_constraint="GPU memory",
            bound="GPU memory",
            figures=memory_figures(largest, model),
            alternatives=what_would_fit(catalog, scenario, calibration),
        )

    cap = choice.capacity
    dep = cap.dep
    gpus = choice.gpus
    parts = _fitting_parts(catalog, scenario, calibration, server, (choice, point, planned))
    figures = {
        **memory_figures(cap, model),
        **performance_figures(scenario, calibration, choice, point, planned),
        **speculation_figures(point, cap.dep),
        "gpus_needed": gpus_needed_figure(scenario, calibration, choice, dep.layout_label),
        **facility_figures(
            catalog,
            scenario,
            calibration,
            server,
            (choice, parts.bought.layout),
            parts.bought.watts,
            parts.bought.encoders_beside,
            parts.bought.own_encoders,
        ),
        **parts.costs,
        **embeddings_figures(catalog, scenario, encoder_gpu(catalog, scenario, server)),
        **encoder_pool_figures(parts.bought.encoders, server),
    }
    meets = choice.meets_demand
    return SizingResult(
        **common,
        fits=True,
        meets_targets=meets,
        status=parts.status,
        weight_precision=dep.execution.weight_precision,
        kv_precision=dep.execution.kv_precision,
        weight_only=dep.execution.weight_only,
        demand=planned.description,
        tp=dep.tp,
        pp=dep.pp,
        layout=dep.layout_label,
        layout_reason=layout_reason(
            cap, numbers.capacities, scenario.hardware.expert_layout != "auto"
        ),
        replicas=choice.replicas,
        gpus=gpus,
        gpus_installed=parts.bought.layout.servers * server.gpus_per_server,
        whole_server_replicas=choice.whole_server_replicas,
        **bought_fields(parts.bought),
        binding_constraint=parts.binding,
        bound=parts.bound,
        figures=figures,
        warnings=parts.warnings,
        alternatives=[] if meets else what_would_fit(catalog, scenario, calibration),
    )


# A fitting plan's split, its operating point and its demand.
Fitting = tuple[SplitChoice, OperatingPoint, Demand]


@dataclass(frozen=True, slots=True)
class _FittingParts:
    """What a fitting plan's headline is read from: its servers and racks, power, costs,
    warnings and status (the result adds its other figures, the comparison only reads these)."""

    bought: ServersBought  # every server, the encoder's too, their racks and draw
    bound: str
    binding: str
    costs: dict[str, Figure]
    warnings: list[PlanWarning]
    status: str


def _fitting_parts(
    catalog: Catalog,
    scenario: Scenario,
    calibration: Calibration,
    server: ServerSpec,
    fitting: Fitting,
) -> _FittingParts:
    choice, point, planned = fitting
    cap = choice.capacity
    answering = servers_needed(choice.gpus, server.gpus_per_server)
    bought = servers_bought(catalog, scenario, calibration, server, (choice.gpus, answering))
    layout = bought.layout
    prices = resolve_prices(catalog, scenario, server)
    step = point.prefill_step if float(point.prefill_share) > 0.5 else point.decode_step
    bound = step.bound()
    at = cap.at_targets
    within = planned if at is None else demand(scenario.workload.load, float(at.e2e_s))
    costs = cost_figures(
        scenario,
        calibration,
        choice.capacity_rate_per_s,
        planned,
        prices,
        layout.servers,
        bought.watts,
        within,
        encoder_servers=bought.added_beside,
        own_encoders=bought.own_encoders,
    )
    served = costs["served_share"].value
    short = served < 1.0 or bool(missed_targets(scenario, point))
    binding = cap.binding_target if choice.meets_demand else _shortfall(scenario, short)
    if layout.binding == "rack power" and layout.racks > 1:
        binding = f"{binding}; racks: rack power"
    warnings = plan_warnings(
        catalog, scenario, calibration, server, choice, point, layout, bound, served
    )
    status = _blocked(warnings) or _status(
        scenario, calibration.cost.target_utilization, (choice, point), served
    )
    return _FittingParts(bought, bound, binding, costs, warnings, status)


def cost_per_million_served(figures: Mapping[str, Figure]) -> float | None:
    """A plan's cost per million tokens, or None when it serves none within the targets: the
    comparison then ranks it with the GPUs that cannot run, not as the cheapest at $0."""
    if nothing_served(figures):
        return None
    return figures["cost_per_million_tokens_usd"].value


@dataclass(frozen=True, slots=True)
class Headline:
    """What the GPU comparison shows of a sized plan: its GPUs, costs and status. Read from
    a full result or worked out alone (`plan_headline`), it is the same."""

    fits: bool
    gpus: int  # the GPUs the replicas use
    gpus_bought: int  # every GPU of the whole servers bought (idle ones too)
    cost_per_million_tokens_usd: float | None
    tco_per_year_usd: float | None
    meets_targets: bool
    status: str
    blocking: bool
    gpus_needed: int = 0  # the GPUs the load needs (gpu_counts.py); 0: as gpus
    # An embeddings workload's, among those bought (`encoder_pool`; none on servers of their own)
    encoder_gpus: int = 0

    @classmethod
    def of(cls, result: SizingResult) -> Headline:
        if not result.fits:
            return cls(False, result.gpus, 0, None, None, False, result.status, result.blocking)
        return cls(
            True,
            result.gpus,
            result.gpus_installed,
            cost_per_million_served(result.figures),
            result.value("tco_per_year_usd"),
            result.meets_targets,
            result.status,
            result.blocking,
            result.gpus_for_load,
            result.encoder_gpus_beside,
        )


def plan_headline(
    catalog: Catalog,
    scenario: Scenario,
    calibration: Calibration,
    server: ServerSpec,
    numbers: PlanNumbers,
) -> Headline:
    """The headline `build_result` would give, without the figures, explanations, memory
    breakdown, assumptions and alternatives the comparison does not show."""
    choice, point, planned = numbers.choice, numbers.point, numbers.planned
    if choice is None or point is None or planned is None:
        hw = scenario.hardware
        model, gpu = catalog.model(scenario.workload.model_id), catalog.gpu(hw.gpu_id)
        _, status, _short = _not_fitting(numbers.capacities, hw.gpu_count, model.name, gpu.name)
        return Headline(False, 0, 0, None, None, False, status, True)
    parts = _fitting_parts(catalog, scenario, calibration, server, (choice, point, planned))
    return Headline(
        True,
        choice.gpus,
        parts.bought.layout.servers * server.gpus_per_server,
        cost_per_million_served(parts.costs),
        parts.costs["tco_per_year_usd"].value,
        choice.meets_demand,
        parts.status,
        any(w.blocks for w in parts.warnings),
        choice.gpus - choice.whole_server_replicas * choice.capacity.dep.gpus,
        parts.bought.encoders_beside,
    )
