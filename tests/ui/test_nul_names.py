"""A file name holding a NUL character, as a drop or a paste can give one: said, never raised.

Hostile walk (7 December): a drop of file:///tmp/a%00b.aisle (a URL may encode a NUL) and a
NUL pasted into the save dialog's name line reached the system, which raised a bare
ValueError ("embedded null byte"); nothing caught it, so the window logged a traceback and
said nothing. Each is now one message naming what is wrong, and nothing is opened or written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.file_dialogs import SaveDialog
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, warnings_shown
from tests.ui.dialogs import name_line_and_buttons
from tests.ui.test_model_import import when_shown
from tests.ui.test_planner_walk import REAL_SAVE_DIALOG

NUL_WORDS = "its name holds a NUL character (\\x00), which no file name can"


def test_a_dropped_name_holding_a_nul_is_said_and_changes_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = warnings_shown(monkeypatch)
    names = [s.name for s in window.document.scenarios]
    mime = QMimeData()
    mime.setParent(window)  # kept alive while the event is handled
    mime.setUrls([QUrl(f"file://{tmp_path}/a%00b.aisle")])
    drop = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    assert shown == [f"Cannot open plan: {tmp_path}/a\0b.aisle: {NUL_WORDS}"]
    assert [s.name for s in window.document.scenarios] == names
    assert not window.document.is_modified()


def test_a_nul_pasted_into_save_as_is_said_and_nothing_is_written(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SaveDialog, "exec", REAL_SAVE_DIALOG)
    folder = tmp_path / "plans"
    folder.mkdir()
    shown = warnings_shown(monkeypatch)
    window.controller.set_field(("workload", "load", "active_users"), 450, "users")

    def paste_a_nul(dialog: QFileDialog) -> None:
        line, buttons = name_line_and_buttons(dialog)
        dialog.setDirectory(str(folder))
        line.setFocus()
        line.selectAll()
        line.insert("our\0plan.aisle")  # as a paste puts it
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.waitUntil(save.isEnabled, timeout=RESULT_TIMEOUT_MS)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    answer = when_shown(QFileDialog, paste_a_nul)
    assert not window.file_actions.save_plan_as()
    answer.poll.stop()
    assert answer.shown and not answer.left_open
    assert shown == [f"Not saved: {folder}/our\\x00plan.aisle: {NUL_WORDS}; nothing was written."]
    assert list(folder.iterdir()) == []
    assert window.document.is_modified() and window.document.path is None
