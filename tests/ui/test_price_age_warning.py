"""The window says which catalog prices of the plan are more than a year old, and stops
naming a price once the planner types their own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.worker import SizingOutcome
from tests.ui.conftest import RESULT_TIMEOUT_MS

C = ("costs",)
TOGETHER = "Llama 3.1 70B Instruct Turbo (Together AI) API price (2025-06-01)"


def _type_price(window: MainWindow, qtbot: QtBot, name: str, text: str) -> None:
    box = window.hardware_panel.fields.widget((*C, name))
    assert isinstance(box, QDoubleSpinBox)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)

    def typed(outcome: SizingOutcome) -> bool:
        return getattr(outcome.scenario.costs, name) == float(text)

    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS, check_params_cb=typed):
        qtbot.keyClicks(box, text)


def test_year_old_api_price_is_named_until_the_planner_enters_one(
    window: MainWindow, qtbot: QtBot
) -> None:
    shown = window.results_panel.warnings.text()
    assert "<b>Check</b><br>• Catalog prices older than a year on " in shown
    assert TOGETHER in shown
    _type_price(window, qtbot, "api_input_usd_per_mtok", "1")
    assert TOGETHER in window.results_panel.warnings.text()  # the output price is still the API's
    _type_price(window, qtbot, "api_output_usd_per_mtok", "2")
    assert "Together AI" not in window.results_panel.warnings.text()
