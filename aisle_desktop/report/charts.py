"""Vector charts drawn straight onto the report's painter: lines, markers, axes, legend.

Drawn with QPainter rather than exported from pyqtgraph: on a PDF painter every stroke and
label stays a vector path and real text, at any resolution, and nothing depends on
pyqtgraph's SVG exporter (which Qt 6.12 broke, STACK.md). Sizes are given in millimetres and
points and converted with the device's resolution, so a chart reads the same on paper from a
300-dpi PDF and from a 600-dpi printer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from aisle_desktop.axis_ticks import log_ticks
from aisle_desktop.label_place import Box, Curve, curve_points, label_spot, touches
from aisle_desktop.load_marks import (
    has_figure,
    in_letters,
    in_letters_shown,
    name_forms,
    shortened,
    shortened_level,
)

Formatter = Callable[[float], str]
GRID = QColor("#d7dbe0")
INK = QColor("#222222")
MUTED = QColor("#555555")


@dataclass(frozen=True)
class Series:
    """One line: x and y in data units, drawn solid or dashed."""

    name: str
    xs: np.ndarray
    ys: np.ndarray
    colour: str
    dashed: bool = False


@dataclass(frozen=True)
class Mark:
    """A vertical (``axis="x"``) or horizontal (``axis="y"``) reference line with a label."""

    axis: str
    value: float
    label: str
    colour: str = "#555555"


@dataclass(frozen=True)
class LineChart:
    """A whole chart: what the report's scenario pages ask the painter for."""

    title: str
    x_label: str
    y_label: str
    series: Sequence[Series]
    x_format: Formatter
    y_format: Formatter
    marks: Sequence[Mark] = field(default_factory=tuple)
    log_y: bool = False


# The paper behind mark labels, so the curves they cross do not run through their text.
LABEL_BACKGROUND = "#ffffff"
# Enough that `log_ticks` gives every 1-2-5 value of a chart's range.
LOG_TICKS_ALL = 1_000


def _mm(painter: QPainter, mm: float) -> float:
    return mm * painter.device().logicalDpiX() / 25.4


def _font(family: str, points: float, bold: bool = False) -> QFont:
    font = QFont(family)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round 1-2-5 steps covering [low, high]; the axis reads in numbers people say."""
    if high <= low:
        return [low]
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]


def x_range(chart: LineChart) -> tuple[float, float]:
    """The x axis's span: from 0 when the curves start near it (one request in flight, a few
    tokens), so the axis reads from its origin like the cost chart's; else from the data."""
    low = min(float(s.xs.min()) for s in chart.series)
    high = max(float(s.xs.max()) for s in chart.series)
    if 0.0 < low <= 0.05 * high:
        low = 0.0
    return low, high


def _y_range(chart: LineChart) -> tuple[float, float]:
    values = np.concatenate([s.ys for s in chart.series] or [np.zeros(1)])
    values = np.append(values, [m.value for m in chart.marks if m.axis == "y"])
    values = values[np.isfinite(values)]
    if chart.log_y:
        positive = values[values > 0]
        low, high = (positive.min(), positive.max()) if positive.size else (1.0, 10.0)
        return 10 ** math.floor(math.log10(low)), 10 ** math.ceil(math.log10(high) + 1e-9)
    high = float(values.max()) if values.size else 1.0
    ticks = nice_ticks(0.0, high * 1.05 or 1.0)
    return 0.0, max(ticks[-1], high * 1.05 or 1.0)


