"""Everything the window plots for a sized plan, computed in one pure call.

Kept beside the sweeps it composes so the worker thread, the PDF report and tests get the same
curves from the same result: the deployment it carries, not one built again.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.sizing.planning.result import SizingResult
from aisle_desktop.sizing.planning.sweeps import (
    ConcurrencyCurve,
    CostCurve,
    MemoryCurve,
    concurrency_curve,
    cost_curve,
    memory_curve,
)

SECONDS_PER_MONTH = 30.4 * 24 * 3600
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


def plan_curves(result: SizingResult) -> PlanCurves | None:
    """Curves for the replica the plan sized; None when the plan does not fit."""
    planned = result.planned
    if planned is None:
        return None
    cap = planned.capacity
    w = planned.scenario.workload
    per_replica = float(planned.point.running_batch)
    planned_in_flight = per_replica * planned.replicas
    tokens_per_request = cap.input_tokens + cap.output_tokens
    capacity_rate = result.value("max_requests_per_s_within_targets")
    capacity_monthly = capacity_rate * SECONDS_PER_MONTH * tokens_per_request
    planned_monthly = result.value("tokens_per_year") / 12.0
    api_per_request = result.value("api_cost_per_request_usd")
    api_per_token = api_per_request / tokens_per_request
    max_volume = max(planned_monthly * 4.0, capacity_monthly * 2.5, 1.0)
    return PlanCurves(
        concurrency=concurrency_curve(cap, planned.replicas, CURVE_POINTS, per_replica),
        memory=memory_curve(cap.dep, per_replica, cap.dep.model.max_context_tokens, CURVE_POINTS),
        cost=cost_curve(
            result.value("tco_per_year_usd"),
            capacity_monthly,
            api_per_token,
            max_volume,
            CURVE_POINTS,
        ),
        planned_in_flight=planned_in_flight,
        ttft_target_ms=w.targets.ttft_ms,
        tpot_target_ms=w.targets.tpot_ms,
        planned_context_tokens=float(tokens_per_request),
        planned_monthly_tokens=planned_monthly,
    )
