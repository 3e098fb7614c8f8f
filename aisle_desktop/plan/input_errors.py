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


def _number(value: object) -> str:
    """1e9 -> '1,000,000,000'; 1.5 -> '1.5': a limit or a typed value as people read it."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return excerpt(str(value), 60)
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


# Pydantic's error types a planner meets at a field, in plain words (ctx holds the limit).
_PLAIN = {
    "less_than_equal": "must be at most {le}",
    "less_than": "must be below {lt}",
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be above {gt}",
    "int_from_float": "must be a whole number",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "missing": "is required",
}


def _other_field(loc: tuple[int | str, ...], edited: tuple[str, ...]) -> str:
    """'' for the field being edited, else the other field's name in words ("history")."""
    parts = tuple(str(p) for p in loc if not str(p).startswith("function-after"))
    if edited[: len(parts)] == parts:  # the field itself, or a rule over its whole section
        return ""
    words = parts[-1].removesuffix("_tokens").removesuffix("_id").replace("_", " ")
    return f"{words}: "


def plain_field_message(err: ValidationError, edited: tuple[str, ...]) -> str:
    """Why the value typed into the field at `edited` was refused, in words a planner reads
    beside the field's own label: "must be at most 100,000 (you typed 999,999,999)".

    No model paths and no validation-library wording; a problem found at another field (a rule
    across fields) names that field in words."""
    lines = []
    for problem in err.errors(include_url=False)[:_MAX_SHOWN]:
        template = _PLAIN.get(problem["type"])
        ctx = {k: _number(v) for k, v in (problem.get("ctx") or {}).items()}
        if template is not None:
            message = template.format(**ctx)
        else:
            message = excerpt(problem["msg"].removeprefix("Value error, "), 200)
        if problem["type"] in _PLAIN and problem["type"] != "missing":
            message += f" (you typed {_number(problem.get('input'))})"
        lines.append(_other_field(problem["loc"], edited) + message)
    return "; ".join(lines)
