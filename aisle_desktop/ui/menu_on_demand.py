"""A plot's view whose right-click menu is built the first time it is asked for.

pyqtgraph builds each view's "View All / X axis / Y axis / Mouse Mode" menu, some forty
widgets, as the plot is made. Every window makes five plots and every GUI test a window; the
menus were a tenth of a plot's making and are almost never opened. Built on the first right
click, the menu is the same one, with the same choices.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from pyqtgraph.graphicsItems.ViewBox.ViewBoxMenu import ViewBoxMenu


class MenuOnDemandView(pg.ViewBox):  # type: ignore[misc]
    """A ViewBox whose menu is enabled from the start and made when first shown."""

    def __init__(self) -> None:
        super().__init__(enableMenu=False)
        self.state["enableMenu"] = True

    def getMenu(self, ev: Any) -> ViewBoxMenu | None:  # noqa: N802 (pyqtgraph's name)
        menu: ViewBoxMenu | None = getattr(self, "menu", None)
        if menu is None and self.menuEnabled():
            self.menu = menu = ViewBoxMenu(self)
            self.updateViewLists()
        return menu

    def getContextMenus(self, event: Any) -> list[Any]:  # noqa: N802 (pyqtgraph's name)
        self.getMenu(event)
        return super().getContextMenus(event)  # type: ignore[no-any-return]
