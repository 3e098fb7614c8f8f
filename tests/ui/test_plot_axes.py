"""Axis ticks read as the window writes numbers, and money labels never run together."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from pytestqt.qtbot import QtBot

from aisle_desktop.formatting import compact, money_tick
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.plot_axes import LABEL_PX, LINE_PX, ReadableAxis, nice_step
from tests.ui.conftest import RESULT_TIMEOUT_MS


def test_nice_steps_go_one_two_five() -> None:
    assert [nice_step(x) for x in (0.7, 1.0, 1.3, 3.0, 6.0, 420_000.0)] == [
        1.0,
        1.0,
        2.0,
        5.0,
        10.0,
        500_000.0,
    ]


@pytest.mark.parametrize("width_px", [180, 300, 600])
def test_money_ticks_have_room_for_their_labels(qapp: object, width_px: int) -> None:
    axis = ReadableAxis("bottom", money_tick)
    levels = axis.tickSpacing(0.0, 2.5e6, float(width_px))
    assert levels
    for step, _offset in levels:
        assert 2.5e6 / step * LABEL_PX <= width_px  # labels about 72 px wide fit between ticks
    assert axis.tickStrings([500_000.0, 1_000_000.0], 1.0, 500_000.0) == ["$500 k", "$1 M"]


def test_the_cost_plot_writes_dollars_and_tokens_in_words(window: MainWindow) -> None:
    plot = window.curves_panel.cost_plot
    assert plot.getAxis("left").tickStrings([2e10], 1.0, 1e10) == [money_tick(2e10)] == ["$20 B"]
    ticks = plot.getAxis("bottom").tickStrings([2e10], 1.0, 1e10)
    assert ticks == [compact(2e10)] == ["20 billion"]


def _labels_drawn(axis: ReadableAxis) -> list[str]:
    """The tick labels the axis paints as laid out now (pyqtgraph drops those without room)."""
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _rect, _flags, text in specs[2]]


def _click_tab(window: MainWindow, qtbot: QtBot, name: str) -> None:
    bar = window.curves_panel.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == name)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def test_cost_axes_start_at_a_labelled_zero(window: MainWindow, qtbot: QtBot) -> None:
    """Costs read against $0: the cost plot's yearly cost from $0 to owning's third step, $533 k,
    and the budget swings from $0 to the 405B model's $1.05 M, each with its $0 written."""
    window.resize(1440, 900)
    _click_tab(window, qtbot, "Cost")
    plot = window.curves_panel.cost_plot
    qtbot.waitUntil(lambda: plot.getViewBox().viewRange()[1][1] > 4e5)  # drawn when shown
    low, high = plot.getViewBox().viewRange()[1]
    assert low == 0.0 and high == pytest.approx(5.686e5, rel=0.01)  # 5.75e5 under 2026.12.28
    qtbot.waitUntil(lambda: "$0" in _labels_drawn(plot.getAxis("left")))
    labels = ["$0", "$200 k", "$400 k", "$100 k", "$300 k", "$500 k"]
    assert _labels_drawn(plot.getAxis("left")) == labels
    view = window.budget_view
    with qtbot.waitSignal(window.service.budget_swings, timeout=RESULT_TIMEOUT_MS * 2):
        _click_tab(window, qtbot, "Budget swings")
    low, high = view.plot.getViewBox().viewRange()[0]
    assert low < 0.0 < 0.05 * high and high == pytest.approx(1.05e6 * 1.03, rel=0.02)
    qtbot.waitUntil(lambda: "$0" in _labels_drawn(view.plot.getAxis("bottom")))


@pytest.mark.parametrize("height_px", [60, 90, 200])
def test_throughput_ticks_have_room_on_a_short_plot(qapp: object, height_px: int) -> None:
    """At 1280 x 800 the throughput plot is some 70 px tall: pyqtgraph's own spacing put
    labels 10 k apart on a 25 k axis, one line of text into the next."""
    axis = ReadableAxis("left", compact)
    levels = axis.tickSpacing(0.0, 24_000.0, float(height_px))
    assert levels
    for step, _offset in levels:
        assert 24_000.0 / step * LINE_PX <= height_px


def test_the_load_plots_space_their_ticks_by_their_size(window: MainWindow, qtbot: QtBot) -> None:
    """Both load plots' axes keep only the tick levels their labels have room for, across
    the plot's width and up its height, at 1280 x 800."""
    window.resize(1280, 800)
    panel = window.curves_panel
    plot = panel.throughput_plot
    qtbot.waitUntil(lambda: 0 < plot.getViewBox().height() < 200)
    for side, room in (("left", LINE_PX), ("bottom", LABEL_PX)):
        axis = plot.getAxis(side)
        assert isinstance(axis, ReadableAxis)
        low, high = axis.range
        size = axis.height() if side == "left" else axis.width()
        for step, _offset in axis.tickSpacing(low, high, size):
            assert (high - low) / step * room <= size
    assert isinstance(panel.latency_plot.getAxis("bottom"), ReadableAxis)
