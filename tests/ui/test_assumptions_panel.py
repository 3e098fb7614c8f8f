"""The Assumptions tab: the calibration's values with sources, and the planner's overrides."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMenu, QStyle, QTableWidget
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.assumption_cells import row_label
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.theme import Theme
from tests.report.test_assumption_names import code_names
from tests.ui.conftest import RESULT_TIMEOUT_MS, choose_with_keys, click_into
from tests.ui.test_explanation_units import _explained


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


REQUEST_OVERHEAD = "Time per request before its first step (ms)"
UTILISATION = row_label("target_utilization")
LAYER_OVERHEAD = "Fixed time per layer per step (µs)"
RUNTIME_TP1 = "Runtime memory per GPU, model on one GPU (GB)"
EXPERT_WIDTH = "Expert width at half speed (mixture of experts) (columns)"


def test_the_status_bar_and_the_tab_name_the_calibration(window: MainWindow) -> None:
    """The default plan runs vLLM 0.19: the tab shows the values its release runs with (the
    V1 engine's 20.9 ms before a request's first step under 2026.12.52, not the 5 ms of older
    releases)."""
    assert window.calibration_label.text() == "Model calibration 2026.12.52 (2026-12-07)"
    table = window.assumptions_panel.table
    row = _row(window, REQUEST_OVERHEAD)
    assert table.item(row, 1).text() == "20.9 ms"
    assert table.item(row, 1).toolTip() == "Exactly 20.9 ms"
    assert table.item(row, 2).text() == ""
    assert table.item(row, 3).text() == (
        "tokenisation, HTTP and scheduling before a request's first step (engineering "
        "judgement; SIZING.md section 3). Per engine release, fitted to the 2025-26 "
        "measurements (docs/calibration.md); older releases: 5\u00a0ms"
    )


def test_runtime_memory_reads_in_gb_and_is_stored_in_gib(qtbot: QtBot, window: MainWindow) -> None:
    """Calibrated as 1.5 GiB = 1.61 GB; a planner's 2 GB is stored as 2 / 1.073741824 GiB."""
    table = window.assumptions_panel.table
    assert table.item(_row(window, RUNTIME_TP1), 1).text() == "1.61 GB"
    assert table.item(_row(window, RUNTIME_TP1), 1).toolTip() == "Exactly 1.610612736 GB (1.5 GiB)"
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _type_override(qtbot, window, RUNTIME_TP1, "2")
    stored = window.controller.scenario.assumption_overrides["runtime_overhead_gib_tp1"]
    assert stored == pytest.approx(1.862645, rel=1e-6)
    assert table.item(_row(window, RUNTIME_TP1), 2).text() == "2 GB"
    _type_override(qtbot, window, RUNTIME_TP1, "100")  # 93.1 GiB, above the 64 GiB allowed
    error = window.assumptions_panel.error.text()
    assert error == f"Not applied: {RUNTIME_TP1}: must be from 0 to 68.7 GB (you typed 100)"


def test_the_values_follow_the_scenarios_engine_release(qtbot: QtBot, window: MainWindow) -> None:
    """vLLM 0.6 predates the V1 engine's era: the shipped 5 ms holds for it."""
    release = window.workload_panel.fields.widget(("workload", "engine_version"))
    assert isinstance(release, QComboBox)
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        release.setCurrentIndex(release.findData("0.6"))
    row = _row(window, REQUEST_OVERHEAD)
    assert window.assumptions_panel.table.item(row, 1).text() == "5 ms"


def test_an_override_is_sized_and_can_be_undone(qtbot: QtBot, window: MainWindow) -> None:
    """A share is typed as the percentage the tab writes it in: 60 is 60 %, stored 0.6."""
    before = window.controller.scenario
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS) as blocker:
        _type_override(qtbot, window, UTILISATION, "60")
    assert window.controller.scenario.assumption_overrides == {"target_utilization": 0.6}
    result = blocker.args[0].result
    mine = next(a for a in result.assumptions if a.name == "target_utilization")
    assert mine.value == 0.6 and mine.source.startswith("the planner's override")
    cell = window.assumptions_panel.table.item(_row(window, UTILISATION), 2)
    assert cell.text() == "60 %" and cell.font().bold()
    assert cell.toolTip() == "Exactly 60 % (a share of 0.6)"
    window.controller.undo_stack.undo()
    assert window.controller.scenario == before
    assert cell.text() == ""


