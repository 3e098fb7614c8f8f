"""A plan's assumption overrides that the calibration refuses, in the words plan files are
refused in: `scenario 1 "Llama RAG", assumption overrides, paging_waste_fraction: must be less
than 0.5, got 5.0`, and a misspelt name with the names it is close to instead of all 35.

The calibration refuses the same overrides when a scenario is sized; the commands check first,
so `plan check` lists them with the file's other problems and `size`, `bom` and `sensitivity`
name them in these words.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from pydantic import BaseModel, ValidationError

from aisle_desktop.plan import Scenario, field_place, what_is_wrong
from aisle_desktop.sizing.calibration import Calibration, CostAssumptions, PerformanceAssumptions

_SECTION = "assumption overrides"
_PARTS: tuple[type[BaseModel], ...] = (PerformanceAssumptions, CostAssumptions)


def _unknown(name: str, names: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    hint = "did you mean " + ", ".join(f'"{c}"' for c in close) + "?" if close else ""
    return f'{_SECTION}: "{name}" is not an assumption of this calibration' + (
        f"; {hint}" if hint else " (the Assumptions tab and `size` list them)"
    )


def _refused(part: type[BaseModel], shipped: BaseModel, mine: Mapping[str, float]) -> list[str]:
    try:
        part.model_validate({**shipped.model_dump(), **mine})
    except ValidationError as err:
        problems = []
        for problem in err.errors(include_url=False):
            keys = tuple(str(p) for p in problem["loc"])
            place = f"{_SECTION}, {field_place(keys)}" if keys else _SECTION
            problems.append(f"{place}: {what_is_wrong(problem, ())}")
        return problems
    return []


def override_problems(calibration: Calibration, overrides: Mapping[str, float]) -> list[str]:
    """Every override `calibration.with_overrides` would refuse, each in a planner's words."""
    names = calibration.names()
    problems = [_unknown(name, names) for name in overrides if name not in names]
    shipped: tuple[BaseModel, ...] = (calibration.performance, calibration.cost)
    for part, values in zip(_PARTS, shipped, strict=True):
        mine = {k: v for k, v in overrides.items() if k in part.model_fields}
        if mine:
            problems += _refused(part, values, mine)
    return problems


def scenario_override_problems(calibration: Calibration, scenario: Scenario) -> str | None:
    """The problems of one scenario's overrides joined in one line; None if it has none."""
    problems = override_problems(calibration, scenario.assumption_overrides)
    return "; ".join(problems) if problems else None
