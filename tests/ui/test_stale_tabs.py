"""Mid-edit, the GPUs and Budget swings tabs grey the figures of the last edit as the results
panel does, until their own answer for the new one arrives."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import BUDGET_TAB, GPUS_TAB, MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, type_into

HISTORY = ("workload", "prompt", "history_tokens")
# The GPU comparison sizes every GPU in the catalog: slower than one plan.
COMPARED_TIMEOUT_MS = RESULT_TIMEOUT_MS * 3


def _stale(window: MainWindow) -> tuple[bool, bool]:
    return window.stale_tabs.is_stale(GPUS_TAB), window.stale_tabs.is_stale(BUDGET_TAB)


def _show_both_answered(window: MainWindow, qtbot: QtBot) -> None:
    """Open the GPUs tab, then Budget swings, each until its answer has arrived."""
    with qtbot.waitSignal(window.service.compared, timeout=COMPARED_TIMEOUT_MS):
        window.curves_panel.setCurrentWidget(window.curves_panel.gpu_page)
    with qtbot.waitSignal(window.service.budget_swings, timeout=COMPARED_TIMEOUT_MS):
        window.curves_panel.setCurrentWidget(window.budget_view)
    assert _stale(window) == (False, False)


def test_an_edit_greys_the_later_tabs_until_their_answers_arrive(
    window: MainWindow, qtbot: QtBot
) -> None:
    _show_both_answered(window, qtbot)
    assert not window.budget_view.fade.is_on()
    table = window.curves_panel.gpu_table
    ink = table.palette().color(QPalette.ColorRole.Text)
    box = type_into(qtbot, window, HISTORY, "500")
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert _stale(window) == (True, True)  # the edit is not sized yet: both hold the last one's
    assert window.curves_panel.gpu_fade.is_on() and window.budget_view.fade.is_on()
    greyed = table.palette().color(QPalette.ColorRole.Text)
    paper = table.palette().color(QPalette.ColorRole.Base)
    # The GPUs' text drawn a third as dark, over the table's own paper (not over black).
    assert abs(greyed.lightness() - paper.lightness()) < abs(ink.lightness() - paper.lightness())
    # The edit's answers are already asked for: wait until both arrive.
    qtbot.waitSignals(
        [window.service.sized, window.service.budget_swings], timeout=COMPARED_TIMEOUT_MS
    ).wait()
    assert not window.results_panel.is_greyed()
    # The Budget swings tab is shown, so it was sized again; the hidden GPUs tab was not.
    assert _stale(window) == (True, False)
    with qtbot.waitSignal(window.service.compared, timeout=COMPARED_TIMEOUT_MS):
        window.curves_panel.setCurrentWidget(window.curves_panel.gpu_page)
    assert _stale(window) == (False, False)
    assert table.palette().color(QPalette.ColorRole.Text) == ink


def test_a_refused_value_greys_the_later_tabs_with_the_figures(
    window: MainWindow, qtbot: QtBot
) -> None:
    """A field holding a value that cannot be sized greys the results panel's figures: the
    GPUs and Budget swings tabs, current a moment ago, are greyed with them, and cleared with
    them when the field takes a value again."""
    _show_both_answered(window, qtbot)
    box = type_into(qtbot, window, HISTORY, "-5")
    with qtbot.waitSignal(window.controller.field_rejected, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.results_panel.is_greyed() and _stale(window) == (True, True)
    box = type_into(qtbot, window, HISTORY, "0")  # the value the tabs were sized with
    with qtbot.waitSignal(window.controller.field_accepted, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert not window.results_panel.is_greyed() and _stale(window) == (False, False)
    box = type_into(qtbot, window, HISTORY, "-5")
    with qtbot.waitSignal(window.controller.field_rejected, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    box = type_into(qtbot, window, HISTORY, "100")  # a new value: sized, then swung again
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert not window.results_panel.is_greyed() and _stale(window) == (True, True)
    with qtbot.waitSignal(window.service.budget_swings, timeout=COMPARED_TIMEOUT_MS):
        pass  # the Budget swings tab is shown: sized again for the new value
    assert _stale(window) == (True, False)


def test_the_curves_and_every_figure_grey_with_the_headline_figures(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The walk: with "-5" refused in a field, the headline figures greyed as the last
    inputs' while the Load, Memory and Cost curves and the All figures table under them
    stood as if current. They come from the same result, and now grey and clear with it."""
    curves, figures = window.curves_panel.curves_fade, window.figure_table.fade
    assert not curves.is_on() and not figures.is_on()
    box = type_into(qtbot, window, HISTORY, "-5")
    with qtbot.waitSignal(window.controller.field_rejected, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.results_panel.is_greyed() and curves.is_on() and figures.is_on()
    plot = window.curves_panel.throughput_plot.getPlotItem()
    assert plot.opacity() < 1
    box = type_into(qtbot, window, HISTORY, "100")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert not window.results_panel.is_greyed() and not curves.is_on() and not figures.is_on()
    assert plot.opacity() == 1
