"""A real main window on the default preset, closed after each test with its worker stopped.

No test may block on a modal dialog: every QFileDialog and QInputDialog static method, and every
question a QMessageBox asks, fails the test unless the test gives the answer it wants; every
message box is checked to show its text as plain text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")

from PySide6 import QtGui
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextDocument
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.plan import Plan
from aisle_desktop.plan.codec import plan_from_data
from aisle_desktop.ui import worker as ui_worker
from aisle_desktop.ui.app import build_window
from aisle_desktop.ui.file_dialogs import SaveDialog
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.worker.comparison_processes import ComparisonProcesses

RESULT_TIMEOUT_MS = 20_000
DIALOGS = [
    (QMessageBox, ("question", "warning", "information", "critical", "about")),
    (
        QFileDialog,
        ("getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory"),
    ),
    (QInputDialog, ("getText", "getInt", "getDouble", "getItem")),
    # The window's save dialog (file_dialogs.save_file_name): tests answer that function, or
    # drive the real dialog (test_planner_walk.py).
    (SaveDialog, ("exec",)),
]
Button = QMessageBox.StandardButton


class UnexpectedDialogError(AssertionError):
    """A modal dialog opened that the test did not expect (it would block headless)."""


def shown_literally(text_format: Qt.TextFormat, text: str, raw: str) -> bool:
    """Whether a widget showing ``text`` in ``text_format`` shows ``raw`` character for character.

    Rich text (set, or guessed by Qt from the text) is rendered as a document would be, so
    markup in ``raw`` that Qt interprets (an image, bold) no longer reads as ``raw``.
    """
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    if not rich:
        return raw in text
    document = QTextDocument()
    document.setHtml(text)
    return raw in document.toPlainText()


def as_read(text: str) -> str:
    """A label's text as a planner reads it: the joins that keep a figure on one line
    (`formatting.unbroken`: non-breaking spaces, word joiners) read as the plain text."""
    return text.replace("\u00a0", " ").replace("\u2060", "")


def plan_line_text(window: MainWindow) -> str:
    """The results' plan line (or What would fit) as a planner reads it: rendered, plain."""
    document = QTextDocument()
    document.setHtml(window.results_panel.plan_line.text())
    return as_read(document.toPlainText())


def type_into(
    qtbot: QtBot, window: MainWindow, path: tuple[str, ...], text: str
) -> QAbstractSpinBox:
    """Click into a Workload or Hardware field as a planner does, select what it holds and
    type ``text`` (not yet committed)."""
    box = click_into(qtbot, window, path)
    assert isinstance(box, QAbstractSpinBox)
    box.selectAll()
    qtbot.keyClicks(box, text)
    return box


def click_into(qtbot: QtBot, window: MainWindow, path: tuple[str, ...]) -> QWidget:
    """The Workload or Hardware field at ``path``, clicked into as a planner does."""
    panel = window.workload_panel if path[0] == "workload" else window.hardware_panel
    box = panel.fields.widget(path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    return box


def search_in(qtbot: QtBot, window: MainWindow, path: tuple[str, ...], typed: str) -> QComboBox:
    """The Model or GPU box at ``path``, clicked into, its text selected and ``typed`` over it
    as a planner searches (its list open, nothing chosen yet)."""
    box = click_into(qtbot, window, path)
    assert isinstance(box, QComboBox)
    line = box.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, typed)
    return box


def start_from(qtbot: QtBot, window: MainWindow, preset_id: str) -> None:
    """Click into Start from, open its list with Alt+Down, walk to the preset, press Enter."""
    box = window.preset_box
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    choose_with_keys(qtbot, window, box, box.findData(preset_id))


def choose_with_keys(qtbot: QtBot, window: MainWindow, box: QComboBox, target: int) -> None:
    """Open a focused drop-down's list with Alt+Down, walk to row `target` with the arrow
    keys, press Enter, and wait for the plan sized again and the list closed."""
    qtbot.keyClick(box, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    view = box.view()
    qtbot.waitUntil(view.isVisible, timeout=RESULT_TIMEOUT_MS)
    while view.currentIndex().row() != target:
        key = Qt.Key.Key_Down if view.currentIndex().row() < target else Qt.Key.Key_Up
        qtbot.keyClick(view, key)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=RESULT_TIMEOUT_MS)


