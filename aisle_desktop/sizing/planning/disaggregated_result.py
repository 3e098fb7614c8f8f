"""The plan a planner reads when it serves with separate prefill and decode pools.

Its headline figures (GPUs, servers, racks, users within targets, throughput, TTFT and TPOT,
kW, cost a year and per million tokens) are the pools', each pool in whole servers
(pool_servers.py); memory per GPU is a decode worker's, where the answers' caches live, and
a prefill worker's beside it (``prefill_`` figures): the pools split the model differently.
Every figure keeps its explanation, as the aggregated plan's do (memory_figures.py,
power_and_rack_figures.py, plan_costs.py and the rest).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aisle_desktop.catalog import Catalog, ServerSpec
from aisle_desktop.formatting import against_target, count, ms_from_s, s_from_ms
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.engine import Deployment, physical_floor
from aisle_desktop.sizing.explain import Figure, figure
from aisle_desktop.sizing.planning.capacity import ReplicaCapacity, replica_capacity
from aisle_desktop.sizing.planning.demand import fixed_in_flight, users_within_targets
from aisle_desktop.sizing.planning.disaggregated_plan import DisaggregatedPlan
from aisle_desktop.sizing.planning.embeddings_figures import embeddings_figures
from aisle_desktop.sizing.planning.embeddings_warnings import embeddings_warnings
from aisle_desktop.sizing.planning.encoder_pool import encoder_gpu, encoder_pool_figures
from aisle_desktop.sizing.planning.engine_age import engine_older_than_model
from aisle_desktop.sizing.planning.hosted_api import hosted_api_warnings
from aisle_desktop.sizing.planning.hosted_embeddings import hosted_embeddings_warnings
from aisle_desktop.sizing.planning.memory_figures import memory_figures
from aisle_desktop.sizing.planning.plan_costs import cost_figures
from aisle_desktop.sizing.planning.plan_prices import resolve_prices
from aisle_desktop.sizing.planning.plan_warnings import blocking_first, rack_blocks
from aisle_desktop.sizing.planning.pools_for_count import plan_pools_for_count
from aisle_desktop.sizing.planning.pools_load import (
    PoolsAtLoad,
    first_token_parts_s,
    pools_at_load,
)
from aisle_desktop.sizing.planning.power_and_rack_figures import facility_figures
from aisle_desktop.sizing.planning.prompt_budget import prompt_over_budget
from aisle_desktop.sizing.planning.release_measured import release_without_measurements
from aisle_desktop.sizing.planning.result import PlanWarning, SizingResult
from aisle_desktop.sizing.planning.served import served_figure
from aisle_desktop.sizing.planning.servers_bought import bought_fields, servers_bought
from aisle_desktop.sizing.planning.together_or_pools import ServingComparison
from aisle_desktop.sizing.validation import band, extrapolation_reasons


@dataclass(frozen=True, slots=True)
class _PoolGpus:
    """The pools' GPUs for the power figures: all of them serve the load (spares included)."""

    gpus: int


def pools_layout_label(plan: DisaggregatedPlan) -> str:
    """``4 prefill × TP 1 × PP 1 + 2 decode × TP 2 × PP 1``."""
    return (
        f"{plan.prefill_workers:,} prefill × {plan.prefill_layout} + "
        f"{plan.decode_workers:,} decode × {plan.decode_layout}"
    )


# A prefill worker's memory figures, as the decode worker's are named, before the prefix.
PREFILL_MEMORY = (
    "weights_per_gpu_gb",
    "kv_cache_per_gpu_gb",
    "runtime_per_gpu_gb",
    "free_per_gpu_gb",
)


def _worker_capacity(
    scenario: Scenario, dep: Deployment, sized: list[ReplicaCapacity]
) -> ReplicaCapacity:
    """A pool worker's memory, from the split search if it sized that layout."""
    for cap in sized:
        if cap.dep == dep:
            return cap
    w = scenario.workload
    return replica_capacity(
        dep,
        w.prompt.input_tokens,
        w.output_tokens,
        s_from_ms(w.targets.ttft_ms),
        s_from_ms(w.targets.tpot_ms),
        s_from_ms(w.retrieval_latency_ms),
    )


