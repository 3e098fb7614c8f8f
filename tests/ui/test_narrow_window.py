"""On a 1024 x 700 screen the window fits: its input panels become two tabs of one column
(QA: both panels side by side beside the results made the window at least 1,240 px wide, its
results off the screen's right edge), and side by side again when the window is widened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.input_panes import bring_tab_forward
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, type_into


def test_a_narrow_window_shows_its_inputs_as_tabs(window: MainWindow, qtbot: QtBot) -> None:
    inputs = window.inputs
    assert not inputs.tabbed and window.minimumWidth() <= 1024
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    assert inputs.tabbed and not inputs.second.isVisible()
    assert window.results_panel.geometry().right() < window.width()
    bar = inputs.first.tabBar()
    assert [bar.tabText(i) for i in range(bar.count())] == ["Workload", "Hardware and costs"]
    # A planner clicks the Hardware tab and types a rack power limit.
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert window.hardware_panel.isVisible() and not window.workload_panel.isVisible()
    box = type_into(qtbot, window, ("hardware", "rack_power_limit_kw"), "20")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.controller.scenario.hardware.rack_power_limit_kw == 20.0
    # A lesson's Try this that points at a hardware field brings its tab forward.
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert not box.isVisible()
    bring_tab_forward(box)
    assert box.isVisible()
    # Widened, the panels stand side by side again, each with room.
    window.resize(1440, 900)
    qtbot.waitUntil(lambda: window.width() == 1440)
    assert not inputs.tabbed and not bar.isVisible()
    assert window.workload_panel.isVisible() and window.hardware_panel.isVisible()
    assert window.splitter.sizes()[1] >= window.hardware_panel.minimumWidth()
