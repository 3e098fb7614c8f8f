"""A plan's assumption overrides that the calibration refuses, in the words plan files are
refused in: `assumption overrides, paging_waste_fraction: must be less than 0.5, got 5.0`,
and a misspelt name with the names it is close to instead of all of them.

One wording everywhere: `Calibration.with_overrides` refuses in these words when a scenario
is sized (the window and the report show them), and the commands list the same ones first
(`plan check`, `size`, `bom`, `sensitivity`).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from pydantic import BaseModel, ValidationError

from aisle_desktop.plan import field_place, what_is_wrong

_SECTION = "assumption overrides"


def _unknown(name: str, names: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    hint = "did you mean " + ", ".join(f'"{c}"' for c in close) + "?" if close else ""
    return f'{_SECTION}: "{name}" is not an assumption of this calibration' + (
        f"; {hint}" if hint else " (the Assumptions tab and `size` list them)"
    )


def _refused(shipped: BaseModel, mine: Mapping[str, float]) -> list[str]:
    try:
        type(shipped).model_validate({**shipped.model_dump(), **mine})
    except ValidationError as err:
        problems = []
        for problem in err.errors(include_url=False):
            keys = tuple(str(p) for p in problem["loc"])
            place = f"{_SECTION}, {field_place(keys)}" if keys else _SECTION
            problems.append(f"{place}: {what_is_wrong(problem, ())}")
        return problems
    return []


def refused_overrides(
    names: tuple[str, ...], parts: tuple[BaseModel, ...], overrides: Mapping[str, float]
) -> list[str]:
    """Every override of `overrides` that the assumption `parts` (whose fields are `names`)
    would refuse, each in a planner's words: unknown names first, then values out of range."""
    problems = [_unknown(name, names) for name in overrides if name not in names]
    for shipped in parts:
        mine = {k: v for k, v in overrides.items() if k in type(shipped).model_fields}
        if mine:
            problems += _refused(shipped, mine)
    return problems
