"""The Memory plot reads each band to its end: with the DeepSeek-V3 preset the KV cache of
the planned load passed the plot's top (1.6 x the 151 GB usable) at 45 k of its 163 k tokens
of context and ran off it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, start_from


def test_the_kv_band_of_deepseek_v3_stays_inside_the_memory_plot(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1280, 800)
    start_from(qtbot, window, "deepseek-v3")
    panel = window.curves_panel
    memory_tab = panel.indexOf(panel.memory_plot)
    with qtbot.waitSignal(window.later.drained, timeout=RESULT_TIMEOUT_MS):
        qtbot.mouseClick(
            panel.tabBar(),
            Qt.MouseButton.LeftButton,
            pos=panel.tabBar().tabRect(memory_tab).center(),
        )
    _, kv_top = panel.mem_kv.getData()
    assert kv_top is not None
    (_, _), (_, plot_top) = panel.memory_plot.getViewBox().viewRange()
    assert kv_top.max() <= plot_top
    usable = panel.usable.value()
    assert kv_top.max() > 1.6 * usable  # the plan that ran off: its band passes the old top
    assert plot_top < 1.1 * kv_top.max()  # and the band still fills the plot
