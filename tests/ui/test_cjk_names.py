"""A scenario named in Chinese, Japanese or Korean read in the window, not as boxes.

DejaVu Sans and the machine's fonts had none of these characters; the window now registers the
shipped Droid Sans Fallback as its fallback (`report.fonts.load_fonts`, from `build_window`)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report.fonts import boxes_drawn
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS

SCENARIO = "客服助手 チャット 상담"


def test_a_cjk_scenario_name_reads_in_the_scenario_bar(window: MainWindow, qtbot: QtBot) -> None:
    scenario = preset_scenario("llama-8b-chat").model_copy(update={"name": SCENARIO})
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.document.load(Plan(name="容量计划 용량 계획", scenarios=[scenario]), None)
    bar = window.scenario_bar
    tabs = [w for w in bar.findChildren(QWidget) if type(w).__name__ == "QTabBar"]
    (tab_bar,) = tabs
    assert tab_bar.tabText(0) == SCENARIO
    assert boxes_drawn(SCENARIO, tab_bar.font()) == 0
