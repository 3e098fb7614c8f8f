"""The "What swings the budget" tab and File > Export bill of materials, in the real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.ui import file_dialogs
from aisle_desktop.ui.budget_view import TABLE_ROWS_SHOWN, BudgetView
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, as_read, warnings_shown
from tests.ui.test_plot_axes import _labels_drawn

# Energy: 8 h x 250 days serving at 9.63 kW, the other 6,760 h idle at 4.59 kW (PUE 1.5).
ONE_DGX_H100_USD = 110_000 + 33_000 + (9.63 * 2000 + 4.59 * 6760) * 0.146 + 10.2 * 194.95 * 12


def _show_budget_tab(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.service.budget_swings, timeout=RESULT_TIMEOUT_MS * 2):
        window.curves_panel.setCurrentWidget(window.budget_view)


def _stacked_budget_at_1024_px(window: MainWindow, qtbot: QtBot) -> BudgetView:
    """The Budget swings tab at 1024 x 700, once it shows its three columns."""
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    _show_budget_tab(window, qtbot)
    view = window.budget_view
    qtbot.waitUntil(lambda: view.stacked)
    return view


def test_the_tab_sizes_only_when_shown_and_draws_the_largest_swing_on_top(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1600, 1000)  # room for the seven columns
    view = window.budget_view
    assert view.table.rowCount() == 0  # nothing sized while the tab is hidden
    # Until then the chart says so over clean axes (QA: "$-0.4 $-0.2 $0" under nothing).
    assert view.empty.is_shown() and view.empty.text.toPlainText() == "Not sized yet"
    assert _labels_drawn(view.plot.getAxis("bottom")) == []
    _show_budget_tab(window, qtbot)
    qtbot.waitUntil(lambda: not view.stacked)
    assert not view.empty.is_shown()
    # The load needs 3 replicas of TP 2 (6 GPUs) of the DGX H100's 8; the caption says so.
    # The yearly cost is kept whole on its line, never "$174" then "k/year".
    assert view.headline.text().startswith(
        "The plan: 8 GPUs bought, 6 needed, $174\u00a0k/\u2060year."
    )
    assert "GPU counts are the GPUs bought in whole servers, with those the load needs" in (
        view.headline.text()
    )
    assert view.table.item(0, 0).text() == "Model size in its family"
    assert view.table.item(0, 4).text() == "Llama 3.1 405B"
    rows = {view.table.item(r, 0).text(): r for r in range(view.table.rowCount())}
    users = rows["Number of users"]
    assert view.table.item(users, 1).text() == "150 active users"
    assert view.table.item(users, 3).text() == "$174 k"  # the same server, filled with replicas
    assert view.table.horizontalHeaderItem(2).text() == "GPUs bought"
    assert view.table.item(users, 2).text() == "8 (4 needed)"  # 2 replicas of TP 2
    # 600 users: 4 replicas (8.14 requests/s at the targets' E2E), the whole one server.
    assert view.table.item(users, 5).text() == "8"
    # The chart: one bar per row, the largest swing at the top (highest y).
    heights = view._high.opts["width"]
    assert len(heights) == view.table.rowCount()
    assert view._high.opts["y"][0] == view.table.rowCount() - 1
    assert view._base.value() == pytest.approx(ONE_DGX_H100_USD)


def test_goal_seek_typed_target(window: MainWindow, qtbot: QtBot) -> None:
    _show_budget_tab(window, qtbot)
    view = window.budget_view
    view.tpot_ms.selectAll()
    qtbot.keyClicks(view.tpot_ms.lineEdit(), "20")
    with qtbot.waitSignal(window.service.budget_swings, timeout=RESULT_TIMEOUT_MS * 2):
        qtbot.mouseClick(view.seek_button, Qt.MouseButton.LeftButton)
    lines = as_read(view.answers.text()).splitlines()
    assert lines[0].startswith("At TPOT 20 ms it is ") and lines[0].endswith("/year.")
    assert lines[1].startswith("$500 k/year serves up to ")


def test_a_goal_out_of_range_is_refused_by_name_not_cut_short(
    window: MainWindow, qtbot: QtBot
) -> None:
    """A plain spin box dropped the last keystroke of "20000" ms and goal-sought 2,000 ms."""
    _show_budget_tab(window, qtbot)
    view = window.budget_view
    view.tpot_ms.selectAll()
    qtbot.keyClicks(view.tpot_ms.lineEdit(), "20000")
    assert view.tpot_ms.text() == "20000 ms"  # every keystroke kept
    with qtbot.waitSignal(view.tpot_ms.refused, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(view.tpot_ms, Qt.Key.Key_Return)
    refusal = view.answers.text()
    assert refusal == "TPOT target: must be at most 10,000 ms (you typed 20000)"
    with qtbot.assertNotEmitted(view.goal_seek_requested):
        qtbot.mouseClick(view.seek_button, Qt.MouseButton.LeftButton)
    assert view.answers.text() == refusal
    assert view.goal_values()[0] == 25.0


def test_export_bill_of_materials(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bill"
    chosen = (str(target), "Spreadsheet (*.xlsx)")
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: chosen)
    told = warnings_shown(monkeypatch)
    assert window.bom_actions.export.isEnabled()
    window.bom_actions.export.trigger()
    written = target.with_suffix(".xlsx")
    assert told == [
        "Export bill of materials: Wrote the bill of materials of Llama 3.1 70B RAG assistant "
        f"to {written}."
    ]
    book = load_workbook(written)
    assert book.sheetnames == ["Bill of materials", "Power sheet", "Figures"]


def test_export_to_a_missing_folder_says_why(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "missing" / "bill.csv"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(target), "CSV"))
    told = warnings_shown(monkeypatch)
    window.bom_actions.export.trigger()
    assert len(told) == 1 and "missing" in told[0] and "cannot write" in told[0]
    assert not target.exists()


def test_the_plan_name_typed_in_the_notes_tab_titles_the_report(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.curves_panel.setCurrentWidget(window.notes_panel)
    qtbot.keyClicks(window.notes_panel.name_edit, "Hospital 2027")
    plan = window.document.plan()
    assert plan.name == "Hospital 2027"
    assert plan.title(window.document.display_name()) == "Hospital 2027"
    assert window.document.is_modified()


def test_the_budget_table_keeps_five_rows_in_view(window: MainWindow) -> None:
    """At 1440 x 900 the splitter squeezed the table to one row; the tab now scrolls instead."""
    table = window.budget_view.table
    row = table.verticalHeader().defaultSectionSize()
    assert TABLE_ROWS_SHOWN == 5
    assert table.minimumHeight() >= table.horizontalHeader().sizeHint().height() + 5 * row


def test_every_column_of_the_budget_table_is_in_view_at_1600_px(
    window: MainWindow, qtbot: QtBot
) -> None:
    """QA at 1600 x 1000: the higher setting's GPUs and yearly cost were off to the right of
    the table, behind a scroll bar; the settings' names now wrap to leave them room."""
    window.resize(1600, 1000)
    _show_budget_tab(window, qtbot)
    table = window.budget_view.table
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    assert sum(widths) <= table.viewport().width(), widths
    for row in range(table.rowCount()):  # each row as tall as its wrapped setting needs
        assert table.rowHeight(row) >= table.sizeHintForRow(row)


