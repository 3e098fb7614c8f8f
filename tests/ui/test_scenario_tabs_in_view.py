"""The scenario tabs read whole in view: three at 1024 x 700 scrolled the first part-way
behind Qt's scroll arrows ("1 70B RAG assistant" showing); the names now shorten in their
middle, each whole in its tab's tooltip, before the bar scrolls."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabBar, QToolButton
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, tooltip_shows


def _duplicated(window: MainWindow, qtbot: QtBot, width: int, height: int, times: int) -> QTabBar:
    """The window at `width` x `height`, the default plan duplicated `times` by clicks on
    Duplicate; the scenario tabs."""
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width)
    bar = window.scenario_bar
    for _ in range(times):
        with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
            qtbot.mouseClick(bar.buttons["duplicate"], Qt.MouseButton.LeftButton)
    return bar.tabs


def test_three_scenarios_at_1024_by_700_each_tab_whole_in_view(
    window: MainWindow, qtbot: QtBot
) -> None:
    tabs = _duplicated(window, qtbot, 1024, 700, 2)
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


def test_five_scenarios_at_1280_read_whole_words(window: MainWindow, qtbot: QtBot) -> None:
    """Five scenarios of the default plan at 1280 x 800 read "Llama 3.1 7…G assistant", Qt
    cutting a size and a word in two; names now lose whole words (`tab_names`)."""
    tabs = _duplicated(window, qtbot, 1280, 800, 4)
    shown = [tabs.tabText(i) for i in range(tabs.count())]
    assert shown == [
        "Llama 3.1 … assistant",
        "Llama 3.1 70B … (2)",
        "Llama 3.1 70B … (3)",
        "Llama 3.1 70B … (4)",
        "Llama 3.1 70B … (5)",
    ]
    assert all(tabs.rect().contains(tabs.tabRect(i)) for i in range(5))
    assert not any(arrow.isVisible() for arrow in tabs.findChildren(QToolButton))
    # Wider, every name reads whole again.
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: tabs.tabText(0) == "Llama 3.1 70B RAG assistant")
    assert tabs.tabText(4) == "Llama 3.1 70B RAG assistant (5)"
