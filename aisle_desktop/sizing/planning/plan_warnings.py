"""Plain-language warnings for what a planner would miss (SIZING.md section 6)."""

from __future__ import annotations

import math

from aisle_desktop.catalog import Catalog, ServerSpec
from aisle_desktop.formatting import against_target, count, ms_from_s, whole_percent
from aisle_desktop.plan import Scenario, checkpoint_note
from aisle_desktop.sizing.calibration import GB, Calibration
from aisle_desktop.sizing.engine import (
    OperatingPoint,
    conversation_bytes,
    kv_overflow,
    memory_breakdown,
)
from aisle_desktop.sizing.planning.alternatives import smallest_fitting_gpus
from aisle_desktop.sizing.planning.demand import load_reading, stated_count
from aisle_desktop.sizing.planning.embeddings_warnings import embeddings_warnings
from aisle_desktop.sizing.planning.encoder_pool import encoder_gpu, encoder_gpus_beside
from aisle_desktop.sizing.planning.engine_age import engine_older_than_model
from aisle_desktop.sizing.planning.facility import Layout
from aisle_desktop.sizing.planning.field_places import field_named, label
from aisle_desktop.sizing.planning.hosted_api import hosted_api_warnings
from aisle_desktop.sizing.planning.hosted_embeddings import hosted_embeddings_warnings
from aisle_desktop.sizing.planning.parallelism import SplitChoice
from aisle_desktop.sizing.planning.prompt_budget import prompt_over_budget
from aisle_desktop.sizing.planning.release_measured import release_without_measurements
from aisle_desktop.sizing.planning.result import PlanWarning
from aisle_desktop.sizing.planning.server_use import server_use_warnings

# One conversation holding more KV than this is worth telling a planner about.
LARGE_CONVERSATION_GB = 4.0
# Room for fewer sequences than this is "fits but useless" for a shared service.
FEW_SEQUENCES = 8


def _memory_warnings(scenario: Scenario, choice: SplitChoice) -> list[PlanWarning]:
    cap = choice.capacity
    dep = cap.dep
    model = dep.model
    out = []
    kv_elem = dep.execution.kv_bytes_per_element
    at_max = float(conversation_bytes(model, kv_elem, model.max_context_tokens)) / GB
    if at_max >= LARGE_CONVERSATION_GB:
        out.append(
            PlanWarning(
                code="large-conversation",
                severity="info",
                message=f"One conversation at {model.name}'s full "
                f"{model.max_context_tokens:,}-token context holds {at_max:.1f} GB of KV cache: "
                "long conversations, not the number of users, fill GPU memory.",
            )
        )
    if not memory_breakdown(dep, model.max_context_tokens).fits:
        out.append(
            PlanWarning(
                code="max-context-does-not-fit",
                severity="warning",
                message=f"A single request at the full {model.max_context_tokens:,}-token context "
                "does not fit this split; cap the context length the service accepts.",
            )
        )
    if 0 < cap.memory.max_sequences < FEW_SEQUENCES:
        out.append(
            PlanWarning(
                code="fits-but-useless",
                severity="warning",
                message=f"Memory holds only {cap.memory.max_sequences} requests at once per "
                "replica: it fits, but serves very few users. Add GPUs or lower the precision.",
            )
        )
    if dep.model.num_key_value_heads < dep.tp and dep.model.attention.kind != "mla":
        out.append(
            PlanWarning(
                code="kv-heads-replicated",
                severity="info",
                message=f"TP {dep.tp} exceeds the model's {dep.model.num_key_value_heads} KV "
                "heads; engines replicate them, so KV memory per GPU stops shrinking.",
            )
        )
    return out


def _precision_warning(
    catalog: Catalog, scenario: Scenario, calibration: Calibration
) -> list[PlanWarning]:
    w = scenario.workload
    out = []
    note = checkpoint_note(catalog, w.model_id, w.weight_precision)
    if note is not None:
        out.append(PlanWarning(code="checkpoint-precision", severity="info", message=note))
    here = smallest_fitting_gpus(catalog, scenario, calibration, w.weight_precision)
    other = "bf16" if w.weight_precision not in ("bf16", "fp16") else "fp8"
    there = smallest_fitting_gpus(catalog, scenario, calibration, other)
    if here is None or there is None or here == there:
        return out
    return [
        *out,
        PlanWarning(
            code="precision-changes-gpu-count",
            severity="info",
            message=f"Precision changes the GPU count: at {w.weight_precision.upper()} a replica "
            f"needs at least {count(here, 'GPU')}, at {other.upper()} {there}.",
        ),
    ]


