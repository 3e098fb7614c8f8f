"""A result tab read top to bottom takes the height it needs from the results panel above it.

QA at 1024 x 700: the headline figures kept 331 px of the results side's 591 and left the
Assumptions tab 154 px of table (three rows) and the Budget swings table below the tab's fold.
Opened now, each takes room down to the results panel's verdict (the goal-seeks, once below
the Budget swings table, come first); a plot tab gives it back, and
a drag of the handle is the planner's own."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.ui.app import build_window
from aisle_desktop.ui.assumptions_panel import ROWS_IN_SIGHT
from aisle_desktop.ui.budget_view import TABLE_ROWS_SHOWN
from aisle_desktop.ui.main_window import MainWindow
from tests.conftest import UserDirs
from tests.ui.conftest import RESULT_TIMEOUT_MS


def _click_tab(window: MainWindow, qtbot: QtBot, tab: QWidget) -> None:
    """Click a tab's name in the bar, as a planner does."""
    tabs = window.curves_panel
    bar = tabs.tabBar()
    index = tabs.indexOf(tab)
    assert tabs.isTabVisible(index)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentWidget() is tab


def _in_view(widget: QWidget, inside: QWidget) -> bool:
    """Whether `widget` shows whole within `inside`'s rectangle."""
    top_left = widget.mapTo(inside, QPoint(0, 0))
    return inside.rect().contains(top_left) and inside.rect().contains(
        top_left + QPoint(widget.width() - 1, widget.height() - 1)
    )


def _verdict_whole(window: MainWindow) -> bool:
    panel = window.results_panel
    return _in_view(panel.banner, panel.viewport())


def test_at_1024_by_700_assumptions_and_budget_swings_read_without_hunting(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024 and window.curves_panel.height() < 300)
    planners = window.right_splitter.sizes()
    # Budget swings: the chart whole and the table under it, in the tab's one view.
    view = window.budget_view
    with qtbot.waitSignal(window.service.budget_swings, timeout=RESULT_TIMEOUT_MS * 2):
        window.curves_panel.setCurrentWidget(view)  # by its name or from the menu of tabs

    def chart_and_table_in_sight() -> bool:
        shown = view.viewport()
        rows = view.table.rowCount()
        last = min(rows, TABLE_ROWS_SHOWN) - 1
        row_bottom = view.table.rowViewportPosition(last) + view.table.rowHeight(last)
        return (
            rows > TABLE_ROWS_SHOWN
            and _in_view(view.plot, shown)
            and view.table.viewport().mapTo(shown, QPoint(0, row_bottom)).y() <= shown.height()
        )

    qtbot.waitUntil(chart_and_table_in_sight)
    assert _verdict_whole(window)
    # The goal-seeks too (they were below the fold, under the table): both fields and the
    # button in the tab's one view, unscrolled.
    assert view.verticalScrollBar().value() == 0
    assert all(_in_view(part, view.viewport()) for part in view.goal_seek_parts())
    # Assumptions (behind "All tabs" at this width): six rows in sight, the tallest whole.
    panel = window.assumptions_panel
    window.curves_panel.setCurrentWidget(panel)  # from the menu of tabs
    table = panel.table

    def six_rows_in_sight() -> bool:
        view = table.viewport().height()
        tallest = max(table.rowHeight(row) for row in range(table.rowCount()))
        return tallest <= view and table.rowAt(view - 1) >= ROWS_IN_SIGHT - 1

    qtbot.waitUntil(six_rows_in_sight)
    assert table.viewport().height() >= 2 * 154  # the 154 px it had
    assert _verdict_whole(window) and panel.catalog_note.isVisible()
    # A plot tab gives the room back: the Load plots as the planner had them.
    _click_tab(window, qtbot, window.curves_panel.widget(0))
    assert window.right_splitter.sizes() == planners


def test_a_dragged_handle_stays_where_the_planner_put_it(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    panel = window.assumptions_panel
    window.curves_panel.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: window.right_splitter.sizes()[0] < 100)
    # The planner drags the handle down to see the headline figures again.
    handle = window.right_splitter.handle(1)
    middle = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=middle)
    qtbot.mouseMove(handle, middle + QPoint(0, 150))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=middle + QPoint(0, 150))
    dragged = window.right_splitter.sizes()
    assert dragged[0] > 150
    window.resize(1030, 700)  # nothing the tab does moves it back
    qtbot.waitUntil(lambda: window.width() == 1030)
    assert window.right_splitter.sizes() == dragged
    _click_tab(window, qtbot, window.curves_panel.widget(0))
    assert window.right_splitter.sizes() == dragged


def test_at_1600_by_1000_the_plot_tabs_keep_their_height(window: MainWindow, qtbot: QtBot) -> None:
    """Where the tabs had room, the Load plots keep it; Assumptions still shows six rows."""
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: window.width() == 1600)
    planners = window.right_splitter.sizes()
    window.curves_panel.setCurrentWidget(window.assumptions_panel)
    table = window.assumptions_panel.table
    qtbot.waitUntil(lambda: table.rowAt(table.viewport().height() - 1) >= ROWS_IN_SIGHT - 1)
    assert _verdict_whole(window)
    _click_tab(window, qtbot, window.curves_panel.widget(0))
    assert window.right_splitter.sizes() == planners


def test_the_planners_height_is_remembered_not_a_tabs(
    qtbot: QtBot, catalog: Catalog, user_dirs: UserDirs
) -> None:
    """Closed while Assumptions had taken the room, the window opens next with the results
    panel as tall as the planner left it."""
    first = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(first)
    with qtbot.waitSignal(first.service.sized, timeout=RESULT_TIMEOUT_MS):
        first.show()
    first.resize(1024, 700)
    qtbot.waitUntil(lambda: first.width() == 1024)
    planners = first.right_splitter.sizes()
    first.curves_panel.setCurrentWidget(first.assumptions_panel)
    qtbot.waitUntil(lambda: first.right_splitter.sizes() != planners)
    first.close()

    second = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(second)
    with qtbot.waitSignal(second.service.sized, timeout=RESULT_TIMEOUT_MS):
        second.show()
    assert second.right_splitter.sizes() == planners
    second.close()
