"""The Scenarios tab at 1280 x 800 with three scenarios, as a walk found it cramped: the
default plan, Duplicate twice, the GPU of one changed. It showed 8 of its 23 rows and 1.3
of its 3 columns (each as wide as its scenario's name on one line); then 2.7, the third
partly behind the scroll bar. All three now read whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QComboBox, QTableWidget
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.comparison_view import ComparisonView
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, click_into


def _three_scenarios_opened(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int], gpu_typed: str
) -> ComparisonView:
    """The window at `size` with three scenarios (the default plan, Duplicate twice, the
    last's GPU typed into its box), the Scenarios tab opened by a click on it."""
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    for _ in range(2):
        with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
            qtbot.mouseClick(window.scenario_bar.buttons["duplicate"], Qt.MouseButton.LeftButton)
    box = click_into(qtbot, window, ("hardware", "gpu_id"))
    assert isinstance(box, QComboBox) and box.lineEdit() is not None
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), gpu_typed)
    with qtbot.waitSignal(window.service.plan_sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(QApplication.activePopupWidget() or box.lineEdit(), Qt.Key.Key_Return)
    tabs = window.curves_panel
    view = window.comparison_view
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(view)).center())
    return view


def _row_labels(table: QTableWidget) -> list[str]:
    return [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]


def test_three_scenarios_read_side_by_side_with_every_row_in_sight(
    window: MainWindow, qtbot: QtBot
) -> None:
    view = _three_scenarios_opened(window, qtbot, (1280, 800), "h200 sxm")
    table = view.table
    # The simulated p95 / p99 rows come after the sized figures (the tails are simulated apart):
    # with the hosted-API rows the table holds over 20 rows before they arrive.
    qtbot.waitUntil(
        lambda: table.columnCount() == 3 and "TTFT p95" in _row_labels(table),
        timeout=RESULT_TIMEOUT_MS,
    )
    # The tab takes the height it needs from the figures above, as far as they can spare
    # (their verdict stays): at most two of its rows are out of sight.
    two_rows = 2 * table.verticalHeader().defaultSectionSize()
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
    labels = _row_labels(table)
    assert "Weights / KV cache" in labels and "TTFT p95" in labels
    assert "Most users in targets" in labels and "Cost per M tokens" in labels
    # Named short, a row's tooltip names it whole.
    users = table.verticalHeaderItem(labels.index("Most users in targets"))
    assert "Most users within targets" in users.toolTip()


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700)])
def test_each_scenarios_gpu_and_release_read_whole(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    """Walk: three scenarios, the GPU of one changed to B200 by typing; the GPU row read
    "H100 SXM5 8…" and the release "vLLM 0.19 (202…" at 1280 x 800. Words that do not fit
    their column wrap over lines of their own, the row as tall as they need, and the B200
    reads by its short name ("B200 180GB", not "B200 (HGX/DGX B200, 180GB)")."""
    view = _three_scenarios_opened(window, qtbot, size, "b200 180")
    table = view.table
    qtbot.waitUntil(lambda: table.columnCount() == 3 and table.isVisible())
    names = [row.name for row in view.rows]
    gpu, release = names.index("gpu"), names.index("engine")

    def read(row: int, column: int) -> str:
        return " ".join(table.item(row, column).text().split("\n"))

    assert [read(gpu, c) for c in range(3)] == ["H100 SXM5 80GB", "H100 SXM5 80GB", "B200 180GB"]
    assert {read(release, c) for c in range(3)} == {"vLLM 0.32 (2026-10)"}
    for row in (gpu, release):
        for column in range(3):
            cell = table.item(row, column)
            lines = cell.text().split("\n")
            room = table.columnWidth(column) - 8  # the cell's margins
            widest = max(QFontMetrics(cell.font()).horizontalAdvance(line) for line in lines)
            assert widest <= room, (cell.text(), room)
            assert "…" not in cell.text()
            height = table.fontMetrics().lineSpacing() * len(lines)
            assert table.rowHeight(row) >= height, cell.text()
