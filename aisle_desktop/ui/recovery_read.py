"""Reading the recovery files left behind by an earlier session, off the window's thread.

Start-up read them on the window's thread before it offered them: a recovery folder on a share
that did not answer hung the window before it was shown. A `RecoveryRead` reads them on a
thread of its own while the window is up and usable. The thread is a daemon and touches no Qt
object: a read that never returns does not keep Aisle running once the window is closed.

When the drive holds a file (or the folder's listing) longer than `STALL_NOTICE_MS`, it says
which, and that the window can be used meanwhile. When the read ends, it hands over what it
found (or says why the folder could not be read) as soon as no other dialog is open: an offer
popped up over a Save As dialog would run inside that dialog's event loop.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from aisle_desktop.plan import PlanFileError, RecoveryStore
from aisle_desktop.plan.recovery_words import read_failed_text, read_stalled_text
from aisle_desktop.ui.background_read import BackgroundRead

# A local folder is read in milliseconds; a drive silent this long has stalled.
STALL_NOTICE_MS = 3_000


class RecoveryRead(QObject):
    """One read of the recovery folder.

    Signals:
        found(list): the `RecoveryEntry`s left behind (empty if none or unreadable), once the
            read has ended and no dialog is open.
        failed(str): the folder could not be read, what and why.
        waiting(str): the drive has held a file or the folder past `STALL_NOTICE_MS`.
    """

    found = Signal(list)
    failed = Signal(str)
    waiting = Signal(str)

    def __init__(self, store: RecoveryStore, parent: QObject) -> None:
        super().__init__(parent)
        self._store = store
        self._reading: Path | None = None  # set on the read's thread, looked at on the window's
        self._stalled_on: Path | None = None
        self._since_s = 0.0
        self._read = BackgroundRead(
            lambda: store.entries(self._note),
            "aisle-recovery-read",
            self._say_stalled,
            self._hand_over,
            self,
        )

    def start(self) -> None:
        self._since_s = time.monotonic()
        self._read.start()

    def stop(self) -> None:
        """The window closes: what the read finds, if it ever ends, is dropped."""
        self._read.stop()

    def _note(self, path: Path) -> None:
        self._since_s = time.monotonic()
        self._reading = path

    def _hand_over(self, succeeded: bool, value: Any) -> None:
        if succeeded:
            self.found.emit(value)
            return
        if not isinstance(value, PlanFileError):
            raise value  # a fault of Aisle's, raised where the window reports its faults
        self.failed.emit(read_failed_text(value))
        self.found.emit([])

    def _say_stalled(self) -> None:
        reading = self._reading
        waited_s = time.monotonic() - self._since_s
        if reading is None or reading == self._stalled_on or waited_s * 1000 < STALL_NOTICE_MS:
            return
        self._stalled_on = reading
        self.waiting.emit(read_stalled_text(reading, self._store.folder, waited_s))
