"""A lesson's "Try this in the Sizer": open its preset, then point at what shows the lesson.

Targets are named in the lesson files (`curve:memory`, `figure:ttft_ms`,
`field:workload.weight_precision`, `view:plan-line`); `sizer_target` turns one into the widget
to show and the tab to switch to first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QAbstractItemView, QScrollArea, QWidget

from aisle_desktop.learn import TryThis
from aisle_desktop.ui.comparison_view import ComparisonView
from aisle_desktop.ui.curves_panel import CurvesPanel
from aisle_desktop.ui.editing_panel import EditingPanel
from aisle_desktop.ui.figure_table import FigureTable
from aisle_desktop.ui.input_panes import bring_tab_forward
from aisle_desktop.ui.results_panel import ResultsPanel
from aisle_desktop.ui.spotlight import Spotlight


@dataclass(frozen=True)
class SizerParts:
    """The parts of the Sizer a lesson may point at."""

    editing_panels: tuple[EditingPanel, ...]
    results_panel: ResultsPanel
    curves_panel: CurvesPanel
    figure_table: FigureTable
    comparison_view: ComparisonView


def _field_path(name: str) -> tuple[str, ...]:
    return tuple(name.split("."))


def curve_pages(curves: CurvesPanel) -> dict[str, QWidget]:
    """The curves panel's tab page for each curve name a lesson may use."""
    return {
        "load": curves.throughput_plot.parentWidget() or curves.throughput_plot,
        "memory": curves.memory_plot,
        "cost": curves.cost_plot,
        "gpus": curves.gpu_page,
    }


def sizer_target(parts: SizerParts, kind: str, name: str) -> QWidget | None:
    """The widget a target names, with its tab brought forward and scrolled into view."""
    curves, results = parts.curves_panel, parts.results_panel
    if kind == "curve":
        page = curve_pages(curves).get(name)
        if page is not None:
            curves.setCurrentWidget(page)
        return page
    if kind == "figure":
        label = results.headline_value(name)
        if label is not None:
            results.ensureWidgetVisible(label)
            return label
        item = parts.figure_table.item_for(name)
        if item is None:
            return None
        curves.setCurrentWidget(parts.figure_table)
        parts.figure_table.setCurrentItem(item, 0)
        parts.figure_table.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtCenter)
        return parts.figure_table
    if kind == "field":
        return _field(parts.editing_panels, _field_path(name))
    views: dict[str, Callable[[], QWidget]] = {
        "plan-line": lambda: results.plan_line,
        "memory-bar": lambda: results.memory_bar,
        "all-figures": lambda: parts.figure_table,
    }
    make = views.get(name) if kind == "view" else None
    if make is None:
        return None
    widget = make()
    if widget is parts.figure_table:
        curves.setCurrentWidget(widget)
    else:
        results.ensureWidgetVisible(widget)
    return widget


def _field(panels: tuple[EditingPanel, ...], path: tuple[str, ...]) -> QWidget | None:
    for panel in panels:
        widget = panel.fields.editors().get(path)
        if widget is not None:
            bring_tab_forward(widget)  # a narrow window's input panels are tabs
            _scroll_to(panel, widget)
            widget.setFocus()
            return widget
    return None


def _scroll_to(area: QScrollArea, widget: QWidget) -> None:
    area.ensureWidgetVisible(widget, 20, 60)


class TryThisRunner:
    """Runs a lesson's Try this: preset, page, tab, spotlight and hint, in that order."""

    def __init__(
        self,
        parts: SizerParts,
        open_preset: Callable[[str], str],
        show_sizer: Callable[[], None],
        say: Callable[[str], None],
        spotlight: Spotlight,
    ) -> None:
        self._parts = parts
        self._open_preset = open_preset
        self._show_sizer = show_sizer
        self._say = say
        self.spotlight = spotlight

    def run(self, step: TryThis) -> QWidget | None:
        """Open the preset and point at the target; the widget pointed at (None if unknown).
        `open_preset` says what the preset replaced where that was the planner's own work,
        said after the hint."""
        replaced = self._open_preset(step.preset)
        self._show_sizer()
        widget = sizer_target(self._parts, step.target_kind, step.target_name)
        if widget is None:
            self.spotlight.clear()
            self._say(
                f"Opened the preset; this version has no {step.target} to point at.{replaced}"
            )
            return None
        self.spotlight.point_at(widget)
        self._say(step.hint + replaced)
        return widget
