"""The files in the user's catalog folder that the catalog does not read, named.

A planner who saved their GPU as ``GPUs.json`` or ``gpu.json`` (the catalog reads ``gpus.json``)
saw their entry missing and nothing said why: only the names the loader knows were ever
looked at. Each ``.json`` file of another name is now named with the names read, and the one it
is closest to. Hidden files (a save's temporary copy) and other kinds of file are not catalog
files and are passed over.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from pathlib import Path

# How alike a name must be to one the catalog reads to be offered as what was meant.
CLOSE_NAME_RATIO = 0.75


def unread_files(user_folder: Path, names: Sequence[str]) -> list[str]:
    """A problem for each ``.json`` file of ``user_folder`` not among ``names`` (the files
    the catalog reads), closest name first suggested; none when the folder cannot be listed
    (absent, or not a folder, which the loader names itself)."""
    try:
        listed = sorted(os.listdir(user_folder))
    except OSError:
        return []
    problems = []
    for name in listed:
        if name.startswith(".") or not name.casefold().endswith(".json") or name in names:
            continue
        if name.casefold() in names and os.path.lexists(user_folder / name.casefold()):
            continue  # a folder that ignores case: the file read under its own name
        close = difflib.get_close_matches(name.casefold(), names, n=1, cutoff=CLOSE_NAME_RATIO)
        meant = f"; did you mean {close[0]}?" if close else ""
        problems.append(
            f"{user_folder / name}: is not a file the catalog reads (your own entries go in "
            f"{', '.join(names)}){meant}"
        )
    return problems
