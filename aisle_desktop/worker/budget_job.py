"""What swings the budget, as a job for the sizing thread (no Qt).

About forty sizings (a few tenths of a second), so the window asks only while its tab is shown
and runs it on the sizing thread; the goal-seeks ride along when the planner asked for them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aisle_desktop.catalog import CatalogError
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.planning import (
    BudgetAnswer,
    Sensitivity,
    SizedScenarios,
    TargetAnswer,
    budget_sensitivity,
    gpus_at_tpot,
    users_for_budget,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SensitivityRequest:
    """Size this scenario's choices low and high; goal-seek the target and budget if given."""

    number: int
    scenario: Scenario
    tpot_ms: float | None = None
    budget_usd_per_year: float | None = None


@dataclass(frozen=True)
class SensitivityDone:
    """Request ``number``'s swings and goal-seeks, or why there are none."""

    number: int
    sensitivity: Sensitivity | None
    at_target: TargetAnswer | None = None
    for_budget: BudgetAnswer | None = None
    error: str | None = None


def run_sensitivity(sized: SizedScenarios, request: SensitivityRequest) -> SensitivityDone:
    """The swings of ``request``, sized through the thread's memory (the scenario shown is not
    sized again); errors the planner can fix become the message shown."""
    size = sized.result
    try:
        found = budget_sensitivity(sized.catalog, request.scenario, size)
        at = (
            None
            if request.tpot_ms is None
            else gpus_at_tpot(size, request.scenario, request.tpot_ms)
        )
        bought = (
            None
            if request.budget_usd_per_year is None
            else users_for_budget(size, request.scenario, request.budget_usd_per_year)
        )
    except (SizingError, CatalogError) as err:
        return SensitivityDone(request.number, None, error=str(err))
    except Exception as err:  # reported to the planner; the thread lives on
        log.exception("what swings the budget could not be sized")
        return SensitivityDone(request.number, None, error=f"Internal error: {err}")
    return SensitivityDone(request.number, found, at, bought)
