"""Plan text to JSON data, strictly: finite numbers, unique keys, bounded depth.

The rules are ``aisle_desktop.strict_json``'s (shared with catalogs and ``predict``); this
module words each refusal as a PlanFileError naming the file and the place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aisle_desktop.plan.errors import PlanFileError
from aisle_desktop.strict_json import StrictJsonError, loads


def parse_json(text: str, path: Path) -> Any:
    """Parse ``text`` (the contents of ``path``) or raise PlanFileError saying where it broke."""
    if not text.strip():
        raise PlanFileError(path, "the file is empty; an Aisle plan is a JSON object")
    try:
        return loads(text)
    except StrictJsonError as exc:
        if not exc.syntax:
            raise PlanFileError(path, f"not a valid plan: {exc.reason}", exc.where) from None
        # A plan always ends with its closing brace, and JSON that breaks at its very end ran
        # out of text: either way the file was cut short (a cut can fall just after a "}").
        body = text.rstrip()
        cut = not body.endswith("}") or (exc.position is not None and exc.position >= len(body))
        hint = " (the file looks cut short)" if cut else ""
        raise PlanFileError(path, f"not valid JSON: {exc.reason}{hint}", exc.where) from None
