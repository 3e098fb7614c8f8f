"""Axis ticks read as the window writes numbers, and money labels never run together."""

from __future__ import annotations

import pytest

from aisle_desktop.formatting import compact, money
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.plot_axes import LABEL_PX, ReadableAxis, nice_step


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
    axis = ReadableAxis("bottom", money)
    levels = axis.tickSpacing(0.0, 2.5e6, float(width_px))
    assert levels
    for step, _offset in levels:
        assert 2.5e6 / step * LABEL_PX <= width_px  # labels about 72 px wide fit between ticks
    assert axis.tickStrings([500_000.0, 1_000_000.0], 1.0, 500_000.0) == ["$500 k", "$1 M"]


def test_the_cost_plot_writes_dollars_and_tokens_in_words(window: MainWindow) -> None:
    plot = window.curves_panel.cost_plot
    assert plot.getAxis("left").tickStrings([2e10], 1.0, 1e10) == [money(2e10)] == ["$20 B"]
    assert plot.getAxis("bottom").tickStrings([2e10], 1.0, 1e10) == [compact(2e10)] == ["20 G"]