def test_clearing_the_cell_gives_the_calibration_back(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _type_override(qtbot, window, REQUEST_OVERHEAD, "12")
    assert window.controller.scenario.assumption_overrides == {"request_overhead_ms": 12.0}
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _type_override(qtbot, window, REQUEST_OVERHEAD, "")
    assert window.controller.scenario.assumption_overrides == {}


def test_a_value_out_of_range_or_not_a_number_is_refused_by_name(
    qtbot: QtBot, window: MainWindow
) -> None:
    before = window.controller.scenario
    _type_override(qtbot, window, UTILISATION, "150")
    error = window.assumptions_panel.error
    assert error.isVisible()
    assert error.text() == f"Not applied: {UTILISATION}: must be from 1 to 100 % (you typed 150)"
    _type_override(qtbot, window, LAYER_OVERHEAD, "fast")
    assert f"{LAYER_OVERHEAD}: “fast” is not a number (decimals take a point)" in error.text()
    _type_override(qtbot, window, RUNTIME_TP1, "1,5")  # a decimal comma would read as 15
    assert f"{RUNTIME_TP1}: “1,5” is not a number" in error.text()
    assert window.controller.scenario == before
    cell = window.assumptions_panel.table.item(_row(window, RUNTIME_TP1), 2)
    assert cell.text() == "1,5"  # as typed, and marked as a refused field is
    assert cell.background().color() == Theme.of(window).tone("bad").background
    assert "is not a number" in cell.toolTip()


def test_a_huge_number_is_refused_as_typed_and_the_plan_is_not_sized_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    before, revision = window.controller.scenario, window.controller.revision
    with qtbot.assertNotEmitted(window.controller.scenario_changed):
        _type_override(qtbot, window, UTILISATION, "1e30")
    error = window.assumptions_panel.error.text()
    assert error == f"Not applied: {UTILISATION}: must be from 1 to 100 % (you typed 1e30)"
    cell = window.assumptions_panel.table.item(_row(window, UTILISATION), 2)
    assert cell.text() == "1e30" and cell.background().color() != QColor()
    assert window.controller.scenario == before and window.controller.revision == revision
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _type_override(qtbot, window, UTILISATION, "60 %")  # fixed: taken, the mark goes
    assert cell.text() == "60 %" and cell.toolTip() == "Exactly 60 % (a share of 0.6)"
    assert cell.background().style() == Qt.BrushStyle.NoBrush
    assert not window.assumptions_panel.error.isVisibleTo(window)


@pytest.mark.parametrize("typed", ["1e309", "-1e309"])
def test_a_number_past_any_float_is_refused_as_out_of_range(
    qtbot: QtBot, window: MainWindow, typed: str
) -> None:
    """The walk: "1e309" was called "not a number (decimals take a point)"."""
    before = window.controller.scenario
    with qtbot.assertNotEmitted(window.controller.scenario_changed):
        _type_override(qtbot, window, UTILISATION, typed)
    error = window.assumptions_panel.error.text()
    assert error == f"Not applied: {UTILISATION}: must be from 1 to 100 % (you typed {typed})"
    assert window.controller.scenario == before


def test_thousands_may_be_grouped_with_commas(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _type_override(qtbot, window, EXPERT_WIDTH, "2,500")
    assert window.controller.scenario.assumption_overrides == {"expert_gemm_half_rate_width": 2500}


def test_a_percentage_reads_back_as_typed_and_a_time_with_its_unit(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The tab read "0.529" beside "(0 to 1)" where the report said "52.9 %": shares read and
    are typed as percentages, every figure typed kept ("72.55 %", not "72.5 %"; stored 0.7255,
    not 0.7254999999999999), and a time may be typed with the unit its cell shows."""
    table = window.assumptions_panel.table
    link = row_label("allreduce_efficiency")
    assert link == "Share of the GPU-to-GPU link speed reached (1-100\u00a0%)"
    assert table.item(_row(window, link), 1).text() == "52.9 %"
    assert table.item(_row(window, link), 1).toolTip() == "Exactly 52.9 % (a share of 0.529)"
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _type_override(qtbot, window, UTILISATION, "72.55 %")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _type_override(qtbot, window, REQUEST_OVERHEAD, "12.5 ms")
    overrides = window.controller.scenario.assumption_overrides
    assert overrides == {"target_utilization": 0.7255, "request_overhead_ms": 12.5}
    assert table.item(_row(window, UTILISATION), 2).text() == "72.55 %"
    assert table.item(_row(window, REQUEST_OVERHEAD), 2).text() == "12.5 ms"


def test_the_tab_names_the_catalogs_idle_gpu_power(qtbot: QtBot, window: MainWindow) -> None:
    """Idle GPU power is a dated catalog figure, not a calibration row: said under the table."""
    panel = window.assumptions_panel
    window.curves_panel.setCurrentWidget(panel)
    qtbot.waitUntil(panel.catalog_note.isVisible)
    note = panel.catalog_note.text()
    assert note == "From the catalog (2026-12-04): an idle GPU draws 10 % of its TDP."
    assert "not of the calibration" in panel.catalog_note.toolTip()


EXPERT_SPREAD = row_label("expert_load_cv")


def _greyed(window: MainWindow, label: str) -> bool:
    item = window.assumptions_panel.table.item(_row(window, label), 0)
    return item.data(Qt.ItemDataRole.ForegroundRole) is not None


def test_values_that_cannot_move_the_plan_are_greyed(window: MainWindow, qtbot: QtBot) -> None:
    """The default plan is a dense model: the experts' values are greyed, with why in their
    tooltip; a MoE model brings them back, as the report lists them."""
    assert _greyed(window, EXPERT_SPREAD) and _greyed(window, EXPERT_WIDTH)
    assert not _greyed(window, LAYER_OVERHEAD) and not _greyed(window, REQUEST_OVERHEAD)
    tip = window.assumptions_panel.table.item(_row(window, EXPERT_SPREAD), 0).toolTip()
    assert tip.startswith(f"{EXPERT_SPREAD}. No figure of this plan can move with this value")
    model = window.workload_panel.fields.widget(("workload", "model_id"))
    assert isinstance(model, QComboBox)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS * 2):
        model.setCurrentIndex(model.findData("qwen3-30b-a3b"))
    assert not _greyed(window, EXPERT_SPREAD) and not _greyed(window, EXPERT_WIDTH)


def _reads_whole(table: QTableWidget, row: int, column: int) -> bool:
    """Whether the cell's text, wrapped at its column's width less the style's margins, is
    whole within the row's height."""
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    room = QRect(0, 0, table.columnWidth(column) - margin, 1 << 20)
    text = table.item(row, column).text()
    return table.fontMetrics().boundingRect(room, Qt.TextFlag.TextWordWrap, text).height() < (
        table.rowHeight(row)
    )


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700), (1600, 1000)])
def test_every_name_and_source_reads_whole_at_its_rows_height(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    """At Qt's one row height a name wrapped onto a second line was cut through its middle
    (1280 x 800); and a source read one line, cut with "…", whole only in its tooltip (QA,
    1024 and 1600 px). Both wrap, each row as tall as the longer needs."""
    panel = window.assumptions_panel
    window.curves_panel.setCurrentWidget(panel)
    window.resize(*size)
    table = panel.table
    spacing = table.fontMetrics().lineSpacing()

    def whole() -> bool:
        rows = range(table.rowCount())
        return all(_reads_whole(table, row, column) for row in rows for column in (0, 3)) and (
            min(table.rowHeight(row) for row in rows) >= spacing
        )

    qtbot.waitUntil(whole)


@pytest.mark.parametrize("size", [(1024, 700), (1280, 800)])
def test_every_row_reads_in_the_tabs_height_at_small_windows(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    """With the sources whole, the names take a quarter of the width the values leave and
    the sources the rest: the tallest row (a source of some 480 characters) is read in
    one view of the tab at 1024 x 700, where a third for the names made it taller than the
    tab; two rows or more show whole. The introduction and the catalog's note take one line
    each (QA: they took five at 1024 x 700)."""
    panel = window.assumptions_panel
    window.curves_panel.setCurrentWidget(panel)
    window.resize(*size)
    table = panel.table

    def tallest_in_view() -> bool:
        tallest = max(table.rowHeight(row) for row in range(table.rowCount()))
        return (
            tallest <= table.viewport().height() and table.rowAt(table.viewport().height() - 1) >= 2
        )

    qtbot.waitUntil(tallest_in_view)
    line = panel.fontMetrics().lineSpacing()
    assert panel.catalog_note.height() < 2 * line


def test_every_source_shown_is_in_a_planners_words(window: MainWindow, qtbot: QtBot) -> None:
    """QA: "how many times allreduce_efficiency the all-reduces of a prefill chunk reach": no
    source in the tab names a field of the code, for the newest release (fitted per engine
    release) or an older one."""
    panel = window.assumptions_panel
    table = panel.table
    engine = window.workload_panel.fields.widget(("workload", "engine_version"))
    assert isinstance(engine, QComboBox)
    for index in (0, engine.count() - 1):
        engine.setCurrentIndex(index)
        assert window.controller.scenario.workload.engine_version == engine.itemData(index)
        sources = [table.item(row, 3).text() for row in range(table.rowCount())]
        assert any("Per engine release, fitted" in s for s in sources) or index > 0
        assert [n for s in sources for n in code_names(s)] == []


def test_a_switch_at_0_reads_off_and_a_set_value_says_what_set_it(window: MainWindow) -> None:
    """QA: vLLM's attention data-parallel balancer read "0" (0 steps in the report), and the
    harness's 1,500 tokens "Fitted per engine release", a rule set, not a fit. The default plan
    runs vLLM 0.19: no balancer ("off", in words in its tip: the column is as wide as its
    longest value), and aiconfigurator's 1,500 tokens, set from its rule files."""
    table = window.assumptions_panel.table
    balancer = _row(window, row_label("attention_dp_balance_timeout_steps"))
    assert table.item(balancer, 1).text() == "off"
    assert table.item(balancer, 1).toolTip() == "off (no balancer)"
    # No switch's words widen the column the names and sources share (QA walk at 1280 px:
    # "a GPU's tensor-parallel share" left the names some 35 px).
    assert max(len(table.item(row, 1).text()) for row in range(table.rowCount())) <= 8
    headroom = _row(window, row_label("concurrency_token_budget_headroom"))
    assert table.item(headroom, 1).text() == "1,500"
    assert (
        table.item(headroom, 3)
        .text()
        .endswith(
            ". Per engine release, sourced (aiconfigurator's harness rule files), not fitted "
            "(docs/calibration.md); older releases: off (the engine's own budget)"
        )
    )


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700)])
def test_no_word_of_a_name_is_cut(window: MainWindow, qtbot: QtBot, size: tuple[int, int]) -> None:
    """Walk, dark theme at 1280 x 800: "Conversati…" (Conversation memory lost to paging),
    the names' quarter of the room narrower than its longest word. The tab picked from "All
    tabs" with a click and the keyboard, every word of every name reads whole on a line."""
    window.resize(*size)
    qtbot.waitUntil(window.tab_list.isVisible)

    def pick_assumptions() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        for _ in menu.actions():  # down to the last entry, Assumptions, then Enter
            qtbot.keyClick(menu, Qt.Key.Key_Down)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(0, pick_assumptions)
    qtbot.mouseClick(window.tab_list, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.curves_panel.currentWidget() is window.assumptions_panel)
    table = window.assumptions_panel.table
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    words = {w for r in range(table.rowCount()) for w in table.item(r, 0).text().split()}
    assert "Conversation" in words
    widest = max(table.fontMetrics().horizontalAdvance(word) for word in words)
    qtbot.waitUntil(lambda: table.columnWidth(0) - margin >= widest)


