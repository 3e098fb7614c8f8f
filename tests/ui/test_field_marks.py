"""A refused value is marked at its field in plain words, and the mark goes once it is fixed,
undone or replaced by another plan."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, type_into

HISTORY = ("workload", "prompt", "history_tokens")


def _type_and_enter(qtbot: QtBot, window: MainWindow, text: str) -> QAbstractSpinBox:
    box = type_into(qtbot, window, HISTORY, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    return box


def _refuse(qtbot: QtBot, window: MainWindow) -> QAbstractSpinBox:
    with qtbot.waitSignal(window.controller.field_rejected, timeout=RESULT_TIMEOUT_MS):
        box = _type_and_enter(qtbot, window, "-5")
    return box


def test_a_refusal_reads_in_the_fields_own_words(window: MainWindow, qtbot: QtBot) -> None:
    box = _refuse(qtbot, window)
    message = window.workload_panel.message.text()
    assert message == "Conversation history: must be at least 0 tokens (you typed -5)"
    assert box.styleSheet() and "must be at least 0 tokens (you typed -5)" in box.toolTip()
    assert box.text() == "-5 tokens"  # as typed
    stale = window.results_panel.stale
    assert stale.isVisibleTo(window)
    banner = window.results_panel.banner.text()
    assert banner.startswith("Not sized: Conversation history: must be at least 0")
    for jargon in ("workload.", "history_tokens", "Input should", "got "):
        assert jargon not in message and jargon not in banner


def test_the_mark_goes_when_the_value_is_fixed(window: MainWindow, qtbot: QtBot) -> None:
    box = _refuse(qtbot, window)
    with qtbot.waitSignal(window.controller.field_accepted, timeout=RESULT_TIMEOUT_MS):
        _type_and_enter(qtbot, window, "0")  # the plan's own value: nothing to size again
    assert not box.styleSheet()
    assert not window.workload_panel.message.isVisibleTo(window)
    assert not window.results_panel.stale.isVisibleTo(window)


def test_the_mark_goes_on_undo_and_on_a_new_plan(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        _type_and_enter(qtbot, window, "500")
    box = _refuse(qtbot, window)
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        window.controller.undo_stack.undo()
    assert not box.styleSheet() and box.value() == 0
    assert not window.results_panel.stale.isVisibleTo(window)
    _refuse(qtbot, window)
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        window.open_preset("llama-8b-chat")
    assert not box.styleSheet()
    assert not window.workload_panel.message.isVisibleTo(window)


def test_a_request_beyond_the_context_window_is_marked_at_the_field_typed(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Llama 3.1 70B reads 131,072 tokens: 200,000 of history cannot be served at all."""
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        box = _type_and_enter(qtbot, window, "200000")
    assert box.styleSheet()
    message = window.workload_panel.message.text()
    assert message.startswith("Conversation history: The prompt (202,000 tokens)")  # + 2,000
    assert "context window of 131,072 tokens" in message
    answer = window.workload_panel.fields.widget(("workload", "output_tokens"))
    assert not answer.styleSheet()  # the field typed is the one marked
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        _type_and_enter(qtbot, window, "0")
    assert not box.styleSheet()
    assert not window.workload_panel.message.isVisibleTo(window)
