"""The Assumptions tab: the calibration's values with sources, and the planner's overrides."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS


def _row(window: MainWindow, label: str) -> int:
    table = window.assumptions_panel.table
    rows = [r for r in range(table.rowCount()) if table.item(r, 0).text() == label]
    assert rows, f"no row {label!r}"
    return rows[0]


def _type_override(qtbot: QtBot, window: MainWindow, label: str, text: str) -> None:
    """Open the "Your value" cell of ``label`` as a planner would and type ``text``, Enter."""
    panel = window.assumptions_panel
    window.curves_panel.setCurrentWidget(panel)
    cell = panel.table.item(_row(window, label), 2)
    panel.table.setCurrentItem(cell)
    panel.table.editItem(cell)
    editors = [e for e in panel.table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "the cell did not open for editing"
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)
    with qtbot.waitSignal(panel.table.itemChanged, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop


def test_the_status_bar_and_the_tab_name_the_calibration(window: MainWindow) -> None:
    assert window.calibration_label.text() == "Model calibration 2026.12.1 (2026-12-04)"
    table = window.assumptions_panel.table
    row = _row(window, "request overhead ms")
    assert table.item(row, 1).text() == "5"
    assert table.item(row, 2).text() == ""
    assert "tokenisation, HTTP and scheduling" in table.item(row, 3).text()


def test_an_override_is_sized_and_can_be_undone(qtbot: QtBot, window: MainWindow) -> None:
    before = window.controller.scenario
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS) as blocker:
        _type_override(qtbot, window, "target utilization", "0.6")
    assert window.controller.scenario.assumption_overrides == {"target_utilization": 0.6}
    result = blocker.args[0].result
    mine = next(a for a in result.assumptions if a.name == "target_utilization")
    assert mine.value == 0.6 and mine.source.startswith("the planner's override")
    cell = window.assumptions_panel.table.item(_row(window, "target utilization"), 2)
    assert cell.text() == "0.6" and cell.font().bold()
    window.controller.undo_stack.undo()
    assert window.controller.scenario == before
    assert cell.text() == ""


def test_clearing_the_cell_gives_the_calibration_back(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _type_override(qtbot, window, "request overhead ms", "12")
    assert window.controller.scenario.assumption_overrides == {"request_overhead_ms": 12.0}
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _type_override(qtbot, window, "request overhead ms", "")
    assert window.controller.scenario.assumption_overrides == {}


def test_a_value_out_of_range_or_not_a_number_is_refused_by_name(
    qtbot: QtBot, window: MainWindow
) -> None:
    before = window.controller.scenario
    _type_override(qtbot, window, "target utilization", "1.5")
    error = window.assumptions_panel.error
    assert error.isVisible()
    assert "target_utilization" in error.text() and "less than or equal to 1" in error.text()
    _type_override(qtbot, window, "layer overhead us", "fast")
    assert "layer overhead us: “fast” is not a number" in error.text()
    assert window.controller.scenario == before
    cell = window.assumptions_panel.table.item(_row(window, "layer overhead us"), 2)
    assert cell.text() == ""