def disaggregated_result(
    catalog: Catalog,
    scenario: Scenario,
    calibration: Calibration,
    server: ServerSpec,
    aggregated: SizingResult,
    sized: list[ReplicaCapacity],
    comparison: ServingComparison,
) -> tuple[SizingResult, PoolsAtLoad]:
    """The pools' plan (`aggregated` lends what does not depend on the serving: names,
    precisions, assumptions), and the pools at the planned load for the curves. On a GPU
    count set by hand the pools share those GPUs (`plan_pools_for_count`) when a prefill and a
    decode worker fit in them; else they are the pools sized for the demand, and a warning
    says why."""
    for_demand = comparison.disaggregated
    assert for_demand is not None
    fixed = scenario.hardware.gpu_count
    on_count = (
        None if fixed is None else plan_pools_for_count(catalog, scenario, calibration, fixed)
    )
    plan = for_demand if on_count is None else on_count
    pools = pools_at_load(scenario, plan)
    model = catalog.model(scenario.workload.model_id)
    bought = servers_bought(catalog, scenario, calibration, server, (plan.gpus, plan.servers.total))
    layout = bought.layout
    max_rate, _, _ = pools.within_targets()
    prices = resolve_prices(catalog, scenario, server)
    costs = cost_figures(
        scenario,
        calibration,
        max_rate,
        pools.demand,
        prices,
        layout.servers,
        bought.watts,
        encoder_servers=bought.added_beside,
        own_encoders=bought.own_encoders,
    )
    prefill_memory = memory_figures(_worker_capacity(scenario, plan.prefill, sized), model)
    figures = {
        **memory_figures(_worker_capacity(scenario, plan.decode, sized), model),
        **{f"prefill_{name}": prefill_memory[name] for name in PREFILL_MEMORY},
        **performance_figures(scenario, calibration, pools),
        **pool_figures(plan, server),
        **facility_figures(
            catalog,
            scenario,
            calibration,
            server,
            (_PoolGpus(plan.gpus), layout),
            bought.watts,
            bought.encoders_beside,
            bought.own_encoders,
        ),
        **costs,
        **embeddings_figures(catalog, scenario, encoder_gpu(catalog, scenario, server)),
        **encoder_pool_figures(bought.encoders, server),
    }
    point = pools.point
    targets = scenario.workload.targets
    within = (
        point.waiting_requests == 0.0
        and ms_from_s(point.ttft_s) <= targets.ttft_ms
        and ms_from_s(point.tpot_s) <= targets.tpot_ms
    )
    # Pools on a count set by hand may serve less than the demand within the targets (users
    # who wait longer ask less often, so the planned load's own figures can still meet them).
    short = on_count is not None and max_rate < plan.peak_rate_per_s * (1.0 - 1e-9)
    meets = within and not short
    if meets:
        status = (
            f"Fits: {count(plan.prefill_workers, 'prefill worker')} of {plan.prefill_layout} "
            f"and {count(plan.decode_workers, 'decode worker')} of {plan.decode_layout} serve "
            "the load"
        )
    elif within:
        status = (
            f"Misses the load on {count(plan.gpus, 'GPU')}: separate pools answer "
            f"{max_rate:.3g} requests/s within the targets where the demand is "
            f"{plan.peak_rate_per_s:.3g} at the peak"
        )
    else:
        status = (
            "Misses a target at the planned load: TTFT "
            f"{against_target(ms_from_s(point.ttft_s), targets.ttft_ms, 'ms')}, TPOT "
            f"{against_target(ms_from_s(point.tpot_s), targets.tpot_ms, 'ms')} in separate pools"
        )
    warnings = [_placement_note(plan, server), *rack_blocks(scenario, server)]
    if fixed is not None:
        warnings.extend(_count_notes(fixed, plan, for_demand, on_count is not None, meets))
    if not meets:
        warnings.append(PlanWarning(code="targets-not-met", severity="critical", message=status))
    for note in (
        engine_older_than_model(plan.decode.engine, model),
        release_without_measurements(plan.decode.engine, calibration),
        prompt_over_budget(plan.prefill, scenario.workload.prompt.input_tokens),
    ):
        warnings += [note] if note is not None else []
    warnings += embeddings_warnings(catalog, scenario, encoder_gpu(catalog, scenario, server))
    warnings += hosted_api_warnings(catalog, scenario)
    warnings += hosted_embeddings_warnings(catalog, scenario)
    blocked = next((w.message for w in warnings if w.blocks), None)
    status = status if blocked is None else f"Blocked: {blocked}"
    result = aggregated.model_copy(
        update={
            "serving": "disaggregated",
            "meets_targets": meets,
            "status": status,
            "tp": plan.decode.tp,
            "pp": plan.decode.pp,
            "layout": pools_layout_label(plan),
            "prefill_layout": plan.prefill_layout,
            "decode_layout": plan.decode_layout,
            "layout_reason": "",
            "replicas": plan.prefill_workers + plan.decode_workers,
            "gpus": plan.gpus,
            "gpus_installed": layout.servers * server.gpus_per_server,
            "whole_server_replicas": 0,
            **bought_fields(bought),
            "binding_constraint": _binding(pools),
            "bound": str(pools.decode_step().bound()),
            "prefill_bound": str(pools.prefill_step().bound()),
            "demand": pools.demand.description,
            "figures": figures,
            "warnings": blocking_first(warnings),
            "alternatives": [],
        }
    )
    return result.comparing(comparison), pools


