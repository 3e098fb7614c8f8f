"""Plan text to JSON data, strictly: finite numbers, unique keys, bounded depth.

The rules are ``aisle_desktop.strict_json``'s (shared with catalogs and ``predict``); this
module words each refusal as a PlanFileError naming the file and the place, in words a planner
reads: a text that is not JSON at all, a file cut short at a line and column, a comma missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aisle_desktop.plan.errors import PlanFileError
from aisle_desktop.strict_json import StrictJsonError, excerpt, json_syntax_words, loads


def _line_column(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return f"line {line}, column {column}"


def parse_json(text: str, path: Path) -> Any:
    """Parse ``text`` (the contents of ``path``) or raise PlanFileError saying where it broke."""
    if not text.strip():
        raise PlanFileError(path, "the file is empty; an Aisle plan is a JSON object")
    try:
        return loads(text)
    except StrictJsonError as exc:
        if not exc.syntax or exc.position is None:
            # A key twice in one object is found where it comes again: said as a syntax error is.
            place = "" if exc.position is None else f" at {_line_column(text, exc.position)}"
            raise PlanFileError(path, f"not a valid plan{place}: {exc.reason}") from None
        body = text.strip()
        start = len(text) - len(text.lstrip())
        if exc.position <= start and body[0] not in "{[":
            begins = excerpt(body.splitlines()[0], 40)
            raise PlanFileError(
                path, f'not an Aisle plan: it is not JSON (it begins "{begins}")'
            ) from None
        place = _line_column(text, exc.position)
        # A plan always ends with its closing brace, and JSON that breaks at its very end ran
        # out of text: either way the file was cut short (a cut can fall just after a "}").
        if not body.endswith("}") or exc.position >= start + len(body):
            raise PlanFileError(
                path, f"the file is cut short at {place} (saved or copied only in part?)"
            ) from None
        words = json_syntax_words(exc.reason)
        raise PlanFileError(path, f"not valid JSON at {place}: {words}") from None
