"""Work on a file a planner chose, run off the GUI thread while the window stays drawn.

Import Model Config read, checked and imported the chosen config on the GUI thread, four
times over: a 19 MB config froze the window for over 10 s, and a file on a stalled network
drive for as long as the drive took. Here the work runs on a plain Python thread (no Qt object
is made or freed there: the window's `GuiThreadCollector` keeps garbage collection on the GUI
thread) while the GUI thread waits in a dialog's event loop, drawing and answering. Work that
ends within `QUIET_WAIT_MS` shows no dialog at all; longer, a dialog says what is being done,
with Cancel where dropping the work is safe (a read: its outcome, when it comes, is ignored).

Saving a plan and the exports wrote on the GUI thread: a save to a USB stick or a network share
that stalled froze the window mid-save. A write (`write_off_thread`) runs the same way, and its
Cancel is honoured until the new file starts to replace the old (`plan.atomic.WriteCancel`):
the temporary file is then dropped and the old file never touched. Pressed later, Cancel says
it is too late and the dialog waits for the write to end, so the planner is never told a file
was left alone when it was replaced.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from aisle_desktop.plan.atomic import WriteCancel, WriteStoppedError
from aisle_desktop.ui.plain_text import plain_label

T = TypeVar("T")

# Work done within this long is waited for without a dialog (a config of a few kB reads in a
# millisecond): a dialog flashed for every import reads as a glitch.
QUIET_WAIT_MS = 250
# How often the dialog looks for the outcome.
POLL_MS = 20
# What a write's dialog adds when Cancel comes once the old file is being replaced.
TOO_LATE = "Too late to cancel: the new file is replacing the old one. Waiting for the drive…"


class WorkCancelledError(Exception):
    """The planner pressed Cancel; the work's outcome, if it ever comes, is dropped."""


class WaitDialog(QDialog):
    """What is being done, a busy bar, and Cancel when the work may be dropped: `may_cancel`
    says whether it still may (True: the dialog closes, cancelled). Without Cancel, Escape and
    the window's close button do nothing: the work is writing."""

    def __init__(self, parent: QWidget, doing: str, may_cancel: Callable[[], bool] | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Please wait")
        self._may_cancel = may_cancel
        self.doing = plain_label(doing)
        self.doing.setWordWrap(True)
        busy = QProgressBar()
        busy.setRange(0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.doing)
        layout.addWidget(busy)
        self._buttons: QDialogButtonBox | None = None
        if may_cancel is not None:
            self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
            self._buttons.rejected.connect(self.reject)
            layout.addWidget(self._buttons)
        self.setMinimumWidth(420)

    def reject(self) -> None:
        if self._may_cancel is None:
            return
        if self._may_cancel():
            super().reject()
            return
        self._may_cancel = None  # too late: say so, and wait for the outcome
        self.doing.setText(f"{self.doing.text()}\n{TOO_LATE}")
        if self._buttons is not None:
            self._buttons.hide()


def run_off_thread(parent: QWidget, doing: str, work: Callable[[], T], *, cancellable: bool) -> T:
    """What ``work`` returns, run on a thread of its own; what it raised is raised here.

    ``work`` must touch no Qt object. Raises WorkCancelledError when the planner cancels
    (``cancellable`` only)."""
    return _run(parent, doing, work, (lambda: True) if cancellable else None)


def write_off_thread(parent: QWidget, doing: str, write: Callable[[WriteCancel], T]) -> T:
    """What ``write`` returns, run on a thread of its own, given the `WriteCancel` it must pass
    on to its `replace_atomically`; WorkCancelledError when the planner's Cancel came before
    the file was being replaced (it then never is)."""
    cancel = WriteCancel()
    try:
        return _run(parent, doing, lambda: write(cancel), cancel.cancel)
    except WriteStoppedError:  # cancelled as the write ended, before the dialog closed
        raise WorkCancelledError from None


def _run(
    parent: QWidget, doing: str, work: Callable[[], T], may_cancel: Callable[[], bool] | None
) -> T:
    outcome: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

    def run() -> None:
        try:
            outcome.put((True, work()))
        except Exception as err:  # raised again on the GUI thread, by the caller's own rules
            outcome.put((False, err))

    threading.Thread(target=run, name="aisle-file-work", daemon=True).start()
    try:
        succeeded, value = outcome.get(timeout=QUIET_WAIT_MS / 1000)
    except queue.Empty:
        succeeded, value = _waited(parent, doing, outcome, may_cancel)
    if not succeeded:
        raise value
    return value  # type: ignore[no-any-return]


def _waited(
    parent: QWidget,
    doing: str,
    outcome: queue.Queue[tuple[bool, Any]],
    may_cancel: Callable[[], bool] | None,
) -> tuple[bool, Any]:
    """The outcome, waited for in a dialog that keeps the window drawn; WorkCancelledError."""
    dialog = WaitDialog(parent, doing, may_cancel)
    came: list[tuple[bool, Any]] = []

    def look() -> None:
        try:
            came.append(outcome.get_nowait())
        except queue.Empty:
            return
        dialog.accept()

    poll = QTimer(dialog)
    poll.setInterval(POLL_MS)
    poll.timeout.connect(look)
    poll.start()
    dialog.exec()
    poll.stop()
    dialog.deleteLater()
    if not came:
        raise WorkCancelledError
    return came[0]
