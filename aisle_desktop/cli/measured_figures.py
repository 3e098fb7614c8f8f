"""Which measured figures of a line `validate` could not compare, and why, in a planner's words.

A line whose `expected` figure was misspelt ("output_tokens_per_sec"), not a positive number
(0, "fast") or not an object at all was dropped from the accuracy tables without a word: the
planner read a median over fewer figures than the file holds, and a file of such lines was
told it had no `expected` figures at all.
"""

from __future__ import annotations

import json
from typing import Any

from aisle_desktop.sizing.validation import METRICS
from aisle_desktop.strict_json import excerpt

# How much of a value or a name a note quotes: a pasted page is not echoed whole.
QUOTED_CHARS = 40


def not_compared(
    line_number: int, scenario: dict[str, Any], answer: dict[str, Any], compared: set[str]
) -> list[str]:
    """One note for each figure of the line's `expected` that no comparison came of (a
    line without `expected` measured nothing, and is not noted)."""
    expected = scenario.get("expected")
    place = f"line {line_number:,}"
    if expected is None:
        return []
    if not isinstance(expected, dict):
        return [
            f"{place}: expected: must be an object of measured figures, got {_quoted(expected)}"
        ]
    notes = []
    for metric, measured in expected.items():
        if metric in compared:
            continue
        name = excerpt(str(metric), QUOTED_CHARS)
        notes.append(f"{place}: expected {name}: {_why(metric, measured, answer)}")
    return notes


def _why(metric: str, measured: object, answer: dict[str, Any]) -> str:
    if metric not in METRICS:
        return f"not a figure Aisle predicts ({', '.join(METRICS)})"
    if isinstance(measured, bool) or not isinstance(measured, (int, float)) or not measured > 0:
        return f"must be a number above 0, got {_quoted(measured)}"
    if answer.get("fits") is False:
        return "not compared: Aisle predicts the model does not fit this deployment"
    return "not compared: Aisle predicts no such figure for this line's load"


def _quoted(value: object) -> str:
    return excerpt(json.dumps(value), QUOTED_CHARS)
