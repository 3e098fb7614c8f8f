"""File > Export PDF, Print and Print Preview from the window; the report is built off the GUI
thread, and all three show the same pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import shipped_catalog_dir
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.ui import file_dialogs
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.report_preview import ReportPreview
from tests.pdf_pages import page_texts
from tests.report.conftest import needs_poppler, poppler
from tests.split_searches import SplitSearches
from tests.ui.conftest import RESULT_TIMEOUT_MS, answer, warnings_shown
from tests.ui.dialogs import print_to_pdf_in_the_dialog

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
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(target), "PDF"))
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
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(target), "PDF"))
    warnings_shown(monkeypatch)
    trigger_and_wait(window, qtbot, window.report_actions.export_pdf)
    assert target.read_bytes().startswith(b"%PDF")
    assert searches.searched and window.controller.scenario not in searches.scenarios


def test_export_to_an_unwritable_place_says_why(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "missing-folder" / "plan.pdf"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(target), "PDF"))
    warned = warnings_shown(monkeypatch)
    trigger_and_wait(window, qtbot, window.report_actions.export_pdf)
    assert warned and "missing-folder" in warned[0]
    assert not target.exists()


def test_print_renders_the_report_on_the_printer(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Printed through the real print dialog to a PDF file, the pages are the exported PDF's:
    laid out at its resolution."""
    exported = _exported(window, qtbot, tmp_path, monkeypatch)
    assert window.file_actions.save_to(tmp_path / "budget.aisle")
    target = tmp_path / "printed.pdf"
    proposed: list[str] = []
    answer = print_to_pdf_in_the_dialog(qtbot, target, proposed)
    trigger_and_wait(window, qtbot, window.report_actions.print_plan)
    assert answer.shown and not answer.left_open
    # With no printer here, the dialog's PDF is named as Export PDF names it (not ~/print.pdf).
    if not QPrinterInfo.availablePrinters():
        assert proposed == [str(tmp_path / "budget.pdf")]
    assert page_texts(target) == exported
    # Titled and credited as the exported PDF is (printed to a file, it was untitled).
    needs_poppler()
    info = poppler("pdfinfo", str(target))
    assert "Title:           Llama 3.1 70B RAG assistant: LLM inference plan" in info
    assert "Creator:         Aisle " in info


def _exported(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """The plan exported with File > Export PDF: its pages' text."""
    target = tmp_path / "exported.pdf"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(target), "PDF"))
    warnings_shown(monkeypatch)
    trigger_and_wait(window, qtbot, window.report_actions.export_pdf)
    return page_texts(target)


def _previewed(window: MainWindow, qtbot: QtBot) -> ReportPreview:
    """Print Preview opened from the File menu's action, once its pages are made."""
    trigger_and_wait(window, qtbot, window.report_actions.preview)
    preview = window.report_actions.preview_shown
    assert preview is not None
    qtbot.waitExposed(preview)
    return preview


def test_print_preview_shows_the_exported_pdfs_pages(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview is the PDF Export PDF writes, page for page, word for word; the planner
    pages to the end and closes it."""
    exported = _exported(window, qtbot, tmp_path, monkeypatch)
    preview = _previewed(window, qtbot)
    assert QApplication.activeModalWidget() is preview
    assert preview.page_count == len(exported) >= 3
    assert preview.where.text() == f"Page 1 of {len(exported)}"
    shown = preview.document
    assert [shown.getAllText(page).text() for page in range(preview.page_count)] == exported
    last = len(exported) - 1
    with qtbot.waitSignal(preview.view.pageNavigator().currentPageChanged):
        preview.go_to_page(last)
    assert preview.where.text() == f"Page {len(exported)} of {len(exported)}"
    qtbot.mouseClick(preview.whole_page, Qt.MouseButton.LeftButton)
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitInView
    with qtbot.waitSignal(preview.finished):
        preview.close()
    assert window.report_actions.preview_shown is None
    assert QApplication.activeModalWidget() is None


def test_print_from_the_preview_prints_the_pdfs_pages(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Print in the preview closes it and prints the report it showed, laid out as the PDF
    is (at the printer's 1200 dpi the sections once fell on other pages), not sized again."""
    exported = _exported(window, qtbot, tmp_path, monkeypatch)
    preview = _previewed(window, qtbot)
    target = tmp_path / "printed.pdf"
    answer = print_to_pdf_in_the_dialog(qtbot, target)
    searches = SplitSearches(monkeypatch)
    with qtbot.waitSignal(window.report_actions.done, timeout=RESULT_TIMEOUT_MS * 3):
        qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert answer.shown and not answer.left_open
    assert window.report_actions.preview_shown is None
    assert not searches.searched
    assert page_texts(target) == exported


def test_export_onto_the_open_plan_is_refused(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_file = tmp_path / "plan.aisle"
    assert window.file_actions.save_to(plan_file)
    before = plan_file.read_bytes()
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(plan_file), "PDF"))
    warned = warnings_shown(monkeypatch)
    window.report_actions.export_pdf.trigger()
    assert len(warned) == 1 and "is the plan being reported" in warned[0]
    assert plan_file.read_bytes() == before


def test_export_over_a_file_that_is_not_a_pdf_asks_first(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("minutes\n")
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(notes), "PDF"))
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
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(gpus_file), "PDF"))
    asked = answer(monkeypatch, Button.Cancel)  # should the refusal fail, nothing is written
    warned = warnings_shown(monkeypatch)
    window.report_actions.export_pdf.trigger()
    assert asked == []
    assert len(warned) == 1 and "is the catalog's gpus.json" in warned[0]
    assert gpus_file.read_bytes() == before


def test_export_comparison_sits_beside_the_bill_and_writes_every_scenario(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File > Export comparison… sizes the plan as the report does (its progress, its Stop)
    and writes every scenario's costs and key figures, in the format of the filter chosen
    when the name has no suffix."""
    presets = ("llama-70b-rag", "llama-8b-chat")
    window.document.load(Plan(scenarios=[preset_scenario(p) for p in presets]), None)
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    listed = [a.text() for a in file_menu.actions()]
    bill = listed.index("Export &bill of materials…")
    assert listed[bill + 1] == "Export &comparison…"
    target = tmp_path / "plan comparison"
    chosen = (str(target), "CSV, comma-separated (*.csv)")
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: chosen)
    told = warnings_shown(monkeypatch)
    trigger_and_wait(window, qtbot, window.report_actions.export_comparison)
    lines = target.with_suffix(".csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Costs of the scenarios: ")
    assert {line.split(",")[0] for line in lines[2:4]} == {preset_scenario(p).name for p in presets}
    assert told == [
        f"Export comparison: Wrote the comparison of 2 scenarios to {target.with_suffix('.csv')}."
    ]


def test_export_comparison_over_a_planners_file_asks_first(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = tmp_path / "budget.xlsx"
    theirs.write_bytes(b"Quarter,Budget\n")
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(theirs), "XLSX"))
    asked = answer(monkeypatch, Button.Cancel)
    with qtbot.waitSignal(window.report_actions.done):
        window.report_actions.export_comparison.trigger()
    assert len(asked) == 1 and "is not a comparison Aisle wrote" in asked[0]
    assert theirs.read_bytes() == b"Quarter,Budget\n"
