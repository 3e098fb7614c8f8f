"""The status bar's message is fitted again when its room changes while it shows (QA at
1024 x 700: the GPU comparison's progress bar and Stop button came, and "Fits: ... 1 more on
GPUs already bought" ran into the calibration's name, cut at "GPUs alre")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, type_into

FITS = "Fits: 4 replicas of TP 2 × PP 1 serve the load (3 needed, 1 more on GPUs already bought)"


def _fits_its_room(window: MainWindow) -> bool:
    bar = window.statusBar()
    shown = bar.currentMessage()
    return bar.fontMetrics().horizontalAdvance(shown) <= window.status_line.room_px()


def test_the_message_is_fitted_again_while_gpus_are_compared(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The comparison's progress comes as the worker reports it (one GPU of 29 done): the
    whole comparison now takes a tenth of a second, too short to catch its bar by polling."""
    window.resize(1024, 700)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage() == FITS, timeout=RESULT_TIMEOUT_MS)
    window.service.comparison_progress.emit(1, 29)
    assert window.progress.isVisible()
    qtbot.waitUntil(lambda: bar.currentMessage() != FITS, timeout=RESULT_TIMEOUT_MS)
    shown = bar.currentMessage()
    assert FITS.startswith(shown) and len(shown) < len(FITS) and _fits_its_room(window)
    assert FITS in bar.toolTip()
    # The progress bar is laid out wider than its size hint: the room counts what it takes.
    right = window.status_line.room_px() + 24
    assert right <= window.calibration_label.geometry().left()
    window.service.comparison_progress.emit(29, 29)
    qtbot.waitUntil(lambda: bar.currentMessage() == FITS)  # the room back, the message whole
    assert bar.toolTip() == ""


def test_a_refused_field_is_said_in_the_bar_as_in_the_banner(
    window: MainWindow, qtbot: QtBot
) -> None:
    """QA: letters typed into Active users, the banner read "Not sized: Active users: ..."
    while the bar went on reading "Fits: 4 replicas ..." for the greyed figures."""
    window.resize(1600, 1000)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage() == FITS, timeout=RESULT_TIMEOUT_MS)
    box = type_into(qtbot, window, ("workload", "load", "active_users"), "abc")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    banner = window.results_panel.banner.text()
    assert banner.startswith("Not sized: Active users: ")
    assert bar.currentMessage() == banner


def test_the_plans_status_stands_after_a_message_over_it(window: MainWindow, qtbot: QtBot) -> None:
    """QA: the sizing's message went after 8 s and left the bar empty; it stands, with the
    calibration the figures are sized with beside it, and comes back after a message shown
    over it for a while (a file saved, the GPU comparison stopped)."""
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage() == FITS, timeout=RESULT_TIMEOUT_MS)
    assert window.calibration_label.isVisible()
    assert window.calibration_label.text().startswith("Model calibration 2026.")
    window.status_line.show("Saved plan.aisle", 50)
    assert bar.currentMessage() == "Saved plan.aisle"
    qtbot.waitUntil(lambda: bar.currentMessage() == FITS, timeout=RESULT_TIMEOUT_MS)
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # stops the GPU comparison: said, then gone
    assert bar.currentMessage() == "GPU comparison stopped"
    qtbot.waitUntil(lambda: bar.currentMessage() == FITS, timeout=RESULT_TIMEOUT_MS)