def missed_targets(scenario: Scenario, point: OperatingPoint) -> list[str]:
    """The latency targets the planned load misses, as ``TPOT 84.5 ms against 50 ms``: what
    the shown TTFT and TPOT say, so no verdict contradicts them (a TPOT just over its target
    written with the digits that show it: ``50.05 ms against 50 ms``)."""
    targets = scenario.workload.targets
    shown = (
        ("TTFT", ms_from_s(float(point.ttft_s)), targets.ttft_ms),
        ("TPOT", ms_from_s(float(point.tpot_s)), targets.tpot_ms),
    )
    return [
        f"{name} {against_target(ms, target, 'ms')}"
        for name, ms, target in shown
        if ms > target * (1 + 1e-9)
    ]


def _shortfall_warning(
    scenario: Scenario, choice: SplitChoice, point: OperatingPoint, served: float
) -> PlanWarning:
    """Why a plan falls short of what it asks for: latency targets missed or demand beyond
    its capacity within them, else only the headroom (the N+1 spare, the busy limit)."""
    missed = missed_targets(scenario, point)
    if missed or served < 1.0:
        at_load = f": {', '.join(missed)}" if missed else ""
        share = (
            f"; its capacity within them serves {served_text(served)} of the demand"
            if served < 1.0
            else ""
        )
        return PlanWarning(
            code="targets-not-met",
            severity="critical",
            message="The plan does not meet the latency targets at the planned load"
            f"{at_load}{share}. Add GPUs or relax the targets.",
        )
    needed = choice.replicas_needed or choice.replicas
    spare = scenario.workload.redundancy == "n_plus_1"
    no_spare = spare and choice.replicas == needed - 1
    if no_spare:
        lack = (
            f"no spare replica for the N+1 redundancy the plan asks for: the load needs "
            f"{count(needed - 1, 'replica')}, plus one spare makes {needed}, and "
            f"{choice.replicas} {'is' if choice.replicas == 1 else 'are'} planned"
        )
    else:
        lack = (
            f"too little headroom: {count(needed, 'replica')} needed"
            f"{' (one spare included)' if spare else ''}, {choice.replicas} planned"
        )
    return PlanWarning(
        code="no-spare" if no_spare else "no-headroom",
        severity="critical",
        message=f"The plan meets the latency targets at the planned load but has {lack}. "
        "Add GPUs" + (" or drop the N+1 requirement." if spare else "."),
    )


def served_text(share: float) -> str:
    """A share of the demand as a percentage that never rounds a shortfall up to 100 %."""
    whole = whole_percent(share)
    if share >= 1.0 or whole != "100 %":
        return whole
    return f"{math.floor(share * 1000) / 10:.1f} %"


def _load_warning(
    scenario: Scenario, choice: SplitChoice, point: OperatingPoint
) -> PlanWarning | None:
    """How the load was read, for the kind of load the plan states (None: nothing to add)."""
    load = scenario.workload.load
    batch = choice.capacity.batch_within_targets
    gpus_if_in_flight = None
    if batch >= 1:
        replicas = math.ceil(stated_count(load) / batch)
        if scenario.workload.redundancy == "n_plus_1":
            replicas = max(2, replicas + 1)
        gpus_if_in_flight = replicas * choice.capacity.dep.gpus
    in_flight = float(point.running_batch) * choice.replicas
    message = load_reading(load, in_flight, gpus_if_in_flight, choice.gpus)
    if message is None:
        return None
    return PlanWarning(code="concurrent-users", severity="info", message=message)


