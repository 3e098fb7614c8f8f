"""The tornado chart of what swings the budget, painted as vectors onto the report's page.

One row per choice, largest swing on top: a bar from the plan's yearly cost to the cost at the
lower setting (blue, upper half of the row) and one to the higher setting (orange, lower half),
the plan's cost as a vertical line. The choices' names stand in a column on the left and each
setting's name and GPU count in a column on the right, level with its bar: no label is ever
written over a bar, a grid line or another label, whatever the bars' lengths. A setting's name
too long for its column is shortened; the table below the chart gives it whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen

from aisle_desktop.formatting import money_tick
from aisle_desktop.report.charts import GRID, INK, MUTED, _font, _mm, nice_ticks
from aisle_desktop.sizing.planning import Outcome, Sensitivity

LOW, HIGH = QColor("#5c6bc0"), QColor("#ef6c00")
BAND = QColor("#f2f4f7")  # lighter than the grid, so grid lines still show across a band
NAME_SHARE = 0.22  # of the width at most, for the choices' names
# Of the width at most, for the settings' names: the longest of the catalog's, "Hugging Face
# Text Generation Inference (TGI): 16 GPUs", takes 42% at 7 pt; the bars keep a third.
SETTING_SHARE = 0.45
GAP_MM = 2.5  # between a column of names and the bars
MAX_ROWS = 12
NAME_POINTS, SETTING_POINTS = 7.5, 7.0  # readable printed; the body text is 9-10 pt


def _cost(o: Outcome | None, base: float) -> float:
    return base if o is None or o.tco_per_year_usd is None else o.tco_per_year_usd


def _count_text(o: Outcome) -> str:
    """What follows a setting's name: ``: 4 of 8 GPUs``, or that it does not fit."""
    return f": {o.gpus_text()}"


def setting_label(o: Outcome, metrics: QFontMetricsF, width: float) -> str:
    """The setting's name and GPU count within ``width``: the name whole, or without what it
    says in brackets, with its GPU counts (`Outcome.gpus_text`), else with the GPUs bought
    alone (what its bar's cost pays for); a name too long even then loses its end. The count
    is never cut. An embeddings plan's counts ("56 GPUs bought, 48 needed + 1 for
    embeddings") left "Llama 3...." of the name: the count said, of nobody."""
    names = [o.label]
    if " (" in o.label:
        names.append(o.label[: o.label.index(" (")])
    for tail in (_count_text(o), f": {o.bought_text()}"):
        for name in names:
            if metrics.horizontalAdvance(name + tail) <= width:
                return name + tail
    room = max(0.0, width - metrics.horizontalAdvance(tail))
    return metrics.elidedText(names[-1], Qt.TextElideMode.ElideRight, room) + tail


@dataclass(frozen=True)
class Label:
    """A text and the box it is drawn in (left- or right-aligned inside it)."""

    text: str
    box: QRectF
    colour: QColor
    right_aligned: bool = False


# What the axis counts: each bar's end is the plan's total cost a year at that setting.
AXIS_NAME = "Total cost a year"


@dataclass(frozen=True)
class TornadoLayout:
    """Where everything goes: the bars with their colours, the labels (choices, settings,
    axis), the plan's line and the grid."""

    bars: list[tuple[QRectF, QColor]]
    bands: list[QRectF]  # every other row shaded across the width, to read a row across
    names: list[Label]
    settings: list[Label]
    ticks: list[Label]
    axis: Label  # what the ticks count, under them
    grid_xs: list[float]
    base_x: float
    plot: QRectF


