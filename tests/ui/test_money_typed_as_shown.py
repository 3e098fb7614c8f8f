"""Money typed the way the window shows it is taken: "$0.200/kWh" in Electricity, and the
catalog's own $194.95 colocation price, cents and all (QA: both were refused)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.refused_look import is_refused
from tests.ui.conftest import RESULT_TIMEOUT_MS

C = ("costs",)


def _type(qtbot: QtBot, window: MainWindow, name: str, text: str) -> QAbstractSpinBox:
    """Click into a Money field, select what it holds, type `text` and press Enter."""
    box = window.hardware_panel.fields.widget((*C, name))
    assert isinstance(box, QAbstractSpinBox)
    window.hardware_panel.ensureWidgetVisible(box)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.mouseClick(box.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(box.hasFocus)
    box.selectAll()
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClicks(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)
    return box


def test_electricity_typed_as_the_readme_writes_it_is_taken(
    window: MainWindow, qtbot: QtBot
) -> None:
    box = _type(qtbot, window, "electricity_usd_per_kwh", "$0.200/kWh")
    assert window.controller.scenario.costs.electricity_usd_per_kwh == pytest.approx(0.2)
    assert box.text() == "$0.200/kWh"
    assert not is_refused(box)  # not marked refused


def test_colocation_keeps_the_catalogs_cents(window: MainWindow, qtbot: QtBot) -> None:
    box = window.hardware_panel.fields.widget((*C, "colocation_usd_per_kw_month"))
    assert isinstance(box, QAbstractSpinBox)
    assert box.text() == "Catalog: $194.95/kW-month"  # as the report prints it, not $195
    _type(qtbot, window, "colocation_usd_per_kw_month", "194.95")
    assert window.controller.scenario.costs.colocation_usd_per_kw_month == pytest.approx(194.95)
    assert box.text() == "$194.95/kW-month"
    _type(qtbot, window, "colocation_usd_per_kw_month", "$1,200/kW-month")
    assert window.controller.scenario.costs.colocation_usd_per_kw_month == 1200
