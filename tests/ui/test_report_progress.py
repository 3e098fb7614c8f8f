"""A long report says how far it has got and can be stopped; the window never freezes.

QA: File > Export PDF of a plan of 20 scenarios took some 45 s (87 pages) under a busy cursor:
its pages were laid out on the GUI thread, which froze, and nothing could stop it. Now a
progress dialog says what is being done, its Stop ends the work with nothing written, and the
pages are laid out and drawn off the GUI thread."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import model as report_model
from aisle_desktop.report import pages as report_pages
from aisle_desktop.report import sections as report_sections
from aisle_desktop.ui import file_dialogs
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, warnings_shown

PRESETS = ("llama-70b-rag", "llama-8b-chat", "deepseek-v3")


def _three_to_export(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, target: Path
) -> list[str]:
    """A plan of three scenarios open, Export PDF's file dialog answered with `target`; the
    notices shown from now on."""
    window.document.load(Plan(scenarios=[preset_scenario(p) for p in PRESETS]), None)
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(target), "PDF"))
    return warnings_shown(monkeypatch)


class Gate:
    """Holds the work at a call of `module.name` until the test opens it (an event, never a
    sleep), so that Stop is clicked while that part of the work is under way."""

    def __init__(
        self, monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str, at_call: int
    ) -> None:
        self.reached = threading.Event()
        self.opened = threading.Event()
        self.thread: threading.Thread | None = None  # the thread the call was made on
        self.original = original = getattr(module, name)
        calls = itertools.count(1)

        def held(*args: Any, **kwargs: Any) -> Any:
            if next(calls) == at_call:
                self.thread = threading.current_thread()
                self.reached.set()
                self.opened.wait(RESULT_TIMEOUT_MS / 1000)
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, held)


def test_export_says_how_far_it_has_got_and_the_window_keeps_answering(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "three.pdf"
    told = _three_to_export(window, monkeypatch, target)
    actions = window.report_actions
    said: list[tuple[str, float]] = []
    actions.progressed.connect(lambda doing, share: said.append((doing, share)))
    gate = Gate(monkeypatch, report_sections, "mend_faults", 1)
    with qtbot.waitSignal(actions.done, timeout=RESULT_TIMEOUT_MS * 6):
        actions.export_pdf.trigger()
        assert actions.progress is not None
        assert actions.progress.labelText() == "Sizing the scenarios…"
        _answers_while_held(window, qtbot, gate, "Laying out the pages…")
    doing = [words for words, _share in said]
    assert doing[:4] == [
        "Sizing scenario 1 of 3",
        "Sizing scenario 2 of 3",
        "Sizing scenario 3 of 3",
        "Choosing among the scenarios",
    ]
    assert "Laying out the pages" in doing
    shares = [share for _words, share in said]
    assert shares == sorted(shares) and shares[-1] > 0.5
    assert target.read_bytes().startswith(b"%PDF")
    assert told and told[0].startswith("Export PDF: Wrote ")
    assert actions.progress is None and actions.export_pdf.isEnabled()


def _answers_while_held(window: MainWindow, qtbot: QtBot, gate: Gate, label: str) -> None:
    """While the pages' work is held at ``gate``, on a thread that is not the window's, the
    window answers: its event loop runs the timer that shows, in the progress dialog, what
    is being done (``label``, how it begins). Laid out on the GUI thread, three scenarios'
    pages held it some 3-8 s; how long it ever waits belongs to `make bench`. Then the work
    goes on."""
    qtbot.waitUntil(gate.reached.is_set, timeout=RESULT_TIMEOUT_MS * 3)
    assert gate.thread is not None and gate.thread is not threading.main_thread()
    dialog = window.report_actions.progress
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.labelText().startswith(label))
    gate.opened.set()


@pytest.mark.parametrize(
    ("module", "name", "at_call", "words"),
    [
        (report_model, "_size", 2, "Sizing scenario 2 of 3"),
        (report_sections, "mend_faults", 1, "Laying out the pages"),
    ],
)
def test_stop_ends_the_work_and_writes_nothing(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    module: ModuleType,
    name: str,
    at_call: int,
    words: str,
) -> None:
    target = tmp_path / "three.pdf"
    told = _three_to_export(window, monkeypatch, target)
    actions = window.report_actions
    gate = Gate(monkeypatch, module, name, at_call)
    actions.export_pdf.trigger()
    qtbot.waitUntil(gate.reached.is_set, timeout=RESULT_TIMEOUT_MS * 3)
    dialog = actions.progress
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.labelText() == f"{words}…")
    stop = dialog.findChild(QPushButton)
    assert stop is not None and stop.text() == "Stop"
    with qtbot.waitSignal(actions.done, timeout=RESULT_TIMEOUT_MS):
        qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    gate.opened.set()
    assert actions.progress is None and actions.export_pdf.isEnabled()
    qtbot.waitUntil(window.service.is_idle, timeout=RESULT_TIMEOUT_MS * 3)
    actions.shutdown()  # the pages' thread, if any, has ended
    assert not target.exists() and told == []
    # Asked again, the report is written whole.
    monkeypatch.setattr(module, name, gate.original)
    with qtbot.waitSignal(actions.done, timeout=RESULT_TIMEOUT_MS * 6):
        actions.export_pdf.trigger()
    assert target.read_bytes().startswith(b"%PDF")


def test_print_preview_lays_its_pages_out_off_the_gui_thread(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """QA: Print Preview of a plan of 20 scenarios froze the window for some 40 s while Qt
    laid its pages out on the GUI thread, and 200 scenarios froze it 27 s more while Qt's
    preview drew all 802 pages. Now its PDF is written with the export's progress, and the
    preview draws only the pages in sight, off the GUI thread."""
    _three_to_export(window, monkeypatch, tmp_path / "unused.pdf")
    actions = window.report_actions
    said: list[str] = []
    actions.progressed.connect(lambda doing, _share: said.append(doing))
    gate = Gate(monkeypatch, report_pages, "draw_page", 1)
    with qtbot.waitSignal(actions.done, timeout=RESULT_TIMEOUT_MS * 6):
        actions.preview.trigger()
        _answers_while_held(window, qtbot, gate, "Drawing page 1 of ")
    preview = actions.preview_shown
    assert preview is not None
    qtbot.waitExposed(preview)
    with qtbot.waitSignal(preview.view.pageNavigator().currentPageChanged):
        preview.go_to_page(preview.page_count - 1)
    pages = preview.page_count
    assert preview.where.text() == f"Page {pages} of {pages}"
    assert "Laying out the pages" in said and f"Drawing page {pages} of {pages}" in said
    assert pages >= 15
    assert actions.progress is None and actions.preview.isEnabled()
    preview.close()
    actions.shutdown()  # nothing left running: the thread ended with the pages


def test_stop_ends_print_preview_before_it_opens(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stop while the preview's pages are laid out: no preview, the actions back at once;
    asked again, the preview opens."""
    _three_to_export(window, monkeypatch, tmp_path / "unused.pdf")
    actions = window.report_actions
    gate = Gate(monkeypatch, report_sections, "mend_faults", 1)
    actions.preview.trigger()
    qtbot.waitUntil(gate.reached.is_set, timeout=RESULT_TIMEOUT_MS * 3)
    dialog = actions.progress
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.labelText() == "Laying out the pages…")
    stop = dialog.findChild(QPushButton)
    assert stop is not None
    with qtbot.waitSignal(actions.done, timeout=RESULT_TIMEOUT_MS):
        qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    gate.opened.set()
    actions.shutdown()  # the pages' thread ends at its next step
    assert actions.preview.isEnabled() and actions.preview_shown is None
    assert QApplication.activeModalWidget() is None
    monkeypatch.setattr(report_sections, "mend_faults", gate.original)
    with qtbot.waitSignal(actions.done, timeout=RESULT_TIMEOUT_MS * 6):
        actions.preview.trigger()
    assert actions.preview_shown is not None and actions.preview_shown.page_count >= 15
    actions.preview_shown.close()