def draw_line_chart(painter: QPainter, rect: QRectF, chart: LineChart, family: str) -> None:
    """Draw ``chart`` inside ``rect`` (device units): title, legend, axes, lines and marks."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    small, label = _font(family, 7), _font(family, 7.5)
    painter.setFont(_font(family, 8.5, bold=True))
    title_h = QFontMetricsF(painter.font(), painter.device()).height()
    painter.setPen(INK)
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), title_h), chart.title)
    x_low, x_high = x_range(chart)
    y_low, y_high = _y_range(chart)
    # A log axis's widest label is among its 1-2-5 values: room for it, then as many of them
    # as the plot's height spaces apart.
    y_ticks = log_ticks(y_low, y_high, LOG_TICKS_ALL) if chart.log_y else nice_ticks(y_low, y_high)
    metrics = QFontMetricsF(small, painter.device())
    y_text_w = max(metrics.horizontalAdvance(chart.y_format(t)) for t in y_ticks)
    left = rect.left() + y_text_w + _mm(painter, 6)
    entries = legend_rows(
        [_mm(painter, 6) + metrics.horizontalAdvance(s.name) for s in chart.series],
        rect.right() - left,
        _mm(painter, 5),
    )
    rows = 1 + max((row for _x, row in entries), default=0)
    legend_h = metrics.height() * (0.7 + rows)
    plot = QRectF(
        left,
        rect.top() + title_h + legend_h,
        # To the right edge of the text column, as the tables' (`slots`).
        rect.right() - left,
        rect.height() - title_h - legend_h - metrics.height() * 2.6,
    )

    if chart.log_y:
        y_ticks = log_ticks(y_low, y_high, int(plot.height() // (metrics.height() * 1.3)))

    def to_x(x: float) -> float:
        return plot.left() + (x - x_low) / ((x_high - x_low) or 1.0) * plot.width()

    def to_y(y: float) -> float:
        if chart.log_y:
            share = (math.log10(max(y, y_low)) - math.log10(y_low)) / (
                math.log10(y_high) - math.log10(y_low)
            )
        else:
            share = (y - y_low) / ((y_high - y_low) or 1.0)
        return plot.bottom() - min(max(share, 0.0), 1.0) * plot.height()

    thin = _mm(painter, 0.15)
    painter.setFont(small)
    for tick in y_ticks:
        painter.setPen(QPen(GRID, thin))
        painter.drawLine(QPointF(plot.left(), to_y(tick)), QPointF(plot.right(), to_y(tick)))
        painter.setPen(MUTED)
        box = QRectF(
            rect.left(),
            to_y(tick) - metrics.height() / 2,
            y_text_w + _mm(painter, 4.5),
            metrics.height(),
        )
        painter.drawText(
            box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, chart.y_format(tick)
        )
    x_ticks = nice_ticks(x_low, x_high)
    painter.setPen(QPen(GRID, thin))
    for tick in x_ticks:
        painter.drawLine(QPointF(to_x(tick), plot.top()), QPointF(to_x(tick), plot.bottom()))
    painter.setPen(QPen(INK, thin * 2))
    painter.drawRect(plot)
    painter.setFont(label)
    painter.setPen(INK)
    axis_box = QRectF(
        plot.left(), plot.bottom() + metrics.height() * 1.2, plot.width(), metrics.height() * 1.4
    )
    painter.drawText(axis_box, Qt.AlignmentFlag.AlignHCenter, chart.x_label)
    painter.save()
    painter.translate(rect.left() + metrics.height() * 0.1, plot.center().y())
    painter.rotate(-90)
    painter.drawText(
        QRectF(-plot.height() / 2, 0, plot.height(), metrics.height() * 1.3),
        Qt.AlignmentFlag.AlignHCenter,
        chart.y_label,
    )
    painter.restore()
    painter.setClipRect(plot)
    for mark in chart.marks:
        pen = QPen(QColor(mark.colour), thin * 3, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        if mark.axis == "x":
            painter.drawLine(
                QPointF(to_x(mark.value), plot.top()), QPointF(to_x(mark.value), plot.bottom())
            )
        else:
            painter.drawLine(
                QPointF(plot.left(), to_y(mark.value)), QPointF(plot.right(), to_y(mark.value))
            )
    drawn: list[Curve] = []
    for series in chart.series:
        path = QPainterPath()
        xs = np.array([to_x(float(x)) for x in series.xs])
        ys = np.array([to_y(float(y)) for y in series.ys])
        for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
            point = QPointF(float(x), float(y))
            path.moveTo(point) if i == 0 else path.lineTo(point)
        style = Qt.PenStyle.DashLine if series.dashed else Qt.PenStyle.SolidLine
        painter.setPen(QPen(QColor(series.colour), thin * 5, style))
        painter.drawPath(path)
        drawn.append(curve_points((xs, ys), _mm(painter, 0.5)))
    painter.setClipping(False)
    lines = [_mark_line(mark, plot, to_x, to_y, _mm(painter, 0.5)) for mark in chart.marks]
    shown = _draw_mark_labels(painter, chart, plot, (to_x, to_y), small, (drawn, lines))
    painter.setFont(small)
    painter.setPen(MUTED)
    lettered = in_letters_shown(" ".join(shown))
    for tick in x_ticks:
        # As the marks write the scale: "20 B" under "planned 24.3 B/mo" (it read "20 billion"
        # there), "20 billion" under "planned 24.3 billion tokens a month"; as the window's.
        text = in_letters(chart.x_format(tick)) if lettered else chart.x_format(tick)
        width = metrics.horizontalAdvance(text)
        # Under its tick, but a tick at the plot's right end keeps its label within the column
        # (DeepSeek-V3.2's "800" reached 1.5 mm past the tables' edge).
        text_x = min(to_x(tick) - width / 2, rect.right() - width)
        painter.drawText(QPointF(text_x, plot.bottom() + metrics.height()), text)
    _draw_legend(painter, chart, plot, entries, small)
    painter.restore()


def _mark_line(
    mark: Mark,
    plot: QRectF,
    to_x: Callable[[float], float],
    to_y: Callable[[float], float],
    step: float,
) -> Curve:
    """A mark's line across the plot as points (`curve_points`), for the other marks' labels
    to keep off."""
    if mark.axis == "x":
        ends = (np.full(2, to_x(mark.value)), np.array([plot.top(), plot.bottom()]))
    else:
        ends = (np.array([plot.left(), plot.right()]), np.full(2, to_y(mark.value)))
    return curve_points(ends, step)


def _draw_mark_labels(
    painter: QPainter,
    chart: LineChart,
    plot: QRectF,
    to_xy: tuple[Callable[[float], float], Callable[[float], float]],
    font: QFont,
    drawn: tuple[Sequence[Curve], Sequence[Curve]],
) -> list[str]:
    """Each mark's label, and the lines of text drawn (the x axis's ticks write the scale
    as they do): a vertical mark's in a row of its own at the top, beside its line
    (`vertical_label_place`), a horizontal mark's (a target) beside its line where it touches
    no curve (`label_place`). The other marks' lines count as curves here, as in the window
    (`ui/marker_labels.py`): the Qwen3.5 preset's "pools 100", right of its line, lay across
    the "planned" line at 110. Where one vertical mark's figure is shortened for room, every
    one is, as far (`load_marks.shortened`), and placed again. ``drawn``: the curves' points
    and each mark's line's, in the order of ``chart.marks``."""
    metrics = QFontMetricsF(font, painter.device())
    painter.setFont(font)
    pad = _mm(painter, 0.8)
    labels = [mark.label for mark in chart.marks]
    while True:
        placed = _placed_labels(chart, labels, plot, to_xy, metrics, drawn, pad)
        upright = [k for k, mark in enumerate(chart.marks) if mark.axis == "x"]
        levels = [
            shortened_level(labels[k], placed[k][1]) for k in upright if has_figure(labels[k])
        ]
        if len(set(levels)) < 2:
            break
        # One style of unit on a chart: "planned 6.06 billion tokens a month" beside
        # "break-even" over "4.72 B/mo" (the 405B preset's cost chart) read as two units.
        shorter = [
            shortened(label, max(levels)) if k in upright else label
            for k, label in enumerate(labels)
        ]
        if shorter == labels:
            break
        labels = shorter
    for mark, (chip, texts) in zip(chart.marks, placed, strict=True):
        # On the paper's background, as the window's chips are: where no spot is clear of
        # the curves, one crossing the label does not run through its text.
        painter.fillRect(
            QRectF(chip.left, chip.top, chip.width, chip.height), QColor(LABEL_BACKGROUND)
        )
        painter.setPen(QColor(mark.colour))
        for k, text in enumerate(texts):
            at = QPointF(chip.left + pad / 2, chip.top + metrics.ascent() + k * metrics.height())
            painter.drawText(at, text)
    return [text for _chip, texts in placed for text in texts]


def _placed_labels(
    chart: LineChart,
    labels: Sequence[str],
    plot: QRectF,
    to_xy: tuple[Callable[[float], float], Callable[[float], float]],
    metrics: QFontMetricsF,
    drawn: tuple[Sequence[Curve], Sequence[Curve]],
    pad: float,
) -> list[tuple[Box, list[str]]]:
    """Each mark's label chip and its text's lines, ``labels`` in the order of
    ``chart.marks`` (`_draw_mark_labels`)."""
    to_x, to_y = to_xy
    curves, lines = drawn
    row = 0  # vertical marks close together would overprint: each label gets its own row
    taken: list[Box] = []
    placed = []
    room = Box(plot.left(), plot.top(), plot.width(), plot.height())
    for index, (mark, label) in enumerate(zip(chart.marks, labels, strict=True)):
        others = [*curves, *(line for k, line in enumerate(lines) if k != index)]
        if mark.axis == "x":
            row += 1
            line_x = to_x(mark.value)
            chip, texts = vertical_label_place(
                label, line_x, metrics, row, room, others, taken, pad
            )
        else:
            width = metrics.horizontalAdvance(label)
            line_y = to_y(mark.value)
            chip = label_spot(
                width + pad, metrics.height(), line_y, room, others, taken, pad, pad * 2
            )
            texts = [label]
        taken.append(chip)
        placed.append((chip, texts))
    return placed


def vertical_label_place(
    label: str,
    line_x: float,
    metrics: QFontMetricsF,
    row: int,
    room: Box,
    curves: Sequence[Curve],
    taken: Sequence[Box],
    pad: float,
) -> tuple[Box, list[str]]:
    """A vertical mark's chip and its text's lines, its unit kept where it can be: on one
    line beside its line in its row where that side touches no curve, no other line and no
    label placed (`beside_line`), else its name over its figure there, else on one line
    wherever along its line that is clear (`label_spot`); else its name over its figure in
    fewer letters beside its line ("break-even" over "16.5 B tokens/mo", `name_forms`), else
    on one line where `vertical_label_box` puts it. Never over its number alone: on the
    Qwen3.5 preset's throughput chart "pools" over "100", 10 requests left of "planned 110
    in flight", was a number no axis placed."""

    def beside(texts: list[str]) -> Box | None:
        width = max(metrics.horizontalAdvance(text) for text in texts)
        size = (width, metrics.height(), metrics.ascent())
        return beside_line(line_x, size, (row, len(texts)), room, curves, taken, pad)

    forms = name_forms(label)
    for texts in forms[:2]:  # with the unit
        if (chip := beside(texts)) is not None:
            return chip, texts
    size = (metrics.horizontalAdvance(label), metrics.height(), metrics.ascent())
    spot = label_spot(
        size[0] + pad, size[1], line_x, room, curves, taken, pad, pad * 2, vertical=True
    )
    if not touches(spot, curves, 0.0) and not any(spot.intersects(t) for t in taken):
        return spot, [label]
    for texts in forms[2:]:  # the unit in fewer letters
        if (chip := beside(texts)) is not None:
            return chip, texts
    return vertical_label_box(line_x, size, row, room, curves, taken, pad), [label]


