"""Plot axes whose ticks read as the rest of the window writes numbers ($1.5 M, 20 G).

pyqtgraph writes big numbers in its own way ("2e+10") and picks tick spacing from the width
of its own short labels, so money labels ("$1.5 M") ran into each other on a narrow chart.
A ReadableAxis writes each tick with one of `formatting`'s functions and keeps only the tick
levels whose labels have room.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF

# Horizontal room one tick label needs ("$1.25 M" at the default font, plus a gap).
LABEL_PX = 72
# Vertical room one tick label needs (a line of text, plus a gap): a load plot is some 70 px
# tall at 1280 x 800, where pyqtgraph's own spacing stacked four labels into each other.
LINE_PX = 22
# Room beyond a vertical axis's ends for the label of a tick at an end (half a line of text):
# the $0 at the foot of a cost plot.
END_LABEL_PX = 12


def nice_step(least: float) -> float:
    """The smallest 1-2-5 step (x 10^n) not below `least`."""
    exponent = math.floor(math.log10(least))
    for mantissa in (1, 2, 5, 10):
        step = mantissa * 10.0**exponent
        if step >= least:
            return step
    return 10.0 ** (exponent + 1)  # pragma: no cover - the loop always returns


class ReadableAxis(pg.AxisItem):  # type: ignore[misc]
    """An axis whose ticks are written by `write` and spaced so labels never overlap."""

    def __init__(self, orientation: str, write: Callable[[float], str]) -> None:
        self._name_left_px = 0.0  # pyqtgraph resizes the axis as it builds it
        super().__init__(orientation)
        self._write = write
        self.enableAutoSIPrefix(False)

    def resizeEvent(self, ev: object = None) -> None:
        """pyqtgraph centres the axis's name along it; a bottom axis's name then stands
        `move_name_left`'s pixels left of centre, wherever the axis is resized to."""
        super().resizeEvent(ev)
        if self.label is not None and self._name_left_px:
            self.label.setPos(self.label.pos() - QPointF(self._name_left_px, 0.0))

    def move_name_left(self, px: float) -> None:
        """Stand the name `px` left of the axis's centre (0: centred again): a legend at the
        right end of the name's row needs the room (`legend_names.clear_of_axis_name`)."""
        self._name_left_px = px
        self.resizeEvent()

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [self._write(v) for v in values]

    def boundingRect(self) -> QRectF:  # noqa: N802
        """With the grid on, pyqtgraph bounds a vertical axis by the plot's own height and
        drops a label that reaches past it: the tick at the axis's foot (costs read from $0)
        lost its label. Half a line of room at each end keeps it."""
        rect: QRectF = super().boundingRect()
        if self.orientation in ("left", "right"):
            return rect.adjusted(0, -END_LABEL_PX, 0, END_LABEL_PX)
        return rect

    def tickSpacing(self, low: float, high: float, size: float) -> list[tuple[float, float]]:  # noqa: N802
        """pyqtgraph's tick levels, keeping only those whose labels have room along the axis
        (its width or height): fewer ticks on a narrow or short plot, never crowded."""
        levels: list[tuple[float, float]] = super().tickSpacing(low, high, size)
        span = high - low
        if span <= 0 or size <= 0:
            return levels
        room = LINE_PX if self.orientation in ("left", "right") else LABEL_PX
        roomy = [(step, offset) for step, offset in levels if span / step * room <= size]
        return roomy or [(nice_step(span * room / size), 0.0)]


class WordUnitAxis(pg.AxisItem):  # type: ignore[misc]
    """pyqtgraph's axis, its scale written apart from a unit that is a word, as the rest of
    the window writes figures ("32.7 k tokens"): the Memory plot's axis read "Context per
    request (ktokens)" beside its mark "planned 32.7 k tokens"."""

    def labelString(self) -> str:  # noqa: N802
        text: str = super().labelString()
        prefix: str = getattr(self, "labelUnitPrefix", "")
        unit: str = getattr(self, "labelUnits", "")
        if not (prefix and unit):
            return text
        return text.replace(f"({prefix}{unit})", f"({prefix} {unit})")
