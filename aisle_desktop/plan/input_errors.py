"""Turn pydantic validation errors into one line a planner can act on."""

from __future__ import annotations

from pydantic import ValidationError

from aisle_desktop.strict_json import excerpt

_MAX_SHOWN = 5


def _location(loc: tuple[int | str, ...]) -> str:
    parts = [str(p) for p in loc if not str(p).startswith("function-after")]
    return ".".join(parts) if parts else "(top level)"


def describe_validation_error(err: ValidationError) -> str:
    """`field tp: got 0: Input should be greater than or equal to 1` for each problem."""
    lines = []
    for problem in err.errors(include_url=False)[:_MAX_SHOWN]:
        # Only short excerpts: a refused value or key may be megabytes long.
        where = excerpt(_location(problem["loc"]), 120)
        message = excerpt(problem["msg"].removeprefix("Value error, "), 200)
        if problem["type"] in ("missing",):
            lines.append(f"field {where}: missing")
        else:
            shown = excerpt(repr(problem.get("input")), 60)
            lines.append(f"field {where}: got {shown}: {message}")
    extra = err.error_count() - _MAX_SHOWN
    if extra > 0:
        lines.append(f"... and {extra} more")
    return "; ".join(lines)
