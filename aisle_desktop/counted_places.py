"""Places in a file as a person counts them: the first entry is entry 1, the first item of a
list item 1.

A catalog file's problems named its first entry "entry 0" and its first source "sources.0",
while a plan file's counted scenarios and entries from 1 ("scenario 1", "gpus entry 1"): a
planner editing both by hand met two rules. Every message now counts as a person does.
"""

from __future__ import annotations

from collections.abc import Sequence


def counted(index: int) -> int:
    """The number a person gives the item at `index` (counted from 0): 0 -> 1."""
    return index + 1


def field_path(loc: Sequence[str | int]) -> str:
    """A field's place in an entry, its list items counted from 1: `interconnect.kind`,
    `sources item 1`, `releases item 2, settings.max_num_seqs` (pydantic's place is
    ("releases", 1, "settings", "max_num_seqs"))."""
    words, after_item = "", False
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            words += f" item {counted(part)}"
            after_item = True
            continue
        joint = ", " if after_item else "."
        words = f"{words}{joint}{part}" if words else str(part)
        after_item = False
    return words.strip()
