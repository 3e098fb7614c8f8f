"""Turn pydantic validation errors into one line a planner can act on."""

from __future__ import annotations

from pydantic import ValidationError

_MAX_SHOWN = 5


def _location(loc: tuple[int | str, ...]) -> str:
    parts = [str(p) for p in loc if not str(p).startswith("function-after")]
    return ".".join(parts) if parts else "(top level)"


def describe_validation_error(err: ValidationError) -> str:
    """`field tp: got 0: Input should be greater than or equal to 1` for each problem."""
    lines = []
    for problem in err.errors(include_url=False)[:_MAX_SHOWN]:
        where = _location(problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] in ("missing",):
            lines.append(f"field {where}: missing")
        else:
            shown = repr(problem.get("input"))
            if len(shown) > 60:
                shown = shown[:57] + "..."
            lines.append(f"field {where}: got {shown}: {message}")
    extra = err.error_count() - _MAX_SHOWN
    if extra > 0:
        lines.append(f"... and {extra} more")
    return "; ".join(lines)
