"""A read run on a daemon thread while the window stays usable, handed over when no dialog is open.

The recovery files (`RecoveryRead`) and the user's own catalog folder (`UserCatalogRead`) are
read this way at start-up: a drive that does not answer must neither hold the window back nor
keep Aisle running once it is closed, so the thread is a daemon and makes no Qt call. The
window's thread looks for the outcome every `POLL_MS`, and hands it over only when no modal
dialog is open: anything the outcome pops up over a Save As dialog would run inside that
dialog's event loop. Unlike `off_thread.run_off_thread`, nobody waits for it in a dialog.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from aisle_desktop.ui.off_thread import POLL_MS


class BackgroundRead(QObject):
    """Runs `work` once on a daemon thread named `name`. Each look that finds no outcome yet
    calls `still_reading`; the outcome goes to `ended(succeeded, value)` (value: what `work`
    returned, or what it raised), on the window's thread, from the poll's own call, so an
    error raised again there reaches the window's fault report as before."""

    def __init__(
        self,
        work: Callable[[], Any],
        name: str,
        still_reading: Callable[[], None],
        ended: Callable[[bool, Any], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._name = name
        self._still_reading = still_reading
        self._ended = ended
        self._outcome: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)
        self._came: list[tuple[bool, Any]] = []
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._look)

    def start(self) -> None:
        threading.Thread(target=self._run, name=self._name, daemon=True).start()
        self._poll.start()

    def pending(self) -> bool:
        """True until the outcome is handed over (or dropped by `stop`)."""
        return self._poll.isActive()

    def stop(self) -> None:
        """What the read finds, if it ever ends, is dropped."""
        self._poll.stop()

    def _run(self) -> None:
        try:
            self._outcome.put((True, self._work()))
        except Exception as err:  # said, or raised again, on the window's thread
            self._outcome.put((False, err))

    def _look(self) -> None:
        if not self._came:
            try:
                self._came.append(self._outcome.get_nowait())
            except queue.Empty:
                self._still_reading()
                return
        if QApplication.activeModalWidget() is not None:
            return  # handed over once the planner has closed the dialog
        self._poll.stop()
        self._ended(*self._came[0])
