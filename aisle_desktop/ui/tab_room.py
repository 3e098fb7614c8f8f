"""A result tab read top to bottom gets the height it needs from the results panel above it.

At 1024 x 700 the results side is some 590 px tall: the headline figures took 330 px of it and
left the Assumptions tab 154 px of table (three rows) and the Budget swings table below the
tab's fold. A tab registered here (a table or a chart with its table) says the least height at
which a planner reads it without scrolling for its parts; when it is opened in a window that
leaves it less, the splitter between the results panel and the tabs moves to give it that,
keeping the results panel its verdict at least (the panel scrolls to the rest). Opening a plot
tab gives the height back. A drag of the handle is the planner's own: no tab moves it again
until another tab is chosen, and the position dragged is kept.

Under a plot tab the results panel reads its headline figures whole: at 1024 x 700 a plan
whose verdict and plan line took a line more (the Qwen3.5 assistant on B200) put the pane's
fold through the figures' last row, "792 k requests/day†" cut at half its height, the dagger
reading "t". The panel takes the few pixels that row needs from the tabs, as far as they keep
TABS_LEAST_SHARE of the height; where they cannot spare them all, it takes none. Its fold
falls between two lines of text, never through one (a line of the notes under the figures
sat on it at 1280 x 800, half shown): a line mostly above it is shown whole, as far as the
tabs keep their share, another hidden under it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractScrollArea, QSplitter, QTableView, QTabWidget, QWidget

# The least share of the results side the tabs keep when the panel above takes room to show
# its headline figures whole (at 1024 x 700, 236 of 590 px: the Load tab's two plots).
TABS_LEAST_SHARE = 0.4


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
        whole_above_px: Callable[[], int],
        above_parts: Sequence[QWidget],
        clear_fold_px: Callable[[int, int], int],
    ) -> None:
        """`least_above_px()`: what the panel above keeps; `whole_above_px()`: its height
        with its headline figures whole, which a plot tab leaves it; both are measured again
        as any of `above_parts` (its verdict's labels, the figures) changes size, moves or
        shows. `clear_fold_px(height, most)`: the panel's height nearest `height`, at most
        `most`, whose fold cuts no line of its text."""
        super().__init__(splitter)
        self._splitter = splitter
        self._tabs = tabs
        self._least_above_px = least_above_px
        self._whole_above_px = whole_above_px
        self._clear_fold_px = clear_fold_px
        self._needs: dict[QWidget, Callable[[], int]] = {}
        # The tabs' share of the splitter before a tab took room (None: none taken).
        self._planners_share: float | None = None
        self._dragged = False  # the planner moved the handle since this tab was opened
        self._placed = False  # the planner has moved the handle: plot tabs leave it be
        # The headline figures are measured once the layout has settled: while the inputs
        # turn into tabs at 1024 px they stood a moment 60 px taller than they end.
        self._settled = QTimer(self)
        self._settled.setSingleShot(True)
        self._settled.setInterval(0)
        self._settled.timeout.connect(self._show_above_whole)
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
        moved = (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show, QEvent.Type.Hide)
        if event.type() in moved:
            current = self._tabs.currentWidget()
            if current in self._needs:
                self._fit(current)
            else:
                self._settled.start()
        return super().eventFilter(watched, event)

    def _tab_opened(self) -> None:
        self._dragged = False
        current = self._tabs.currentWidget()
        if current not in self._needs:
            self.give_back()
            self._settled.start()
        elif current is not None:
            self._fit(current)

    def _show_above_whole(self) -> None:
        """Under a plot tab, the panel above as tall as its headline figures need, taken from
        the planner's height for the tabs if they can spare it all (keeping TABS_LEAST_SHARE),
        else the planner's height; a handle the planner dragged stays where it was put."""
        heights = None if self._placed else self._heights()
        if heights is None:
            return
        total, below, planners_px = heights
        planners_above = total - planners_px
        most_above = total - round(total * TABS_LEAST_SHARE)
        above = max(self._whole_above_px(), planners_above)
        if above > most_above:
            self.give_back()
            return
        # The fold between two lines of the notes under the figures, never through one.
        above = self._clear_fold_px(above, most_above)
        if above == planners_above:
            self.give_back()
            return
        self._give_tabs(total - above, total, below)

    def _drag(self) -> None:
        self._dragged = self._placed = True
        self._planners_share = None  # where the planner put it stays

    def _heights(self) -> tuple[int, int, int] | None:
        """The splitter's height, the tabs' and what the planner gave the tabs (None: the
        splitter is not laid out yet)."""
        above, below = self._splitter.sizes()
        total = above + below
        if total <= 0:
            return None
        share = self._planners_share
        return total, below, below if share is None else round(total * share)

    def _give_tabs(self, tabs_px: int, total: int, below: int) -> None:
        """The tabs `tabs_px` tall, the planner's height for them kept to give back."""
        if self._planners_share is None:
            self._planners_share = below / total
        if tabs_px != below:
            self._splitter.setSizes([total - tabs_px, tabs_px])

    def _fit(self, tab: QWidget) -> None:
        """Give `tab`, if open, the height it needs, as far as the panel above can give, and
        never less than the planner gave it."""
        if self._dragged or tab is not self._tabs.currentWidget() or tab not in self._needs:
            return
        heights = self._heights()
        if heights is None:
            return
        total, below, planners_px = heights
        bar_px = self._tabs.height() - tab.height()
        wanted = min(self._needs[tab]() + bar_px, total - self._least_above_px())
        if wanted <= planners_px:
            self.give_back()
            return
        above = self._clear_fold_px(total - wanted, total - wanted)  # a line cut: hidden
        self._give_tabs(total - max(above, self._least_above_px()), total, below)