def test_a_share_typed_as_a_fraction_asks_and_changes_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Typed "0.6" over the planned peak load, the plan was sized at 0.6 % of capacity (the
    cell showed "0.6 %" back); now the tab asks, and "0.6 %" typed with its sign is taken."""
    before, revision = window.controller.scenario, window.controller.revision
    with qtbot.assertNotEmitted(window.controller.scenario_changed):
        _type_override(qtbot, window, UTILISATION, "0.6")
    error = window.assumptions_panel.error.text()
    assert error == (
        f"Not applied: {UTILISATION}: did you mean 60\u00a0%? Shares are typed in percent: "
        "type “60\u00a0%”, or “0.6\u00a0%” to keep 0.6\u00a0%"
    )
    cell = window.assumptions_panel.table.item(_row(window, UTILISATION), 2)
    assert cell.text() == "0.6" and cell.background().color() != QColor()
    assert window.controller.scenario == before and window.controller.revision == revision
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _type_override(qtbot, window, UTILISATION, "60 %")
    assert window.controller.scenario.assumption_overrides == {"target_utilization": 0.6}


def test_vllm_0_10s_zeros_read_as_sourced_and_its_ttft_plans_none_ahead(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Calibration 2026.12.52: vLLM 0.10-0.13 at their defaults schedule in turn (their release
    notes), so a first token waits for no iteration planned ahead and no host work hides
    behind the GPU's. The tab said "fitted" of both zeros (a value's provenance was looked up
    by its name alone) and the TTFT's formula listed "iterations planned ahead" over numbers
    without them. A planner picks vLLM 0.10 in Release and reads both."""
    release = click_into(qtbot, window, ("workload", "engine_version"))
    assert isinstance(release, QComboBox)
    choose_with_keys(qtbot, window, release, release.findText("vLLM 0.10 (2025-07)"))
    table = window.assumptions_panel.table
    sourced = (
        ". Per engine release, sourced (vLLM's release notes: asynchronous scheduling is its "
        "default from 0.14.0, so 0.10-0.13 at their defaults schedule in turn), not fitted "
        "(docs/calibration.md); older releases: none"
    )
    for name in ("first_token_wait_steps", "host_overlap"):
        row = _row(window, row_label(name))
        assert table.item(row, 1).text() == "none"
        assert sourced in table.item(row, 3).text(), name
    overhead = table.item(_row(window, REQUEST_OVERHEAD), 3).text()
    assert "Per engine release, fitted to the 2025-26 measurements" in overhead  # the era's fit
    figures = window.figure_table
    window.curves_panel.setCurrentWidget(figures)  # its rows take the new result once shown
    qtbot.waitUntil(
        lambda: (row := figures.item_for("ttft_ms")) is not None and "274" in row.text(1)
    )
    text = _explained(window, qtbot, "ttft_ms")
    assert (
        "TTFT = request overhead (retrieval included) + half an iteration + iterations planned "
        "ahead (none: vLLM 0.10 schedules in turn) + prefill queue + prefill step(s);" in text
    )
    # The worked numbers add up to the figure without the term: 121 + 11.8 + 2 + 139 = 274.
    assert (
        "With these numbers: request overhead (retrieval included) 121 ms + half an iteration "
        "(TPOT / 2) 11.8 ms + prefill queue 2 ms + prefill step 139 ms = 274 ms" in text
    )