def test_at_1024_px_the_budget_table_needs_no_sideways_scrolling(
    window: MainWindow, qtbot: QtBot
) -> None:
    """QA at 1024 px: the seven columns scrolled sideways, the higher setting's GPUs and
    cost out of sight; each setting's GPUs and cost now go under its name, in three columns,
    and back to seven once the window is wide again."""
    view = _stacked_budget_at_1024_px(window, qtbot)
    table = view.table
    assert not table.horizontalScrollBar().isVisible()
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    assert sum(widths) <= table.viewport().width(), widths
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Choice", "Lower setting", "Higher setting"]
    precision = next(
        r for r in range(table.rowCount()) if table.item(r, 0).text() == "Weight precision"
    )
    lower = table.item(precision, 1).text().replace("\u00a0", " ").replace("\u2060", "")
    assert lower == "FP4\nGPUs: 8 (7 needed), $174 k/year"
    for row in range(table.rowCount()):  # each row as tall as its lines need
        assert table.rowHeight(row) >= table.sizeHintForRow(row)
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: not view.stacked)
    assert table.columnCount() == 7 and table.item(precision, 2).text() == "8 (7 needed)"


def test_resizing_the_stacked_budget_table_keeps_its_rows(window: MainWindow, qtbot: QtBot) -> None:
    """The last walk: in three columns, every resize refilled the table in seven and back to
    learn whether seven fitted. Which fits is now measured from the texts, so the rows a
    planner reads are built once per layout, and the measure is the one Qt sizes columns by."""
    view = _stacked_budget_at_1024_px(window, qtbot)
    table = view.table
    shown = [table.item(r, c) for r in range(table.rowCount()) for c in range(3)]
    for width in (1040, 1060, 1024):
        window.resize(width, 700)
        qtbot.waitUntil(lambda width=width: window.width() == width)
        assert view.stacked and table.columnCount() == 3
        assert [table.item(r, c) for r in range(table.rowCount()) for c in range(3)] == shown
    measured = view.whole_widths(stacked=True)
    table.resizeColumnsToContents()
    assert measured == [table.columnWidth(c) for c in range(3)]
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: not view.stacked)
    measured = view.whole_widths(stacked=False)
    table.resizeColumnsToContents()
    assert measured == [table.columnWidth(c) for c in range(7)]
