"""An empty plot says why it is empty: no ticks on its axes, no legend, one line in its middle.

A plot cleared of its curves kept pyqtgraph's axes for an empty range: a log latency axis
read "2 3 4 5 6 7" over nothing (QA, an unsized plan's Load tab). Cleared, a plot now shows
clean axes (their names stay) and "Not sized" where its curves would be.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont

from aisle_desktop.ui.theme import Theme

AXES = ("left", "bottom")
# Above the grid and any curve left behind, as the lines that mark targets are.
NOTE_Z = 20


class EmptyPlotNote:
    """The note of one plot, shown while it has nothing to draw (`show`), gone when it draws
    again (`hide`)."""

    def __init__(self, plot: pg.PlotWidget, theme: Theme) -> None:
        self.plot = plot
        self.text = pg.TextItem(anchor=(0.5, 0.5), color=theme.muted)
        font = QFont(self.text.textItem.font())
        font.setBold(True)
        self.text.setFont(font)
        self.text.setZValue(NOTE_Z)
        self.text.hide()
        plot.addItem(self.text, ignoreBounds=True)

    def show(self, why: str) -> None:
        """Clean axes, no legend, and `why` in the middle of the plot."""
        view = self.plot.getViewBox()
        view.setRange(xRange=(0.0, 1.0), yRange=(0.0, 1.0), padding=0)
        for side in AXES:
            self.plot.getAxis(side).setTicks([[], []])
        self._legend_shown(False)
        self.text.setText(why)
        self.text.setPos(0.5, 0.5)
        self.text.show()

    def hide(self) -> None:
        """Curves are coming: the axes tick themselves again (a plot that writes its own
        ticks sets them after this), the legend is back."""
        if not self.text.isVisible():
            return
        for side in AXES:
            self.plot.getAxis(side).setTicks(None)
        self._legend_shown(True)
        self.text.hide()

    def say_now(self, why: str) -> None:
        """A note shown says `why` at once (nothing, where the plot is to draw), the plot
        itself cleared or drawn in a later slice: right after an edit the latency plot still
        said "Serves nothing within its latency targets" beside the headline's 2,674 users
        until it was drawn again (walk at 1280 x 800)."""
        if self.is_shown():
            self.text.setText(why)

    def is_shown(self) -> bool:
        return bool(self.text.isVisible())

    def _legend_shown(self, shown: bool) -> None:
        legend = self.plot.getPlotItem().legend
        if legend is not None:
            legend.setVisible(shown)
