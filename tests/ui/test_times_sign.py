"""One multiplication sign in what a planner reads (QA: the plan line said "8 × NVIDIA L40S
48GB ... of TP 1 x PP 1" and "2,000 users x 15 requests a day ... peak 3x the average"), and a
number field that shows "×" still takes the "x" a keyboard types."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, plan_line_text, type_into

LOAD = ("workload", "load")


@pytest.mark.parametrize("size", [(1280, 800), (1440, 900)])
def test_the_plan_line_multiplies_with_one_sign(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    window.resize(*size)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.open_preset("llama-8b-chat")
    box = type_into(qtbot, window, (*LOAD, "peak_to_average"), "2x")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.controller.scenario.workload.load.peak_to_average == 2
    line = plan_line_text(window)
    assert " x " not in line and "2x" not in line
    assert "TP 1 × PP 1" in line
    assert "Load: 2,000 users × 15 requests a day over 8 working hours, peak 2× the average" in (
        line
    )
    assert box.text() == "2 ×"
    requests = window.workload_panel.fields.widget((*LOAD, "requests_per_user_per_day"))
    assert requests.text() == "15 per user"  # type: ignore[attr-defined]
