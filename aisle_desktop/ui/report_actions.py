"""File > Export PDF, Print and Print Preview: the plan summary from the report package.

The report is built from the plan as it would be saved, sized against the machine's catalog
(plus the plan's own entries), so paper shows exactly what the window shows. Building it sizes
every scenario and simulates its tail latencies, on the sizing thread; its pages are laid out
and drawn on a thread of their own (`report_pages.PageWork`). A progress dialog says what is
being done (sizing scenario 3 of 20, laying out the pages, drawing page 12 of 90) and its Stop
ends the work, nothing written, while the window stays responsive. The PDF and the comparison
are then written off the GUI thread too (`off_thread.write_off_thread`), with Cancel, so a
stalled drive never freezes the window mid-write.

All three lay the pages out once, at the PDF's 300 dpi, so they show and print the same pages:
Print Preview shows the PDF Export PDF would write (`report_preview.ReportPreview`), and Print
lays the report out at that resolution too (at the printer's 1200 dpi, 20 scenarios took 18 s of
CPU against 3.3 s, and the sections flowed onto other pages than the PDF's).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from aisle_desktop.formatting import count
from aisle_desktop.report import (
    RESOLUTION_DPI,
    SIZING_SHARE,
    Report,
    ReportWriteError,
    Step,
    holds_something_else,
    output_refusal,
    page_layout,
    pdf_bytes,
    render_report,
    write_pdf_file,
)
from aisle_desktop.report.bill_file import holds_other_than_a_comparison
from aisle_desktop.report.comparison_sheet import comparison_tables
from aisle_desktop.report.spreadsheet import ExportError, export_refusal, write_export
from aisle_desktop.ui import file_dialogs
from aisle_desktop.ui.document import PlanDocument
from aisle_desktop.ui.off_thread import WorkCancelledError, run_off_thread, write_off_thread
from aisle_desktop.ui.plain_text import Button, ask, inform, warn
from aisle_desktop.ui.report_pages import STOP_TIMEOUT_S, Made, PageWork, PdfMade
from aisle_desktop.ui.report_preview import ReportPreview
from aisle_desktop.ui.worker import SizingService

# What a report's pages work makes: a page count, a preview's PDF, or an export's PDF.
M = TypeVar("M", bound=Made)

TITLE = "Plan summary"
COMPARISON_TITLE = "Export comparison"
SPREADSHEETS = "Spreadsheet (*.xlsx);;CSV, comma-separated (*.csv)"
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
        done(): an action has ended: written, printed, its preview shown (`preview_shown`),
            refused or stopped.
    """

    progressed = Signal(str, float)
    done = Signal()

    def __init__(
        self,
        parent: QWidget,
        document: PlanDocument,
        service: SizingService,
        folder: Callable[[], Path],
    ) -> None:
        """`folder`: where the save dialogs open (`FileActions.folder`)."""
        super().__init__(parent)
        self._parent = parent
        self._document = document
        self._folder = folder
        self._service = service
        self._waiting: tuple[int, Callable[[Report], object]] | None = None
        self._stop_sizing: threading.Event | None = None
        self._pages: PageWork | None = None
        self._stopped: list[PageWork] = []  # joined when the window closes
        self.progress: QProgressDialog | None = None
        self.preview_shown: ReportPreview | None = None  # the open preview, if any
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
        self.export_comparison = QAction("Export &comparison…", self)
        self.export_comparison.setToolTip(
            "Every scenario's costs and key figures side by side, as XLSX or CSV"
        )
        self.export_comparison.triggered.connect(self._export_comparison)

    @property
    def actions(self) -> list[QAction]:
        return [self.export_pdf, self.print_plan, self.preview, self.export_comparison]

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
            self._document.machine,
            plan,
            # An unnamed plan of several scenarios is called by its file's name without
            # ".aisle", as `aisle-desktop report` calls it (its PDF read "deepseek staff.aisle").
            plan.title(document.path.stem if document.path else document.display_name()),
            self._stop_sizing,
            document.saved_in_format,
        )
        self._waiting = (number, then)
        self._working()

    def _working(self) -> None:
        """The actions off and the progress dialog up, once, for a report being made."""
        if self.progress is None:
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
    ) -> None:
        """Lay out and draw the pages on their own thread, then hand the outcome to `then`."""
        self._working()
        pages = PageWork(work, self)
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

    def _pdf_beside_the_plan(self) -> Path:
        """Where a PDF of the plan goes unless the planner says otherwise: beside its plan
        file, named as it is; an unsaved plan's in the plans' folder."""
        path = self._document.path
        return path.with_suffix(".pdf") if path else self._folder() / "plan.pdf"

    def _export(self) -> None:
        chosen, _ = file_dialogs.save_file_name(
            self._parent,
            "Export PDF plan summary",
            str(self._pdf_beside_the_plan()),
            "PDF (*.pdf)",
        )
        if chosen and self._may_write(Path(chosen)):
            self._with_report(lambda report: self._write(report, Path(chosen)))
        else:
            self.done.emit()

    def _may_write(self, path: Path) -> bool:
        """Never over the open plan, another plan or a catalog file; over a file that is not a
        PDF only if the user agrees."""
        plan_file, files = self._document.path, self._document.machine.files
        try:
            refusal, other = run_off_thread(
                self._parent,
                f"Looking at {path}…",
                lambda: (output_refusal(path, plan_file, files), holds_something_else(path)),
                cancellable=True,
            )
        except WorkCancelledError:
            return False
        if refusal is not None:
            warn(self._parent, "Export PDF", refusal)
            return False
        if not other:
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
        """Draw the PDF in memory with the report's progress and Stop, then write it off the
        GUI thread with Cancel (`_written`)."""
        size = local_page_size()

        def drawn(outcome: PdfMade | str) -> None:
            if isinstance(outcome, str):
                warn(self._parent, "Export PDF", outcome)
            else:
                self._written(outcome, path)

        self._draw_pages(lambda step: PdfMade(*pdf_bytes(report, size, step)), drawn)

    def _written(self, pdf: PdfMade, path: Path) -> None:
        try:
            write_off_thread(
                self._parent,
                f"Writing {path}…",
                lambda cancel: write_pdf_file(pdf.data, path, cancel),
            )
        except WorkCancelledError:
            return
        except ReportWriteError as err:
            warn(self._parent, "Export PDF", str(err))
            return
        inform(self._parent, "Export PDF", f"Wrote {pdf.pages} pages to {path}.")

    def _chosen_printer(self) -> QPrinter | None:
        """The printer the planner chose in the print dialog; None (and done) if cancelled.

        With no printer installed (an air-gapped planner's machine, often) the dialog's only
        choice is its PDF file, which Qt would name `print.pdf` in the home folder: it is
        named as Export PDF names it instead. With printers, the dialog opens on them as it
        always does (a file name would turn it to the PDF)."""
        printer = self._printer()
        if not QPrinterInfo.availablePrinters():
            printer.setOutputFileName(str(self._pdf_beside_the_plan()))
        if QPrintDialog(printer, self._parent).exec() != QDialog.DialogCode.Accepted:
            self.done.emit()
            return None
        return printer

    def _print(self) -> None:
        printer = self._chosen_printer()
        if printer is not None:
            self._with_report(lambda report: self._print_on(printer, report))

    def _print_on(self, printer: QPrinter, report: Report) -> None:
        """Print ``report`` laid out as its PDF is: at the PDF's resolution, which the print
        dialog leaves alone (on Linux Qt prints through a PDF of its own, so nothing is lost
        on paper: text and charts stay vector). Titled as the exported PDF is: printed to a
        file, it was untitled, with no creator."""
        printer.setResolution(RESOLUTION_DPI)
        printer.setDocName(report.document_title)
        printer.setCreator(report.made_by)

        def printed(outcome: int | str) -> None:
            if isinstance(outcome, str):
                warn(self._parent, "Print", outcome)

        self._draw_pages(lambda step: render_report(printer, report, step), printed)

    def _export_comparison(self) -> None:
        """The report's comparison, every scenario, to a spreadsheet: the plan sized as for the
        PDF (with its progress and Stop), then the file written."""
        path = self._document.path
        named = path.stem if path else self._document.display_name()
        base = self._folder() / f"{named} comparison.xlsx"
        chosen, chosen_filter = file_dialogs.save_file_name(
            self._parent, COMPARISON_TITLE, str(base), SPREADSHEETS
        )
        path = Path(chosen)
        if chosen and path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".csv" if "csv" in chosen_filter.lower() else ".xlsx")
        if chosen and self._may_write_comparison(path):
            self._with_report(lambda report: self._write_comparison(report, path))
        else:
            self.done.emit()

    def _may_write_comparison(self, path: Path) -> bool:
        """As `aisle-desktop comparison -o` refuses: never over a plan or a catalog file, nor
        where it cannot be written; over a file Aisle did not write as a comparison only if
        the planner agrees."""
        what = ("a comparison", "the comparison")
        plan_file, files = self._document.path, self._document.machine.files

        def looked() -> tuple[str | None, bool]:
            refusal = output_refusal(path, plan_file, files, what, ".xlsx or .csv")
            refusal = refusal or export_refusal(path)
            return refusal, refusal is None and holds_other_than_a_comparison(path)

        try:
            refusal, other = run_off_thread(
                self._parent, f"Looking at {path}…", looked, cancellable=True
            )
        except WorkCancelledError:
            return False
        if refusal is not None:
            warn(self._parent, COMPARISON_TITLE, refusal)
            return False
        if not other:
            return True
        answer = ask(
            self._parent,
            COMPARISON_TITLE,
            f"{path} exists and is not a comparison Aisle wrote. Replace it with the comparison?",
            Button.Yes | Button.Cancel,
            Button.Cancel,
        )
        return answer == Button.Yes

    def _write_comparison(self, report: Report, path: Path) -> None:
        self._finish()
        tables = comparison_tables(report)
        try:
            write_off_thread(
                self._parent,
                f"Writing {path}…",
                lambda cancel: write_export(path, tables, cancel),
            )
        except WorkCancelledError:
            pass
        except ExportError as err:
            warn(self._parent, COMPARISON_TITLE, str(err))
        else:
            scenarios = count(len(report.scenarios), "scenario")
            inform(
                self._parent, COMPARISON_TITLE, f"Wrote the comparison of {scenarios} to {path}."
            )
        self.done.emit()

    def _preview(self) -> None:
        size = local_page_size()
        self._with_report(
            lambda report: self._draw_pages(
                lambda step: pdf_bytes(report, size, step)[0],
                lambda outcome: self._show_preview(report, outcome),
            )
        )

    def _show_preview(self, report: Report, outcome: bytes | str) -> None:
        if isinstance(outcome, str):
            warn(self._parent, "Print Preview", outcome)
            return
        dialog = ReportPreview(self._parent, outcome, report.plan_name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.print_asked.connect(lambda: self._print_from_preview(report))
        dialog.finished.connect(lambda _result: self._preview_closed(dialog))
        self.preview_shown = dialog
        dialog.open()

    def _preview_closed(self, dialog: ReportPreview) -> None:
        if self.preview_shown is dialog:
            self.preview_shown = None

    def _print_from_preview(self, report: Report) -> None:
        """The preview's Print: the report it showed, not sized again."""
        printer = self._chosen_printer()
        if printer is not None:
            self._print_on(printer, report)
