"""The tornado chart of what swings the budget, painted as vectors onto the report's page.

One row per choice, largest swing on top: a bar from the plan's yearly cost to the cost at the
lower setting (blue, upper half of the row) and one to the higher setting (orange, lower half),
the plan's cost as a vertical line, the choice's name on the left and each setting's name and
GPU count beside its bar's end.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen

from aisle_desktop.formatting import money
from aisle_desktop.report.charts import GRID, INK, MUTED, _font, _mm, nice_ticks
from aisle_desktop.sizing.planning import Outcome, Sensitivity

LOW, HIGH = QColor("#5c6bc0"), QColor("#ef6c00")
LABEL_SHARE = 0.26  # of the width, for the choices' names
MAX_ROWS = 12


def _cost(o: Outcome | None, base: float) -> float:
    return base if o is None or o.tco_per_year_usd is None else o.tco_per_year_usd


def _bar_label(o: Outcome | None) -> str:
    if o is None:
        return ""
    if o.tco_per_year_usd is None or o.gpus is None:
        return f"{o.label}: does not fit"
    return f"{o.label}: {o.gpus:,} GPU{'' if o.gpus == 1 else 's'}"


def _label_place(
    x0: float, x1: float, width: float, on_left: bool, left: float, right: float, gap: float
) -> tuple[float, QColor]:
    """Where a bar's label goes: beside its far end, else on the other side of the bar, else
    on the bar itself in white (a bar wider than the room beside it)."""
    if on_left and x0 - gap - width >= left:
        return x0 - gap - width, MUTED
    if not on_left and x1 + gap + width <= right:
        return x1 + gap, MUTED
    if on_left and x1 + gap + width <= right:
        return x1 + gap, MUTED
    if not on_left and x0 - gap - width >= left:
        return x0 - gap - width, MUTED
    return max(left, min(x1 - gap - width, right - width)), QColor("white")


def draw_tornado(painter: QPainter, rect: QRectF, found: Sensitivity, family: str) -> None:
    """Paint ``found`` into ``rect`` (device units)."""
    swings = list(found.swings[:MAX_ROWS])
    base = found.tco_per_year_usd_base
    costs = [base] + [_cost(o, base) for s in swings for o in (s.low, s.high)]
    ticks = nice_ticks(min(costs), max(costs), 5)
    low_x, high_x = min(ticks[0], min(costs)), max(ticks[-1], max(costs))
    painter.save()
    small = _font(family, 7)
    label_font = _font(family, 7.5)
    metrics = QFontMetricsF(small, painter.device())
    left = rect.left() + rect.width() * LABEL_SHARE
    right = rect.right() - _mm(painter, 2)
    axis_h = metrics.height() * 1.6
    top = rect.top()
    row_h = (rect.height() - axis_h) / max(1, len(swings))

    def x_of(value: float) -> float:
        span = high_x - low_x or 1.0
        return left + (value - low_x) / span * (right - left)

    painter.setFont(small)
    for tick in ticks:
        x = x_of(tick)
        painter.setPen(QPen(GRID, 0))
        painter.drawLine(QPointF(x, top), QPointF(x, top + row_h * len(swings)))
        painter.setPen(MUTED)
        text = money(tick)
        width = metrics.horizontalAdvance(text)
        painter.drawText(QPointF(x - width / 2, rect.bottom() - metrics.descent()), text)
    for index, swing in enumerate(swings):
        y = top + index * row_h
        painter.setFont(label_font)
        painter.setPen(INK)
        name_rect = QRectF(rect.left(), y, left - rect.left() - _mm(painter, 2), row_h)
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(name_rect, align, swing.choice)
        painter.setFont(small)
        for half, (outcome, colour) in enumerate(((swing.low, LOW), (swing.high, HIGH))):
            bar = QRectF(0, y + row_h * (0.1 + 0.42 * half), 0, row_h * 0.38)
            value = _cost(outcome, base)
            x0, x1 = sorted((x_of(base), x_of(value)))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(colour))
            painter.drawRect(QRectF(x0, bar.top(), max(x1 - x0, 0.5), bar.height()))
            label = _bar_label(outcome)
            if not label:
                continue
            width = metrics.horizontalAdvance(label)
            x_text, colour_text = _label_place(
                x0, x1, width, value < base, left, right, _mm(painter, 1)
            )
            painter.setPen(colour_text)
            baseline = bar.center().y() + (metrics.ascent() - metrics.descent()) / 2
            painter.drawText(QPointF(x_text, baseline), label)
    painter.setPen(QPen(INK, _mm(painter, 0.3)))
    painter.drawLine(QPointF(x_of(base), top), QPointF(x_of(base), top + row_h * len(swings)))
    painter.restore()
