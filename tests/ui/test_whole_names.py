"""At 1280 px the model and hosted-API boxes elide a long name ("Llama 3.1 Nemotron…"):
each box's tooltip holds the chosen item's whole text, above what the box is for (QA). A
wider window widens the inputs, and the search lists show names whole (walk at 1920 px)."""

from __future__ import annotations

from html import escape

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.choice_box import SearchLine
from aisle_desktop.ui.main_window import INPUT_PANE_MOST_PX, MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, search_in


def _combo(window: MainWindow, path: tuple[str, ...]) -> QComboBox:
    panel = window.workload_panel if path[0] == "workload" else window.hardware_panel
    combo = panel.fields.widget(path)
    assert isinstance(combo, QComboBox)
    return combo


def test_the_model_box_tooltip_holds_the_whole_name_and_the_search_hint(
    window: MainWindow, qtbot: QtBot
) -> None:
    model = _combo(window, ("workload", "model_id"))
    assert escape(model.currentText()) in model.toolTip()
    assert "Type part of a name to search the catalog" in model.toolTip()
    model.setFocus()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(model, Qt.Key.Key_Down)
    chosen = model.currentText()
    assert escape(chosen) in model.toolTip() and "search the catalog" in model.toolTip()


def test_the_hosted_api_box_tooltip_follows_the_api_chosen(
    window: MainWindow, qtbot: QtBot
) -> None:
    api = _combo(window, ("costs", "hosted_api_id"))
    before = api.currentText()
    assert before and escape(before) in api.toolTip()
    api.setFocus()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(api, Qt.Key.Key_End)
    assert api.currentText() != before
    assert escape(api.currentText()) in api.toolTip()
    assert escape(before) not in api.toolTip()


def test_a_wide_window_widens_the_inputs_so_the_model_box_reads_its_name_whole(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Walk at 1920 x 1080: the inputs kept their 1440-px widths, the results took all the
    rest, and the Model box read "Llama 3.1 70B · 70.6 B · 131k cont…"."""
    model = _combo(window, ("workload", "model_id"))
    line = model.lineEdit()
    assert isinstance(line, SearchLine)
    narrow = window.splitter.sizes()
    # At 1440 px the box is too narrow for it all: its first parts, cut at a " · ".
    assert line.shown_text() == "Llama 3.1 70B · 70.6 B"
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.splitter.sizes()[2] > narrow[2])
    wide = window.splitter.sizes()
    assert wide[0] > narrow[0] and wide[1] > narrow[1]
    assert line.shown_text() == model.currentText() == "Llama 3.1 70B · 70.6 B · 128k context · GQA"
    # The results still have the most room, and wider still only they grow.
    assert wide[2] > wide[0] + wide[1] - 100
    window.resize(2560, 1440)
    qtbot.waitUntil(lambda: window.splitter.sizes()[2] > wide[2] + 500)
    widest = window.splitter.sizes()
    assert widest[0] == widest[1] == INPUT_PANE_MOST_PX


@pytest.mark.parametrize(
    ("path", "typed"), [(("workload", "model_id"), "deepseek"), (("hardware", "gpu_id"), "nvidia")]
)
def test_the_search_list_shows_each_name_whole(
    window: MainWindow, qtbot: QtBot, path: tuple[str, ...], typed: str
) -> None:
    """Walk: the list under the Model box was as wide as the box, so "DeepSeek-V4-Flash ·
    284 B (13.8 B active) · 1.05M context · MLA + sliding + compressed" was cut at its edge;
    so were the GPU box's names."""
    box = search_in(qtbot, window, path, typed)
    popup = box.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    listed = popup.model()
    assert listed.rowCount() > 1
    metrics = popup.fontMetrics()
    for row in range(listed.rowCount()):
        index = listed.index(row, 0)
        room = popup.visualRect(index).width()
        assert metrics.horizontalAdvance(str(index.data())) < room, index.data()
    assert popup.width() > box.width() + 100


def test_at_1280_px_the_model_box_reads_the_chosen_model_whole(
    window: MainWindow, qtbot: QtBot
) -> None:
    """QA at 1280 x 800: the box read "DeepSeek-V3.2 · 672 B (38.4 B acti…". Its first parts
    that fit, never a word cut; the tooltip and the drop-down keep the whole text."""
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    model = search_in(qtbot, window, ("workload", "model_id"), "DeepSeek-V3.2")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(model.lineEdit(), Qt.Key.Key_Return)
    qtbot.keyClick(model.lineEdit(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not model.lineEdit().hasFocus())
    whole = model.currentText()
    assert whole == "DeepSeek-V3.2 · 672 B (38.4 B active) · 160k context · MLA + sparse"
    line = model.lineEdit()
    assert isinstance(line, SearchLine)
    assert line.shown_text() == "DeepSeek-V3.2"
    assert escape(whole) in model.toolTip()
    assert model.itemText(model.currentIndex()) == whole


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700)])
def test_the_gpu_box_reads_the_chosen_gpus_short_name(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    """QA at 1280 x 800: the GPU box read "NVIDIA B200 (HGX/DGX B2…". Where the whole name does
    not fit, the box shows the catalog's short name, whole; the tooltip and the drop-down
    keep the whole name, and typed into, the box edits it."""
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    gpu = search_in(qtbot, window, ("hardware", "gpu_id"), "b200")
    line = gpu.lineEdit()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert isinstance(line, SearchLine)
    assert line.shown_text() == line.text() == "NVIDIA B200 (HGX/DGX B200, 180GB)"  # focused
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not line.hasFocus())
    whole = gpu.currentText()
    assert whole == "NVIDIA B200 (HGX/DGX B200, 180GB)"
    assert line.shown_text() == "NVIDIA B200 180GB"
    assert escape(whole) in gpu.toolTip()
    assert gpu.itemText(gpu.currentIndex()) == whole
