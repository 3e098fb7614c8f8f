"""Every Tab stop shows where focus is, and Tab goes all the way round the window.

Walk: the Workload, Hardware and results panels each took a Tab stop of their own and showed
nothing (focus seemed to vanish for a press), so did the plots; the GPUs, Scenarios, Budget
swings and Assumptions tables kept Tab for their cells and the notes typed it, so a planner
tabbing through the window was caught there for good. Here a planner tabs with real key
presses from the Rename… button round again, with each result tab shown in turn, at the
smallest supported window and at 1280 x 800: each stop must be a visible, enabled control,
wholly in sight, whose picture changes when focus leaves it (its focus mark goes).
"""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLabel, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS

# More stops than the window has (some 70): a walk that has not come round by then is caught.
MOST_STOPS = 150


def _rename_button(window: MainWindow) -> QToolButton:
    (button,) = [b for b in window.findChildren(QToolButton) if b.text().startswith("Rename")]
    return button


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "focus left the window"
    return widget


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = text()[:40] if callable(text) else ""
    parent = widget.parentWidget()
    within = type(parent).__name__ if parent is not None else ""
    return f"{type(widget).__name__} {widget.objectName()!r} {shown!r} in {within}"


def _in_sight(widget: QWidget) -> bool:
    """Wholly in sight, or, taller than the room it scrolls in (the Budget swings table),
    its whole width from its top as far as the room goes."""
    seen, whole = widget.visibleRegion().boundingRect(), widget.rect()
    if seen == whole:
        return True
    return seen.topLeft() == whole.topLeft() and seen.width() == whole.width() and seen.height() > 0


def _wait_laid_out(qtbot: QtBot, widget: QWidget) -> None:
    """A wrapping label given new text (the pools' answer arrives after the headline's) keeps
    its old height until the layout's next pass, its new last line (the "why" link) out of
    sight meanwhile: one walk in 25 grabbed it then and saw no focus mark."""
    if isinstance(widget, QLabel) and widget.wordWrap():
        qtbot.waitUntil(lambda: widget.height() >= widget.heightForWidth(widget.width()))


def _walk_round(qtbot: QtBot, start: QWidget) -> list[str]:
    """Tab from `start` until focus is back on it; what each stop was (failing at a stop
    that is hidden, disabled, partly out of sight, or shows no focus)."""
    stops: list[str] = []
    widget = start
    for _ in range(MOST_STOPS):
        assert widget.isVisible() and widget.isEnabled(), _name(widget)
        _wait_laid_out(qtbot, widget)
        assert _in_sight(widget), f"{_name(widget)} is not in sight"
        focused: QImage = widget.grab().toImage()
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        following = _focused()
        assert following is not widget, f"Tab stayed on {_name(widget)}"
        assert widget.grab().toImage() != focused, f"{_name(widget)} showed no focus"
        stops.append(_name(widget))
        if following is start:
            return stops
        widget = following
    raise AssertionError(f"Tab did not come round in {MOST_STOPS} stops: {stops[-10:]}")


@pytest.mark.parametrize("size", [(1024, 700), (1280, 800)])
def test_every_tab_stop_shows_focus_and_tab_comes_round(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    window.resize(*size)
    # Laid out: at 1024 px the input panels' tab bar, shown by the resize, has its size.
    qtbot.waitUntil(lambda: window.width() == size[0])
    qtbot.waitUntil(lambda: not window.inputs.tabbed or window.inputs.first.tabBar().height() > 0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    rename = _rename_button(window)
    tabs = window.curves_panel
    # The GPUs' table once it lists them (an empty table has no row to mark).
    with qtbot.waitSignal(window.service.compared, timeout=RESULT_TIMEOUT_MS * 3):
        tabs.setCurrentWidget(tabs.gpu_page)
    for index in range(tabs.count()):
        if tabs.widget(index) is window.budget_view:
            with qtbot.waitSignal(window.service.budget_swings, timeout=RESULT_TIMEOUT_MS * 2):
                tabs.setCurrentIndex(index)
        else:
            tabs.setCurrentIndex(index)
        rename.setFocus()
        qtbot.waitUntil(rename.hasFocus)
        # A focus mark shows once the keyboard has moved focus (Qt's rule): the walk starts
        # one Tab on.
        qtbot.keyClick(rename, Qt.Key.Key_Tab)
        stops = _walk_round(qtbot, _focused())
        named = " ".join(stops)
        # The panels' fields, the headline figures and the shown tab's own controls.
        assert "ChoiceBox" in named and "HeadlineValue" in named, named
        assert not any(kind in named for kind in ("Panel ''", "PlotWidget", "BudgetView"))


def test_a_figure_refreshed_under_focus_keeps_its_focus_mark(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The pools' answer arrives after the headline's, and may arrive again while Tab rests
    on the serving line: new text reset the label's link focus and its focus mark went."""
    prompt = window.workload_panel.fields.widget(("workload", "prompt", "question_tokens"))
    assert isinstance(prompt, QAbstractSpinBox)
    prompt.setFocus()
    prompt.selectAll()
    with qtbot.waitSignal(window.service.serving_compared, timeout=RESULT_TIMEOUT_MS * 3) as came:
        qtbot.keyClicks(prompt, "300")
        qtbot.keyClick(prompt, Qt.Key.Key_Return)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    serving = window.results_panel.serving
    _wait_laid_out(qtbot, serving)
    unfocused = serving.grab().toImage()
    for _ in range(MOST_STOPS):  # Tab on from the prompt's field until the serving line
        qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
        if serving.hasFocus():
            break
    assert serving.hasFocus(), f"Tab did not reach the serving line: {_name(_focused())}"
    focused = serving.grab().toImage()
    assert focused != unfocused, "the serving line shows no focus when tabbed to"
    comparison, curves = came.args
    # A later answer, in other words.
    later = dataclasses.replace(comparison, short=comparison.short.replace("6 GPUs", "7 GPUs"))
    window.service.serving_compared.emit(later, curves)
    _wait_laid_out(qtbot, serving)
    assert serving.hasFocus()
    assert "7 GPUs needed together" in serving.text()
    refreshed = serving.grab().toImage()
    qtbot.keyClick(serving, Qt.Key.Key_Tab)
    assert not serving.hasFocus()
    assert serving.grab().toImage() != refreshed, "the new text took the focus mark away"
