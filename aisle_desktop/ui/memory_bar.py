"""A stacked bar of one GPU's memory: weights, KV cache, runtime, free."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from aisle_desktop.formatting import with_unit
from aisle_desktop.ui.contrast import mix

# Used memory in hues that read on light and dark windows alike; free memory is drawn as a
# shade between the window and its text, so it recedes in either theme.
SEGMENT_COLOURS = {
    "Weights": QColor("#3949ab"),
    "KV cache": QColor("#00897b"),
    "Runtime": QColor("#f9a825"),
}
FREE_SHARE_OF_TEXT = 0.25


class MemoryBar(QWidget):
    """Draws the memory breakdown it is given; computes nothing."""

    def __init__(self) -> None:
        super().__init__()
        self._segments: list[tuple[str, float]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(46)

    def sizeHint(self) -> QSize:
        return QSize(400, 46)

    def set_segments(self, segments: list[tuple[str, float]]) -> None:
        """(name, GB) pairs, drawn left to right in proportion."""
        self._segments = segments
        self.setToolTip(" · ".join(f"{name} {with_unit(gb, 'GB')}" for name, gb in segments))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        total = sum(gb for _, gb in self._segments)
        if total <= 0:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        window = self.palette().color(QPalette.ColorRole.Window)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        colours = {**SEGMENT_COLOURS, "Free": mix(window, text, FREE_SHARE_OF_TEXT)}
        bar = QRectF(0, 0, self.width(), 22)
        x = 0.0
        for name, gb in self._segments:
            width = bar.width() * gb / total
            painter.fillRect(QRectF(x, 0, width, bar.height()), colours.get(name, text))
            x += width
        legend_x = 0.0
        metrics = painter.fontMetrics()
        for name, gb in self._segments:
            painter.fillRect(QRectF(legend_x, 28, 10, 10), colours.get(name, text))
            legend = f"{name} {with_unit(gb, 'GB')}"  # as the figures read
            painter.setPen(text)
            painter.drawText(int(legend_x + 14), 38, legend)
            legend_x += 24 + metrics.horizontalAdvance(legend)
        painter.end()
