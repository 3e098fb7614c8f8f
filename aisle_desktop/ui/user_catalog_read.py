"""The user's own catalog folder, read once the window is up, off its thread.

Start-up read the folder before any window existed: a folder on a share that stopped answering
showed nothing, no window and no dialog, until it answered (5 s held: the window came at
7.5 s; a hard-mounted share that never answers: never). Now the window is built at once on the
shipped catalog (or `--catalog`'s, read as before: its problems still end start-up with exit
status 2) and a `UserCatalogRead` reads the shipped folder again with the user's entries merged
in, on a daemon thread that makes no Qt call: a read that never returns does not keep Aisle
running once the window is closed.

While the drive is silent past `QUIET_WAIT_MS` the window says it is reading the folder, and
a plan that names one of its entries waits for it (`waiting_line`). When the read ends, the
merged catalog and what was left out of it are handed over as soon as no dialog is open, as
the recovery files are: the window then sizes against it (`PlanDocument.set_machine`, as after
an import: the scenario under edit and its undo stay), says what was left out, and opens the
plan given with `--open`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.ui.background_read import BackgroundRead
from aisle_desktop.ui.notes_panel import at_most
from aisle_desktop.ui.off_thread import QUIET_WAIT_MS

# Reads the catalog with the user's entries merged in: the catalog, and each entry left out.
CatalogReader = Callable[[], tuple[Catalog, list[str]]]

CATALOG_LEFT_OUT_TITLE = "Entries of your own catalog left out"
CATALOG_NOT_READ_TITLE = "Your own catalog not read"


def catalog_left_out_text(left_out: Sequence[str]) -> str:
    """The dialog's text: each problem, what was done, how to bring them back."""
    return (
        "Aisle opened with the shipped catalog and every valid entry of your own, but left "
        "out these:\n\n"
        + "\n\n".join(f"• {line}" for line in at_most(left_out, 10, " (see the Notes tab)"))
        + "\n\nFix the file and restart Aisle to use them. The same list is in the Notes tab."
    )


def reading_words(folder: Path, held: Path | None) -> tuple[str, str]:
    """The status bar's word while the drive holds the folder, and its tooltip's whole; `held`:
    the plan given with `--open`, waiting for it."""
    line = f"Reading your own catalog ({folder})… the shipped catalog meanwhile"
    tip = (
        f"The drive holding your own catalog folder {folder} has not answered yet. Aisle opened "
        "with the shipped catalog; your entries join when the drive answers, and a plan naming "
        "one of them waits for it. You can work meanwhile: nothing you type is lost."
    )
    if held is None:
        return line, tip
    return (
        f"{line}; {held.name} opens once it is read",
        f"{tip}\n\nThe plan {held} opens once your catalog is read: it may name its entries.",
    )


def not_opened_text(held: Path) -> str:
    """The plan given with `--open` was not opened over one the planner opened meanwhile."""
    return (
        f"Did not open {held}: you opened another plan while your own catalog was read. "
        "Open it with File > Open… if you want it."
    )


def waiting_line(folder: Path, entries: int = 1) -> str:
    """Why a scenario naming ids not yet read is not sized: not an error, a wait."""
    which = "it" if entries == 1 else "them"
    return f"waiting for your own catalog ({folder}) to be read, which may hold {which}"


def read_failed_text(err: CatalogError) -> str:
    """The shipped folder, read again with the user's, failed (it changed since start-up)."""
    return f"Could not read your own catalog: {err}. Aisle goes on with the shipped catalog."


class UserCatalogRead(QObject):
    """One read of the catalog with the user's folder merged in.

    Signals:
        read(object, list): the merged `Catalog` and the entries left out of it, once the read
            has ended and no dialog is open.
        failed(str): the read raised a `CatalogError`: what, and that the shipped catalog stays.
        waiting(): the drive has held the folder past `QUIET_WAIT_MS` (said once).
    """

    read = Signal(object, list)
    failed = Signal(str)
    waiting = Signal()

    def __init__(self, reader: CatalogReader, folder: Path, parent: QObject) -> None:
        super().__init__(parent)
        self.folder = folder
        self._since_s = 0.0
        self._said_waiting = False
        self._read = BackgroundRead(reader, "aisle-catalog-read", self._held, self._hand_over, self)

    def start(self) -> None:
        self._since_s = time.monotonic()
        self._read.start()

    def pending(self) -> bool:
        """True until the outcome is handed over (or dropped by `stop`)."""
        return self._read.pending()

    def stop(self) -> None:
        """The window closes, or an import read the folder since: what this read finds, if it
        ever ends, is dropped."""
        self._read.stop()

    def _held(self) -> None:
        held_ms = (time.monotonic() - self._since_s) * 1000
        if not self._said_waiting and held_ms >= QUIET_WAIT_MS:
            self._said_waiting = True
            self.waiting.emit()

    def _hand_over(self, succeeded: bool, value: Any) -> None:
        if succeeded:
            catalog, left_out = value
            self.read.emit(catalog, list(left_out))
            return
        if not isinstance(value, CatalogError):
            raise value  # a fault of Aisle's, raised where the window reports its faults
        self.failed.emit(read_failed_text(value))
