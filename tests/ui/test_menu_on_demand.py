"""A plot's right-click menu is built when first asked for, and is pyqtgraph's own."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.menu_on_demand import MenuOnDemandView


def _choices(menu: QMenu, depth: int = 0) -> list[tuple[int, str, bool, bool]]:
    """Every choice of `menu` and its submenus: depth, words, checkable, checked."""
    found = []
    for action in menu.actions():
        found.append((depth, action.text(), action.isCheckable(), action.isChecked()))
        if action.menu() is not None:
            found += _choices(action.menu(), depth + 1)
    return found


def test_menu_is_made_on_the_first_right_click_with_pyqtgraphs_choices(qtbot: QtBot) -> None:
    ours, theirs = pg.PlotWidget(viewBox=MenuOnDemandView()), pg.PlotWidget()
    for plot in (ours, theirs):
        qtbot.addWidget(plot)
        plot.setMouseEnabled(x=False, y=False)
    view = ours.getViewBox()
    assert view.menu is None and view.menuEnabled()
    menu = view.getMenu(None)
    assert view.getMenu(None) is menu  # made once
    assert _choices(menu) == _choices(theirs.getViewBox().getMenu(None))
    assert [a.text() for a in view.getContextMenus(None)] == [
        a.text() for a in theirs.getViewBox().getContextMenus(None)
    ]
