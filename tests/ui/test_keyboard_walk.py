"""A planner who works by keyboard alone: Tab walks from the scenario bar into the inputs,
and on to every headline figure, whose explanation Enter opens.

Walk at 1280 px: Tab from Rename… stayed on Rename… for ever. The next in the focus chain was
the input panes' tab widget, whose focus goes to its tab bar, hidden while the panels stand
side by side: it took no focus, so Tab found it again and again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.dialogs import read_explanation


def _rename_button(window: MainWindow) -> QToolButton:
    (button,) = [b for b in window.findChildren(QToolButton) if b.text().startswith("Rename")]
    return button


def test_tab_from_the_scenario_bar_reaches_the_model_box(window: MainWindow, qtbot: QtBot) -> None:
    assert not window.inputs.tabbed  # 1440 px: the panels side by side
    rename = _rename_button(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    rename.setFocus()
    qtbot.waitUntil(rename.hasFocus)
    model = window.workload_panel.fields.widget(("workload", "model_id"))
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if model.hasFocus():
            break
    assert model.hasFocus()


def test_in_a_narrow_window_tab_reaches_the_panels_tabs(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.inputs.tabbed)
    rename = _rename_button(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    rename.setFocus()
    qtbot.waitUntil(rename.hasFocus)
    qtbot.keyClick(rename, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.inputs.first.tabBar()
    # The arrow keys then switch between the Workload and Hardware panels.
    qtbot.keyClick(window.inputs.first.tabBar(), Qt.Key.Key_Right)
    assert window.inputs.first.currentIndex() == 1


def test_tab_reaches_a_headline_figure_and_enter_explains_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Walk: Tab went from the results panel straight to the curves' tabs; no figure's
    explanation opened without the mouse. Now each value takes Tab, and Enter opens it."""
    ttft = window.results_panel._values["ttft_ms"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    rename = _rename_button(window)
    rename.setFocus()
    qtbot.waitUntil(rename.hasFocus)
    for _ in range(80):  # through the inputs, as a planner tabs
        if ttft.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert ttft.hasFocus()
    text = read_explanation(qtbot, lambda: qtbot.keyClick(ttft, Qt.Key.Key_Return))
    assert "Time to first token" in text
