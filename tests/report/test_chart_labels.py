"""A chart's reference-line labels sit on the paper's background: a curve crossing one (the
TPOT curve under "TPOT target 50 ms") does not run through its text."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from aisle_desktop.report.charts import (
    LABEL_BACKGROUND,
    LineChart,
    Mark,
    Series,
    draw_line_chart,
    legend_rows,
)
from aisle_desktop.report.fonts import load_fonts

CURVE = "#2e7d32"
TARGET = "#c62828"


def _drawn(gui_app: object) -> QImage:
    """A flat line at y = 50 with its target's label at the right end, where it sits."""
    family = load_fonts()
    image = QImage(800, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    chart = LineChart(
        title="",
        x_label="x",
        y_label="y",
        series=[Series("curve", np.array([0.0, 100.0]), np.array([51.0, 51.0]), CURVE)],
        x_format=str,
        y_format=str,
        marks=[Mark("y", 50.0, "TPOT target 50 ms", TARGET)],
    )
    painter = QPainter(image)
    draw_line_chart(painter, QRectF(0, 0, 800, 400), chart, family)
    painter.end()
    return image


def test_a_curve_crossing_a_label_is_hidden_behind_it(gui_app: object) -> None:
    image = _drawn(gui_app)
    curve = QColor(CURVE)
    # The rows the flat curve takes, read left of the label; under the label's last letters
    # those rows show paper and text, not the curve.
    rows = [y for y in range(image.height()) if image.pixelColor(100, y) == curve]
    assert rows
    label_end = range(image.width() - 40, image.width() - 20)
    crossed = [(x, y) for x in label_end for y in rows if image.pixelColor(x, y) == curve]
    assert crossed == []
    assert QColor(LABEL_BACKGROUND) in [image.pixelColor(x, rows[0]) for x in label_end]


def test_a_legend_too_wide_for_its_chart_wraps_onto_rows_above_the_plot() -> None:
    """Entries set in one row ran past the chart's right edge when their names were long."""
    # 100 units of room, 5 apart: 40 + 5 + 40 fit; the third wraps, the fourth joins it.
    assert legend_rows([40.0, 40.0, 60.0, 30.0], 100.0, 5.0) == [
        (0.0, 0),
        (45.0, 0),
        (0.0, 1),
        (65.0, 1),
    ]
    # An entry wider than the room still gets a row of its own, never an empty row first.
    assert legend_rows([150.0, 20.0], 100.0, 5.0) == [(0.0, 0), (0.0, 1)]
