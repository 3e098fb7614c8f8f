"""Lines that differ only in their id, answered once: each copy gets its own id.

A file's disaggregated lines repeat one another: aiconfigurator's dated runs and the "cfg"
lines of the same runs measure the same pools at the same load (321 different lines of the
566 in the 2025-26 set), and working out such a line (its split, its pools, their curves,
where its clients settle, its bands) costs a hundred times more than copying its answer.
Two lines are alike when every field of the validated line but its id is the same, written
the same (as JSON: 1 and 1.0 differ), so that nothing the model reads can tell them apart.
"""

from __future__ import annotations

from typing import Any

from aisle_desktop.sizing.validation.benchmark_scenario import BenchmarkScenario


def first_alike(scenarios: list[BenchmarkScenario]) -> list[int]:
    """For each disaggregated line, the index of the first line alike (its own for the
    first); every other line is its own first (copying its cheaper answer would save
    little, and telling lines apart costs a few microseconds a line)."""
    firsts: dict[str, int] = {}
    found = []
    for index, scenario in enumerate(scenarios):
        if scenario.disaggregated is None:
            found.append(index)
            continue
        found.append(firsts.setdefault(scenario.model_dump_json(exclude={"id"}), index))
    return found


def with_own_id(answer: dict[str, Any], line_id: str) -> dict[str, Any]:
    """A copy of a line's answer for a line alike (`first_alike`): its own id, in the same
    place, and its own lists and dicts (every answer owns its own)."""
    copied = {
        name: value.copy() if isinstance(value, (list, dict)) else value
        for name, value in answer.items()
    }
    copied["id"] = line_id
    return copied
