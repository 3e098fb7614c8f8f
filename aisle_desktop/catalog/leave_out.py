"""A user's own catalog entries read one by one, so a bad one is left out, not fatal.

The command line refuses a catalog with a bad entry (exit 2, one line naming it); the window
must still open for a planner who started it from a desktop icon and never sees a terminal.
There every problem is described in a list the window shows, and the entry is left out: the
shipped catalog and every valid entry of the user's still load.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from aisle_desktop.catalog.errors import CatalogError
from aisle_desktop.catalog.reading import (
    Located,
    entries_list,
    entry_label,
    first_used,
    read_json,
    validate_entries,
)
from aisle_desktop.catalog.schema_common import Entry
from aisle_desktop.catalog.xref import EntryReferenceError, check_cross_references

M = TypeVar("M", bound=Entry)

ENTRY_LEFT_OUT = "this entry was left out"
FILE_LEFT_OUT = "the whole file was left out"
ALL_LEFT_OUT = "your own entries were all left out"
# Where a copy of the shipped file is not what a file of the user's of that name holds: a
# planner who copied prices.json to set their electricity price was told only its shape.
OWN_FILE_SHAPES = {
    "prices.json": 'your own prices.json holds hosted API prices only, as {"entries": [...]}; '
    "electricity, colocation and server prices and PUE are each plan's own, under Costs",
}


def valid_user_entries(
    folder: Path, name: str, model: type[M], left_out: list[str]
) -> list[Located[M]]:
    """The valid entries of one user file; each problem appended to ``left_out``."""
    label = str(folder / name)
    try:
        data = read_json(folder / name, label)
    except CatalogError as err:
        left_out.append(f"{err}; {FILE_LEFT_OUT}")
        return []
    try:
        raw_entries = entries_list(data, label)
    except CatalogError as err:
        shape = f" ({OWN_FILE_SHAPES[name]})" if name in OWN_FILE_SHAPES else ""
        left_out.append(f"{err}{shape}; {FILE_LEFT_OUT}")
        return []
    kept: list[Located[M]] = []
    first_index: dict[str, int] = {}
    for index, raw in enumerate(raw_entries):
        try:
            (item,) = validate_entries([raw], model, label, "user", start=index)
        except CatalogError as err:
            left_out.append(f"{err}; {ENTRY_LEFT_OUT}")
            continue
        entry_id = item.entry.id
        if entry_id in first_index:
            left_out.append(
                f'{entry_label(label, index, entry_id)}: duplicate id "{entry_id}" '
                f"{first_used(first_index[entry_id])}; {ENTRY_LEFT_OUT}"
            )
            continue
        first_index[entry_id] = index
        kept.append(item)
    return kept


def _without(
    tables: dict[str, dict[str, Located[Any]]],
    shipped: dict[str, dict[str, Located[Any]]],
    item: Located[Any],
) -> None:
    """Take a user entry out of the merged tables; the shipped entry it replaced comes back."""
    for key, table in tables.items():
        entry_id = item.entry.id
        if table.get(entry_id) is item:
            if entry_id in shipped[key]:
                table[entry_id] = shipped[key][entry_id]
            else:
                del table[entry_id]


def check_leaving_out(
    tables: dict[str, dict[str, Located[Any]]],
    shipped: dict[str, dict[str, Located[Any]]],
    left_out: list[str],
) -> None:
    """Cross-check the merged tables, leaving out each user entry that names an id the catalog
    lacks; a reference broken elsewhere (a user's server replacing one a shipped GPU lists)
    leaves out all the user's entries. The shipped catalog alone must pass."""
    while True:
        try:
            check_cross_references(tables)
            return
        except EntryReferenceError as err:
            if err.item.entry.origin != "user":
                left_out.append(f"{err}; {ALL_LEFT_OUT}")
                break
            left_out.append(f"{err}; {ENTRY_LEFT_OUT}")
            _without(tables, shipped, err.item)
    for key in tables:
        tables[key] = dict(shipped[key])
    check_cross_references(tables)