def _preemption_warning(choice: SplitChoice, point: OperatingPoint) -> PlanWarning | None:
    """Say when the planned batch runs past what the KV cache holds at the average length.

    vLLM and SGLang then preempt and recompute sequences; the figures already pay for it,
    but a planner reads a plan that leans on preemption as one with no memory to spare.
    """
    cap = choice.capacity
    resident = cap.limits.batch
    running = float(point.running_batch)
    if running < resident + 1.0:
        return None
    overflow = kv_overflow(running, resident, cap.input_tokens, cap.output_tokens)
    return PlanWarning(
        code="kv-preemption",
        severity="warning",
        message=f"At the planned load each replica runs {running:.0f} requests, but its KV "
        f"cache holds {resident:.0f} at their average length: {cap.dep.engine.name} preempts "
        f"about {whole_percent(float(overflow.preempted_share))} of them at any time and "
        f"recomputes them later, so their tokens come "
        f"{float(overflow.token_gap_stretch):.1f}× further apart (the TPOT shown includes "
        "it). More GPUs, an FP8 KV cache or shorter requests end it.",
    )


def _rack_scale_warnings(
    scenario: Scenario, server: ServerSpec, layout: Layout
) -> list[PlanWarning]:
    """A rack-scale system is bought by the rack; say when the count does not fill its racks."""
    if server.rack_scale is None:
        return []
    per_rack = server.rack_scale.servers_per_rack
    out = []
    if layout.servers % per_rack:
        out.append(
            PlanWarning(
                code="partial-rack-scale",
                severity="info",
                message=f"{count(layout.servers, 'server')} fill "
                f"{layout.servers / per_rack:.1f} of "
                f"{count(layout.racks, 'rack')} of {per_rack}; each server's price and power "
                "carry only its share of the rack's switch trays and power shelves, so a partial "
                "rack costs more than shown.",
            )
        )
    return out


def _whole_rack_over_power(scenario: Scenario, server: ServerSpec) -> PlanWarning | None:
    """A rack-scale system is powered by the rack: its whole rack over the room's power."""
    if server.rack_scale is None:
        return None
    per_rack = server.rack_scale.servers_per_rack
    rack_kw = per_rack * server.nameplate_power_w / 1e3
    limit_kw = scenario.hardware.rack_power_limit_kw
    if rack_kw <= limit_kw:
        return None
    return PlanWarning(
        code="rack-scale-over-rack-power",
        severity="critical",
        message=f"A full rack of {per_rack} × {server.name} draws up to {rack_kw:.0f} kW, "
        f"more than the room's {limit_kw:g} kW per rack; its NVLink domain cannot be split "
        "across racks, so the room needs liquid cooling and power for the whole rack: "
        f"raise {field_named('hardware.rack_power_limit_kw')} to {rack_kw:.0f} kW or "
        f"more, or choose another {field_named('hardware.gpu_id')}.",
        short=f"a full rack draws {rack_kw:.0f} kW, the room takes {limit_kw:g} kW a "
        f"rack; raise {label('hardware.rack_power_limit_kw')} to {rack_kw:.0f} kW",
    )


def rack_blocks(scenario: Scenario, server: ServerSpec) -> list[PlanWarning]:
    """What the room's racks block whatever the serving: a server drawing more than a rack's
    power or taller than the rack, a rack-scale system's whole rack over its power. Served
    in separate pools, a DGX B200 at 14.3 kW against a 12 kW rack read "meets targets"."""
    out: list[PlanWarning] = []
    if server.nameplate_power_w > scenario.hardware.rack_power_limit_kw * 1e3:
        out.append(
            PlanWarning(
                code="server-over-rack-power",
                severity="critical",
                message=f"One {server.name} can draw {server.nameplate_power_w / 1e3:.1f} kW, more "
                f"than the rack's {scenario.hardware.rack_power_limit_kw:g} kW limit. Raise "
                f"{field_named('hardware.rack_power_limit_kw')} to "
                f"{server.nameplate_power_w / 1e3:.1f} kW or more, or choose a "
                f"{field_named('hardware.gpu_id')} or “Server” that draws less.",
                short=f"a server draws {server.nameplate_power_w / 1e3:.1f} kW, the rack takes "
                f"{scenario.hardware.rack_power_limit_kw:g} kW; raise "
                f"{label('hardware.rack_power_limit_kw')} to "
                f"{server.nameplate_power_w / 1e3:.1f} kW or choose a server that draws less",
            )
        )
    if server.rack_scale is None and server.rack_units > scenario.hardware.rack_units_per_rack:
        out.append(
            PlanWarning(
                code="server-over-rack-space",
                severity="critical",
                message=f"One {server.name} is {server.rack_units}U, taller than the "
                f"{scenario.hardware.rack_units_per_rack}U rack. Raise "
                f"{field_named('hardware.rack_units_per_rack')} to {server.rack_units}U or more, "
                f"or choose another {field_named('hardware.server_id')}.",
                short=f"a server is {server.rack_units}U, the rack holds "
                f"{scenario.hardware.rack_units_per_rack}U; raise "
                f"{label('hardware.rack_units_per_rack')} to {server.rack_units}U",
            )
        )
    whole_rack = _whole_rack_over_power(scenario, server)
    out += [whole_rack] if whole_rack is not None else []
    return out


