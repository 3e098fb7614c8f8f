"""The two input panels side by side, or, in a window too narrow for both beside the results,
as two tabs of one column.

The Workload and Hardware panels each keep their fields whole (they do not scroll sideways),
and beside the results they made the window at least 1,240 px wide: on a 1024 x 700 screen its
right third, the results, lay off the screen. Narrower than both panels and the results need,
the Hardware panel becomes the second tab of the first column, and the window fits in 880 px.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

WORKLOAD_TAB = "Workload"
HARDWARE_TAB = "Hardware and costs"


class InputPanes:
    """The first two panes of the window's splitter (`first`, `second`): the Workload panel in
    the first and the Hardware panel in the second, or both in the first as its tabs
    (`fit`)."""

    def __init__(self, workload: QWidget, hardware: QWidget) -> None:
        self._hardware = hardware
        self.first = QTabWidget()
        self.first.setDocumentMode(True)  # no frame around a panel that has its own
        self.first.addTab(workload, WORKLOAD_TAB)
        self.first.tabBar().hide()
        self._take_tab_focus(False)
        self.second = QWidget()
        self._second_layout = QVBoxLayout(self.second)
        self._second_layout.setContentsMargins(0, 0, 0, 0)
        self._second_layout.addWidget(hardware)
        self.tabbed = False

    def fit(self, tabbed: bool) -> None:
        """Both panels as tabs of the first pane (`tabbed`), or each in its own pane."""
        if tabbed == self.tabbed:
            return
        self.tabbed = tabbed
        if tabbed:
            self.first.addTab(self._hardware, HARDWARE_TAB)
        else:
            self._second_layout.addWidget(self._hardware)
            self._hardware.show()
        self.first.tabBar().setVisible(tabbed)
        self._take_tab_focus(tabbed)
        self.second.setVisible(not tabbed)

    def _take_tab_focus(self, tabbed: bool) -> None:
        """Tab stops at the panels' tabs only while they show. A tab widget passes its focus
        to its tab bar, which hidden takes none: Tab from the scenario bar's Rename… found
        the tab widget again and again, and never reached the Model box (walk at 1280 px)."""
        policy = Qt.FocusPolicy.TabFocus if tabbed else Qt.FocusPolicy.NoFocus
        self.first.setFocusPolicy(policy)
        self.first.tabBar().setFocusPolicy(policy)


def bring_tab_forward(widget: QWidget) -> None:
    """Make current every tab that holds `widget` (a field of the Hardware panel, when the
    input panels are tabs), so that it can be seen and outlined."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget):
            for index in range(parent.count()):
                page = parent.widget(index)
                if page is not None and (page is widget or page.isAncestorOf(widget)):
                    parent.setCurrentIndex(index)
        parent = parent.parentWidget()