def tornado_layout(
    rect: QRectF,
    found: Sensitivity,
    name_metrics: QFontMetricsF,
    metrics: QFontMetricsF,
    gap: float,
) -> TornadoLayout:
    """The chart laid out in ``rect`` for fonts of these metrics (pure geometry, no painting)."""
    swings = list(found.swings[:MAX_ROWS])
    base = found.tco_per_year_usd_base
    costs = [base] + [_cost(o, base) for s in swings for o in (s.low, s.high)]
    # Costs read against $0 (a bar twice as long costs twice as much), unless one is negative.
    ticks = nice_ticks(min(0.0, *costs), max(costs), 5)
    low_x, high_x = min(ticks[0], min(costs)), max(ticks[-1], max(costs))
    outcomes = [o for s in swings for o in (s.low, s.high) if o is not None]
    name_w = min(
        max((name_metrics.horizontalAdvance(s.choice) for s in swings), default=0.0),
        rect.width() * NAME_SHARE,
    )
    setting_w = min(
        max((metrics.horizontalAdvance(o.label + _count_text(o)) for o in outcomes), default=0.0),
        rect.width() * SETTING_SHARE,
    )
    # The outer tick labels are centred on the plot's ends: keep half of one inside `rect`.
    half_tick = max(metrics.horizontalAdvance(money_tick(t)) for t in ticks) / 2
    left = rect.left() + max(name_w + gap, half_tick)
    right = rect.right() - max(setting_w + gap, half_tick)
    # The tick labels just under the bars, the axis's name under them, then most of a line
    # clear before what follows the chart (the table's header touched the labels).
    axis_h = metrics.height() * 3.3
    row_h = (rect.height() - axis_h) / max(1, len(swings))
    plot = QRectF(left, rect.top(), right - left, row_h * len(swings))

    def x_of(value: float) -> float:
        span = high_x - low_x or 1.0
        return left + (value - low_x) / span * (right - left)

    tick_labels = []
    for tick in ticks:
        text = money_tick(tick)
        width = metrics.horizontalAdvance(text)
        top = plot.bottom() + metrics.height() * 0.3
        box = QRectF(x_of(tick) - width / 2, top, width, metrics.height())
        tick_labels.append(Label(text, box, MUTED))
    # The ticks' quantity, under them and centred on the plot: the axis read "$0 ... $1 M"
    # with no word of what it counts, and on the ticks' row, where the choices' names stand,
    # "Total cost a year $0" (QA).
    axis_w = metrics.horizontalAdvance(AXIS_NAME)
    axis = Label(
        AXIS_NAME,
        QRectF(
            plot.center().x() - axis_w / 2,
            plot.bottom() + metrics.height() * 1.4,
            axis_w,
            metrics.height(),
        ),
        MUTED,
    )
    bars: list[tuple[QRectF, QColor]] = []
    bands: list[QRectF] = []
    names: list[Label] = []
    settings: list[Label] = []
    for index, swing in enumerate(swings):
        y = rect.top() + index * row_h
        if index % 2:
            bands.append(QRectF(rect.left(), y, rect.width(), row_h))
        name = name_metrics.elidedText(swing.choice, Qt.TextElideMode.ElideRight, name_w)
        height = name_metrics.height()
        names.append(
            Label(
                name,
                QRectF(left - gap - name_w, y + (row_h - height) / 2, name_w, height),
                INK,
                True,
            )
        )
        for half, (outcome, colour) in enumerate(((swing.low, LOW), (swing.high, HIGH))):
            top = y + row_h * (0.1 + 0.42 * half)
            x0, x1 = sorted((x_of(base), x_of(_cost(outcome, base))))
            bar = QRectF(x0, top, max(x1 - x0, 0.5), row_h * 0.38)
            bars.append((bar, colour))
            if outcome is None:
                continue
            text = setting_label(outcome, metrics, setting_w)
            box_top = bar.center().y() - metrics.height() / 2
            settings.append(
                Label(text, QRectF(right + gap, box_top, setting_w, metrics.height()), MUTED)
            )
    return TornadoLayout(
        bars, bands, names, settings, tick_labels, axis, [x_of(t) for t in ticks], x_of(base), plot
    )


def _draw_label(painter: QPainter, label: Label, metrics: QFontMetricsF) -> None:
    painter.setPen(label.colour)
    width = metrics.horizontalAdvance(label.text)
    x = label.box.right() - width if label.right_aligned else label.box.left()
    painter.drawText(QPointF(x, label.box.top() + metrics.ascent()), label.text)


def draw_tornado(painter: QPainter, rect: QRectF, found: Sensitivity, family: str) -> None:
    """Paint ``found`` into ``rect`` (device units)."""
    painter.save()
    name_font, small = _font(family, NAME_POINTS), _font(family, SETTING_POINTS)
    name_metrics = QFontMetricsF(name_font, painter.device())
    metrics = QFontMetricsF(small, painter.device())
    layout = tornado_layout(rect, found, name_metrics, metrics, _mm(painter, GAP_MM))
    plot = layout.plot
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(BAND))
    for band in layout.bands:
        painter.drawRect(band)
    painter.setPen(QPen(GRID, 0))
    for x in layout.grid_xs:
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
    painter.setPen(Qt.PenStyle.NoPen)
    for bar, colour in layout.bars:
        painter.setBrush(QBrush(colour))
        painter.drawRect(bar)
    painter.setPen(QPen(INK, _mm(painter, 0.3)))
    painter.drawLine(QPointF(layout.base_x, plot.top()), QPointF(layout.base_x, plot.bottom()))
    painter.setFont(name_font)
    for label in layout.names:
        _draw_label(painter, label, name_metrics)
    painter.setFont(small)
    for label in [*layout.settings, *layout.ticks, layout.axis]:
        _draw_label(painter, label, metrics)
    painter.restore()
