"""A scenario sized into a plan: ``size_scenario`` and what it is built from.

Demand from the load, replica capacity and the parallel split, replicas and servers, racks
and power, costs against a hosted API, embeddings and LoRA adapters, what else would fit,
warnings, the explained figures, the curves around the planned load and the GPU comparison.
"""

from aisle_desktop.sizing.planning.assumption_bearing import bears_on
from aisle_desktop.sizing.planning.bill_of_materials import BillOfMaterials, BomLine
from aisle_desktop.sizing.planning.capacity import replica_capacity
from aisle_desktop.sizing.planning.comparison import GpuOption, compare_gpu, compare_gpus
from aisle_desktop.sizing.planning.cost import (
    api_cost_per_request_usd,
    yearly_cost,
    yearly_energy_kwh,
)
from aisle_desktop.sizing.planning.curves import PlanCurves, plan_curves, pools_limit
from aisle_desktop.sizing.planning.demand import demand
from aisle_desktop.sizing.planning.disaggregated_plan import DisaggregatedPlan, plan_disaggregated
from aisle_desktop.sizing.planning.facility import power, rack_layout
from aisle_desktop.sizing.planning.goal_seek import (
    BUDGET_GOAL_USD_PER_YEAR,
    TPOT_GOAL_MS,
    BudgetAnswer,
    TargetAnswer,
    gpus_at_tpot,
    users_for_budget,
)
from aisle_desktop.sizing.planning.gpu_counts import (
    GPUS_BOUGHT_HEADER,
    GPUS_BOUGHT_TIP,
    GPUS_CAPTION,
    gpus_cell,
    gpus_text,
)
from aisle_desktop.sizing.planning.hosted_api import automatic_api, compared_api
from aisle_desktop.sizing.planning.parallelism import candidate_splits
from aisle_desktop.sizing.planning.plan_numbers import Headline
from aisle_desktop.sizing.planning.power_sheet import PowerSheet, RackRow, RackRun
from aisle_desktop.sizing.planning.purchase import Purchase, plan_purchase
from aisle_desktop.sizing.planning.result import PlannedDeployment, PlanWarning, SizingResult
from aisle_desktop.sizing.planning.sensitivity import (
    Outcome,
    Sensitivity,
    Sizer,
    Swing,
    budget_sensitivity,
)
from aisle_desktop.sizing.planning.shown_figures import (
    BEYOND_CAPACITY,
    NO_COMPARABLE_API,
    OFFERED_LOAD_PRICED,
    PRICED_BY_THE_API,
    break_even_beyond_capacity,
    figure_text,
    figure_value_and_notes,
    no_comparable_api,
    offered_requests_priced,
    serves_nothing,
    shown_value,
    yearly_text,
)
from aisle_desktop.sizing.planning.size import plan_tail_latency, size_scenario
from aisle_desktop.sizing.planning.sized_scenarios import SizedScenarios
from aisle_desktop.sizing.planning.sweeps import (
    MemoryCurve,
    concurrency_curve,
    cost_curve,
    memory_curve,
)
from aisle_desktop.sizing.planning.together_or_pools import (
    TAIL_ROWS,
    ServingComparison,
    compare_serving,
    serving_comparison,
)

__all__ = [
    "BEYOND_CAPACITY",
    "BUDGET_GOAL_USD_PER_YEAR",
    "GPUS_BOUGHT_HEADER",
    "GPUS_BOUGHT_TIP",
    "GPUS_CAPTION",
    "NO_COMPARABLE_API",
    "OFFERED_LOAD_PRICED",
    "PRICED_BY_THE_API",
    "TAIL_ROWS",
    "TPOT_GOAL_MS",
    "BillOfMaterials",
    "BomLine",
    "BudgetAnswer",
    "DisaggregatedPlan",
    "GpuOption",
    "Headline",
    "MemoryCurve",
    "Outcome",
    "PlanCurves",
    "PlanWarning",
    "PlannedDeployment",
    "PowerSheet",
    "Purchase",
    "RackRow",
    "RackRun",
    "Sensitivity",
    "ServingComparison",
    "SizedScenarios",
    "Sizer",
    "SizingResult",
    "Swing",
    "TargetAnswer",
    "api_cost_per_request_usd",
    "automatic_api",
    "bears_on",
    "break_even_beyond_capacity",
    "budget_sensitivity",
    "candidate_splits",
    "compare_gpu",
    "compare_gpus",
    "compare_serving",
    "compared_api",
    "concurrency_curve",
    "cost_curve",
    "demand",
    "figure_text",
    "figure_value_and_notes",
    "gpus_at_tpot",
    "gpus_cell",
    "gpus_text",
    "memory_curve",
    "no_comparable_api",
    "offered_requests_priced",
    "plan_curves",
    "plan_disaggregated",
    "plan_purchase",
    "plan_tail_latency",
    "pools_limit",
    "power",
    "rack_layout",
    "replica_capacity",
    "serves_nothing",
    "serving_comparison",
    "shown_value",
    "size_scenario",
    "users_for_budget",
    "yearly_cost",
    "yearly_energy_kwh",
    "yearly_text",
]
