"""A report's pages laid out and drawn off the GUI thread, with progress and a way to stop.

Laying out a plan of 20 scenarios (87 pages) and mending its page breaks took some 40 s of the
GUI thread: the window froze under a busy cursor, with no way to stop it. Qt lays out and
paints a QTextDocument on a QPdfWriter or a QPrinter in any thread (the document, fonts and a
painter on those devices are reentrant), so the work runs on a thread of its own: a QThread,
whose event dispatcher the document's layout timers need (on a plain Python thread Qt said
"QBasicTimer::start: current thread's event dispatcher has already been destroyed" a few
times a report). As with the sizing thread, no signal crosses threads: what the work says
comes back on a queue that a GUI-thread timer drains, and Stop sets an event the work looks
at between page-break mends and pages. Every Qt object of the work is made and freed on that
thread, within the one call: what comes back is plain (a page count, or Print Preview's PDF as
bytes), so the thread ends with the work.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from aisle_desktop.report import (
    FontError,
    ReportStoppedError,
    ReportWriteError,
    Step,
    load_fonts,
)
from aisle_desktop.worker import internal_error_message

log = logging.getLogger(__name__)

# How often the GUI thread looks for what the work said: a progress bar moved ten times a
# second reads as smooth and costs nothing.
POLL_MS = 100
# How long closing the window waits for the work to stop at its next page or mend.
STOP_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class PdfMade:
    """A PDF drawn in memory and its page count: Export PDF's, written once the pages are
    drawn (off the GUI thread too, with its own Cancel)."""

    data: bytes
    pages: int


# What the work makes: the pages printed (their count), the PDF a preview shows, or the PDF
# an export writes.
Made = int | bytes | PdfMade
# What the work may end in: what it made, or why it could not be made.
Outcome = Made | str


class PageWork(QObject):
    """One report's pages being laid out and drawn by `work` on a thread of its own.

    Signals:
        progressed(str, float): what the work is doing ("Drawing page 12 of 87") and the
            share done.
        finished(object): what the work made (a page count, or a preview's PDF), or a
            message saying why it could not; never once stopped.
    """

    progressed = Signal(str, float)
    finished = Signal(object)

    def __init__(self, work: Callable[[Step], Made], parent: QObject) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._said: queue.Queue[tuple[str, float] | Outcome | None] = queue.Queue()
        self._thread = _PagesThread(lambda: self._run(work))
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._drain)

    def start(self) -> None:
        load_fonts()  # once, on the GUI thread, as the window's own text
        self._thread.start()
        self._timer.start()

    def stop(self, wait_s: float = 0.0) -> None:
        """End the work at its next page or mend, nothing written; `wait_s` for it to end."""
        self._stop.set()
        self._timer.stop()
        self._thread.wait(round(wait_s * 1000))

    def _step(self, doing: str, share: float) -> None:
        if self._stop.is_set():
            raise ReportStoppedError
        self._said.put((doing, share))

    def _run(self, work: Callable[[Step], Made]) -> None:
        outcome: Outcome | None
        try:
            outcome = work(self._step)
        except ReportStoppedError:
            outcome = None
        except (ReportWriteError, FontError) as err:
            outcome = str(err)
        except Exception as err:  # said to the planner; the window lives on
            log.exception("the report's pages could not be written")
            outcome = internal_error_message(err)
        self._said.put(outcome)

    def _drain(self) -> None:
        """Say every step the work took since the last look, in order, then the outcome.

        Every step rather than the newest: a plan whose pages are all drawn within one look
        (100 ms) would otherwise never show that they were laid out, and a step costs the
        dialog a label and a bar position."""
        while True:
            try:
                said = self._said.get_nowait()
            except queue.Empty:
                return
            if isinstance(said, tuple):
                self.progressed.emit(*said)
                continue
            self._timer.stop()
            self._thread.wait()
            if said is not None:
                self.finished.emit(said)
            return


class _PagesThread(QThread):
    """Runs `work` once, with the event dispatcher a QThread brings."""

    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        self._work()
