""" "Start from" says when the plan is no longer the preset it started from.

The walk: the 8B chat preset loaded, its history typed to 980 tokens, "Start from" still read
"Llama 3.1 8B chat assistant" over figures that were no longer the preset's. Edited, it now
reads "Llama 3.1 8B chat assistant (edited)", greyed, nothing chosen in its list; undone, the
preset again; choosing the preset in the list loads it whole, as before."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QStyleOptionComboBox
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import preset_scenario
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, start_from, type_into

CHAT = "llama-8b-chat"
HISTORY = ("workload", "prompt", "history_tokens")


def test_start_from_marks_an_edited_preset_and_loads_it_again(
    window: MainWindow, qtbot: QtBot
) -> None:
    box = window.preset_box
    start_from(qtbot, window, CHAT)
    assert box.currentData() == CHAT and box.currentText() == "Llama 3.1 8B chat assistant"

    field = type_into(qtbot, window, HISTORY, "980")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.controller.scenario.workload.prompt.history_tokens == 980
    assert box.currentIndex() == -1 and box.currentText() == ""
    assert box.placeholderText() == "Llama 3.1 8B chat assistant (edited)"

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert box.currentData() == CHAT  # undone: the preset itself again

    field = type_into(qtbot, window, HISTORY, "980")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert box.currentIndex() == -1
    start_from(qtbot, window, CHAT)  # the same preset chosen again: loaded whole
    assert window.controller.scenario == preset_scenario(CHAT)
    assert box.currentData() == CHAT


def test_the_longest_preset_reads_whole_marked_edited(window: MainWindow, qtbot: QtBot) -> None:
    """At 1024 x 700 the box was sized to the presets' names alone (255 px): "Qwen3.5 397B
    assistant on Blackwell (edited)" needs 276 px of text and lost its mark."""
    window.resize(1024, 700)
    start_from(qtbot, window, "qwen3.5-assistant-b200")
    field = type_into(qtbot, window, HISTORY, "5000")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    box = window.preset_box
    assert box.placeholderText() == "Qwen3.5 397B assistant on Blackwell (edited)"
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    text_room = box.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, box
    )
    assert QFontMetrics(box.font()).horizontalAdvance(box.placeholderText()) <= text_room.width()
