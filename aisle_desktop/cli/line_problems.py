"""Why `predict` refuses a line, in the words plan files are refused in (`plan.file_problems`).

"line 3, load, concurrency: must be at least 1, got -5" rather than "field
load.concurrency.concurrency: got -5: Input should be greater than or equal to 1": the line
by its number, the field by its keys as the line writes them (sections first), what is wrong
and the value refused. A line's `id` is already the answer's own key, so it is not repeated.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from aisle_desktop.catalog import UnknownIdError
from aisle_desktop.plan import field_place, what_is_wrong
from aisle_desktop.strict_json import StrictJsonError, excerpt, json_kind, json_syntax_words

_MAX_SHOWN = 3


def _keys_written(loc: tuple[int | str, ...], raw: Any) -> tuple[str, ...]:
    """The keys of `loc` that the line writes: without the tag pydantic adds for the kind of a
    tagged object ("concurrency" in load.concurrency.concurrency) or its validators' names."""
    keys: list[str] = []
    node = raw
    parts = [str(p) for p in loc if not str(p).startswith("function-")]
    for index, part in enumerate(parts):
        if isinstance(node, dict) and index + 1 < len(parts) and part in node.values():
            continue  # the tag: the value of the object's "mode", followed by its field
        keys.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            node = None
    return tuple(keys)


def _problem(number: int, problem: Any, raw: Any) -> str:
    keys = _keys_written(problem["loc"], raw)
    if problem["type"] == "extra_forbidden":
        within = f"line {number}, {field_place(keys[:-1])}" if keys[:-1] else f"line {number}"
        return f'{within}: unknown field "{excerpt(keys[-1], 60)}" (misspelt?)'
    place = f"line {number}, {field_place(keys)}" if keys else f"line {number}"
    if problem["type"] == "union_tag_invalid":
        ctx = problem.get("ctx") or {}
        return (
            f"{place}, {ctx.get('discriminator', 'mode').strip(chr(39))}: must be one of "
            f'{ctx.get("expected_tags", "")}, got "{excerpt(str(ctx.get("tag", "")), 60)}"'
        )
    return f"{place}: {what_is_wrong(problem, ())}"


def line_problems(number: int, err: ValidationError, raw: Any) -> str:
    """Every problem pydantic found in line `number` (the first three, then how many more)."""
    problems = err.errors(include_url=False)
    lines = [_problem(number, problem, raw) for problem in problems[:_MAX_SHOWN]]
    extra = len(problems) - _MAX_SHOWN
    return "; ".join(lines) + (f"; and {extra} more" if extra > 0 else "")


def not_json(number: int, err: StrictJsonError, line: str) -> str:
    """`line 6: not valid JSON at column 24: a comma is missing`; the column counts within the
    line (the reader's own place would count a trailing line break as a second line)."""
    if err.position is None:
        return f"line {number}: not valid JSON: {err}"
    if not err.syntax:  # a key twice in one object: placed where it comes again
        return f"line {number}: not valid JSON at column {err.position + 1}: {err.reason}"
    written = line.rstrip()
    if err.position == 0 and written[:1] not in ("{", "["):
        return f'line {number}: not JSON (it begins "{excerpt(written, 40)}")'
    if err.position >= len(written):
        return (
            f"line {number}: not valid JSON: the line ends (at column {len(written)}) "
            "before its JSON is complete"
        )
    words = json_syntax_words(err.reason, "the line")
    return f"line {number}: not valid JSON at column {err.position + 1}: {words}"


def _field_holding(value: Any, wanted: str, keys: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The keys of the first field whose value is `wanted` (an id the catalog lacks)."""
    if value == wanted:
        return keys
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return ()
    for key, item in items:
        found = _field_holding(item, wanted, (*keys, str(key)))
        if found:
            return found
    return ()


def refused(number: int, err: Exception, line_fields: dict[str, Any]) -> str:
    """A line the model refused: `line 2, model: unknown model id "x": did you mean ...`; a
    refusal of the line as a whole (a split the model cannot run) names no field."""
    if isinstance(err, UnknownIdError):
        keys = _field_holding(line_fields, err.wanted)
        if keys:
            return f"line {number}, {field_place(keys)}: {err}"
    return f"line {number}: {err}"


def not_an_object(number: int, value: Any, line: str) -> str:
    """`line 3: expected a JSON object ({...}), got a list: [1, 2]`: what the line holds
    instead, quoted as it is written (null, true and false are their own quote)."""
    kind = json_kind(value)
    shown = "" if kind in ("null", "true", "false") else f": {excerpt(line.strip(), 60)}"
    listed = isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
    advice = "; write each object of the list on a line of its own" if listed else ""
    return f"line {number}: expected a JSON object ({{...}}), got {kind}{shown}{advice}"
