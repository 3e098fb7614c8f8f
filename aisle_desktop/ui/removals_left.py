"""Recovery files whose removal a closing window could not wait for, done at the next start.

A clean save or a discard asks for its recovery file's removal through the `WriteQueue`, after
any recovery write asked for before it. Closing the window waits a quarter of a second for the
drive, then Aisle ends: a removal still queued behind a write the drive held was lost, and the
next start offered work the planner had already saved or discarded. The window now records
those removals in its settings as it closes (the settings are written as it closes anyway,
so the record adds no wait of its own), and the next start removes those files instead of
offering them (`Autosaver.offer`), and says so.

The record is JSON text, not a QSettings list: an INI file gives a list of one back as a
string.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "recovery/removals_left"


def record_removals_left(settings: QSettings, paths: Sequence[Path]) -> None:
    """Keep ``paths`` for the next start (none: forget any kept before)."""
    if paths:
        settings.setValue(KEY, json.dumps([str(path) for path in paths]))
    else:
        settings.remove(KEY)


def take_removals_left(settings: QSettings) -> list[Path]:
    """The recovery files the last session could not remove, forgotten from the settings (a
    removal that stalls again is recorded again as this window closes). Anything that is not a
    list of names, edited by hand, is read as none: nothing is removed on its word."""
    said = settings.value(KEY)
    settings.remove(KEY)
    try:
        names = json.loads(said) if isinstance(said, str) else None
    except ValueError:
        return []
    if not isinstance(names, list):
        return []
    return [Path(name) for name in names if isinstance(name, str) and name and "\0" not in name]
