"""A scrolling panel that is no Tab stop itself but scrolls to whichever of its fields has focus.

Walk: the Workload, Hardware and results panels each took a Tab stop of their own, showing
nothing (a planner pressing Tab saw focus vanish). Without that stop, focus arriving from
outside the panel (from the tab bar above it, or round from the window's last control) went
to a field scrolled out of sight: QScrollArea scrolls only for Tab pressed within it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
from shiboken6 import Shiboken


class FocusInView(QObject):
    """Makes `area` no Tab stop, and scrolls it to a field of its own that takes focus."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)  # lives, and stays connected, as long as the panel
        self._area = area
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow)

    @Slot(QWidget, QWidget)
    def _follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Focus moves while a closing window takes the panel apart, before this goes too.
        if new is None or not Shiboken.isValid(self._area):
            return
        body = self._area.widget()
        if body is None or not body.isAncestorOf(new):
            return
        if new.visibleRegion().boundingRect() != new.rect():  # not wholly in sight
            self._area.ensureWidgetVisible(new)