def shown_alone(qtbot: QtBot, widget: QWidget, width: int, height: int) -> None:
    """Show one widget on its own at a size, as a panel of the window would be, and wait."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)


def tooltip_shows(tip: str, raw: str) -> bool:
    """Whether a tooltip (which has no format setting: Qt guesses) shows ``raw`` literally."""
    return shown_literally(Qt.TextFormat.AutoText, tip, raw)


@dataclass
class MessageBoxes:
    """The message boxes a test opened: questions get ``answers`` in turn, others are recorded."""

    answers: list[QMessageBox.StandardButton] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    boxes: list[tuple[Qt.TextFormat, str]] = field(default_factory=list)
    # What each box keeps behind its Show Details... button ("" for none).
    details: list[str] = field(default_factory=list)

    def exec(self, box: QMessageBox) -> int:
        # Every message box must show its text as text: it may quote a file or a refused value.
        assert box.textFormat() == Qt.TextFormat.PlainText, f"rich-text box {box.text()!r}"
        self.boxes.append((box.textFormat(), box.text()))
        self.details.append(box.detailedText())
        line = f"{box.windowTitle()}: {box.text()}"
        if box.icon() == QMessageBox.Icon.Question:
            if not self.answers:
                raise UnexpectedDialogError(f"unexpected question {line!r}")
            self.asked.append(line)
            return int(self.answers.pop(0).value)
        self.shown.append(line)
        return int(Button.Ok.value)


def _installed(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    """The test's MessageBoxes, standing in for QMessageBox.exec (installed on first use)."""
    current = getattr(QMessageBox.exec, "boxes", None)
    if isinstance(current, MessageBoxes):
        return current
    boxes = MessageBoxes()

    def exec_(box: QMessageBox) -> int:
        return boxes.exec(box)

    exec_.boxes = boxes  # type: ignore[attr-defined]
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return boxes


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    """Message boxes never block: questions are answered from ``answers``, the rest recorded."""
    return _installed(monkeypatch)


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    for cls, names in DIALOGS:
        for name in names:

            def refuse(*args: Any, _name: str = f"{cls.__name__}.{name}", **kwargs: Any) -> Any:
                raise UnexpectedDialogError(f"unexpected modal dialog {_name}{args[1:3]}")

            monkeypatch.setattr(cls, name, staticmethod(refuse))


def drop_of(onto: QWidget, paths: list[Path]) -> QDropEvent:
    """A drop of these files on ``onto``, as a file manager makes it (its data kept alive by
    ``onto``: the event does not own it, and freed it would crash the drop)."""
    mime = QMimeData()
    mime.setParent(onto)
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def answer(monkeypatch: pytest.MonkeyPatch, *answers: QMessageBox.StandardButton) -> list[str]:
    """Answer the next questions with `answers` in turn; the texts asked are returned."""
    boxes = _installed(monkeypatch)
    boxes.answers = list(answers)
    boxes.asked = []
    return boxes.asked


def warnings_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The warnings and notices shown from now on ("title: text" each)."""
    boxes = _installed(monkeypatch)
    boxes.shown = []
    return boxes.shown


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


class NeverStartedComparisonProcesses(ComparisonProcesses):
    """GPU comparison processes that never start, so the sizing thread compares GPUs itself,
    to the same answers (tests/worker/test_comparison_process.py). Each test's window would
    otherwise start two, a second of CPU each that most tests never use; the tests about them
    build their own window (test_gpu_comparison_process.py, tests/test_no_network.py)."""

    def start(self) -> None:
        pass


@pytest.fixture
def window(qtbot: QtBot, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    """The window, shown, after its first result has arrived and every view has taken it;
    unsaved edits are discarded. Its GPU comparison runs on the sizing thread."""
    monkeypatch.setattr(ui_worker, "ComparisonProcesses", NeverStartedComparisonProcesses)

    def discard_unsaved(w: MainWindow) -> None:
        if w.document.is_modified():
            answer(monkeypatch, QMessageBox.StandardButton.Discard)

    win = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(win, before_close_func=discard_unsaved)
    with qtbot.waitSignals([win.service.sized, win.later.drained], timeout=RESULT_TIMEOUT_MS):
        win.show()
    yield win
    discard_unsaved(win)
    win.close()
    # No sizing thread may outlive a test: closing the window stops it.
    assert not win.service.is_running()


def recovery_offered(qtbot: QtBot, window: MainWindow) -> bool:
    """Start-up's look for unsaved work left behind, read off the window's thread and offered
    (answer the offers with `answer`); whether a plan was restored."""
    with qtbot.waitSignal(window.autosave.recovery_done, timeout=RESULT_TIMEOUT_MS) as done:
        window.look_for_recovery()
    return bool(done.args[0])


def own_recovery_plan(window: MainWindow) -> Plan:
    """The plan in the window's own recovery file (which the window never offers itself)."""
    path = window.autosave.store.path_for(window.document.recovery_key)
    return plan_from_data(json.loads(path.read_text(encoding="utf-8"))["plan"], path)[0]
