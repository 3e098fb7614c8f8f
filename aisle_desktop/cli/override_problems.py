"""A plan's assumption overrides that the calibration refuses, in the words plan files are
refused in: `scenario 1 "Llama RAG", assumption overrides, paging_waste_fraction: must be less
than 0.5, got 5.0`, and a misspelt name with the names it is close to instead of all 35.

The calibration refuses the same overrides in the same words when a scenario is sized (the
window, the report); the commands check first, so `plan check` lists them with the file's
other problems and `size`, `bom` and `sensitivity` name them with the file and scenario.
"""

from __future__ import annotations

from collections.abc import Mapping

from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration


def override_problems(calibration: Calibration, overrides: Mapping[str, float]) -> list[str]:
    """Every override `calibration.with_overrides` would refuse, each in a planner's words."""
    return calibration.refused_overrides(overrides)


def scenario_override_problems(calibration: Calibration, scenario: Scenario) -> str | None:
    """The problems of one scenario's overrides joined in one line; None if it has none."""
    problems = override_problems(calibration, scenario.assumption_overrides)
    return "; ".join(problems) if problems else None
