"""File > Export PDF, Print and Print Preview: the plan summary from the report package.

The report is built from the plan as it would be saved, sized against the machine's catalog
(plus the plan's own entries), so paper shows exactly what the window shows. Building it sizes
every scenario and simulates its tail latencies, so it runs on the sizing thread; the window
stays responsive (with a busy cursor and the actions disabled) and draws the pages when the
content arrives, as Qt painting must happen on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from aisle_desktop.report import (
    Report,
    ReportWriteError,
    holds_something_else,
    output_refusal,
    page_layout,
    render_report,
    write_report_pdf,
)
from aisle_desktop.ui.document import PlanDocument
from aisle_desktop.ui.plain_text import Button, ask, inform, warn
from aisle_desktop.ui.worker import SizingService


def local_page_size() -> str:
    """Letter where the locale measures in inches (US), A4 everywhere else."""
    us = QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "Letter" if us else "A4"


class ReportActions(QObject):
    """The three report actions of the File menu, for one window."""

    def __init__(self, parent: QWidget, document: PlanDocument, service: SizingService) -> None:
        super().__init__(parent)
        self._parent = parent
        self._document = document
        self._service = service
        self._waiting: tuple[int, Callable[[Report], object]] | None = None
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

    def _with_report(self, then: Callable[[Report], object]) -> None:
        """Have the plan's report built off the GUI thread, then hand it to `then`."""
        document = self._document
        plan = document.plan()
        number = self._service.request_report(
            self._document.machine, plan, plan.title(document.display_name())
        )
        self._waiting = (number, then)
        for action in self.actions:
            action.setEnabled(False)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    def _on_built(self, number: int, built: Report | str) -> None:
        if self._waiting is None or self._waiting[0] != number:
            return
        then = self._waiting[1]
        self._waiting = None
        QGuiApplication.restoreOverrideCursor()
        for action in self.actions:
            action.setEnabled(True)
        if isinstance(built, str):
            warn(self._parent, "Plan summary", built)
            return
        then(built)

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
        try:
            pages = write_report_pdf(report, path, local_page_size())
        except ReportWriteError as err:
            warn(self._parent, "Export PDF", str(err))
            return
        inform(self._parent, "Export PDF", f"Wrote {pages} pages to {path}.")

    def _print(self) -> None:
        printer = self._printer()
        if QPrintDialog(printer, self._parent).exec() == QDialog.DialogCode.Accepted:
            self._with_report(lambda report: render_report(printer, report))

    def _preview(self) -> None:
        self._with_report(self._show_preview)

    def _show_preview(self, report: Report) -> None:
        # The dialog does not own the printer it is given: a temporary QPrinter was freed by
        # Python as soon as the dialog was built, and the preview painted on freed memory
        # (a segmentation fault in exec). The printer lives as long as this call.
        printer = self._printer()
        dialog = QPrintPreviewDialog(printer, self._parent)
        dialog.paintRequested.connect(lambda target: render_report(target, report))
        dialog.resize(900, 1000)
        dialog.exec()
        dialog.deleteLater()