def beside_line(
    line_x: float,
    size: tuple[float, float, float],
    rows: tuple[int, int],
    room: Box,
    curves: Sequence[Curve],
    taken: Sequence[Box],
    pad: float,
) -> Box | None:
    """The chip of a vertical mark's text (its width, a line's height and ascent in `size`;
    in `rows`, the row its first baseline sits in, a line's height apart from the plot's
    top, and how many lines it has) just right of its line, or left where the plot ends
    first or where the right side touches a curve, another mark's line or a label placed and
    the left does not; None where neither side is clear."""
    width, height, ascent = size
    row, lines = rows
    top = room.top + height * row - ascent
    right = Box(line_x + pad / 2, top, width + pad, height * lines)
    left = Box(line_x - pad * 1.5 - width, top, width + pad, height * lines)
    sides = [left, right] if right.right - pad / 2 > room.right else [right, left]
    for chip in sides:
        # its padding may reach over the frame on either side, its text may not
        inside = room.left - pad / 2 <= chip.left and chip.right <= room.right + pad / 2
        inside &= chip.bottom <= room.bottom
        crowds = any(chip.intersects(t) for t in taken)  # rows one above another touch
        if inside and not crowds and not touches(chip, curves, 0.0):
            return chip
    return None


def vertical_label_box(
    line_x: float,
    size: tuple[float, float, float],
    row: int,
    room: Box,
    curves: Sequence[Curve],
    taken: Sequence[Box],
    pad: float,
) -> Box:
    """The chip of a vertical mark's one-line label (its text's width, height and ascent in
    `size`): beside its line in its row (`beside_line`), each mark in a row of its own so
    close lines' labels never overprint. Where a curve runs through that row on both sides
    (the DeepSeek-V3.2 expert-parallel preset's "pools' limit 552" lay on the pools' dashed
    curves, flat near their top), beside its line where it touches no curve and no label
    placed (`label_spot`, the window's rule)."""
    width, height, _ = size
    chip = beside_line(line_x, size, (row, 1), room, curves, taken, pad)
    if chip is not None:
        return chip
    return label_spot(width + pad, height, line_x, room, curves, taken, pad, pad * 2, vertical=True)