def _binding(pools: PoolsAtLoad) -> str:
    """Which pool limits the plan: the one whose rate is the smaller at its limit."""
    c = pools.curves
    return "prefill pool" if c.prefill_requests_per_s < c.decode_requests_per_s else "decode pool"


def _count_notes(
    fixed: int,
    plan: DisaggregatedPlan,
    for_demand: DisaggregatedPlan,
    on_count: bool,
    meets: bool,
) -> list[PlanWarning]:
    """What a planner who set the GPU count by hand should know of the pools on it: that they
    could not share it (and why), that their workers leave some of it over, or what the pools
    sized for the demand would need when these miss a target."""
    if not on_count:
        return [
            PlanWarning(
                code="pools-choose-their-gpus",
                severity="warning",
                message=f"The GPU count set ({fixed}) cannot hold two pools: no prefill and "
                "decode worker of the layouts tried (with a spare of each under N+1) fit in "
                f"{count(fixed, 'GPU')}, so these pools are sized for the demand and need "
                f"{plan.gpus}. Set more GPUs or Automatic, or serve together to size {fixed}.",
            )
        ]
    notes = []
    if plan.gpus < fixed:
        gp, gd = plan.prefill_worker_gpus, plan.decode_worker_gpus
        sizes = count(gp, "GPU") if gp == gd else f"{count(gp, 'GPU')} (prefill) and {gd} (decode)"
        notes.append(
            PlanWarning(
                code="pools-leave-gpus-over",
                severity="info",
                message=f"The pools use {plan.gpus} of the {fixed} GPUs set: workers of {sizes} "
                "fill no more of them in the servers they take.",
            )
        )
    if not meets and for_demand.gpus != plan.gpus:
        notes.append(
            PlanWarning(
                code="pools-for-the-demand",
                severity="info",
                message=f"Sized for the demand, separate pools would need {for_demand.gpus} "
                f"GPUs ({count(for_demand.prefill_workers, 'prefill worker')} of "
                f"{for_demand.prefill_layout}, {count(for_demand.decode_workers, 'decode worker')}"
                f" of {for_demand.decode_layout}): set the GPU count to Automatic to plan them.",
            )
        )
    return notes


