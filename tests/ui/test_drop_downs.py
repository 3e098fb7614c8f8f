"""Every drop-down of the input panels shows its choice whole, or, where a catalog's long name
does not fit, ends it in "…" with the whole name in its tooltip: never cut mid-letter (the
Serving box read "Together, compared with pool" at 1280 px)."""

from __future__ import annotations

from html import escape

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox
from pytestqt.qtbot import QtBot

from aisle_desktop.labels import SERVING_LABELS
from aisle_desktop.ui.choice_box import ChoiceBox
from aisle_desktop.ui.main_window import MainWindow

from .conftest import RESULT_TIMEOUT_MS

SERVING = ("hardware", "serving")
HOSTED_API = ("costs", "hosted_api_id")


def _text_room(combo: QComboBox) -> int:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return field.width()


def _drop_downs(window: MainWindow) -> list[ChoiceBox]:
    panels = (window.workload_panel, window.hardware_panel)
    return [box for panel in panels for box in panel.findChildren(ChoiceBox)]


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700)])
def test_every_choice_reads_whole_or_ends_in_an_ellipsis(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    for box in _drop_downs(window):
        chosen = box.currentText()
        if box.isEditable():  # the model: a search field, scrolled as the planner types
            continue
        shown = box.shown_text()
        fits = box.fontMetrics().horizontalAdvance(chosen) <= _text_room(box)
        assert shown == chosen if fits else shown.endswith("…"), (box.accessibleName(), shown)
        assert escape(chosen) in box.toolTip()


def test_every_serving_choice_reads_whole_at_1280_px(window: MainWindow, qtbot: QtBot) -> None:
    """Chosen with the keyboard, each of the three reads whole beside its label."""
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    combo = window.hardware_panel.fields.widget(SERVING)
    assert isinstance(combo, ChoiceBox)
    combo.setFocus()
    seen = []
    for key in (Qt.Key.Key_Home, Qt.Key.Key_Down, Qt.Key.Key_Down):
        with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS * 2):
            qtbot.keyClick(combo, key)
        seen.append(combo.shown_text())
    assert seen == list(SERVING_LABELS.values())


def test_a_long_hosted_api_choice_ends_in_an_ellipsis_and_whole_in_its_tooltip(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Automatic reads whole; a catalog API's long name, chosen by typing its first letter,
    ends in "…" and is whole in the tooltip."""
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    combo = window.hardware_panel.fields.widget(HOSTED_API)
    assert isinstance(combo, ChoiceBox)
    assert combo.shown_text() == combo.currentText() == "Automatic: this model's API"
    assert "else with that of a model of its size class" in combo.toolTip()
    combo.setFocus()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS * 2):
        qtbot.keyClick(combo, Qt.Key.Key_Q)
    whole = combo.currentText()
    assert whole == "Qwen2.5 72B Instruct Turbo (Together AI)"  # its provider said once
    shown = combo.shown_text()
    assert shown.endswith("…") and whole.startswith(shown[:-1])
    assert escape(whole) in combo.toolTip()
