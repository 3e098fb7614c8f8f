"""The Memory plot reads each band to its end: with the DeepSeek-V3 preset the KV cache of
the planned load passed the plot's top (1.6 x the 151 GB usable) at 45 k of its 163 k tokens
of context and ran off it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.curves_panel import CurvesPanel
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, start_from, type_into


def _memory_tab_clicked(window: MainWindow, qtbot: QtBot) -> CurvesPanel:
    """Click the Memory tab and wait until its plot is drawn; the curves panel."""
    panel = window.curves_panel
    memory_tab = panel.indexOf(panel.memory_plot)
    with qtbot.waitSignal(window.later.drained, timeout=RESULT_TIMEOUT_MS):
        qtbot.mouseClick(
            panel.tabBar(),
            Qt.MouseButton.LeftButton,
            pos=panel.tabBar().tabRect(memory_tab).center(),
        )
    return panel


def test_the_kv_band_of_deepseek_v3_stays_inside_the_memory_plot(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1280, 800)
    start_from(qtbot, window, "deepseek-v3")
    panel = _memory_tab_clicked(window, qtbot)
    _, kv_top = panel.mem_kv.getData()
    assert kv_top is not None
    (_, _), (_, plot_top) = panel.memory_plot.getViewBox().viewRange()
    assert kv_top.max() <= plot_top
    usable = panel.usable.value()
    assert kv_top.max() > 1.6 * usable  # the plan that ran off: its band passes the old top
    assert plot_top < 1.1 * kv_top.max()  # and the band still fills the plot


def test_usable_memory_is_named_clear_of_the_kv_band(window: MainWindow, qtbot: QtBot) -> None:
    """Walk (8B chat, history typed to 980 tokens: 1,280-token prompts, 1280 x 800): the KV
    band climbs through the usable-memory line at 115 k tokens, and "usable memory 48.3 GB"
    sat with its chip's corner 2 px off the band's edge, reading as lying on it. Its name now
    keeps 7 px or more off the band, above it or anywhere inside it."""
    window.resize(1280, 800)
    start_from(qtbot, window, "llama-8b-chat")
    field = type_into(qtbot, window, ("workload", "prompt", "history_tokens"), "980")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    panel = _memory_tab_clicked(window, qtbot)
    view = panel.memory_plot.getViewBox()
    name = view.mapRectFromScene(panel.usable.label.sceneBoundingRect())
    assert panel.usable.label.toPlainText().startswith("usable memory 48.3")
    contexts, kv_top = panel.mem_kv.getData()
    to_px = view.childTransform()
    xs = to_px.m11() * contexts + to_px.m31()
    ys = to_px.m22() * kv_top + to_px.m32()
    under = (xs >= name.left()) & (xs <= name.right())
    assert under.any()
    # y grows downwards: the band's edge lies 7 px or more below the name's bottom wherever
    # the name spans
    assert (ys[under] - name.bottom() >= 7).all()
