"""A scenario the rack cannot power reads as blocked in the Scenarios tab, with what to
change: walk36 typed a 12 kW rack limit under a DGX B200 (14.3 kW) and the tab still read
"Fits in memory: Yes" and "Meets targets: Yes", no row saying it was blocked; then the
Blocked row's "what to change" was cut off at 1280 px, and the rows under it still said
"Yes"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, start_from, type_into


def test_a_rack_limit_typed_too_low_reads_blocked_beside_the_scenario_it_copied(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1280, 800)
    start_from(qtbot, window, "qwen3.5-assistant-b200")  # a 30 kW rack takes a DGX B200
    qtbot.mouseClick(window.scenario_bar.buttons["duplicate"], Qt.MouseButton.LeftButton)
    box = type_into(qtbot, window, ("hardware", "rack_power_limit_kw"), "12")
    with qtbot.waitSignal(window.service.plan_sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.results_panel.banner.text().startswith("Blocked: One NVIDIA DGX B200")
    view = window.comparison_view
    window.curves_panel.setCurrentWidget(view)
    table = view.table
    names = [r.name for r in view.rows]
    row = names.index("blocked")
    assert row < names.index("fits")
    assert table.verticalHeaderItem(row).text() == "Blocked"
    assert table.item(row, 0).text() == "no"
    blocked = table.item(row, 1)
    whole = (
        "yes: a server draws 14.3 kW, the rack takes 12 kW; raise “Rack power limit” to "
        "14.3 kW or choose a server that draws less"
    )
    # At 1280 px it reads whole over as many lines as it takes, what to change included (it
    # was cut after three: "…; raise “Rack power l…"), each line within its column.
    lines = blocked.text().split("\n")
    assert " ".join(lines) == whole and len(lines) > 3
    width_of = QFontMetrics(blocked.font()).horizontalAdvance
    # Within what the cell draws text in: its column less Qt's margins and the grid's line.
    assert max(width_of(line) for line in lines) <= table.columnWidth(1) - 8
    assert table.rowHeight(row) >= len(lines) * view.fontMetrics().lineSpacing()
    assert blocked.toolTip() == f"<qt>{whole}</qt>"
    # A sentence over several lines reads from its left edge, where the figures stand right.
    assert blocked.textAlignment() & Qt.AlignmentFlag.AlignLeft
    # The rows under it say what is true of a plan the room cannot power.
    fits, meets = names.index("fits"), names.index("meets_targets")
    assert table.item(fits, 1).text() == "yes, but it cannot run"
    assert table.item(meets, 1).text() == "no: it cannot run"
    assert (table.item(fits, 0).text(), table.item(meets, 0).text()) == ("yes", "yes")
