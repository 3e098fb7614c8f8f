"""pyqtgraph plots in the palette's colours: background, axes, labels, title, legend, lines.

pyqtgraph's defaults (grey text, a black background, or whatever `setConfigOptions` last set)
know nothing of the desktop theme, so every plot of the window is styled here from a Theme.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsItem

from aisle_desktop.ui.theme import Theme

AXES = ("left", "bottom")
# The legend's frame: a faint line in the text's colour, enough to set it off the grid.
LEGEND_EDGE_ALPHA = 70


def style_plot(plot: pg.PlotWidget, theme: Theme, title: str = "") -> None:
    """Background, axes, tick and axis labels, title and legend text from `theme`."""
    plot.setBackground(theme.plot_background)
    for name in AXES:
        axis = plot.getAxis(name)
        axis.setPen(theme.plot_foreground)
        axis.setTextPen(theme.plot_foreground)
        # Painting: an axis draws its grid lines across the whole plot, and pyqtgraph's third
        # tick level (a faint line every few pixels on a short plot) made most of the time a
        # plot took to paint after each edit; the axis is cached so that a new curve alone
        # does not draw it again.
        axis.setStyle(maxTickLevel=1)
        axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    if title:
        plot.setTitle(title, color=theme.plot_foreground.name())
    legend = plot.getPlotItem().legend
    if legend is not None:
        legend.setLabelTextColor(theme.plot_foreground)
        # On a small window the legend sits on the curves: give it the plot's background and
        # draw it above them, as the marker names are, so a curve never runs through a name.
        legend.setBrush(theme.plot_background)
        edge = QColor(theme.plot_foreground)
        edge.setAlpha(LEGEND_EDGE_ALPHA)
        legend.setPen(edge)
        legend.setZValue(MARKER_Z)


def line_pen(
    theme: Theme, hue: str, width: int = 1, style: Qt.PenStyle = Qt.PenStyle.SolidLine
) -> QPen:
    """A pen of `hue` shaded to stand out from the plot's background."""
    pen: QPen = pg.mkPen(theme.line(hue), width=width, style=style)
    return pen


# Marker lines and their names are drawn above the curves, so a curve never crosses a name.
MARKER_Z = 10


def marker_label(theme: Theme, hue: str, position: float, angle: int = 0) -> dict[str, Any]:
    """`labelOpts` for an InfiniteLine: its name in readable text of the line's hue on a chip
    of the plot's background edged in the hue, so grid lines and curves beneath do not show
    through the letters.

    A vertical line's chip sits on the inner side of its point (below a point in the upper
    half, above one in the lower half): centred on it, as pyqtgraph places it, a chip near the
    top of a plot 80 px high was cut in half by the plot's edge."""
    opts: dict[str, Any] = {
        "position": position,
        "color": theme.line_label(hue),
        "fill": theme.plot_background,
        "border": theme.line(hue),
    }
    if angle % 180 == 90:
        inward = 0.0 if position >= 0.5 else 1.0
        opts["anchors"] = [(0.0, inward), (1.0, inward)]
    return opts


def marker_line(
    theme: Theme, hue: str, angle: int, style: Qt.PenStyle, label: str, position: float
) -> pg.InfiniteLine:
    """A line at a target or a planned figure, named in bold on its chip, above the curves."""
    line = pg.InfiniteLine(
        angle=angle,
        pen=line_pen(theme, hue, style=style),
        label=label,
        labelOpts=marker_label(theme, hue, position, angle),
    )
    line.setZValue(MARKER_Z)
    font = QFont(line.label.textItem.font())
    font.setBold(True)
    line.label.setFont(font)
    return line
