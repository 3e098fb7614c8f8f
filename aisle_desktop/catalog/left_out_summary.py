"""What the window's status bar says of the user's catalog entries left out, in one line.

`load_catalog(..., left_out=...)` describes each entry or file it left out in one item, one
problem a line. The status bar said "1 problem" for one model with two bad fields: it counted
the items. This line names what was left out as the planner wrote it (model "my-70b", the
file gpus.json) and counts the problems as the Notes tab lists them, a line each.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath

from aisle_desktop.catalog.leave_out import ALL_LEFT_OUT, FILE_LEFT_OUT
from aisle_desktop.formatting import count

# What an entry of each of the user's files is, in the planner's words.
ENTRY_KINDS = {
    "gpus.json": "GPU",
    "servers.json": "server",
    "models.json": "model",
    "engines.json": "engine",
    "precisions.json": "precision",
    "parts.json": "part",
    "prices.json": "hosted API",
}
# The place `reading.entry_label` starts an entry's problem with: `FILE: entry 3 (id "x")`.
_ENTRY = re.compile(r'^(?P<file>.+?): entry (?P<index>\d+)(?: \(id "(?P<id>.*?)"\))?: ')
# Past this many things left out, they are counted by kind instead of named.
MOST_NAMED = 2


def _thing(problem: str) -> tuple[str, str]:
    """(kind, name) of what one item of the list left out: ("model", 'model "my-70b"'),
    ("file", "the file gpus.json") or ("all", "all your own entries")."""
    if problem.endswith(ALL_LEFT_OUT):
        return "all", "all your own entries"
    entry = _ENTRY.match(problem)
    if entry is not None and not problem.endswith(FILE_LEFT_OUT):
        file_name = PurePath(entry["file"]).name
        kind = ENTRY_KINDS.get(file_name, "entry")
        if entry["id"]:
            return kind, f"{kind} “{entry['id']}”"
        return kind, f"entry {entry['index']} of {file_name}"
    file_part = problem.split(": ", 1)[0]
    return "file", f"the file {PurePath(file_part).name}"


def left_out_line(left_out: Sequence[str]) -> str:
    """The status bar's words: 'Left out of your own catalog: model “my-70b” (2 problems;
    see Notes)'; past MOST_NAMED things, their counts by kind ('3 models, 1 GPU')."""
    things = [_thing(item) for item in left_out]
    problems = sum(len(item.splitlines()) or 1 for item in left_out)
    if len(things) <= MOST_NAMED:
        named = " and ".join(name for _kind, name in things)
    else:
        kinds: dict[str, int] = {}
        for kind, _name in things:
            kinds[kind] = kinds.get(kind, 0) + 1
        named = ", ".join(_counted(n, kind) for kind, n in kinds.items())
    return f"Left out of your own catalog: {named} ({count(problems, 'problem')}; see Notes)"


def _counted(number: int, kind: str) -> str:
    """'3 models', '2 files', '4 entries', 'all your own entries' (said once)."""
    if kind == "all":
        return "all your own entries"
    return count(number, kind, "entries" if kind == "entry" else None)
