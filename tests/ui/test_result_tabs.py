"""The nine result tabs fit side by side at 1440 px; narrower, their names stay whole and the
tab bar's arrows reach the last ones."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow


def _tabs_shown(window: MainWindow, qtbot: QtBot, width: int) -> list[tuple[str, int, int]]:
    window.resize(width, 900)
    bar = window.curves_panel.tabBar()
    qtbot.waitUntil(lambda: window.width() == width and bar.width() > 0)
    return [
        (bar.tabText(i), bar.tabRect(i).left(), bar.tabRect(i).right()) for i in range(bar.count())
    ]


def test_every_result_tab_shows_whole_at_1440_px(window: MainWindow, qtbot: QtBot) -> None:
    bar = window.curves_panel.tabBar()
    tabs = _tabs_shown(window, qtbot, 1440)
    assert len(tabs) == 9 and tabs[-1][0] == "Assumptions"
    assert tabs[-1][2] < bar.width()  # the last tab ends inside the bar: nothing scrolls
    for i, (text, left, right) in enumerate(tabs):
        # Each tab is as wide as its whole name asks for: no name is cut short.
        assert right - left + 1 >= bar.tabSizeHint(i).width(), text
    budget = bar.tabAt(QPoint((tabs[7][1] + tabs[7][2]) // 2, bar.height() // 2))
    assert bar.tabText(budget) == "Budget swings"
    assert bar.tabToolTip(budget).startswith("What swings the budget")


def test_narrower_the_names_stay_whole_and_arrows_reach_the_last_tabs(
    window: MainWindow, qtbot: QtBot
) -> None:
    """At 1280 px the nine names do not fit: they are not cut to "Lo…" and "S…"; the
    tab bar's arrows scroll to the last ones, and a click opens Assumptions."""
    bar = window.curves_panel.tabBar()
    _tabs_shown(window, qtbot, 1280)
    assert window.curves_panel.usesScrollButtons()
    assert bar.elideMode() == Qt.TextElideMode.ElideNone
    last = bar.count() - 1
    assert bar.tabRect(last).width() >= bar.tabSizeHint(last).width()  # "Assumptions" whole
    right = next(
        b for b in bar.findChildren(QToolButton) if b.arrowType() == Qt.ArrowType.RightArrow
    )
    qtbot.waitUntil(right.isVisible)
    while bar.tabRect(last).right() >= bar.width() - 2 * right.width() and right.isEnabled():
        qtbot.mouseClick(right, Qt.MouseButton.LeftButton)
    spot = bar.tabRect(last).center()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=spot)
    assert window.curves_panel.currentWidget() is window.assumptions_panel
