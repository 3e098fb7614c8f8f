"""Reading one catalog file: JSON, top-level shape, per-entry validation, readable errors.

pydantic's own error text is written for programmers ("Input should be greater than 0"); these
helpers turn it into one line a planner can act on, naming the file, the entry and the field.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from aisle_desktop.catalog.errors import CatalogError
from aisle_desktop.catalog.schema_common import Entry, Origin
from aisle_desktop.counted_places import counted, field_path
from aisle_desktop.file_text import NotTextError, utf8_text
from aisle_desktop.strict_json import (
    HALF_A_CHARACTER,
    NotReadableError,
    StrictJsonError,
    excerpt,
    json_kind,
    json_syntax_words,
    loads,
    read_regular,
    shown_value,
)

M = TypeVar("M", bound=Entry)

# The shipped gpus.json is about 30 kB; a file past 20 MB is not a catalog (decimal MB, as
# the refusal says "at most 20 MB": 20 MiB was worded "at most 20.9715 MB").
MAX_CATALOG_FILE_BYTES = 20_000_000
# Keys allowed beside "entries" at the top of a file: a free-text note for the human editor.
_TOP_LEVEL_EXTRAS = {"notes"}


@dataclass(frozen=True)
class Located(Generic[M]):
    """A validated entry and where it came from, so later cross-checks can point at it."""

    entry: M
    file_label: str
    index: int


def entry_label(file_label: str, index: int, entry_id: object) -> str:
    """``catalog/gpus.json: entry 4 (id "h100-sxm")``: the prefix of every entry error, the
    entry at `index` (from 0) counted from 1, as a plan file's entries are."""
    number = counted(index)
    if isinstance(entry_id, str) and entry_id:  # an id too long is quoted in part
        return f'{file_label}: entry {number} (id "{excerpt(entry_id, 40)}")'
    return f"{file_label}: entry {number}"


def first_used(index: int) -> str:
    """`(first used by entry 2)`: where a repeated id was first, counted from 1."""
    return f"(first used by entry {counted(index)})"


def describe_validation_error(prefix: str, error: ValidationError) -> str:
    """Turn pydantic's list of problems into readable lines under one prefix."""
    lines = []
    for item in error.errors(include_url=False):
        loc = field_path(item["loc"])
        what = problem_words(item)
        lines.append(f"{prefix}: field {loc}: {what}" if loc else f"{prefix}: {what}")
    return "\n".join(lines)


def problem_words(item: ErrorDetails) -> str:
    """What is wrong with one value pydantic refused, in a planner's words."""
    kind = item["type"]
    ctx = item.get("ctx", {})
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a known field (check its spelling against catalog/README.md)"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {
            "greater_than": "greater than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        bound = next(iter(ctx.values()), "?")
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)  # "greater than 0", not "greater than 0.0"
        if isinstance(bound, int) and not isinstance(bound, bool):
            bound = f"{bound:,}"  # "at most 1,000,000,000", as a plan's limits read
        return f"must be {words} {bound}, got {shown_value(item.get('input'))}"
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    message = HALF_A_CHARACTER if kind == "string_unicode" else item["msg"]
    what = message[0].lower() + message[1:]
    if "input" in item:
        what += f", got {shown_value(item['input'])}"
    return what


def read_json(path: Path, file_label: str, *, finite: bool = True) -> Any:
    """Parse a JSON file strictly, or raise CatalogError saying which file and what is wrong.

    Only a regular file of at most 20 MB is read (a FIFO or ``/dev/zero`` is refused before it
    is opened); huge integers, repeated keys, deep nesting and (unless ``finite`` is False,
    for a Hugging Face config whose other keys may hold ``Infinity``) ``NaN`` and infinities
    are refused.
    """
    try:  # a byte-order mark (Notepad's UTF-8) is skipped, as in a plan
        text = utf8_text(read_regular(path, MAX_CATALOG_FILE_BYTES))
    except FileNotFoundError:
        if path.is_symlink():  # its name is there: what is missing is where it leads
            target = os.readlink(path)
            raise CatalogError(f"{file_label}: links to {target}, which does not exist") from None
        raise CatalogError(f"{file_label}: file not found (looked for {path})") from None
    except NotReadableError as exc:
        raise CatalogError(f"{file_label}: {exc}") from None
    except OSError as exc:
        raise CatalogError(f"{file_label}: cannot be read ({exc.strerror or exc})") from None
    except NotTextError as exc:  # said as a plan file's is (`plan.files`)
        raise CatalogError(f"{file_label}: {exc}") from None
    if not text.strip():
        raise CatalogError(f"{file_label}: the file is empty; it should hold a JSON object")
    try:
        return loads(text, finite=finite)
    except StrictJsonError as exc:
        place = f" at {exc.where}" if exc.where else ""
        if exc.syntax:
            words = json_syntax_words(exc.reason, "the file")
            raise CatalogError(f"{file_label}: not valid JSON{place}: {words}") from None
        raise CatalogError(f"{file_label}: refused: {exc.reason}{place}") from None


def entries_list(data: Any, file_label: str) -> list[Any]:
    """Check the ``{"entries": [...]}`` shape and return the list."""
    entries = data.get("entries") if isinstance(data, dict) else None
    if entries is not None and not isinstance(entries, list):
        shown = excerpt(json.dumps(entries), 40)
        raise CatalogError(f'{file_label}: "entries" must be a list [...], got {shown}')
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise CatalogError(
            f'{file_label}: must be a JSON object with an "entries" list, '
            f"got {json_kind(data)}"
            + (f" with keys {sorted(data)}" if isinstance(data, dict) else "")
        )
    unknown = sorted(set(data) - {"entries"} - _TOP_LEVEL_EXTRAS)
    if unknown:
        raise CatalogError(f'{file_label}: unknown top-level keys {unknown}; only "entries"')
    return list(data["entries"])


def validate_entries(
    raw_entries: list[Any], model: type[M], file_label: str, origin: Origin, start: int = 0
) -> list[Located[M]]:
    """Validate every entry, refusing duplicate ids and a hand-written ``origin``; the first
    is entry ``start`` of its file."""
    located: list[Located[M]] = []
    first_index: dict[str, int] = {}
    for index, raw in enumerate(raw_entries, start):
        if not isinstance(raw, dict):
            raise CatalogError(
                f"{entry_label(file_label, index, None)}: must be a JSON object, "
                f"got {json_kind(raw)}"
            )
        prefix = entry_label(file_label, index, raw.get("id"))
        if "origin" in raw:
            raise CatalogError(f"{prefix}: field origin: is set by the loader; remove it")
        try:
            entry = model.model_validate({**raw, "origin": origin})
        except ValidationError as exc:
            raise CatalogError(describe_validation_error(prefix, exc)) from None
        entry_id = entry.id
        if entry_id in first_index:
            raise CatalogError(
                f'{prefix}: duplicate id "{entry_id}" {first_used(first_index[entry_id])}'
            )
        first_index[entry_id] = index
        located.append(Located(entry, file_label, index))
    return located
