"""Tabs that do not fit their bar go behind one button that lists every tab by name.

Below about 1440 px the nine result tabs overflow their bar. Qt's way, two scroll arrows, left
the last tab in view partly behind them ("Budg" at 1280 px); names cut to fit read "Lo…" and
"S…". Instead the tabs that fit are shown whole, in order (the one open always among them),
and "All tabs ▾" at the bar's end opens a menu of every tab, the open one checked: each tab
is one click away and every name a planner sees is whole, whatever the window's width.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTabWidget, QToolButton


class TabListButton(QToolButton):
    """The corner button of `tabs`: shown, with the tabs that fit, while they overflow."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self._tabs = tabs
        self.setText("All tabs ▾")
        self.setToolTip("Every result tab by name: the window is too narrow to show them all")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.setAutoRaise(True)
        menu = QMenu(self)
        menu.aboutToShow.connect(self._fill)
        self.setMenu(menu)
        tabs.setCornerWidget(self, Qt.Corner.TopRightCorner)
        tabs.installEventFilter(self)
        tabs.currentChanged.connect(lambda _index: self.fit())
        self.setVisible(False)

    def fit(self) -> None:
        """Show the tabs whose whole names fit, in order from the first, the open one always;
        the button while any is left out."""
        tabs, bar = self._tabs, self._tabs.tabBar()
        widths = [bar.fontMetrics().horizontalAdvance(bar.tabText(i)) for i in range(tabs.count())]
        padding = bar.tabSizeHint(tabs.currentIndex()).width() - widths[tabs.currentIndex()]
        need = [w + padding for w in widths]
        room = tabs.width() - 2  # the frame
        overflow = sum(need) > room
        shown = set(range(tabs.count()))
        if overflow:
            room -= self.sizeHint().width()
            current = tabs.currentIndex()
            used, shown = need[current], {current}
            for index, width in enumerate(need):
                if index == current:
                    continue
                if used + width > room:
                    break
                used += width
                shown.add(index)
        for index in range(tabs.count()):
            if tabs.isTabVisible(index) != (index in shown):
                tabs.setTabVisible(index, index in shown)
        self.setVisible(overflow)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._tabs and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit()
        return False

    def _open(self, index: int) -> None:
        self._tabs.setTabVisible(index, True)
        self._tabs.setCurrentIndex(index)

    def _fill(self) -> None:
        menu = self.menu()
        menu.clear()
        for index in range(self._tabs.count()):
            action = QAction(self._tabs.tabText(index), menu)
            action.setCheckable(True)
            action.setChecked(index == self._tabs.currentIndex())
            action.triggered.connect(lambda _checked, i=index: self._open(i))
            menu.addAction(action)
