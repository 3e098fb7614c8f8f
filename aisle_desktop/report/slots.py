"""Room for vector charts inside the report's HTML.

QTextDocument lays out text and tables but cannot hold a vector drawing (PySide6 6.12 does
not accept a Python QTextObjectInterface handler), so each chart is an ``<img>`` of a blank,
transparent image with the chart's size: the layout reserves the space and moves it to the
next page when it does not fit, and ``pages`` paints the chart over that space afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPaintDevice, QPainter

ChartDraw = Callable[[QPainter, QRectF], None]
SCHEME = "aisle-chart"
CSS_DPI = 96.0  # what QTextDocument takes an <img> width in, whatever the device
# QTextDocument's margin each side of the text (its documentMargin, 4 px at CSS_DPI, scaled
# to the device as an <img> is): the column tables fill is the page's width less twice this.
# A chart as wide as the page's width ran past the tables' right edge (the GPU memory bar by
# 1.6 mm on paper).
DOCUMENT_MARGIN_PX = 4.0


def column_inset(device: QPaintDevice) -> float:
    """How far in from the page's edges, in ``device`` units, the text column (and its
    tables) starts and ends: where the footer and the charts align to."""
    return DOCUMENT_MARGIN_PX * device.logicalDpiX() / CSS_DPI


class ChartSlots:
    """Charts placed in one document, each under a name its ``<img>`` refers to."""

    def __init__(self, page_width_px: float) -> None:
        self.content_width_px = page_width_px - 2 * DOCUMENT_MARGIN_PX
        self.draws: dict[str, ChartDraw] = {}

    def tag(self, draw: ChartDraw, height_mm: float) -> str:
        """An ``<img>`` reserving the text column's width (the tables' width) and
        ``height_mm`` for ``draw``."""
        name = f"{SCHEME}:{len(self.draws)}"
        self.draws[name] = draw
        height_px = height_mm / 25.4 * CSS_DPI
        # A hair narrower than the column so rounding never pushes it onto its own line.
        width = int(self.content_width_px)
        return f'<img src="{name}" width="{width}" height="{int(height_px)}">'
