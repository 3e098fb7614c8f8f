"""Everything the window plots for a sized plan, computed in one pure call.

Kept beside the sweeps it composes so the worker thread, the PDF report and tests get the same
curves from the same result: the deployment it carries, not one built again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.planning.demand import (
    SECONDS_PER_HOUR,
    active_hours_per_year,
    fixed_in_flight,
)
from aisle_desktop.sizing.planning.pools_load import pools_at_load, pools_concurrency_curve
from aisle_desktop.sizing.planning.result import SizingResult
from aisle_desktop.sizing.planning.sweeps import (
    ConcurrencyCurve,
    CostCurve,
    MemoryCurve,
    concurrency_curve,
    cost_curve,
    memory_curve,
)

CURVE_POINTS = 200


@dataclass(frozen=True, slots=True)
class PlanCurves:
    """The curves of one sized plan, with the marks the plots draw on them."""

    concurrency: ConcurrencyCurve
    memory: MemoryCurve
    cost: CostCurve
    planned_in_flight: float
    ttft_target_ms: float
    tpot_target_ms: float
    planned_context_tokens: float
    planned_monthly_tokens: float
    # What `concurrency` draws: "together" (replicas) or "separate pools"; when the plan
    # compares both, the pools' curve beside it, with their planned requests in flight.
    concurrency_label: str = "together"
    pools: ConcurrencyCurve | None = None
    pools_planned_in_flight: float | None = None


def plan_curves(result: SizingResult, beside: bool = True) -> PlanCurves | None:
    """Curves for the replica (or the pools) the plan sized; None when the plan does not fit.
    A compared plan also draws the pools (``beside``), searching them if not done yet."""
    pools = result.pools
    if pools is not None:
        return _curves(
            result,
            pools_concurrency_curve(pools, CURVE_POINTS),
            memory_curve(
                pools.plan.decode,
                pools.point.decode_batch_per_worker,
                pools.plan.decode.model.max_context_tokens,
                CURVE_POINTS,
            ),
            pools.in_flight,
            pools.scenario,
            "separate pools",
        )
    planned = result.planned
    if planned is None:
        return None
    cap = planned.capacity
    per_replica = float(planned.point.running_batch)
    curves = _curves(
        result,
        concurrency_curve(
            cap,
            planned.replicas,
            CURVE_POINTS,
            per_replica,
            fixed_in_flight(planned.scenario.workload.load) is None,
        ),
        memory_curve(cap.dep, per_replica, cap.dep.model.max_context_tokens, CURVE_POINTS),
        per_replica * planned.replicas,
        planned.scenario,
        "together",
    )
    if not beside:
        return curves
    comparison = result.serving_comparison
    if comparison is None or comparison.disaggregated is None:
        return curves
    pools = pools_at_load(planned.scenario, comparison.disaggregated)
    return dataclasses.replace(
        curves,
        pools=pools_concurrency_curve(pools, CURVE_POINTS, float(curves.concurrency.in_flight[-1])),
        pools_planned_in_flight=pools.in_flight,
    )


def _curves(
    result: SizingResult,
    concurrency: ConcurrencyCurve,
    memory: MemoryCurve,
    planned_in_flight: float,
    scenario: Scenario,
    label: str,
) -> PlanCurves:
    w = scenario.workload
    tokens_per_request = w.prompt.input_tokens + w.output_tokens
    capacity_rate = result.value("max_requests_per_s_within_targets")
    # Over the service's hours, as the planned volume is: a month of the calendar's 24 h would
    # step the owning line up three times later than the plan can serve for the default's 8 h.
    seconds_a_month = active_hours_per_year(w.load) * SECONDS_PER_HOUR / 12.0
    capacity_monthly = capacity_rate * seconds_a_month * tokens_per_request
    planned_monthly = result.value("tokens_per_year") / 12.0
    # No hosted API compared (none comparable in the catalog): no API line to cross.
    api = result.figures.get("api_cost_per_request_usd")
    api_per_request = 0.0 if api is None else api.value
    api_per_token = api_per_request / tokens_per_request
    # The hosted embeddings cost the same whatever the volume answered: the API line's start.
    embeddings = result.figures.get("api_embeddings_per_year_usd")
    max_volume = max(planned_monthly * 4.0, capacity_monthly * 2.5, 1.0)
    return PlanCurves(
        concurrency=concurrency,
        memory=memory,
        cost=cost_curve(
            result.value("tco_per_year_usd"),
            capacity_monthly,
            api_per_token,
            max_volume,
            CURVE_POINTS,
            0.0 if embeddings is None else embeddings.value,
        ),
        planned_in_flight=planned_in_flight,
        ttft_target_ms=w.targets.ttft_ms,
        tpot_target_ms=w.targets.tpot_ms,
        planned_context_tokens=float(tokens_per_request),
        planned_monthly_tokens=planned_monthly,
        concurrency_label=label,
    )


def pools_limit(curves: PlanCurves) -> float | None:
    """Requests in flight where the pools drawn (dashed beside replicas, or the plan's own)
    reach their limit; None when no pools are drawn."""
    if curves.pools is not None:
        return curves.pools.limit_in_flight
    if curves.concurrency_label == "separate pools":
        return curves.concurrency.limit_in_flight
    return None
