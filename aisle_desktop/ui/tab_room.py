"""A result tab read top to bottom gets the height it needs from the results panel above it.

At 1024 x 700 the results side is some 590 px tall: the headline figures took 330 px of it and
left the Assumptions tab 154 px of table (three rows) and the Budget swings table below the
tab's fold. A tab registered here (a table or a chart with its table) says the least height at
which a planner reads it without scrolling for its parts; when it is opened in a window that
leaves it less, the splitter between the results panel and the tabs moves to give it that,
keeping the results panel its verdict at least (the panel scrolls to the rest). Opening a plot
tab gives the height back. A drag of the handle is the planner's own: no tab moves it again
until another tab is chosen, and the position dragged is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractScrollArea, QSplitter, QTableView, QTabWidget, QWidget


def whole_table_px(table: QTableView) -> int:
    """The height at which `table` shows every row: its header, rows and frame, and its
    sideways scroll bar while it has one."""
    sideways = table.horizontalScrollBar()
    return (
        table.horizontalHeader().height()
        + table.verticalHeader().length()
        + 2 * table.frameWidth()
        + (sideways.height() if sideways.isVisible() else 0)
    )


class TabRoom(QObject):
    """Moves `splitter` (the results panel above `tabs`) for the reading tabs added."""

    def __init__(
        self,
        splitter: QSplitter,
        tabs: QTabWidget,
        least_above_px: Callable[[], int],
        above_parts: Sequence[QWidget],
    ) -> None:
        """`least_above_px()`: what the panel above keeps; it is measured again as any of
        `above_parts` (its verdict's labels) changes size or shows."""
        super().__init__(splitter)
        self._splitter = splitter
        self._tabs = tabs
        self._least_above_px = least_above_px
        self._needs: dict[QWidget, Callable[[], int]] = {}
        # The tabs' share of the splitter before a tab took room (None: none taken).
        self._planners_share: float | None = None
        self._dragged = False  # the planner moved the handle since this tab was opened
        tabs.currentChanged.connect(lambda _index: self._tab_opened())
        splitter.splitterMoved.connect(lambda _pos, _index: self._drag())
        for watched in (splitter, *above_parts):
            watched.installEventFilter(self)

    def add(
        self, tab: QWidget, needed_px: Callable[[], int], scroller: QAbstractScrollArea
    ) -> None:
        """`tab` reads whole at `needed_px()` (its own height, without the tab bar); it is
        measured again whenever what `scroller` hides changes (an answer arrived, rows
        wrapped)."""
        self._needs[tab] = needed_px
        scroller.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self._fit(tab))

    def give_back(self) -> None:
        """The results panel's height as the planner left it (before a tab took room)."""
        share = self._planners_share
        self._planners_share = None
        if share is None:
            return
        total = sum(self._splitter.sizes())
        tabs_px = round(total * share)
        self._splitter.setSizes([total - tabs_px, tabs_px])

    def release(self) -> None:
        """Take no more room and give back what was taken: the window is closing, and saves
        the planner's layout, not a tab's."""
        self._needs.clear()
        self.give_back()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide):
            current = self._tabs.currentWidget()
            if current is not None:
                self._fit(current)
        return super().eventFilter(watched, event)

    def _tab_opened(self) -> None:
        self._dragged = False
        current = self._tabs.currentWidget()
        if current not in self._needs:
            self.give_back()
        elif current is not None:
            self._fit(current)

    def _drag(self) -> None:
        self._dragged = True
        self._planners_share = None  # where the planner put it stays

    def _fit(self, tab: QWidget) -> None:
        """Give `tab`, if open, the height it needs, as far as the panel above can give, and
        never less than the planner gave it."""
        if self._dragged or tab is not self._tabs.currentWidget() or tab not in self._needs:
            return
        above, below = self._splitter.sizes()
        total = above + below
        if total <= 0:
            return
        share = self._planners_share
        planners_px = below if share is None else round(total * share)
        bar_px = self._tabs.height() - tab.height()
        wanted = min(self._needs[tab]() + bar_px, total - self._least_above_px())
        if wanted <= planners_px:
            self.give_back()
            return
        if share is None:
            self._planners_share = below / total
        if wanted != below:
            self._splitter.setSizes([total - wanted, wanted])
