"""The GPUs tab at 1280 x 800 names each GPU by the catalog's short name, without its maker:
"GH200 Grace Hopper Superchip (96GB HBM3)" wrapped over three lines of its row (walk). The
whole name is in the row's tooltip and in the note under the table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.test_gpus_comparing import _click_gpus_tab
from tests.ui.test_stale_tabs import COMPARED_TIMEOUT_MS

WHOLE_NAME = "NVIDIA GH200 Grace Hopper Superchip (96GB HBM3)"


def test_the_gpus_tab_names_each_gpu_short_and_whole_in_its_tooltip(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    page = window.curves_panel.gpu_page
    table = page.table
    with qtbot.waitSignal(window.service.compared, timeout=COMPARED_TIMEOUT_MS):
        _click_gpus_tab(window, qtbot)
    names = {table.item(row, 0).text(): row for row in range(table.rowCount())}
    assert "GH200 96GB" in names and "B200 180GB" in names and "MI300X 192GB" in names
    assert "H100 SXM5 80GB (this plan)" in names  # the plan's own, marked as before
    gh200 = names["GH200 96GB"]
    assert f"{WHOLE_NAME}: Fits" in table.item(gh200, 0).toolTip()
    # Its name on one line; none over more than two (a name longer than the column, or the
    # plan's own with "(this plan)", takes a second).
    one_line = min(table.rowHeight(row) for row in range(table.rowCount()))
    assert table.rowHeight(gh200) == one_line
    assert max(table.rowHeight(row) for row in range(table.rowCount())) < 2 * one_line
    # Chosen, its note under the table names it whole.
    table.setFocus()
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualRect(table.model().index(gh200, 1)).center(),
    )
    assert page.note.text().startswith(WHOLE_NAME + ": ")
