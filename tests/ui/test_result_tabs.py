"""The nine result tabs fit side by side at 1440 px; narrower, the tabs that fit show with
their whole names and a menu lists every one."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu
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


def _whole_and_in_view(window: MainWindow) -> list[str]:
    """The tabs shown, each checked to lie whole inside the bar's width, no name cut."""
    bar = window.curves_panel.tabBar()
    shown = []
    for i in range(bar.count()):
        if not bar.isTabVisible(i):
            continue
        rect = bar.tabRect(i)
        assert rect.left() >= 0 and rect.right() < bar.width(), bar.tabText(i)
        assert rect.width() >= bar.tabSizeHint(i).width(), bar.tabText(i)
        shown.append(bar.tabText(i))
    return shown


def test_narrower_the_tabs_that_fit_show_whole_and_a_menu_lists_them_all(
    window: MainWindow, qtbot: QtBot
) -> None:
    """At 1280 px the nine names do not fit: they are not cut to "Lo…" and "S…" nor hidden
    behind scroll arrows; the first seven show whole and "All tabs" lists all nine, and
    picking Assumptions there (real clicks and keys) opens it, shown whole in the bar."""
    bar = window.curves_panel.tabBar()
    _tabs_shown(window, qtbot, 1280)
    button = window.tab_list
    qtbot.waitUntil(button.isVisible)
    assert bar.elideMode() == Qt.TextElideMode.ElideNone
    shown = _whole_and_in_view(window)
    assert shown == ["Load", "Memory", "Cost", "GPUs", "All figures", "Scenarios", "Notes"]
    assert button.geometry().left() >= bar.mapTo(window.curves_panel, bar.rect().topRight()).x()
    picked: list[list[str]] = []

    def pick_assumptions() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        picked.append([a.text() for a in menu.actions()])
        for _ in range(len(picked[0])):  # down to the last entry, then Enter
            qtbot.keyClick(menu, Qt.Key.Key_Down)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(0, pick_assumptions)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.curves_panel.currentWidget() is window.assumptions_panel)
    assert picked == [[bar.tabText(i) for i in range(bar.count())]]
    assert "Assumptions" in _whole_and_in_view(window)
    # Wide again, every tab shows and the button goes.
    _tabs_shown(window, qtbot, 1440)
    qtbot.waitUntil(lambda: not button.isVisible())
    assert len(_whole_and_in_view(window)) == 9