def plan_warnings(
    catalog: Catalog,
    scenario: Scenario,
    calibration: Calibration,
    server: ServerSpec,
    choice: SplitChoice,
    point: OperatingPoint,
    layout: Layout,
    bound: str,
    served: float = 1.0,
) -> list[PlanWarning]:
    """Everything worth a planner's attention for this sized plan (`served`: the share of the
    demand it answers within the latency targets)."""
    dep = choice.capacity.dep
    out = _memory_warnings(scenario, choice)
    out += _precision_warning(catalog, scenario, calibration)
    if not choice.meets_demand:
        out.append(_shortfall_warning(scenario, choice, point, served))
    if bound == "memory bandwidth":
        out.append(
            PlanWarning(
                code="bandwidth-bound",
                severity="info",
                message="Generating tokens is limited by memory bandwidth, not compute: a GPU with "
                "more TB/s speeds it up; more TFLOPS do not.",
            )
        )
    out += rack_blocks(scenario, server)
    out += _rack_scale_warnings(scenario, server, layout)
    if choice.replicas < 2:
        out.append(
            PlanWarning(
                code="no-failover",
                severity="warning",
                message="A single replica: when one GPU or server fails, the service stops.",
            )
        )
    if dep.tp > dep.gpu.interconnect.scale_up_domain_gpus:
        out.append(
            PlanWarning(
                code="tp-over-slow-link",
                severity="warning",
                message=f"TP {dep.tp} spans GPUs without a shared NVLink domain; every layer's "
                f"all-reduce crosses {dep.interconnect_label}.",
            )
        )
    if dep.execution.weight_only:
        out.append(
            PlanWarning(
                code="weight-only",
                severity="info",
                message=f"{dep.gpu.name} has no {dep.execution.weight_precision.upper()} tensor "
                "cores: weights are stored compactly but multiplied at 16 bits.",
            )
        )
    if not dep.engine.maintained:
        out.append(
            PlanWarning(
                code="engine-maintenance",
                severity="info",
                message=f"{dep.engine.name} is in maintenance mode; expect no new model support.",
            )
        )
    if layout.binding == "rack power" and layout.racks > layout.racks_by_units:
        out.append(
            PlanWarning(
                code="rack-power-binds",
                severity="info",
                message="Rack power, not space, sets the rack count "
                f"({count(layout.racks, 'rack')}).",
            )
        )
    for note in (
        engine_older_than_model(dep.engine, dep.model),
        release_without_measurements(dep.engine, calibration),
        prompt_over_budget(dep, scenario.workload.prompt.input_tokens),
        _preemption_warning(choice, point),
        _load_warning(scenario, choice, point),
    ):
        out += [note] if note is not None else []
    out += hosted_api_warnings(catalog, scenario)
    out += hosted_embeddings_warnings(catalog, scenario)
    beside = encoder_gpus_beside(catalog, scenario, server)
    out += server_use_warnings(catalog, server, choice, beside)
    out += embeddings_warnings(catalog, scenario, encoder_gpu(catalog, scenario, server))
    return blocking_first(out)


SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


def blocking_first(warnings: list[PlanWarning]) -> list[PlanWarning]:
    """Problems that stop the plan lead the list, then what to check, then what to know."""
    return sorted(warnings, key=lambda w: SEVERITY_ORDER[w.severity])
