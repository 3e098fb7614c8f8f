"""File > Export PDF, Print and Print Preview: the plan summary from the report package.

The report is built from the plan as it would be saved, sized against the machine's catalog
(plus the plan's own entries), so paper shows exactly what the window shows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from aisle_desktop.catalog import Catalog
from aisle_desktop.report import (
    Report,
    ReportWriteError,
    build_report,
    page_layout,
    render_report,
    write_report_pdf,
)
from aisle_desktop.ui.document import PlanDocument


def local_page_size() -> str:
    """Letter where the locale measures in inches (US), A4 everywhere else."""
    us = QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "Letter" if us else "A4"


class ReportActions(QObject):
    """The three report actions of the File menu, for one window."""

    def __init__(self, parent: QWidget, document: PlanDocument, machine: Catalog) -> None:
        super().__init__(parent)
        self._parent = parent
        self._document = document
        self._machine = machine
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

    def _report(self) -> Report:
        document = self._document
        return build_report(self._machine, document.plan(), document.display_name())

    def _printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(local_page_size()))
        return printer

    def export_to(self, path: Path) -> int:
        """Write the plan summary to `path` (atomically); the page count."""
        return write_report_pdf(self._report(), path, local_page_size())

    def _export(self) -> None:
        base = self._document.path.with_suffix(".pdf") if self._document.path else Path("plan.pdf")
        chosen, _ = QFileDialog.getSaveFileName(
            self._parent, "Export PDF plan summary", str(base), "PDF (*.pdf)"
        )
        if not chosen:
            return
        try:
            pages = self.export_to(Path(chosen))
        except ReportWriteError as err:
            QMessageBox.warning(self._parent, "Export PDF", str(err))
            return
        QMessageBox.information(self._parent, "Export PDF", f"Wrote {pages} pages to {chosen}.")

    def _print(self) -> None:
        printer = self._printer()
        if QPrintDialog(printer, self._parent).exec() == QDialog.DialogCode.Accepted:
            render_report(printer, self._report())

    def _preview(self) -> None:
        report = self._report()
        dialog = QPrintPreviewDialog(self._printer(), self._parent)
        dialog.paintRequested.connect(lambda printer: render_report(printer, report))
        dialog.resize(900, 1000)
        dialog.exec()
