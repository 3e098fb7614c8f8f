"""A planner picks a model of 2026: the window shows and explains one long conversation's
memory, layer kind by layer kind, and drafts with the model's MTP layers when asked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QSpinBox
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.results_panel import conversation_parts_text
from tests.ui.conftest import RESULT_TIMEOUT_MS
from tests.ui.dialogs import read_explanation

W = ("workload",)
S = (*W, "speculative")


def _choose_model(window: MainWindow, qtbot: QtBot, model_id: str) -> None:
    combo = window.workload_panel.fields.widget((*W, "model_id"))
    assert isinstance(combo, QComboBox)
    assert "GQA + linear" in combo.itemText(combo.findData("qwen3.5-122b-a10b"))
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        combo.setCurrentIndex(combo.findData(model_id))


def test_128k_conversation_is_shown_by_layer_kind(window: MainWindow, qtbot: QtBot) -> None:
    _choose_model(window, qtbot, "qwen3.5-122b-a10b")
    panel = window.results_panel
    text = panel.conversation.text()
    assert "One 128k-token conversation holds" in text
    result = panel._result
    assert result is not None
    parts = conversation_parts_text(result)
    assert "in 36 linear-attention or state-space layers" in parts
    assert "in 12 full-attention layers" in parts
    text = read_explanation(
        qtbot, lambda: panel.conversation.linkActivated.emit("conversation_128k_gb")
    )
    assert "128k" in text.splitlines()[0]  # the explanation of the figure clicked


def test_mtp_drafting_is_switched_on_and_typed(window: MainWindow, qtbot: QtBot) -> None:
    _choose_model(window, qtbot, "qwen3.5-122b-a10b")
    group = window.workload_panel.findChild(QGroupBox, "workload.speculative")
    assert group is not None and not group.isChecked()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS) as blocker:
        group.setChecked(True)
    assert "speculative_tokens_per_step" in blocker.args[0].result.figures
    spin = window.workload_panel.fields.widget((*S, "draft_tokens"))
    assert isinstance(spin, QSpinBox)
    spin.setFocus()
    spin.selectAll()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS) as blocker:
        qtbot.keyClicks(spin, "3")
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    figure = blocker.args[0].result.figures["speculative_tokens_per_step"]
    assert figure.value == (1 - 0.75**4) / 0.25  # the family's default acceptance, k = 3
    assert window.controller.scenario.workload.speculative is not None
    assert window.controller.scenario.workload.speculative.draft_tokens == 3
