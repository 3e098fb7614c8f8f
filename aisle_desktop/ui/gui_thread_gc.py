"""Python's cyclic garbage collector, run on the GUI thread only while a sizing thread lives.

Why: an automatic collection runs in whichever thread happens to allocate. When the sizing
thread triggers one, it can free a reference cycle that holds Qt wrappers (a closed window,
a dialog, pyqtgraph items); their C++ destructors then run on the sizing thread and take Qt
locks that the GUI thread may hold while it waits for the interpreter lock, which the sizing
thread holds. Both threads hang. This was seen about once in fifteen test runs, with a QThread
worker and with a plain Python thread alike. Collecting only on the GUI thread, from a timer,
keeps every Qt destructor on the thread that owns it.

The collector is process-wide, so suspensions are counted: automatic collection comes back
when the last window that suspended it closes.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

COLLECT_INTERVAL_MS = 200


class _AutomaticCollection:
    """How many collectors hold automatic collection off, and whether it was on before."""

    holders = 0
    was_enabled = False


def generation_due(counts: tuple[int, int, int], thresholds: tuple[int, int, int]) -> int | None:
    """The oldest generation the automatic collector would collect now, or None.

    The same rule as CPython's: generation g is due once its count exceeds its threshold
    (for g > 0 the count is collections of the younger generation since its last one).
    """
    for generation in (2, 1, 0):
        if thresholds[generation] and counts[generation] > thresholds[generation]:
            return generation
    return None


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects from a GUI-thread timer until `stop`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if _AutomaticCollection.holders == 0:
            _AutomaticCollection.was_enabled = gc.isenabled()
            gc.disable()
        _AutomaticCollection.holders += 1
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setInterval(COLLECT_INTERVAL_MS)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> None:
        generation = generation_due(gc.get_count(), gc.get_threshold())
        if generation is not None:
            gc.collect(generation)

    def stop(self) -> None:
        """Hand collection back (to the automatic collector once no one else holds it)."""
        if self._stopped:
            return
        self._stopped = True
        self._timer.stop()
        _AutomaticCollection.holders -= 1
        if _AutomaticCollection.holders == 0 and _AutomaticCollection.was_enabled:
            gc.enable()
