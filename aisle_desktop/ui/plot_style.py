"""pyqtgraph plots in the palette's colours: background, axes, labels, title, legend, lines.

pyqtgraph's defaults (grey text, a black background, or whatever `setConfigOptions` last set)
know nothing of the desktop theme, so every plot of the window is styled here from a Theme.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPen
from PySide6.QtWidgets import QGraphicsItem

from aisle_desktop.ui.theme import Theme

AXES = ("left", "bottom")
# A plot's title: the size of the window's headings, with room above and below its text.
TITLE_PT = 10
TITLE_PADDING_PX = 4
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
        set_title(plot, title, theme.plot_foreground.name())
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


def set_title(plot: pg.PlotWidget, title: str, colour: str) -> None:
    """The plot's title in the window's font, in a row as tall as its text: pyqtgraph's own
    (a larger font in a 30 px row) took a quarter of each load plot at 1280 x 800."""
    item = plot.getPlotItem()
    item.setTitle(title, color=colour, size=f"{TITLE_PT}pt")
    row = QFontMetrics(_title_font()).height() + TITLE_PADDING_PX
    item.titleLabel.setMaximumHeight(row)
    item.layout.setRowFixedHeight(0, row)


def _title_font() -> QFont:
    font = QFont()
    font.setPointSizeF(TITLE_PT)
    return font


def line_pen(
    theme: Theme, hue: str, width: int = 1, style: Qt.PenStyle = Qt.PenStyle.SolidLine
) -> QPen:
    """A pen of `hue` shaded to stand out from the plot's background."""
    pen: QPen = pg.mkPen(theme.line(hue), width=width, style=style)
    return pen


# Marker lines and their names are drawn above the curves, so a curve never crosses a name.
MARKER_Z = 10
# Room between a marker's name and the edge of its chip, in pixels.
CHIP_MARGIN_PX = 1


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
    # A chip just larger than its text: Qt's 4 px around it made a name 22 px high, more
    # than a short plot has between its curves (marker_labels.py finds the names a gap).
    line.label.textItem.document().setDocumentMargin(CHIP_MARGIN_PX)
    line.label.updateTextPos()
    return line
