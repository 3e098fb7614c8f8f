"""File > Export PDF and Print Preview from the window; the report is built off the GUI thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, answer, warnings_shown

Button = QMessageBox.StandardButton


def trigger_and_wait(window: MainWindow, qtbot: QtBot, action: QAction) -> None:
    """Trigger a report action and wait for its report, built on the sizing thread."""
    with qtbot.waitSignal(window.service.report_built, timeout=RESULT_TIMEOUT_MS * 2):
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


def test_print_preview_opens_on_the_report(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QPrintPreviewDialog] = []
    monkeypatch.setattr(QPrintPreviewDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    trigger_and_wait(window, qtbot, window.report_actions.preview)
    assert len(opened) == 1


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
