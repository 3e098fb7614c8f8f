"""At 1024 x 700 under the Load tab, every headline figure reads whole above the results
panel's fold. The Qwen3.5 assistant on B200 (a verdict and plan line a line longer than the
default plan's) put the fold through the figures' last row: "792 k requests/day†" was cut at
half its height, its dagger reading as a "t" ("requests/dayt")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.fold_lines import fold_clear_of_lines, label_lines_px
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.tab_room import TABS_LEAST_SHARE
from tests.ui.conftest import RESULT_TIMEOUT_MS


def _bottom_in_view(window: MainWindow) -> tuple[int, int]:
    """The headline figures' lowest value's bottom, and the panel's fold, in its viewport."""
    panel = window.results_panel
    viewport = panel.viewport()
    bottom = max(
        label.mapTo(viewport, QPoint(0, label.height())).y() for label in panel._values.values()
    )
    return bottom, viewport.height()


def test_at_1024_by_700_every_headline_figure_reads_above_the_fold(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    index = window.preset_box.findData("qwen3.5-assistant-b200")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.preset_box.setCurrentIndex(index)
        window.preset_box.activated.emit(index)
    panel = window.results_panel
    assert panel.value_text("break_even_requests_per_day").startswith("792 k requests/day")
    assert window.curves_panel.currentWidget() is window.curves_panel.load_page
    qtbot.waitUntil(lambda: _bottom_in_view(window)[0] <= _bottom_in_view(window)[1])
    # The plots keep most of their height: the panel took a few pixels, not the tabs' room.
    above, below = window.right_splitter.sizes()
    assert below >= TABS_LEAST_SHARE * (above + below)
    assert below > 230


def test_a_fold_moves_off_the_line_it_cuts() -> None:
    """Lines of 14 px from 378 and 392: a fold at 382 (4 px of the first in sight, its
    letters' tops) hides it; at 389 (11 px) shows it whole, unless that passes the most
    the fold may take; a fold between two lines stays."""
    lines = [(378, 392), (392, 406)]
    assert fold_clear_of_lines(382, lines, 500) == 378
    assert fold_clear_of_lines(389, lines, 500) == 392
    assert fold_clear_of_lines(389, lines, 390) == 378
    assert fold_clear_of_lines(392, lines, 500) == 392
    assert fold_clear_of_lines(300, lines, 500) == 300


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080), (1024, 700)])
def test_the_results_panels_fold_cuts_no_line_of_text(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    """At 1280 x 800 the Load tab's fold cut the line under the headline figures ("Slowest
    answers (simulated)…") at its letters' tops; at 1920 x 1080 a warning's line. Each fold
    now falls between two lines: the Cost tab is chosen with the keyboard, as a planner
    reads the tabs, and the fold checked on every label's lines."""
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    tabs = window.curves_panel
    panel = window.results_panel
    body = panel.widget()
    assert body is not None
    tabs.tabBar().setFocus()
    qtbot.keyClick(tabs.tabBar(), Qt.Key.Key_Right)
    qtbot.keyClick(tabs.tabBar(), Qt.Key.Key_Right)
    assert tabs.currentWidget() is tabs.cost_plot

    def cut() -> list[tuple[str, int, int]]:
        fold = panel.viewport().height()
        return [
            (label.text()[:40], top, bottom)
            for label in body.findChildren(QLabel)
            if label.isVisibleTo(body) and label.text()
            for top, bottom in label_lines_px(label, body)
            if top < fold < bottom
        ]

    qtbot.waitUntil(lambda: panel.tail.text() != "" and not cut(), timeout=RESULT_TIMEOUT_MS)
    assert _bottom_in_view(window)[0] <= _bottom_in_view(window)[1]