def _placement_note(plan: DisaggregatedPlan, server: ServerSpec) -> PlanWarning:
    placed = plan.servers
    where = placed.describe(server.name)
    return PlanWarning(
        code="pool-servers",
        severity="info",
        message=f"Separate prefill and decode pools: {where}; each prompt's KV cache "
        f"({plan.kv_transfer_ms:.1f} ms a request) crosses {plan.kv_link}. A pool is scaled "
        "and upgraded as a unit, so each takes whole servers unless one server holds both.",
    )


def _pool_gpus(
    pool: str, workers: tuple[int, int, str], inputs: dict[str, tuple[float, str]]
) -> Figure:
    """One pool's GPUs: its workers (count, GPUs each, layout) multiplied out."""
    number, gpus_each, layout = workers
    return figure(
        number * gpus_each,
        "GPUs",
        f"{pool} workers × GPUs a worker (the spare included under N+1)",
        inputs,
        worked=(
            "product",
            {
                f"{pool} workers": (number, "workers"),
                f"GPUs a worker ({layout})": (gpus_each, "GPUs"),
            },
        ),
    )


def pool_figures(plan: DisaggregatedPlan, server: ServerSpec) -> dict[str, Figure]:
    """Each pool's GPUs and the KV hand-over between them."""
    return {
        "prefill_pool_gpus": _pool_gpus(
            "prefill",
            (plan.prefill_workers, plan.prefill_worker_gpus, plan.prefill_layout),
            {"layout": (plan.prefill_worker_gpus, "GPUs")},
        ),
        "decode_pool_gpus": _pool_gpus(
            "decode",
            (plan.decode_workers, plan.decode_worker_gpus, plan.decode_layout),
            {
                "answers a worker carries within the TPOT target": (
                    plan.decode_batch_per_worker,
                    "requests",
                )
            },
        ),
        "kv_transfer_ms": figure(
            plan.kv_transfer_ms,
            "ms",
            f"a prompt's KV cache, as one decode GPU holds it, over {plan.kv_link}: link "
            "latency + bytes / one GPU's link bandwidth",
            {"GPUs a server": (server.gpus_per_server, "GPUs")},
            worked=("sum", {f"hand-over over {plan.kv_link}": (plan.kv_transfer_ms, "ms")}),
        ),
    }


Banded = Callable[[str, float], tuple[float, float, tuple[str, ...]]]


def pool_bands(scenario: Scenario, calibration: Calibration, pools: PoolsAtLoad) -> Banded:
    """The 80% band of one of the pools' figures (metric, value): the disaggregated rows'
    residuals of the plan's engine era (`uncertainty.DISAGGREGATED_RESIDUAL_RATIOS`), as
    `predict` bands a disaggregated line; no lower than one prompt prefilled alone on a
    prefill worker (TTFT) or the decode worker's batch (TPOT) at peak rates."""
    w = scenario.workload
    plan, point = pools.plan, pools.point
    inp, out = w.prompt.input_tokens, w.output_tokens
    kind = "request_rate" if fixed_in_flight(w.load) is None else "concurrency"
    era = calibration.era(w.engine_id, w.engine_version)
    era_label = era.label if era is not None else None
    reasons = extrapolation_reasons(plan.decode, era_label)
    prefill_floor = physical_floor(plan.prefill, 1.0, inp, out)
    decode_floor = physical_floor(plan.decode, point.decode_batch_per_worker, inp, out)
    floors = {
        "ttft_ms": ms_from_s(float(prefill_floor.ttft_s)),
        "tpot_ms": ms_from_s(float(decode_floor.tpot_s)) / plan.decode.verify_tokens,
    }

    def banded(metric: str, value: float) -> tuple[float, float, tuple[str, ...]]:
        floor = floors.get(metric, 0.0)
        b = band(metric, kind, value, reasons, era_label, floor, disaggregated=True)
        return float(b.low), float(b.high), b.extrapolation

    return banded


