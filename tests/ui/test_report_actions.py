"""File > Export PDF and Print Preview from the window; the report is built off the GUI thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import (
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import shipped_catalog_dir
from aisle_desktop.ui.main_window import MainWindow
from tests.split_searches import SplitSearches
from tests.ui.conftest import RESULT_TIMEOUT_MS, answer, warnings_shown

Button = QMessageBox.StandardButton


def trigger_and_wait(window: MainWindow, qtbot: QtBot, action: QAction) -> None:
    """Trigger a report action and wait for it to end: its report built on the sizing
    thread, its pages laid out and drawn on their own."""
    with qtbot.waitSignal(window.report_actions.done, timeout=RESULT_TIMEOUT_MS * 3):
        action.trigger()
        assert not action.isEnabled()  # no second report while one is being built
    assert action.isEnabled()


def test_export_pdf_writes_the_plan_summary(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF"))
    told = warnings_shown(monkeypatch)
    trigger_and_wait(window, qtbot, window.report_actions.export_pdf)
    assert target.read_bytes().startswith(b"%PDF")
    assert told and "pages" in told[0]


def test_the_exported_report_reuses_the_results_on_screen(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scenario shown is not sized again for paper (only the budget's variants are)."""
    qtbot.waitUntil(window.service.is_idle, timeout=RESULT_TIMEOUT_MS)
    searches = SplitSearches(monkeypatch)
    target = tmp_path / "plan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF"))
    warnings_shown(monkeypatch)
    trigger_and_wait(window, qtbot, window.report_actions.export_pdf)
    assert target.read_bytes().startswith(b"%PDF")
    assert searches.searched and window.controller.scenario not in searches.scenarios


def test_export_to_an_unwritable_place_says_why(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "missing-folder" / "plan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF"))
    warned = warnings_shown(monkeypatch)
    trigger_and_wait(window, qtbot, window.report_actions.export_pdf)
    assert warned and "missing-folder" in warned[0]
    assert not target.exists()


def test_print_renders_the_report_on_the_printer(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    monkeypatch.setattr(window.report_actions, "_printer", lambda: printer)
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    trigger_and_wait(window, qtbot, window.report_actions.print_plan)
    assert target.read_bytes().startswith(b"%PDF")


def test_print_preview_opens_pages_and_closes_on_the_report(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The real dialog, run by its own exec(): it once painted through a freed QPrinter."""
    seen: dict[str, int] = {}

    def page_through_then_close() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintPreviewDialog):
            return
        preview = dialog.findChild(QPrintPreviewWidget)
        assert preview is not None
        seen["pages"] = preview.pageCount()
        preview.setCurrentPage(preview.pageCount())
        seen["last"] = preview.currentPage()
        preview.updatePreview()  # paints every page again through the printer
        poll.stop()
        dialog.close()

    poll = QTimer()
    poll.setInterval(50)
    poll.timeout.connect(page_through_then_close)
    poll.start()
    trigger_and_wait(window, qtbot, window.report_actions.preview)
    assert seen["pages"] >= 3
    assert seen["last"] == seen["pages"]
    assert QApplication.activeModalWidget() is None


def test_export_onto_the_open_plan_is_refused(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_file = tmp_path / "plan.aisle"
    assert window.file_actions.save_to(plan_file)
    before = plan_file.read_bytes()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(plan_file), "PDF"))
    warned = warnings_shown(monkeypatch)
    window.report_actions.export_pdf.trigger()
    assert len(warned) == 1 and "is the plan being reported" in warned[0]
    assert plan_file.read_bytes() == before


def test_export_over_a_file_that_is_not_a_pdf_asks_first(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("minutes\n")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(notes), "PDF"))
    asked = answer(monkeypatch, Button.Cancel)
    window.report_actions.export_pdf.trigger()
    assert len(asked) == 1 and "is not a PDF" in asked[0]
    assert notes.read_text() == "minutes\n"
    answer(monkeypatch, Button.Yes)
    warnings_shown(monkeypatch)
    trigger_and_wait(window, qtbot, window.report_actions.export_pdf)
    assert notes.read_bytes().startswith(b"%PDF-")


def test_export_onto_a_catalog_file_is_refused_without_asking(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window knows the files its catalog was read from, as `report -o` does."""
    gpus_file = shipped_catalog_dir() / "gpus.json"
    before = gpus_file.read_bytes()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(gpus_file), "PDF"))
    asked = answer(monkeypatch, Button.Cancel)  # should the refusal fail, nothing is written
    warned = warnings_shown(monkeypatch)
    window.report_actions.export_pdf.trigger()
    assert asked == []
    assert len(warned) == 1 and "is the catalog's gpus.json" in warned[0]
    assert gpus_file.read_bytes() == before
