"""The charts of one scenario, as data: which curves, which marks, which units.

Kept apart from the drawing so the choice of what a planner sees (planned load, targets,
the API crossover) reads in one place, in the same units as the window's plots.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

from aisle_desktop.formatting import compact, duration_ms, money_tick, target_text, with_unit
from aisle_desktop.load_marks import in_flight_mark, monthly_tokens_mark
from aisle_desktop.report.charts import LineChart, Mark, Series
from aisle_desktop.sizing.planning import PlanCurves, pools_limit

BLUE, RED, GREEN, ORANGE, GREY = "#1a237e", "#c62828", "#2e7d32", "#ef6c00", "#555555"
# The window's memory bar colours (ui/memory_bar.py), so paper and screen match.
MEMORY_COLOURS = {
    "Weights": "#3949ab",
    "KV cache": "#00897b",
    "Runtime": "#f9a825",
    "Free": "#cfd8dc",
}


def _who(curves: PlanCurves) -> tuple[str, str]:
    """What the solid curves draw, and the dashed ones' suffix when the plan compares both."""
    if curves.concurrency_label == "separate pools":
        return "prefill and decode pools", ""
    if curves.pools is not None:
        return "all replicas together: solid; separate pools: dashed", ", pools"
    return "all replicas", ""


def _planned_marks(curves: PlanCurves) -> list[Mark]:
    """The planned load's line (and the pools' and their limit's), each named with its
    number of requests in flight, the unit the axis measures."""
    at = curves.planned_in_flight
    marks = [Mark("x", at, in_flight_mark("planned", at))]
    if curves.pools_planned_in_flight is not None:
        at = curves.pools_planned_in_flight
        marks.append(Mark("x", at, in_flight_mark("pools", at)))
    limit = pools_limit(curves)
    if limit is not None:  # past it more requests in flight only queue
        marks.append(Mark("x", limit, in_flight_mark("pools' limit", limit)))
    return marks


def throughput_chart(curves: PlanCurves) -> LineChart:
    """Whole-plan output tokens/s against requests in flight, with the planned load (and the
    pools' beside it, dashed, when the plan compares both)."""
    c = curves.concurrency
    who, pools = _who(curves)
    series = [Series("Output tokens/s", c.in_flight, c.output_tokens_per_s, BLUE)]
    if curves.pools is not None:
        p = curves.pools
        series.append(
            Series(f"Output tokens/s{pools}", p.in_flight, p.output_tokens_per_s, BLUE, True)
        )
    return LineChart(
        title=f"Throughput against load ({who})",
        x_label="Requests in flight",
        y_label="Output tokens/s",
        series=series,
        x_format=compact,
        y_format=compact,
        marks=_planned_marks(curves),
    )


def latency_chart(curves: PlanCurves) -> LineChart:
    """TTFT and TPOT against requests in flight (log scale), with targets and planned load."""
    c = curves.concurrency
    who, pools = _who(curves)
    series = [
        Series("Time to first token (TTFT)", c.in_flight, c.ttft_ms, RED),
        Series("Time per output token (TPOT)", c.in_flight, c.tpot_ms, GREEN),
    ]
    if curves.pools is not None:
        p = curves.pools
        series += [
            Series(f"TTFT{pools}", p.in_flight, p.ttft_ms, RED, True),
            Series(f"TPOT{pools}", p.in_flight, p.tpot_ms, GREEN, True),
        ]
    return LineChart(
        title=f"Latency against load, logarithmic scale ({who})",
        x_label="Requests in flight",
        y_label="Latency",
        series=series,
        x_format=compact,
        y_format=duration_ms,
        marks=[
            Mark(
                "y",
                curves.ttft_target_ms,
                f"TTFT target {target_text(curves.ttft_target_ms, 'ms')}",
                RED,
            ),
            Mark(
                "y",
                curves.tpot_target_ms,
                f"TPOT target {target_text(curves.tpot_target_ms, 'ms')}",
                GREEN,
            ),
            *_planned_marks(curves),
        ],
        log_y=True,
    )


def cost_chart(curves: PlanCurves) -> LineChart:
    """Yearly cost of owning against the hosted API as the monthly volume grows."""
    c = curves.cost
    volume = curves.planned_monthly_tokens
    marks = [Mark("x", volume, monthly_tokens_mark("planned", volume))]
    if c.crossover_monthly_tokens is not None:
        at = c.crossover_monthly_tokens
        marks.append(Mark("x", at, monthly_tokens_mark("break-even", at), ORANGE))
    owning = Series(
        "Owning (steps up a plan at a time)", c.monthly_tokens, c.on_prem_usd_per_year, BLUE
    )
    compared = bool(c.api_usd_per_year.any())  # none comparable in the catalog: no line at $0
    return LineChart(
        title="Cost a year against volume: owning versus the hosted API"
        if compared
        else "Cost a year against volume (no hosted API compared)",
        x_label="Tokens a month (input + output)",
        y_label="Cost a year",
        series=[owning, Series("Hosted API", c.monthly_tokens, c.api_usd_per_year, ORANGE)]
        if compared
        else [owning],
        x_format=compact,
        y_format=money_tick,
        marks=marks,
    )


def draw_memory_bar(
    painter: QPainter, rect: QRectF, segments: list[tuple[str, float]], family: str
) -> None:
    """One GPU's memory as a stacked bar with a legend of values (GB, as the window shows)."""
    total = sum(gb for _, gb in segments)
    if total <= 0:
        return
    painter.save()
    font = QFont(family)
    font.setPointSizeF(7.5)
    painter.setFont(font)
    metrics = QFontMetricsF(font, painter.device())
    bar_h = rect.height() * 0.45
    x = rect.left()
    for name, gb in segments:
        width = rect.width() * gb / total
        painter.fillRect(
            QRectF(x, rect.top(), width, bar_h), QColor(MEMORY_COLOURS.get(name, GREY))
        )
        x += width
    x = rect.left()
    y = rect.top() + bar_h + metrics.height() * 1.3
    swatch = metrics.height() * 0.7
    for name, gb in segments:
        painter.fillRect(
            QRectF(x, y - swatch, swatch, swatch), QColor(MEMORY_COLOURS.get(name, GREY))
        )
        text = f"{name} {with_unit(gb, 'GB')}"
        painter.setPen(QColor("#222222"))
        painter.drawText(QPointF(x + swatch * 1.5, y), text)
        x += swatch * 3.5 + metrics.horizontalAdvance(text)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.restore()
