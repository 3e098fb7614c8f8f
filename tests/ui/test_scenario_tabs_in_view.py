"""The scenario tabs read whole in view: three at 1024 x 700 scrolled the first part-way
behind Qt's scroll arrows ("1 70B RAG assistant" showing); the names now shorten in their
middle, each whole in its tab's tooltip, before the bar scrolls."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, tooltip_shows


def test_three_scenarios_at_1024_by_700_each_tab_whole_in_view(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    bar = window.scenario_bar
    for _ in range(2):
        with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
            qtbot.mouseClick(bar.buttons["duplicate"], Qt.MouseButton.LeftButton)
    tabs = bar.tabs
    assert tabs.count() == 3
    for index in (0, 2, 1):
        with qtbot.waitSignal(window.document.current_changed, timeout=RESULT_TIMEOUT_MS):
            qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(index).center())
        assert tabs.currentIndex() == index
        assert all(tabs.rect().contains(tabs.tabRect(i)) for i in range(3))
        assert not any(arrow.isVisible() for arrow in tabs.findChildren(QToolButton))
    names = [s.name for s in window.document.scenarios]
    assert names[2] == "Llama 3.1 70B RAG assistant (3)"
    assert all(
        tooltip_shows(tabs.tabToolTip(i), f"{name}: double-click to rename")
        for i, name in enumerate(names)
    )
