"""The GUI thread's work after a result, in slices the event loop interleaves.

A new result updates the headline figures at once; the curves and the table of every figure
follow, one slice per event-loop turn (a zero-interval timer), so the window paints the figures
before it starts on the curves and a keystroke is never held behind all the views at once. On
a busy machine, work done in one go was stretched into the window's longest stalls.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, QTimer, Signal


class UpdateQueue(QObject):
    """Updates run one per event-loop turn, in the order first queued; queuing one under a
    key (the view it updates) already waiting replaces that update in place, so after fast
    typing only the newest result's update runs.

    Signals:
        drained(): every queued update has run.
    """

    drained = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._updates: dict[Hashable, Callable[[], None]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_next)

    def put(self, key: Hashable, update: Callable[[], None]) -> None:
        """Run `update` on a later event-loop turn, instead of any waiting under `key`."""
        self._updates[key] = update
        self._timer.start()

    def is_empty(self) -> bool:
        return not self._updates

    def _run_next(self) -> None:
        key = next(iter(self._updates))
        try:
            self._updates.pop(key)()
        finally:  # a failed update never holds back the others
            if self._updates:
                self._timer.start()
            else:
                self.drained.emit()
