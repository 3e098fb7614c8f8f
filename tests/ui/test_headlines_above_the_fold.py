"""At 1024 x 700 under the Load tab, every headline figure reads whole above the results
panel's fold. The Qwen3.5 assistant on B200 (a verdict and plan line a line longer than the
default plan's) put the fold through the figures' last row: "792 k requests/day†" was cut at
half its height, its dagger reading as a "t" ("requests/dayt")."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

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
