"""The Load tab's second set of curves: separate prefill and decode pools beside serving
together, when the plan compares both (dashed, their planned load marked "pools"), and where
the pools reach their limit (a dotted line, on a plan in pools too): past it more requests in
flight only queue, so TTFT rises by their wait while throughput and TPOT stay.

The plot titles say which serving each line style draws ("together (solid), pools (dashed)",
or "prefill and decode pools" above a plan planned with them): a legend entry per dashed line
made the latency plot's legend taller than the plot at 1440 x 900."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from aisle_desktop.formatting import s_from_ms
from aisle_desktop.load_marks import in_flight_mark
from aisle_desktop.sizing.planning import PlanCurves, pools_limit
from aisle_desktop.ui.marker_labels import name_mark
from aisle_desktop.ui.plot_style import line_pen, marker_line, set_title
from aisle_desktop.ui.theme import Theme

DASH = Qt.PenStyle.DashLine
DOT = Qt.PenStyle.DotLine
POOLS = "separate pools"


def load_titles(curves: PlanCurves | None) -> tuple[str, str]:
    """The throughput and latency plots' titles: which serving the curves draw (none drawn:
    the plain titles)."""
    if curves is None:
        which = ""
    elif curves.pools is not None:
        which = ": together (solid), pools (dashed)"
    elif curves.concurrency_label == POOLS:
        which = ": prefill and decode pools"
    else:
        which = ""
    return f"Throughput against load{which}", f"Latency against load{which}"


class PoolsOverlay:
    """Dashed pool curves and their planned mark on the throughput and latency plots."""

    def __init__(
        self,
        theme: Theme,
        throughput_plot: pg.PlotWidget,
        latency_plot: pg.PlotWidget,
        hues: dict[str, str],
    ) -> None:
        self._throughput_plot, self._latency_plot = throughput_plot, latency_plot
        self._title_colour = theme.plot_foreground.name()
        self.throughput = pg.PlotDataItem(pen=line_pen(theme, hues["throughput"], 2, DASH))
        self.ttft = pg.PlotDataItem(pen=line_pen(theme, hues["ttft"], 2, DASH))
        self.tpot = pg.PlotDataItem(pen=line_pen(theme, hues["tpot"], 2, DASH))
        throughput_plot.addItem(self.throughput)
        latency_plot.addItem(self.ttft)
        latency_plot.addItem(self.tpot)
        self.throughput_mark = marker_line(theme, hues["mark"], 90, DASH, "pools", 0.5)
        self.latency_mark = pg.InfiniteLine(angle=90, pen=line_pen(theme, hues["mark"], style=DASH))
        throughput_plot.addItem(self.throughput_mark, ignoreBounds=True)
        latency_plot.addItem(self.latency_mark, ignoreBounds=True)
        # Unnamed in the window: its throughput plot, some 40 px high at 1024 x 700, has no
        # room for a third name beside "planned" and "pools" (the report names it).
        self.limit_throughput_mark = pg.InfiniteLine(
            angle=90, pen=line_pen(theme, hues["mark"], style=DOT)
        )
        self.limit_latency_mark = pg.InfiniteLine(
            angle=90, pen=line_pen(theme, hues["mark"], style=DOT)
        )
        throughput_plot.addItem(self.limit_throughput_mark, ignoreBounds=True)
        latency_plot.addItem(self.limit_latency_mark, ignoreBounds=True)
        self._show(False)
        for mark in (self.limit_throughput_mark, self.limit_latency_mark):
            _mark_limit(mark, None)

    def _show(self, shown: bool) -> None:
        for item in (self.throughput_mark, self.latency_mark):
            item.setVisible(shown)

    def clear(self) -> None:
        """No curves drawn (a plan not sized, or serving nothing): no pools' lines, marks or
        titles left from the plan before. Opened over the default plan's, an unsizable plan's
        empty plots kept "pools about 27 in flight" and "together (solid), pools (dashed)"."""
        for curve in (self.throughput, self.ttft, self.tpot):
            curve.setData([], [])
        self._show(False)
        for mark in (self.limit_throughput_mark, self.limit_latency_mark):
            _mark_limit(mark, None)
        throughput_title, latency_title = load_titles(None)
        set_title(self._throughput_plot, throughput_title, self._title_colour)
        set_title(self._latency_plot, latency_title, self._title_colour)

    def show_throughput(self, curves: PlanCurves) -> float:
        """Draw the pools' throughput (or nothing); the largest load drawn."""
        set_title(self._throughput_plot, load_titles(curves)[0], self._title_colour)
        _mark_limit(self.limit_throughput_mark, pools_limit(curves))
        pools = curves.pools
        if pools is None or curves.pools_planned_in_flight is None:
            self.throughput.setData([], [])
            self._show(False)
            return 0.0
        self.throughput.setData(pools.in_flight, pools.output_tokens_per_s)
        self.throughput_mark.setValue(curves.pools_planned_in_flight)
        name_mark(self.throughput_mark, in_flight_mark("pools", curves.pools_planned_in_flight))
        self._show(True)
        return float(pools.in_flight[-1])

    def show_latency(self, curves: PlanCurves) -> np.ndarray:
        """Draw the pools' TTFT and TPOT (or nothing); the latencies drawn, in ms."""
        set_title(self._latency_plot, load_titles(curves)[1], self._title_colour)
        _mark_limit(self.limit_latency_mark, pools_limit(curves))
        pools = curves.pools
        if pools is None or curves.pools_planned_in_flight is None:
            self.ttft.setData([], [])
            self.tpot.setData([], [])
            self._show(False)
            return np.zeros(0)
        self.ttft.setData(pools.in_flight, s_from_ms(pools.ttft_ms))
        self.tpot.setData(pools.in_flight, s_from_ms(pools.tpot_ms))
        self.latency_mark.setValue(curves.pools_planned_in_flight)
        self._show(True)
        return np.concatenate([pools.ttft_ms, pools.tpot_ms])


def _mark_limit(mark: pg.InfiniteLine, limit_in_flight: float | None) -> None:
    """Mark where the pools reach their limit on one plot (each plot's own turn: setting the
    other's would paint it twice); no pools drawn, no mark."""
    mark.setVisible(limit_in_flight is not None)
    if limit_in_flight is not None:
        mark.setValue(limit_in_flight)