def performance_figures(
    scenario: Scenario, calibration: Calibration, pools: PoolsAtLoad
) -> dict[str, Figure]:
    """TTFT, TPOT, throughput and capacity of the pools at the planned load."""
    w = scenario.workload
    p, plan = pools.point, pools.plan
    out = w.output_tokens
    ttft_ms, tpot_ms = ms_from_s(p.ttft_s), ms_from_s(p.tpot_s)
    max_rate, max_in_flight, e2e_at = pools.within_targets()
    users, users_formula, users_worked = users_within_targets(
        w.load, max_rate, max_in_flight, e2e_at, calibration.cost.target_utilization
    )
    batch = p.decode_batch_per_worker
    served = served_figure(w.load, pools.demand, max_rate, p.e2e_s)
    output_tps = served.value * out
    banded = pool_bands(scenario, calibration, pools)
    return {
        "ttft_ms": figure(
            ttft_ms,
            "ms",
            "TTFT = request overhead (retrieval included) + prefill queue and prefill at the "
            "prefill pool + KV hand-over + the decode iterations until the first token",
            {
                "prefill workers": (plan.prefill_workers, "workers"),
                "prefill pool busy": (p.prefill_utilisation, "share"),
                "input tokens": (w.prompt.input_tokens, "tokens"),
                "target": (w.targets.ttft_ms, "ms"),
            },
            band=banded("ttft_ms", ttft_ms),
            target=w.targets.ttft_ms,
            worked=(
                "sum",
                {name: (ms_from_s(s), "ms") for name, s in first_token_parts_s(pools).items()},
            ),
        ),
        "tpot_ms": figure(
            tpot_ms,
            "ms",
            "TPOT = a decode worker's step at its batch: no prefill chunk ever interrupts it",
            {
                "answers per decode worker": (batch, "requests"),
                "decode workers": (plan.decode_workers, "workers"),
                "target": (w.targets.tpot_ms, "ms"),
            },
            band=banded("tpot_ms", tpot_ms),
            target=w.targets.tpot_ms,
            worked=("sum", {f"decode step with {batch:,.1f} answers": (tpot_ms, "ms")}),
        ),
        "e2e_latency_s": figure(
            p.e2e_s,
            "s",
            "E2E = TTFT + (output tokens - 1) × TPOT",
            {"output tokens": (out, "tokens")},
            worked=(
                "sum",
                {
                    "TTFT": (p.ttft_s, "s"),
                    f"{out - 1:,} × TPOT": ((out - 1) * p.tpot_s, "s"),
                },
            ),
        ),
        "requests_per_s": served,
        "output_tokens_per_s": figure(
            output_tps,
            "tokens/s",
            "requests/s × output tokens",
            band=banded("output_tokens_per_s", output_tps),
            worked=(
                "product",
                {
                    "requests/s served": (served.value, "requests/s"),
                    "output tokens": (out, "tokens"),
                },
            ),
        ),
        "max_in_flight_within_targets": figure(
            max_in_flight,
            "requests",
            "requests in flight where the pools still meet both targets (Little's law)",
            worked=("sum", {"on the pools' settled curve": (max_in_flight, "requests")}),
        ),
        "max_requests_per_s_within_targets": figure(
            max_rate,
            "requests/s",
            "the busiest rate on the pools' settled curve with TTFT and TPOT within targets",
            worked=("sum", {"on the pools' settled curve": (max_rate, "requests/s")}),
        ),
        "max_users_within_targets": figure(users, "users", users_formula, worked=users_worked),
        "max_output_tokens_per_s": figure(
            pools.limit_requests_per_s * out,
            "tokens/s",
            "the slower pool's rate at its limit × output tokens",
            {
                "prefill pool at its limit": (pools.curves.prefill_requests_per_s, "requests/s"),
                "decode pool at its limit": (pools.curves.decode_requests_per_s, "requests/s"),
            },
            worked=(
                "product",
                {
                    "slower pool": (pools.limit_requests_per_s, "requests/s"),
                    "output tokens": (out, "tokens"),
                },
            ),
        ),
    }
