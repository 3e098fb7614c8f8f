"""Legends never cover the curves (QA at 1280 x 800: the load plots' legends lay on the curves
where they level off): the short load plots and the memory bands keep theirs outside the
curves; the cost plot's goes to the corner its lines leave empty."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.legend_place import CORNERS, Shapes, emptiest_corner, hidden_under
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS
from tests.ui.test_checkpoint_precision import _choose_model as choose_model

XS = np.arange(0.0, 402.0, 2.0)  # a view 400 px wide, 200 px high, read every 2 px
LEGEND = (120.0, 40.0)


def _shapes(*tops: np.ndarray, filled: bool = False) -> Shapes:
    bottoms = [np.full_like(t, 200.0) if filled else t for t in tops]
    return Shapes(XS, list(tops), bottoms, [])


def test_the_legend_goes_to_the_corner_its_curves_leave_empty() -> None:
    # Pixels grow downwards: a curve climbing from the bottom left to the top right leaves
    # the top left and the bottom right empty; the top left is tried first.
    rising = 200.0 - XS / 2
    assert CORNERS[emptiest_corner(400, 200, LEGEND, _shapes(rising))] == (0.0, 0.0)
    # Levelling off along the top (throughput): the bottom right.
    level = np.maximum(200.0 - XS * 4, 30.0)
    assert CORNERS[emptiest_corner(400, 200, LEGEND, _shapes(level))] == (1.0, 1.0)
    # A band filled down to the axis hides the corners beneath it too.
    band = np.where(XS < 200, 150.0, 20.0)
    assert CORNERS[emptiest_corner(400, 200, LEGEND, _shapes(band, filled=True))] == (0.0, 0.0)


def test_a_marker_name_counts_after_the_curves() -> None:
    flat = np.full_like(XS, 100.0)  # across the middle: every corner is free of it
    named = Shapes(XS, [flat], [flat], [QRectF(300, 5, 80, 20)])  # a name at the top right
    assert CORNERS[emptiest_corner(400, 200, LEGEND, named)] == (0.0, 0.0)
    assert hidden_under(QRectF(270, 10, 120, 40), named) == (0, 1)


def _outside_its_curves(plot: pg.PlotWidget) -> bool:
    legend = plot.getPlotItem().legend
    assert legend is not None
    shown = legend.sceneBoundingRect()
    return plot.getPlotItem().sceneBoundingRect().contains(shown) and not (
        plot.getViewBox().sceneBoundingRect().intersects(shown)
    )


def test_at_1280_px_no_legend_covers_a_curve(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1280, 800)
    panel = window.curves_panel
    panel.setCurrentWidget(panel.load_page)
    # The throughput plot has no legend: its one curve is what its y axis names.
    assert panel.throughput_plot.getPlotItem().legend is None
    qtbot.waitUntil(lambda: _outside_its_curves(panel.latency_plot), timeout=RESULT_TIMEOUT_MS)
    panel.setCurrentWidget(panel.memory_plot)
    qtbot.waitUntil(lambda: _outside_its_curves(panel.memory_plot), timeout=RESULT_TIMEOUT_MS)
    memory_legend = panel.memory_plot.getPlotItem().legend
    assert memory_legend.sceneBoundingRect().bottom() <= (
        panel.memory_plot.getViewBox().sceneBoundingRect().top()
    )  # in its band above the bands, the title above it
    panel.setCurrentWidget(panel.cost_plot)
    view = panel.cost_plot.getViewBox()
    qtbot.waitUntil(lambda: panel.onprem.getData()[0] is not None, timeout=RESULT_TIMEOUT_MS)
    legend = panel.cost_plot.getPlotItem().legend

    def covers_nothing() -> bool:
        rect = view.mapRectFromScene(legend.sceneBoundingRect())
        to_px = view.childTransform()
        for item in (panel.onprem, panel.api):
            x, y = item.getData()
            px = to_px.m11() * np.asarray(x) + to_px.m31()
            py = to_px.m22() * np.asarray(y) + to_px.m32()
            xs = np.arange(rect.left(), rect.right(), 1.0)
            ys = np.interp(xs, px, py)
            if np.any((ys >= rect.top()) & (ys <= rect.bottom())):
                return False
        return view.sceneBoundingRect().contains(legend.sceneBoundingRect())

    qtbot.waitUntil(covers_nothing, timeout=RESULT_TIMEOUT_MS)


def test_the_cost_legend_names_the_hosted_api_only_while_its_line_is_drawn(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Walk, the agentic-coding preset (Qwen2.5 32B, no hosted price for it or its size):
    the Cost plot's legend still named "hosted API" beside pyqtgraph's crossed-out eye for
    a hidden line. The Cost tab clicked, the model typed into its box, the legend names
    on-premises alone; back on Llama 3.1 70B, it names both again."""
    panel = window.curves_panel
    bar = panel.tabBar()
    qtbot.mouseClick(
        bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(panel.indexOf(panel.cost_plot)).center()
    )
    legend = panel.cost_plot.getPlotItem().legend

    def names() -> list[str]:
        return [label.text for _sample, label in legend.items]

    assert names() == ["on-premises", "hosted API"]
    choose_model(window, qtbot, "qwen2.5 32b", "qwen2.5-32b")
    qtbot.waitUntil(lambda: names() == ["on-premises"], timeout=RESULT_TIMEOUT_MS)
    assert not panel.api.isVisible()
    choose_model(window, qtbot, "llama 3.1 70b", "llama-3.1-70b")
    qtbot.waitUntil(lambda: names() == ["on-premises", "hosted API"], timeout=RESULT_TIMEOUT_MS)
