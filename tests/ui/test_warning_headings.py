"""The window lists warnings under the report's headings (report/verdict.py): "Blocking
problems" only for what stops the plan serving; a shortfall under its own heading. The window
said "Must fix" for a plan short only of its N+1 spare, which the report calls a warning."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, type_into


def _type_and_enter(window: MainWindow, qtbot: QtBot, path: tuple[str, str], text: str) -> None:
    """Type `text` over a Hardware field, press Enter and wait for the edit's figures."""
    box = type_into(qtbot, window, path, text)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)


def test_a_plan_short_of_its_spare_is_listed_as_a_shortfall_not_blocking(
    window: MainWindow, qtbot: QtBot
) -> None:
    """4 GPUs hold 2 replicas of TP 2; the load needs 2 and its N+1 spare a 3rd."""
    switch = window.hardware_panel._switches["gpu_count"][0]
    assert isinstance(switch, QCheckBox)
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    _type_and_enter(window, qtbot, ("hardware", "gpu_count"), "4")
    text = window.results_panel.warnings.text()
    first = text.split("<br><br>")[0]
    assert first.startswith("<b>Short of what the plan asks</b><br>• The plan meets the latency")
    assert "has no spare replica" in first
    assert "Blocking problems" not in text and "Must fix" not in text


def test_a_plan_over_the_racks_power_is_listed_under_blocking_problems(
    window: MainWindow, qtbot: QtBot
) -> None:
    _type_and_enter(window, qtbot, ("hardware", "rack_power_limit_kw"), "8")
    text = window.results_panel.warnings.text()
    assert text.startswith("<b>Blocking problems</b><br>• One NVIDIA DGX H100")
    assert "Short of what the plan asks" not in text
