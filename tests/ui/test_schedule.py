"""The service's schedule is visible for every load kind, and round the clock is one click."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS

L = ("workload", "load")


def test_hours_and_days_show_for_every_load_kind_and_24_7_is_one_undo_step(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = window.workload_panel
    kind = panel.fields.widget((*L, "kind"))
    assert isinstance(kind, QComboBox)
    for index in range(kind.count()):
        with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
            kind.setCurrentIndex(index)
        for name in ("working_hours_per_day", "days_per_year"):
            assert panel.fields.widget((*L, name)).isVisibleTo(panel), (kind.currentData(), name)
    button = panel._around_the_clock
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS) as blocker:
        button.click()
    load = window.controller.scenario.workload.load
    assert (load.working_hours_per_day, load.days_per_year) == (24.0, 365.0)
    assert window.controller.undo_stack.undoText() == "Change Around the clock"
    assert not button.isEnabled()
    tokens = blocker.args[0].result.figures["tokens_per_year"].explanation.inputs
    assert {q.name: q.value for q in tokens}["days a year"] == 365.0


def test_the_load_kinds_help_shows_whole_after_the_kind_changes(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Requests a day has the longest help: chosen after the shorter active-users help was laid
    out, its first and last lines were cut off until the window was resized."""
    window.resize(1440, 900)
    panel = window.workload_panel
    kind = panel.fields.widget((*L, "kind"))
    assert isinstance(kind, QComboBox)
    help_label = panel._load_help
    kind.setFocus()
    for index in range(kind.count()):
        with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
            kind.setCurrentIndex(index)

        def whole() -> bool:
            return help_label.height() >= help_label.heightForWidth(help_label.width())

        qtbot.waitUntil(whole, timeout=RESULT_TIMEOUT_MS)
