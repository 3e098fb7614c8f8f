"""Live curves: load, memory against context, cost against volume, and GPUs compared.

Every plot item is created once; new results only call setData, so updates are cheap and the
plots never flicker. Axes carry units; targets and the planned load are drawn as lines.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aisle_desktop.axis_ticks import log_ticks
from aisle_desktop.formatting import (
    bytes_from_gb,
    compact,
    duration_ms,
    money_tick,
    ms_from_s,
    s_from_ms,
    target_text,
    with_unit,
)
from aisle_desktop.load_marks import (
    context_mark,
    in_flight_mark,
    in_letters,
    in_letters_shown,
    monthly_tokens_mark,
)
from aisle_desktop.sizing.planning import (
    GpuOption,
    MemoryCurve,
    PlanCurves,
)
from aisle_desktop.ui.empty_plot import EmptyPlotNote
from aisle_desktop.ui.fade import Fade
from aisle_desktop.ui.gpu_table import GpuPage
from aisle_desktop.ui.legend_names import entry_of_its_own, named_with_its_curve
from aisle_desktop.ui.legend_place import (
    fit_legend_band,
    place_legend,
    put_legend_beside_axis,
    put_legend_under_title,
)
from aisle_desktop.ui.marker_labels import (
    name_mark,
    named_in_legend_if_crowded,
    place_marker_labels,
)
from aisle_desktop.ui.menu_on_demand import MenuOnDemandView
from aisle_desktop.ui.plot_axes import ReadableAxis, WordUnitAxis
from aisle_desktop.ui.plot_style import line_pen, marker_line, style_plot
from aisle_desktop.ui.pools_overlay import PoolsOverlay
from aisle_desktop.ui.theme import Theme
from aisle_desktop.ui.update_queue import UpdateQueue

pg.setConfigOptions(antialias=False)
# Each series' hue; the shade drawn is made to stand out from the plot's background (Theme.line).
HUE = {
    "throughput": "#1a237e",
    "ttft": "#c62828",
    "tpot": "#2e7d32",
    "mark": "#555555",
    "usable": "#000000",
    "onprem": "#1a237e",
    "api": "#ef6c00",
    "kv": "#00695c",
    "runtime": "#f57f17",
    "weights": "#283593",
}
DASH, DOT = Qt.PenStyle.DashLine, Qt.PenStyle.DotLine
# What an empty plot says (`show_curves`), unless told why it is empty.
NOT_SIZED = "Not sized"
# What the Load and Cost plots say for a plan that serves nothing within its targets: the Cost
# plot has no volume to put a cost against (it drew a flat line over "0 to 1 tokens a month",
# marked "planned 0 tokens a month"); the Load plots drew the one replica left at 1 to 3
# requests in flight, its TTFT rising then falling, over a target no load meets.
NOTHING_SERVED = "Serves nothing within its latency targets"
# The Cost plot's hosted API line, named in its legend while it is drawn.
API_NAME = "hosted API"


# The memory plot's top, as a multiple of usable memory: its line sits low enough for the
# bands that pass it to be seen passing; higher still when the stack does (`memory_top_bytes`).
MEMORY_TOP_OF_USABLE = 1.6
# Room above the highest band, so its edge is drawn inside the frame.
MEMORY_ROOM_ABOVE = 1.05


def memory_top_bytes(memory: MemoryCurve) -> float:
    """The top of the memory plot: 1.6 x usable memory, or the whole stack when it reaches
    higher. DeepSeek-V3's KV cache of the planned load passed 1.6 x its 151 GB at 45 k of
    its 163 k tokens of context and ran off the top; now the band is read to its end."""
    stack = memory.weights_gb + memory.runtime_gb + memory.kv_cache_gb
    highest = float(stack.max()) if stack.size else 0.0
    top = max(memory.usable_gb * MEMORY_TOP_OF_USABLE, highest * MEMORY_ROOM_ABOVE)
    return bytes_from_gb(top)


def _plot(
    theme: Theme,
    title: str,
    x_label: str,
    x_unit: str,
    y_label: str,
    y_unit: str,
    axes: dict[str, ReadableAxis] | None = None,
    legend_columns: int = 1,
    legend_beside_axis: bool = False,
) -> pg.PlotWidget:
    """A plot whose legend sits in the emptiest corner of its curves, or, for a plot too
    short for any corner to be empty (`legend_beside_axis`), outside them, at the right of
    its x axis's name. A plot with no `x_label` shares the x axis of the plot below it (its
    ticks stay, its name is the other's), and no legend (`legend_columns` 0) leaves a
    single curve named by its y axis."""
    plot = pg.PlotWidget(axisItems=axes, viewBox=MenuOnDemandView())
    if x_label:
        plot.setLabel("bottom", x_label, units=x_unit)
    plot.setLabel("left", y_label, units=y_unit)
    plot.showGrid(x=True, y=True, alpha=0.25)
    if legend_columns:
        plot.addLegend(offset=(-10, 10), colCount=legend_columns)
    style_plot(plot, theme, title)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to do by key; Tab showed no focus
    # Resized, the curves move under the marker names and the legend: they find their
    # places again (`place_names_and_legend`).
    plot.getViewBox().sigResized.connect(lambda _view: place_names_and_legend(plot))
    if legend_beside_axis:
        put_legend_beside_axis(plot)
    for side, unit in (("left", y_unit), ("bottom", x_unit)):
        if not isinstance(plot.getAxis(side), ReadableAxis):
            plot.getAxis(side).enableAutoSIPrefix(bool(unit))
    return plot


def place_names_and_legend(plot: pg.PlotWidget) -> None:
    """The marker names, then the legend in the corner where it hides least (curves first,
    then names), then the names again, clear of where the legend went (QA at 1024 x 700: the
    cost plot's legend took the one corner free of curves, over the name "planned")."""
    place_marker_labels(plot)
    place_legend(plot)
    place_marker_labels(plot)


# The widest tick labels the two load plots write ("12.5 k" tokens/s, "500 ms"): both left
# axes reserve this room, so the plots, one above the other, start at the same x.
WIDEST_LOAD_TICKS = ("888.8 k", "888 ms", "88.8 s")


def align_left_axes(*plots: pg.PlotWidget) -> None:
    """Give the plots' left axes the same room for tick labels, whatever each one's labels
    are: pyqtgraph sizes each axis by its own widest label, so stacked plots started a few
    pixels apart."""
    axes = [plot.getAxis("left") for plot in plots]
    room = max(
        QFontMetrics(axis.style.get("tickFont") or axis.font()).horizontalAdvance(text)
        for axis in axes
        for text in WIDEST_LOAD_TICKS
    )
    for axis in axes:
        axis.setStyle(autoExpandTextSpace=False, tickTextWidth=room)


# What one plot tab draws: arrays and numbers (None where a curve has no such point).
TabInputs = tuple[Any, ...]

# Vertical room one latency label needs to stay clear of its neighbours: a line of the
# axis's text and a blank between (at 12 px, eight labels on a plot 110 px high touched).
LATENCY_TICK_SPACING_PX = 16


def latency_ticks(low_s: float, high_s: float, most: int = 6) -> list[tuple[float, str]]:
    """Readable ticks for a log latency axis, labelled in ms or s, as many as fit
    (`axis_ticks.log_ticks`, as the report's latency chart)."""
    return [(float(np.log10(v)), duration_ms(ms_from_s(v))) for v in log_ticks(low_s, high_s, most)]


class CurvesPanel(QTabWidget):
    """Four tabs of plots, fed by `show_curves` and `show_comparison`; each plot is drawn in
    its own slice of `later`, so the window never paints them all in one go."""

    def __init__(self, later: UpdateQueue) -> None:
        super().__init__()
        self._later = later
        self._theme = Theme.of(self)
        # The nine result tabs fit side by side at 1440 px. Narrower, their names stay whole
        # (elided to fit 1280 px they read "Lo…", "S…"): those that fit show, and the window's
        # TabListButton lists them all.
        self.setElideMode(Qt.TextElideMode.ElideNone)
        self._build_load_tab()
        self._build_memory_tab()
        self._build_cost_tab()
        self._build_gpu_tab()
        self._curves: PlanCurves | None = None
        self._empty_why = NOT_SIZED
        self._notes = {
            plot: EmptyPlotNote(plot, self._theme)
            for plot in (self.throughput_plot, self.latency_plot, self.memory_plot, self.cost_plot)
        }
        # Each plot tab's updates (one a plot), what it last drew, and the tabs not drawn
        # since a new result.
        self._tab_updates: dict[QWidget, dict[pg.PlotWidget, Callable[[PlanCurves], None]]] = {
            self.load_page: {
                self.throughput_plot: self._show_throughput,
                self.latency_plot: self._show_latency,
            },
            self.memory_plot: {self.memory_plot: self._show_memory},
            self.cost_plot: {self.cost_plot: self._show_cost},
        }
        self._drawn: dict[QWidget, TabInputs | None] = dict.fromkeys(self._tab_updates)
        # Greyed with the results panel's figures, which come from the same result.
        self.curves_fade = Fade(
            self.throughput_plot, self.latency_plot, self.memory_plot, self.cost_plot
        )
        self._stale: set[QWidget] = set()
        self.currentChanged.connect(lambda _index: self._show_current_tab())

    def _build_load_tab(self) -> None:
        self.load_page = page = QWidget()
        layout = QVBoxLayout(page)
        theme = self._theme
        # Its x axis is the latency plot's below it, and its one curve is what its y axis
        # names: without a row for the axis's name and a legend, its curves have a fifth
        # more room at 1280 x 800. The y axes' names are short enough to stand whole beside
        # plots some 70 px high (1024 x 700): "Output tokens/s" and "Latency (log scale)"
        # were cut at both ends; the title says which tokens, the ticks (10 ms, 100 ms, 1 s)
        # that the scale is logarithmic.
        self.throughput_plot = _plot(
            theme,
            "Throughput against load",
            "",
            "",
            "Tokens/s",
            "",
            {"left": ReadableAxis("left", compact), "bottom": ReadableAxis("bottom", compact)},
            legend_columns=0,
        )
        self.throughput = self.throughput_plot.plot(pen=line_pen(theme, HUE["throughput"], 2))
        self.load_mark = self._mark("planned", 0.9)
        self.throughput_plot.addItem(self.load_mark, ignoreBounds=True)
        # TTFT and TPOT named side by side: stacked, the second name fell below a plot some
        # 70 px high (1280 x 800).
        self.latency_plot = _plot(
            theme,
            "Latency against load",
            "Requests in flight",
            "",
            "Latency",
            "",
            {"bottom": ReadableAxis("bottom", compact)},  # 10 M requests, not 1e+07
            legend_columns=2,
            legend_beside_axis=True,
        )
        self.ttft = self.latency_plot.plot(name="TTFT", pen=line_pen(theme, HUE["ttft"], 2))
        self.tpot = self.latency_plot.plot(name="TPOT", pen=line_pen(theme, HUE["tpot"], 2))
        # Each name finds a spot clear of the curves and of the other (`_place_targets`).
        self.ttft_target = self._target("TTFT target", HUE["ttft"])
        self.tpot_target = self._target("TPOT target", HUE["tpot"])
        for line, curve, name in (
            (self.ttft_target, self.ttft, "TTFT"),
            (self.tpot_target, self.tpot, "TPOT"),
        ):
            shown = named_with_its_curve(self.latency_plot, line, curve, name)
            named_in_legend_if_crowded(line, shown)
        self.latency_mark = pg.InfiniteLine(angle=90, pen=line_pen(theme, HUE["mark"], style=DOT))
        for item in (self.ttft_target, self.tpot_target, self.latency_mark):
            self.latency_plot.addItem(item, ignoreBounds=True)
        self.pools = PoolsOverlay(theme, self.throughput_plot, self.latency_plot, HUE)
        self.latency_plot.setLogMode(y=True)
        # The latency range last drawn (s), its ticks fitted to the plot's height at each resize.
        self._latency_span_s: tuple[float, float] | None = None
        self.latency_plot.getViewBox().sigResized.connect(lambda _view: self._fit_latency_ticks())
        align_left_axes(self.throughput_plot, self.latency_plot)
        # The latency plot holds four curves and two targets' names: the larger share.
        layout.addWidget(self.throughput_plot, 2)
        layout.addWidget(self.latency_plot, 3)
        self.addTab(page, "Load")

    def _mark(
        self, label: str, position: float, hue: str = HUE["mark"], style: Qt.PenStyle = DOT
    ) -> pg.InfiniteLine:
        """A vertical line at a planned figure, named near the top of the plot."""
        return marker_line(self._theme, hue, 90, style, label, position)

    def _target(self, label: str, hue: str, position: float = 0.1) -> pg.InfiniteLine:
        """A horizontal dashed line at a target, named in its own colour."""
        return marker_line(self._theme, hue, 0, DASH, label, position)

    def _build_memory_tab(self) -> None:
        theme = self._theme
        self.memory_plot = _plot(
            theme,
            "Memory per GPU against context length",
            "Context per request",
            "tokens",
            "Memory per GPU",
            "B",
            {"bottom": WordUnitAxis("bottom")},
            legend_columns=3,
        )
        # Drawn largest first, each filled down to zero, so the three bands stack.
        self.mem_kv = self._band("kv", "KV cache of the planned load")
        self.mem_runtime = self._band("runtime", "runtime")
        self.mem_weights = self._band("weights", "weights")
        put_legend_under_title(self.memory_plot)
        self.usable = self._target("usable memory", HUE["usable"], 0.15)
        in_legend = entry_of_its_own(
            self.memory_plot, self.usable, lambda: fit_legend_band(self.memory_plot)
        )
        named_in_legend_if_crowded(self.usable, in_legend)
        self.context_mark = self._mark("planned", 0.9)
        self.memory_plot.addItem(self.usable, ignoreBounds=True)
        self.memory_plot.addItem(self.context_mark, ignoreBounds=True)
        self.addTab(self.memory_plot, "Memory")

    def _band(self, key: str, name: str) -> pg.PlotDataItem:
        """A memory band filled down to zero (drawn largest first, so the bands stack)."""
        return self.memory_plot.plot(
            name=name,
            pen=line_pen(self._theme, HUE[key]),
            fillLevel=0,
            brush=self._theme.fill(HUE[key]),
        )

    def _build_cost_tab(self) -> None:
        theme = self._theme
        self.cost_plot = _plot(
            theme,
            "Yearly cost against monthly volume",
            "Tokens a month",
            "",
            "Cost a year",
            "",
            {
                "left": ReadableAxis("left", money_tick),
                "bottom": ReadableAxis("bottom", self._tokens_tick),
            },
        )
        self.onprem = self.cost_plot.plot(name="on-premises", pen=line_pen(theme, HUE["onprem"], 2))
        self.api = self.cost_plot.plot(name=API_NAME, pen=line_pen(theme, HUE["api"], 2))
        self.crossover = self._mark("break-even", 0.85)
        self.volume_mark = self._mark("planned", 0.95, HUE["usable"], DASH)
        self.cost_plot.addItem(self.crossover, ignoreBounds=True)
        self.cost_plot.addItem(self.volume_mark, ignoreBounds=True)
        self.addTab(self.cost_plot, "Cost")

    def _tokens_tick(self, tokens: float) -> str:
        """A tick of the Cost plot's monthly volume, its scale written as its marks write it:
        "500 B" where one reads "planned 577 B tokens/mo" (the axis read "500 billion"
        beside it, two ways of writing one scale), else "500 billion"."""
        shown = " ".join(
            mark.label.toPlainText()
            for mark in (self.volume_mark, self.crossover)
            if mark.isVisible() and mark.label.isVisible()
        )
        return in_letters(compact(tokens)) if in_letters_shown(shown) else compact(tokens)

    def _build_gpu_tab(self) -> None:
        self.gpu_page = GpuPage()
        self.gpu_table = self.gpu_page.table
        self.gpu_fade = self.gpu_page.fade  # greyed while it shows an older edit's GPUs
        self.addTab(self.gpu_page, "GPUs")

    def show_curves(self, curves: PlanCurves | None, empty_why: str = NOT_SIZED) -> None:
        """Feed the plots from one PlanCurves (None: the plan was not sized or does not fit;
        clear them, each saying `empty_why` on clean axes).

        Only the plot tab shown is drawn now; a hidden one is drawn when it is next shown, and
        a tab whose curves and marks did not change is not drawn again."""
        self._curves = curves
        self._empty_why = empty_why
        # No plan to mark: no "planned" on empty axes; nor on the Load and Cost plots of a plan
        # that serves nothing (`NOTHING_SERVED`); its break-even, where it has one, the Cost
        # plot shows itself. Its memory still has a context to mark.
        served = curves is not None and curves.planned_monthly_tokens > 0
        for mark in self._planned_marks():
            if mark in (self.context_mark, self.usable):
                mark.setVisible(curves is not None)
            elif mark is not self.crossover or not served:
                mark.setVisible(served)
        if not served:
            self.pools.clear()
        self._stale = set(self._tab_updates)
        self._show_current_tab()

    def _show_current_tab(self) -> None:
        page = self.currentWidget()
        if page not in self._stale:
            return
        self._stale.discard(page)
        curves = self._curves
        drawn = None if curves is None else _tab_inputs(page, curves, self)
        if drawn is not None and _same_inputs(drawn, self._drawn[page]):
            return
        self._drawn[page] = drawn
        for plot, update in self._tab_updates[page].items():
            note = self._notes[plot]
            if curves is None:
                why = self._empty_why
            elif plot is not self.memory_plot and curves.planned_monthly_tokens <= 0:
                why = NOTHING_SERVED
            else:
                why = ""
            # The words follow the figures at once; the plot is drawn in a later slice.
            note.say_now(why)
            if curves is None or why:
                self._later.put(plot, partial(_clear, plot, note, why))
            else:
                self._later.put(plot, partial(_draw, plot, update, curves, note))

    def _show_throughput(self, curves: PlanCurves) -> None:
        c = curves.concurrency
        self.throughput.setData(c.in_flight, c.output_tokens_per_s)
        self.load_mark.setValue(curves.planned_in_flight)
        name_mark(self.load_mark, in_flight_mark("planned", curves.planned_in_flight))
        right = max(float(c.in_flight[-1]), self.pools.show_throughput(curves))
        top = float(c.output_tokens_per_s.max())
        if curves.pools is not None:
            top = max(top, float(curves.pools.output_tokens_per_s.max()))
        self.throughput_plot.setXRange(0, right, padding=0.02)
        self.throughput_plot.setYRange(0, top * 1.08, padding=0)

    def _show_latency(self, curves: PlanCurves) -> None:
        """The latency plot spans the same loads as the throughput plot above it."""
        c = curves.concurrency
        self.ttft.setData(c.in_flight, s_from_ms(c.ttft_ms))
        self.tpot.setData(c.in_flight, s_from_ms(c.tpot_ms))
        for line, name, target_ms in (
            (self.ttft_target, "TTFT", curves.ttft_target_ms),
            (self.tpot_target, "TPOT", curves.tpot_target_ms),
        ):
            line.setValue(np.log10(s_from_ms(target_ms)))
            # As typed and as on paper: a 1,234 ms target read "1.23 s" beside the Inputs' 1.234 s.
            line.label.setFormat(f"{name} target {target_text(target_ms, 'ms')}")
        self.latency_mark.setValue(curves.planned_in_flight)
        pools_ms = self.pools.show_latency(curves)
        right = float(c.in_flight[-1])
        if curves.pools is not None:
            right = max(right, float(curves.pools.in_flight[-1]))
        self.latency_plot.setXRange(0, right, padding=0.02)
        latencies = s_from_ms(
            np.concatenate(
                [c.ttft_ms, c.tpot_ms, pools_ms, [curves.ttft_target_ms, curves.tpot_target_ms]]
            )
        )
        low, high = latencies.min() * 0.8, latencies.max() * 1.25
        self.latency_plot.setYRange(np.log10(low), np.log10(high), padding=0)
        self._latency_span_s = (low, high)
        self._fit_latency_ticks()

    def _fit_latency_ticks(self) -> None:
        """As many latency ticks as the plot's height has room for, counted again at each
        resize: counted only when drawn, they followed the height of the window's first
        layout or of its last, as it happened, and one run at 1280 x 800 read "10 s, 1 s,
        100 ms", the next "10 s, 3 s, 1 s, 300 ms, 100 ms, 30 ms"."""
        if self._latency_span_s is None or self._notes[self.latency_plot].is_shown():
            return  # nothing drawn yet, or clean axes under a note saying why
        room = self.latency_plot.getViewBox().height()
        most = max(2, int(room // LATENCY_TICK_SPACING_PX)) if room > 0 else 6
        self.latency_plot.getAxis("left").setTicks([latency_ticks(*self._latency_span_s, most)])

    def _show_memory(self, curves: PlanCurves) -> None:
        m = curves.memory
        base = bytes_from_gb(m.weights_gb)
        runtime = base + bytes_from_gb(m.runtime_gb)
        self.mem_weights.setData(m.context_tokens, base)
        self.mem_runtime.setData(m.context_tokens, runtime)
        self.mem_kv.setData(m.context_tokens, runtime + bytes_from_gb(m.kv_cache_gb))
        self.usable.setValue(bytes_from_gb(m.usable_gb))
        self.usable.label.setFormat(f"usable memory {with_unit(m.usable_gb, 'GB')}")
        self.context_mark.setValue(curves.planned_context_tokens)
        name_mark(self.context_mark, context_mark("planned", curves.planned_context_tokens))
        self.memory_plot.setXRange(0, float(m.context_tokens[-1]), padding=0.02)
        self.memory_plot.setYRange(0, memory_top_bytes(m), padding=0)

    def _show_cost(self, curves: PlanCurves) -> None:
        cost = curves.cost
        self.onprem.setData(cost.monthly_tokens, cost.on_prem_usd_per_year)
        self.api.setData(cost.monthly_tokens, cost.api_usd_per_year)
        compared = bool(cost.api_usd_per_year.any())
        self.api.setVisible(compared)  # none compared: no line at $0
        self._list_api(compared)
        crossover = cost.crossover_monthly_tokens
        self.crossover.setVisible(crossover is not None)
        if crossover is not None:
            self.crossover.setValue(crossover)
            name_mark(self.crossover, monthly_tokens_mark("break-even", crossover))
        self.volume_mark.setValue(curves.planned_monthly_tokens)
        name_mark(self.volume_mark, monthly_tokens_mark("planned", curves.planned_monthly_tokens))
        top = max(float(cost.on_prem_usd_per_year.max()), float(cost.api_usd_per_year.max()))
        self.cost_plot.setXRange(0, float(cost.monthly_tokens[-1]), padding=0.02)
        self.cost_plot.setYRange(0, top * 1.08, padding=0)

    def _list_api(self, listed: bool) -> None:
        """The hosted API in the Cost plot's legend only while its line is drawn: with none
        compared (the agentic-coding preset's Qwen2.5 32B) the legend still named "hosted
        API", beside pyqtgraph's mark for a hidden line, a crossed-out eye, as if there were
        a line to show."""
        legend = self.cost_plot.getPlotItem().legend
        if legend is None:
            return
        shown = any(sample.item is self.api for sample, _label in legend.items)
        if listed and not shown:
            legend.addItem(self.api, API_NAME)
        elif shown and not listed:
            legend.removeItem(self.api)

    def _planned_marks(self) -> tuple[pg.InfiniteLine, ...]:
        """The lines that mark what a sized plan plans (its load, context, volume, memory,
        its latency targets): a plan not sized draws none on its empty axes."""
        return (
            self.load_mark,
            self.latency_mark,
            self.ttft_target,
            self.tpot_target,
            self.context_mark,
            self.usable,
            self.volume_mark,
            self.crossover,
        )

    def show_comparison(self, options: list[GpuOption], plan_gpu_id: str | None = None) -> None:
        """The GPUs tab's rows, the plan's own GPU marked (`GpuPage.show_comparison`)."""
        self.gpu_page.show_comparison(options, plan_gpu_id)


def _draw(
    plot: pg.PlotWidget,
    update: Callable[[PlanCurves], None],
    curves: PlanCurves,
    note: EmptyPlotNote,
) -> None:
    note.hide()
    update(curves)
    # The view takes its new ranges now: taken while painting, it asked for a second paint.
    plot.getViewBox().prepareForPaint()
    place_names_and_legend(plot)


def _clear(plot: pg.PlotWidget, note: EmptyPlotNote, why: str) -> None:
    for item in plot.listDataItems():
        item.setData([], [])
    note.show(why)


def _tab_inputs(page: QWidget, curves: PlanCurves, panel: CurvesPanel) -> TabInputs:
    """Everything one plot tab draws from `curves` (the latency labels follow the plot's
    height by themselves: `CurvesPanel._fit_latency_ticks`)."""
    if page is panel.load_page:
        return (
            *_fields(curves.concurrency),
            *(_fields(curves.pools) if curves.pools is not None else ()),
            curves.concurrency_label,
            curves.pools_planned_in_flight or 0.0,
            curves.ttft_target_ms,
            curves.tpot_target_ms,
            curves.planned_in_flight,
        )
    if page is panel.memory_plot:
        return (*_fields(curves.memory), curves.planned_context_tokens)
    return (*_fields(curves.cost), curves.planned_monthly_tokens)


def _fields(curve: Any) -> TabInputs:
    """A curve's values (a PlanCurves part: a dataclass of arrays and numbers)."""
    return tuple(getattr(curve, field.name) for field in dataclasses.fields(curve))


def _same_inputs(new: TabInputs, old: TabInputs | None) -> bool:
    """Whether a tab would draw exactly what it drew last (arrays compared element-wise)."""
    return (
        old is not None
        and len(new) == len(old)
        and all(np.array_equal(a, b) for a, b in zip(new, old, strict=True))
    )
