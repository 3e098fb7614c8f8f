"""Each preset loaded is its own undo step, named by that preset.

The walk: loading one preset, then another (from Start from, or two lessons' "Try this" in a
row), merged both into one step that kept the first one's name: with Llama 3.1 405B on
screen, Edit read "Undo Load Enterprise search with embeddings", and Ctrl+Z went back past both
to the plan before them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import PRESETS, preset_scenario
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, start_from

FIRST, SECOND = "embeddings-search", "llama-405b-fp8"


def _undo(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+Z, pressed in the window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_two_presets_in_a_row_are_two_undo_steps(window: MainWindow, qtbot: QtBot) -> None:
    default = window.controller.scenario
    stack = window.controller.undo_stack
    start_from(qtbot, window, FIRST)
    start_from(qtbot, window, SECOND)
    assert window.controller.scenario.name == preset_scenario(SECOND).name
    assert stack.undoText() == f"Load {PRESETS[SECOND].title}"
    _undo(qtbot, window)
    assert window.controller.scenario.name == preset_scenario(FIRST).name
    assert window.preset_box.currentData() == FIRST
    assert stack.undoText() == f"Load {PRESETS[FIRST].title}"
    _undo(qtbot, window)
    assert window.controller.scenario == default
    assert not stack.canUndo()
