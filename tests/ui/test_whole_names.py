"""At 1280 px the model and hosted-API boxes elide a long name ("Llama 3.1 Nemotron…"):
each box's tooltip holds the chosen item's whole text, above what the box is for (QA)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS


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