def legend_rows(widths: Sequence[float], room: float, gap: float) -> list[tuple[float, int]]:
    """Each legend entry's (x from the plot's left, row) when entries of ``widths`` are set
    left to right ``gap`` apart and wrap onto a new row rather than pass ``room``: a legend
    never runs past the chart's edge, and its rows sit above the plot, off the curves."""
    placed: list[tuple[float, int]] = []
    x, row = 0.0, 0
    for width in widths:
        if x > 0.0 and x + width > room:
            x, row = 0.0, row + 1
        placed.append((x, row))
        x += width + gap
    return placed


def _draw_legend(
    painter: QPainter,
    chart: LineChart,
    plot: QRectF,
    entries: Sequence[tuple[float, int]],
    font: QFont,
) -> None:
    """The entries in their rows above the plot, the last row's baseline clear of its frame."""
    metrics = QFontMetricsF(font, painter.device())
    painter.setFont(font)
    rows = 1 + max((row for _x, row in entries), default=0)
    swatch = _mm(painter, 5)
    for series, (dx, row) in zip(chart.series, entries, strict=True):
        x = plot.left() + dx
        y = plot.top() - metrics.height() * (0.55 + rows - 1 - row)
        style = Qt.PenStyle.DashLine if series.dashed else Qt.PenStyle.SolidLine
        painter.setPen(QPen(QColor(series.colour), _mm(painter, 0.6), style))
        painter.drawLine(
            QPointF(x, y - metrics.ascent() / 3), QPointF(x + swatch, y - metrics.ascent() / 3)
        )
        painter.setPen(INK)
        painter.drawText(QPointF(x + swatch + _mm(painter, 1), y), series.name)
