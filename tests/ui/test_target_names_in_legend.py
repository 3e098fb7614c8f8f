"""A target's name that finds no clear spot beside its line goes into its plot's legend.

Walk: DeepSeek-V3's "usable memory 151 GB" lay on the KV band its line runs inside (1280 x
800); at 1024 x 700 "TPOT target 50 ms" lay across its own line and the TPOT curves."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.app import after_result_shown
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, start_from, type_into
from tests.ui.test_marker_labels import _load_tab_by_click, _tab_by_click


def _legend_names(plot: pg.PlotWidget) -> list[str]:
    legend = plot.getPlotItem().legend
    assert legend is not None
    return [label.text for _sample, label in legend.items]


def _typed_on_the_load_tab(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int], field: tuple[str, str], text: str
) -> None:
    """The Load tab opened by a click at `size`, `text` typed into the workload's `field` and
    Enter pressed; back once the new result's names are placed."""
    _load_tab_by_click(window, qtbot, size)
    shown: list[bool] = []
    after_result_shown(window, lambda: shown.append(True))
    box = type_into(qtbot, window, ("workload", *field), text)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(shown), timeout=RESULT_TIMEOUT_MS)  # its names placed


def test_deepseek_v3s_usable_memory_is_named_in_the_legend_not_on_the_kv_band(
    window: MainWindow, qtbot: QtBot
) -> None:
    # The default plan's "usable memory 85.5 GB" first: its line runs into the KV band too,
    # and the legend named DeepSeek-V3's line with that figure still.
    _tab_by_click(window, qtbot, (1280, 800), "Memory")
    panel = window.curves_panel
    plot, usable = panel.memory_plot, panel.usable
    bands = _legend_names(plot)[:3]
    qtbot.waitUntil(
        lambda: _legend_names(plot) == [*bands, "usable memory 85.5 GB"],
        timeout=RESULT_TIMEOUT_MS,
    )
    start_from(qtbot, window, "deepseek-v3")
    wanted = [*bands, "usable memory 151 GB"]
    qtbot.waitUntil(lambda: _legend_names(plot) == wanted, timeout=RESULT_TIMEOUT_MS)
    assert usable.isVisible() and not usable.label.isVisible()
    # Its second row pushes the curves down: the legend lies wholly above them.
    view, legend = plot.getViewBox(), plot.getPlotItem().legend
    qtbot.waitUntil(
        lambda: legend.sceneBoundingRect().bottom() <= view.sceneBoundingRect().top(),
        timeout=RESULT_TIMEOUT_MS,
    )

    # The 8B chat plan's name sits clear above its band: on the plot, and out of the legend.
    start_from(qtbot, window, "llama-8b-chat")
    qtbot.waitUntil(lambda: usable.label.isVisible(), timeout=RESULT_TIMEOUT_MS)
    assert _legend_names(plot) == wanted[:3]
    assert usable.label.toPlainText().startswith("usable memory")


def test_at_1024_px_the_tpot_target_is_named_in_the_legend(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = window.curves_panel
    plot, target = panel.latency_plot, panel.tpot_target
    _load_tab_by_click(window, qtbot, (1280, 800))
    legend = plot.getPlotItem().legend
    first_px = legend.boundingRect().width()
    _load_tab_by_click(window, qtbot, (1024, 700))
    qtbot.waitUntil(
        lambda: _legend_names(plot) == ["TTFT", "TPOT ≤ 50 ms"], timeout=RESULT_TIMEOUT_MS
    )
    assert target.isVisible() and not target.label.isVisible()
    assert panel.ttft_target.label.isVisible()
    # Beside the axis's name, not over it.
    axis = plot.getAxis("bottom")
    assert not legend.sceneBoundingRect().intersects(axis.label.sceneBoundingRect())

    # At 1280 x 800 the name fits beside its line again, and the legend is no wider than it
    # was (it kept the width of "TPOT ≤ 50 ms", and lay over the axis's name).
    _load_tab_by_click(window, qtbot, (1280, 800))
    qtbot.waitUntil(lambda: target.label.isVisible(), timeout=RESULT_TIMEOUT_MS)
    assert _legend_names(plot) == ["TTFT", "TPOT"]
    assert legend.boundingRect().width() <= first_px + 1.0


def test_a_legend_with_no_room_beside_the_axis_name_leaves_the_name_on_the_curves(
    window: MainWindow, qtbot: QtBot
) -> None:
    """At 1280 x 800 the results column is narrower than at 1024 x 700: with 2,000 users the
    TPOT target's name finds no clear spot, and "TPOT ≤ 50 ms" lay over "Requests in flight".
    The legend keeps clear of the axis's name; the target's name stays beside its line."""
    _typed_on_the_load_tab(window, qtbot, (1280, 800), ("load", "active_users"), "2000")
    panel = window.curves_panel
    plot, target = panel.latency_plot, panel.tpot_target
    legend, axis = plot.getPlotItem().legend, plot.getAxis("bottom")
    assert target.label.isVisible() and _legend_names(plot) == ["TTFT", "TPOT"]
    assert not legend.sceneBoundingRect().intersects(axis.label.sceneBoundingRect())


def test_with_both_targets_crowded_at_1024_px_the_legend_names_both(
    window: MainWindow, qtbot: QtBot
) -> None:
    """walk36: at 1024 x 700, with a TTFT target of 2 s, both targets' names found no clear
    spot; "TTFT ≤ 2 s" took the legend's room beside the centred "Requests in flight" and
    "TPOT target 50 ms" stayed across the TPOT curves. The axis's name moves left as far as
    the legend needs: both targets read in the legend, neither over the axis's name."""
    _typed_on_the_load_tab(window, qtbot, (1024, 700), ("targets", "ttft_ms"), "2000")
    panel = window.curves_panel
    plot = panel.latency_plot
    qtbot.waitUntil(
        lambda: _legend_names(plot) == ["TTFT ≤ 2 s", "TPOT ≤ 50 ms"], timeout=RESULT_TIMEOUT_MS
    )
    assert not panel.ttft_target.label.isVisible() and not panel.tpot_target.label.isVisible()
    legend, axis = plot.getPlotItem().legend, plot.getAxis("bottom")
    name = axis.label.sceneBoundingRect()
    assert not legend.sceneBoundingRect().intersects(name)
    assert name.left() >= axis.sceneBoundingRect().left()  # moved, still under the plot
