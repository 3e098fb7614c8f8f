"""Room for vector charts inside the report's HTML.

QTextDocument lays out text and tables but cannot hold a vector drawing (PySide6 6.12 does
not accept a Python QTextObjectInterface handler), so each chart is an ``<img>`` of a blank,
transparent image with the chart's size: the layout reserves the space and moves it to the
next page when it does not fit, and ``pages`` paints the chart over that space afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

ChartDraw = Callable[[QPainter, QRectF], None]
SCHEME = "aisle-chart"
CSS_DPI = 96.0  # what QTextDocument takes an <img> width in, whatever the device


class ChartSlots:
    """Charts placed in one document, each under a name its ``<img>`` refers to."""

    def __init__(self, content_width_px: float) -> None:
        self.content_width_px = content_width_px
        self.draws: dict[str, ChartDraw] = {}

    def tag(self, draw: ChartDraw, height_mm: float) -> str:
        """An ``<img>`` reserving the full text width and ``height_mm`` for ``draw``."""
        name = f"{SCHEME}:{len(self.draws)}"
        self.draws[name] = draw
        height_px = height_mm / 25.4 * CSS_DPI
        # A hair narrower than the column so rounding never pushes it onto its own line.
        width = int(self.content_width_px) - 2
        return f'<img src="{name}" width="{width}" height="{int(height_px)}">'
