"""Goal-seek the two figures a planner argues about: a latency target and the users a budget buys.

"At TPOT 25 ms it is N GPUs" is one sizing with the target changed and the GPU count left to
Aisle. "How many users does $X a year buy" searches the load: yearly cost grows with users
(more replicas, never fewer), so doubling then bisecting finds the largest load whose plan fits
the budget in about thirty sizings.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.formatting import duration_ms, with_unit
from aisle_desktop.plan import LoadSpec, NumberLimits, Scenario
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.planning.budget_choices import automatic_count, with_workload
from aisle_desktop.sizing.planning.demand import load_rule
from aisle_desktop.sizing.planning.gpu_counts import gpus_text
from aisle_desktop.sizing.planning.result import SizingResult
from aisle_desktop.sizing.planning.sensitivity import MAX_LOAD, Sizer
from aisle_desktop.sizing.planning.shown_figures import yearly_text

# The goals the window's Budget swings tab and `sensitivity` both take, in whole units: a TPOT
# of 1 ms to 10 s and a yearly budget of $1,000 to $10 B. Past them an answer is a number no
# planner reads (`--tpot-ms 1e308` was printed as a TPOT of 300 digits).
TPOT_GOAL_MS = NumberLimits(1.0, 10_000.0, low_excluded=False, whole=True, optional=False)
BUDGET_GOAL_USD_PER_YEAR = NumberLimits(
    1_000.0, 1e10, low_excluded=False, whole=True, optional=False
)


@dataclass(frozen=True)
class TargetAnswer:
    """GPUs and yearly cost at a latency target, or None when no GPU count meets it."""

    tpot_ms: float
    gpus: int | None
    tco_per_year_usd: float | None
    gpus_for_load: int = 0  # 0: as gpus
    gpus_bought: int = 0  # 0: as gpus

    def sentence(self) -> str:
        target = f"At TPOT {duration_ms(self.tpot_ms)}"
        if self.gpus is None or self.tco_per_year_usd is None:
            return f"{target} no number of GPUs meets the target: each answer streams slower."
        gpus = gpus_text(self.gpus_for_load or self.gpus, self.gpus_bought or self.gpus)
        return f"{target} it is {gpus}, {yearly_text(self.tco_per_year_usd)}."


@dataclass(frozen=True)
class BudgetAnswer:
    """The largest load a yearly budget serves within the targets (0 when not even one)."""

    budget_usd_per_year: float
    load: int
    load_unit: str
    gpus: int | None
    tco_per_year_usd: float | None
    gpus_for_load: int = 0  # 0: as gpus
    gpus_bought: int = 0  # 0: as gpus

    def sentence(self) -> str:
        # A round budget reads round ("$95 k/year", not "$95.0 k"); the report's, half as
        # much again as the plan's cost, to three figures ("$261 k/year").
        budget = with_unit(self.budget_usd_per_year, "USD/year", as_typed=True)
        if self.load == 0 or self.gpus is None:
            return f"{budget} does not buy the smallest plan that meets the targets."
        gpus = gpus_text(self.gpus_for_load or self.gpus, self.gpus_bought or self.gpus)
        return (
            f"{budget} serves up to {self.load:,} {self.load_unit} on {gpus} "
            f"({yearly_text(self.tco_per_year_usd or 0.0)})."
        )


def gpus_at_tpot(size: Sizer, scenario: Scenario, tpot_ms: float) -> TargetAnswer:
    """The GPUs and yearly cost that meet this time-per-token target (the TTFT target kept)."""
    targets = scenario.workload.targets.model_copy(update={"tpot_ms": tpot_ms})
    try:
        result = size(with_workload(automatic_count(scenario), targets=targets))
    except SizingError:
        return TargetAnswer(tpot_ms, None, None)
    if not result.fits or not result.meets_targets or "tco_per_year_usd" not in result.figures:
        return TargetAnswer(tpot_ms, None, None)
    return TargetAnswer(
        tpot_ms,
        result.gpus,
        result.value("tco_per_year_usd"),
        result.gpus_for_load,
        result.gpus_bought,
    )


def _with_load(scenario: Scenario, count: int) -> Scenario:
    load: LoadSpec = scenario.workload.load
    field = load_rule(load).count_field
    return with_workload(scenario, load=load.model_copy(update={field: count}))


def _cost(size: Sizer, scenario: Scenario, count: int) -> tuple[float, SizingResult] | None:
    """The yearly cost and plan at this load, or None when the targets cannot be met."""
    try:
        result = size(_with_load(scenario, count))
    except SizingError:
        return None
    if not result.fits or not result.meets_targets or "tco_per_year_usd" not in result.figures:
        return None
    return result.value("tco_per_year_usd"), result


def users_for_budget(size: Sizer, scenario: Scenario, budget_usd_per_year: float) -> BudgetAnswer:
    """The largest load (in the plan's own terms: users, active users or requests in flight)
    whose plan meets the targets within ``budget_usd_per_year``."""
    free = automatic_count(scenario)
    noun = load_rule(free.workload.load).noun

    def within(count: int) -> tuple[float, SizingResult] | None:
        found = _cost(size, free, count)
        return found if found is not None and found[0] <= budget_usd_per_year else None

    best = within(1)
    if best is None:
        return BudgetAnswer(budget_usd_per_year, 0, noun, None, None)
    low, high = 1, 2
    while high <= MAX_LOAD and (found := within(high)) is not None:
        low, best, high = high, found, high * 2
    high = min(high, MAX_LOAD + 1)
    while high - low > 1:
        middle = (low + high) // 2
        found = within(middle)
        if found is None:
            high = middle
        else:
            low, best = middle, found
    cost, plan = best
    return BudgetAnswer(
        budget_usd_per_year, low, noun, plan.gpus, cost, plan.gpus_for_load, plan.gpus_bought
    )
