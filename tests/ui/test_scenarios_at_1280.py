"""The Scenarios tab at 1280 x 800 with three scenarios, as a walk found it cramped: the
default plan, Duplicate twice, the GPU of one changed. It showed 8 of its 23 rows and 1.3
of its 3 columns (each as wide as its scenario's name on one line); then 2.7, the third
partly behind the scroll bar. All three now read whole."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, click_into


def test_three_scenarios_read_side_by_side_with_every_row_in_sight(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    for _ in range(2):
        with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
            qtbot.mouseClick(window.scenario_bar.buttons["duplicate"], Qt.MouseButton.LeftButton)
    box = click_into(qtbot, window, ("hardware", "gpu_id"))
    assert isinstance(box, QComboBox) and box.lineEdit() is not None
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "h200 sxm")
    with qtbot.waitSignal(window.service.plan_sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(QApplication.activePopupWidget() or box.lineEdit(), Qt.Key.Key_Return)
    tabs = window.curves_panel
    view = window.comparison_view
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(view)).center())
    table = view.table
    qtbot.waitUntil(lambda: table.columnCount() == 3 and table.rowCount() > 20)
    # The tab takes the height it needs from the figures above, as far as they can spare
    # (their verdict stays): at most two of its rows are out of sight.
    two_rows = 2 * table.rowHeight(0)
    qtbot.waitUntil(
        lambda: table.verticalScrollBar().maximum() <= two_rows, timeout=RESULT_TIMEOUT_MS
    )
    # The three read whole side by side, none behind the scroll bar: each column at least as
    # wide as its name (over three lines) and figures read whole in, and no sideways scroll.
    widths = [table.columnWidth(c) for c in range(3)]
    assert table.horizontalScrollBar().maximum() == 0
    assert sum(widths) <= table.viewport().width()
    header = table.horizontalHeader()
    assert header.sectionViewportPosition(2) + widths[2] <= table.viewport().width()
    labels = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert "Weights / KV cache" in labels and "TTFT p95" in labels
    assert "Most users in targets" in labels and "Cost per M tokens" in labels
    # Named short, a row's tooltip names it whole.
    users = table.verticalHeaderItem(labels.index("Most users in targets"))
    assert "Most users within targets" in users.toolTip()
