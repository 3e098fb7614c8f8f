"""Strict JSON for files a stranger may have written: finite numbers, unique keys, bounded depth.

``json.loads`` accepts ``NaN`` and ``Infinity``, turns ``1e400`` into infinity, keeps the last of
two equal keys, and recurses once per nesting level; each of those would let a corrupt or
hostile file through or crash the reader. Every problem becomes a PlanFileError.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from aisle_desktop.plan.errors import PlanFileError

# A plan is at most about eight levels deep (plan > scenarios > scenario > workload > load ...);
# far more is a damaged or hostile file, refused before anything walks it recursively.
MAX_DEPTH = 64


class _RefusedError(Exception):
    """Raised inside the parser's hooks; carries the reason out of json.loads."""


def _refuse_constant(name: str) -> Any:
    raise _RefusedError(f"{name} is not a number a plan can hold (only finite numbers are allowed)")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _RefusedError(f"{text} is too large a number (only finite numbers are allowed)")
    return value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _RefusedError(f'key "{key}" appears twice in one object')
        result[key] = value
    return result


def _too_deep(data: Any) -> str | None:
    """The JSON path of the first value nested deeper than MAX_DEPTH, walked without recursion."""
    stack: list[tuple[Any, str, int]] = [(data, "$", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            return where
        if isinstance(value, dict):
            stack.extend((v, f"{where}.{k}", depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value))
    return None


def parse_json(text: str, path: Path) -> Any:
    """Parse ``text`` (the contents of ``path``) or raise PlanFileError saying where it broke."""
    if not text.strip():
        raise PlanFileError(path, "the file is empty; an Aisle plan is a JSON object")
    try:
        data = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            object_pairs_hook=_no_duplicates,
        )
    except json.JSONDecodeError as exc:
        # A plan always ends with its closing brace, and JSON that breaks at its very end ran
        # out of text: either way the file was cut short (a cut can fall just after a "}").
        body = text.rstrip()
        cut = not body.endswith("}") or exc.pos >= len(body)
        hint = " (the file looks cut short)" if cut else ""
        where = f"line {exc.lineno} column {exc.colno}"
        raise PlanFileError(path, f"not valid JSON: {exc.msg}{hint}", where) from None
    except _RefusedError as exc:
        raise PlanFileError(path, f"not a valid plan: {exc}") from None
    except RecursionError:
        raise PlanFileError(path, "not a valid plan: JSON nested too deeply to read") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python will convert
        raise PlanFileError(path, f"not a valid plan: {exc}") from None
    deep = _too_deep(data)
    if deep is not None:
        message = f"not a valid plan: nested more than {MAX_DEPTH} levels deep"
        raise PlanFileError(path, message, deep)
    return data
