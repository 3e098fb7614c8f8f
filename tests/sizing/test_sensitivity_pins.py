"""What swings the budget sizes the plan with its GPU count and split left to Aisle, and says
what the plan pins and what it is as written (QA: the DeepSeek-V3.2 preset, pinned to TP 8,
read "the plan itself is 48 GPUs at $1.54 M/year" on the page whose first page plans 56).

Worked with a sizer that takes one GPU per 100 active users and twice that with TP pinned to
8, $10 k a GPU a year: 300 users and a spare are 4 GPUs left to Aisle, 8 as written.
"""

from __future__ import annotations

import math

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.planning import budget_sensitivity
from tests.sizing.test_sensitivity import _plan, _result


def pinned_costs_more(scenario: Scenario) -> SizingResult:
    gpus = math.ceil(scenario.workload.load.active_users / 100) + 1
    return _result(gpus * (2 if scenario.hardware.tp == 8 else 1))


def test_a_pinned_split_is_named_with_the_plan_as_written(catalog: Catalog) -> None:
    plan = _plan()
    pinned = plan.model_copy(update={"hardware": plan.hardware.model_copy(update={"tp": 8})})
    found = budget_sensitivity(catalog, pinned, pinned_costs_more)
    assert found.gpus_base == 4
    assert found.note == (
        "The line and every setting are sized with the GPUs and split they need (the plan "
        "pins TP 8: as written, 8 GPUs at $80.0 k/year)."
    )


def test_a_plan_that_pins_nothing_is_the_line(catalog: Catalog) -> None:
    found = budget_sensitivity(catalog, _plan(), pinned_costs_more)
    assert found.note == "Each setting is sized with the GPU count it needs."
