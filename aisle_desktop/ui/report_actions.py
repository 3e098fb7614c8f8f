"""File > Export PDF, Print and Print Preview: the plan summary from the report package.

The report is built from the plan as it would be saved, sized against the machine's catalog
(plus the plan's own entries), so paper shows exactly what the window shows. Building it sizes
every scenario and simulates its tail latencies, on the sizing thread; its pages are laid out
and drawn on a thread of their own (`report_pages.PageWork`). A plan of 20 scenarios takes
some 6 s of CPU to export (90 pages) and 20 s to print or preview (README "Speed"): a progress
dialog says what is being done (sizing scenario 3 of 20, laying out the pages, drawing page 12
of 90) and its Stop ends the work, nothing written, while the window stays responsive. Print
Preview lays its pages out there too, with the same progress and Stop, and only draws them on
the GUI thread, where Qt's preview dialog asks for them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QProgressDialog, QWidget

from aisle_desktop.report import (
    SIZING_SHARE,
    LaidOutReport,
    Report,
    Step,
    draw_pages,
    holds_something_else,
    lay_out_report,
    output_refusal,
    page_layout,
    render_report,
    write_report_pdf,
)
from aisle_desktop.ui.document import PlanDocument
from aisle_desktop.ui.plain_text import Button, ask, inform, warn
from aisle_desktop.ui.report_pages import (
    STOP_TIMEOUT_S,
    Made,
    Outcome,
    PageWork,
    laid_out_for_preview,
)
from aisle_desktop.ui.worker import SizingService

# What a report's pages work makes: a page count, or pages laid out for a preview.
M = TypeVar("M", bound=Made)

TITLE = "Plan summary"
BAR_STEPS = 1000  # the progress bar's
# A report done sooner than this never flashes a dialog.
SHOWN_AFTER_MS = 500


def local_page_size() -> str:
    """Letter where the locale measures in inches (US), A4 everywhere else."""
    us = QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "Letter" if us else "A4"


class ReportActions(QObject):
    """The three report actions of the File menu, for one window.

    Signals:
        progressed(str, float): what the report's work is doing and the share done, as the
            progress dialog says it.
        done(): an action has ended: written, printed, previewed, refused or stopped.
    """

    progressed = Signal(str, float)
    done = Signal()

    def __init__(self, parent: QWidget, document: PlanDocument, service: SizingService) -> None:
        super().__init__(parent)
        self._parent = parent
        self._document = document
        self._service = service
        self._waiting: tuple[int, Callable[[Report], object]] | None = None
        self._stop_sizing: threading.Event | None = None
        self._pages: PageWork | None = None
        self._stopped: list[PageWork] = []  # joined when the window closes
        self.progress: QProgressDialog | None = None
        service.report_progress.connect(self._on_progress)
        service.report_built.connect(self._on_built)
        self.export_pdf = QAction("&Export PDF…", self, shortcut=QKeySequence("Ctrl+E"))
        self.export_pdf.triggered.connect(self._export)
        self.print_plan = QAction(
            "&Print…", self, shortcut=QKeySequence(QKeySequence.StandardKey.Print)
        )
        self.print_plan.triggered.connect(self._print)
        self.preview = QAction("Print Pre&view…", self)
        self.preview.triggered.connect(self._preview)

    @property
    def actions(self) -> list[QAction]:
        return [self.export_pdf, self.print_plan, self.preview]

    def shutdown(self) -> None:
        """Stop any pages being drawn and wait for their thread (the window is closing)."""
        if self._pages is not None:
            self._stopped.append(self._pages)
        for work in self._stopped:
            work.stop(STOP_TIMEOUT_S)

    def _with_report(self, then: Callable[[Report], object]) -> None:
        """Have the plan's report built off the GUI thread, then hand it to `then`."""
        document = self._document
        plan = document.plan()
        self._stop_sizing = threading.Event()
        number = self._service.request_report(
            self._document.machine, plan, plan.title(document.display_name()), self._stop_sizing
        )
        self._waiting = (number, then)
        for action in self.actions:
            action.setEnabled(False)
        self.progress = self._progress_dialog()

    def _progress_dialog(self) -> QProgressDialog:
        dialog = QProgressDialog("Sizing the scenarios…", "Stop", 0, BAR_STEPS, self._parent)
        dialog.setWindowTitle(TITLE)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(SHOWN_AFTER_MS)
        dialog.setMinimumWidth(360)
        dialog.canceled.connect(self._stop)
        dialog.setValue(0)
        return dialog

    def _say(self, doing: str, share: float) -> None:
        if self.progress is not None:
            self.progress.setLabelText(f"{doing}…")
            self.progress.setValue(round(BAR_STEPS * share))
            self.progressed.emit(doing, share)

    def _on_progress(self, number: int, doing: str, share: float) -> None:
        if self._waiting is not None and self._waiting[0] == number:
            self._say(doing, SIZING_SHARE * share)

    def _on_built(self, number: int, built: Report | str) -> None:
        if self._waiting is None or self._waiting[0] != number:
            return  # stopped meanwhile
        then = self._waiting[1]
        self._waiting = None
        self._stop_sizing = None
        if isinstance(built, str):
            self._finish()
            warn(self._parent, TITLE, built)
            self.done.emit()
            return
        then(built)

    def _draw_pages(
        self,
        work: Callable[[Step], M],
        then: Callable[[M | str], None],
        *,
        lives_on: bool = False,
    ) -> None:
        """Lay out and draw the pages on their own thread, then hand the outcome to `then`
        (with `lives_on`, the thread ends only once `then` has returned: see `PageWork`)."""
        pages = PageWork(work, self, lives_on=lives_on)
        pages.progressed.connect(
            lambda doing, share: self._say(doing, SIZING_SHARE + (1 - SIZING_SHARE) * share)
        )
        pages.finished.connect(lambda outcome: self._pages_done(pages, outcome, then))
        self._pages = pages
        pages.start()

    def _pages_done(
        self, pages: PageWork, outcome: M | str, then: Callable[[M | str], None]
    ) -> None:
        self._pages = None
        self._finish()
        then(outcome)
        pages.release()
        self.done.emit()

    def _stop(self) -> None:
        """The planner's Stop: the sizing or the pages end at their next step, nothing
        written, and the actions are back."""
        if self._stop_sizing is not None:
            self._stop_sizing.set()
        self._waiting = None
        self._stop_sizing = None
        if self._pages is not None:
            self._pages.stop()
            self._stopped.append(self._pages)
            self._pages = None
        self._finish()
        self.done.emit()

    def _finish(self) -> None:
        """The progress dialog closed (without a Stop: closing one says cancel), the actions
        back."""
        dialog, self.progress = self.progress, None
        if dialog is not None:
            dialog.canceled.disconnect(self._stop)
            dialog.close()
            dialog.deleteLater()
        for action in self.actions:
            action.setEnabled(True)

    def _printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(local_page_size()))
        return printer

    def _export(self) -> None:
        base = self._document.path.with_suffix(".pdf") if self._document.path else Path("plan.pdf")
        chosen, _ = QFileDialog.getSaveFileName(
            self._parent, "Export PDF plan summary", str(base), "PDF (*.pdf)"
        )
        if chosen and self._may_write(Path(chosen)):
            self._with_report(lambda report: self._write(report, Path(chosen)))
        else:
            self.done.emit()

    def _may_write(self, path: Path) -> bool:
        """Never over the open plan, another plan or a catalog file; over a file that is not a
        PDF only if the user agrees."""
        refusal = output_refusal(path, self._document.path, self._document.machine.files)
        if refusal is not None:
            warn(self._parent, "Export PDF", refusal)
            return False
        if not holds_something_else(path):
            return True
        answer = ask(
            self._parent,
            "Export PDF",
            f"{path} exists and is not a PDF. Replace it with the plan summary?",
            Button.Yes | Button.Cancel,
            Button.Cancel,
        )
        return answer == Button.Yes

    def _write(self, report: Report, path: Path) -> None:
        size = local_page_size()

        def written(outcome: Outcome) -> None:
            if isinstance(outcome, str):
                warn(self._parent, "Export PDF", outcome)
            else:
                inform(self._parent, "Export PDF", f"Wrote {outcome} pages to {path}.")

        self._draw_pages(lambda step: write_report_pdf(report, path, size, step), written)

    def _print(self) -> None:
        printer = self._printer()
        if QPrintDialog(printer, self._parent).exec() != QDialog.DialogCode.Accepted:
            self.done.emit()
            return

        def printed(outcome: Outcome) -> None:
            if isinstance(outcome, str):
                warn(self._parent, "Print", outcome)

        self._with_report(
            lambda report: self._draw_pages(
                lambda step: render_report(printer, report, step), printed
            )
        )

    def _preview(self) -> None:
        # The dialog does not own the printer it is given: a temporary QPrinter was freed by
        # Python as soon as the dialog was built, and the preview painted on freed memory
        # (a segmentation fault in exec). The printer lives as long as the preview's calls.
        printer = self._printer()
        gui = self.thread()
        self._with_report(
            lambda report: self._draw_pages(
                laid_out_for_preview(printer, report, gui),
                lambda outcome: self._show_preview(printer, outcome),
                lives_on=True,
            )
        )

    def _show_preview(self, printer: QPrinter, outcome: LaidOutReport | str) -> None:
        if isinstance(outcome, str):
            warn(self._parent, "Print Preview", outcome)
            return
        pages = PreviewPages(outcome)
        dialog = QPrintPreviewDialog(printer, self._parent)
        dialog.paintRequested.connect(pages.draw)
        dialog.resize(900, 1000)
        dialog.exec()
        dialog.deleteLater()


class PreviewPages:
    """The pages Print Preview draws: laid out on the pages thread for the printer as set,
    and laid out again here, on the GUI thread, only when the planner changes the page
    set-up in the preview."""

    def __init__(self, laid: LaidOutReport) -> None:
        self.laid = laid

    def draw(self, target: QPrinter) -> None:
        if not self.laid.suits(target):
            self.laid = lay_out_report(target, self.laid.report)
        draw_pages(target, self.laid)
