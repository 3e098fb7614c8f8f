"""The window as a planner uses it: edit, wait for the worker, read what is shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QSpinBox
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.size_cmd import summary_text
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario
from aisle_desktop.ui.app import build_window
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.refused_look import is_refused
from aisle_desktop.ui.worker import SizingService
from tests.split_searches import SplitSearches
from tests.ui.conftest import RESULT_TIMEOUT_MS
from tests.ui.dialogs import read_explanation

W = ("workload",)


def test_default_preset_matches_the_cli(window: MainWindow, catalog: Catalog) -> None:
    cli = summary_text(
        size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    )
    panel = window.results_panel
    for name in (
        "ttft_ms",
        "tpot_ms",
        "max_users_within_targets",
        "tco_per_year_usd",
        "cost_per_million_tokens_usd",
        "it_average_kw",
    ):
        shown = panel.value_text(name)
        assert shown and shown in cli, name
    assert panel.banner.text().startswith("Fits")


def test_the_plan_line_names_the_idle_gpus_of_a_bought_server(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The default plan's load needs 6 of one DGX H100's 8 GPUs: with the count Automatic a 4th
    replica runs on the other 2, and the plan line says why; typing 6 leaves 2 idle. Either
    way 8 GPUs are bought and 6 needed, in the words the GPUs and Budget tabs use."""
    line = window.results_panel.plan_line
    assert line.text().startswith(
        "<b>8 × NVIDIA H100 SXM5 80GB bought, 6 needed</b> = 4 replicas of TP 2 × PP 1 "
        "(3 needed, 1 more on GPUs already bought) in 1 × NVIDIA DGX H100"
    )
    automatic, spin = window.hardware_panel._switches["gpu_count"]
    assert isinstance(spin, QSpinBox)
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        qtbot.mouseClick(automatic, Qt.MouseButton.LeftButton)
    spin.setFocus()
    spin.selectAll()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClicks(spin, "6")
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert line.text().startswith(
        "<b>8 × NVIDIA H100 SXM5 80GB bought, 6 needed</b> = 3 replicas of TP 2 × PP 1 "
        "(2 GPUs bought sit idle) in 1 × NVIDIA DGX H100"
    )


def test_the_memory_bar_reads_as_the_memory_figures(window: MainWindow) -> None:
    """The figures say runtime 2.68 GB and free 8.55 GB (`size`); so does the bar, not 2.7."""
    bar = window.results_panel.memory_bar.toolTip()
    assert "Runtime 2.68 GB" in bar and "Free 8.55 GB" in bar and "Weights 36.3 GB" in bar


def test_an_explanation_names_its_assumptions_as_the_report_does(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Clicking "Hardware (capex)" opens its explanation; the DGX H100's price reads as the
    report writes it, not as the code's field name, and as it was entered, not "$300 k"."""
    capex = window.results_panel.headline_value("capex_usd")
    text = read_explanation(qtbot, lambda: capex.linkActivated.emit("capex_usd"))
    assert "Model server price: $300,000 (NVIDIA DGX H100" in text
    assert "How: servers × model server price × (1 + network/" in text
    assert "server_price_usd" not in text
    assert "Electricity" not in text  # a yearly cost's price, not the hardware's


def test_results_update_after_a_model_change(window: MainWindow, qtbot: QtBot) -> None:
    combo = window.workload_panel.fields.widget((*W, "model_id"))
    assert isinstance(combo, QComboBox)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS) as blocker:
        combo.setCurrentIndex(combo.findData("llama-3.1-8b"))
    outcome = blocker.args[0]
    assert outcome.result.model_name.startswith("Llama 3.1 8B")
    assert window.results_panel.plan_line.text().count("Llama 3.1 8B") == 1
    assert window.controller.undo_stack.undoText() == "Change Model"


def test_invalid_field_keeps_last_results_and_says_why(window: MainWindow, qtbot: QtBot) -> None:
    shown = window.results_panel.value_text("ttft_ms")
    revision = window.controller.revision
    spin = window.workload_panel.fields.widget((*W, "output_tokens"))
    assert isinstance(spin, QSpinBox)
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "0")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert window.controller.revision == revision  # nothing changed
    assert window.workload_panel.message.text().startswith("Answer: ")  # its row's words
    assert "must be at least 1 token (you typed 0)" in window.workload_panel.message.text()
    assert is_refused(spin)  # marked at the field
    assert window.results_panel.stale.isVisibleTo(window.results_panel)
    assert window.results_panel.value_text("ttft_ms") == shown
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        spin.setValue(300)
    assert not is_refused(spin)
    assert not window.workload_panel.message.isVisibleTo(window.workload_panel)


def test_undo_restores_the_previous_value(window: MainWindow, qtbot: QtBot) -> None:
    spin = window.workload_panel.fields.widget((*W, "output_tokens"))
    assert isinstance(spin, QSpinBox)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        spin.setValue(512)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.controller.undo_stack.undo()
    assert spin.value() == 256
    assert window.controller.scenario.workload.output_tokens == 256


def test_sizing_error_is_shown_in_one_place(window: MainWindow, qtbot: QtBot) -> None:
    engine = window.workload_panel.fields.widget((*W, "engine_id"))
    precision = window.workload_panel.fields.widget((*W, "weight_precision"))
    assert isinstance(engine, QComboBox) and isinstance(precision, QComboBox)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        engine.setCurrentIndex(engine.findData("tensorrt-llm"))
    with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS) as blocker:
        precision.setCurrentIndex(precision.findData("fp4"))
    assert "FP4" in blocker.args[1]
    assert window.results_panel.banner.text() == f"Not sized: {blocker.args[1]}"
    assert window.results_panel.is_greyed()  # the last valid result stays, greyed


def test_gpu_comparison_runs_only_once_its_tab_is_shown(
    window: MainWindow, qtbot: QtBot, catalog: Catalog
) -> None:
    """An edit with another tab shown ends with its tail latencies and compares no GPU."""
    table = window.curves_panel.gpu_table
    assert window.curves_panel.currentWidget() is not window.curves_panel.gpu_page
    progress: list[int] = []
    window.service.comparison_progress.connect(lambda done, _total: progress.append(done))
    with qtbot.waitSignal(window.service.tail_latency, timeout=RESULT_TIMEOUT_MS):
        window.controller.set_field((*W, "output_tokens"), 280, "Output tokens")
    qtbot.waitUntil(window.service.is_idle, timeout=RESULT_TIMEOUT_MS)
    assert progress == [] and table.rowCount() == 0
    every_gpu = len(catalog.gpus)
    with qtbot.waitSignal(window.service.compared, timeout=RESULT_TIMEOUT_MS * 3) as blocker:
        window.curves_panel.setCurrentWidget(window.curves_panel.gpu_page)
    assert len(blocker.args[0]) == every_gpu and progress[-1] == every_gpu
    with qtbot.waitSignal(window.service.compared, timeout=RESULT_TIMEOUT_MS * 3) as blocker:
        window.controller.set_field((*W, "output_tokens"), 300, "Output tokens")
    assert len(blocker.args[0]) == every_gpu  # shown: each edit compares again
    assert table.rowCount() == every_gpu
    assert table.horizontalHeaderItem(2).text() == "$/M tokens"  # the unit, once
    assert table.item(0, 2).text().startswith("$")
    # GPUs bought, and those needed where fewer, as the plan line and the Budget swings tab
    # count them: the H100 row runs 4 replicas of TP 2 on all 8 of its DGX H100's GPUs, 3
    # needed (tests/sizing/test_whole_servers.py); the Arc Pro B60 misses the TTFT target
    # even alone, so its 4 GPUs are not multiplied to fill the 8.
    shown = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    # The maker left out (gpu_table); the plan's own GPU marked, and no other.
    assert shown["H100 SXM5 80GB (this plan)"] == "8 (6 needed)"
    marked = [r for r in range(table.rowCount()) if table.item(r, 0).font().bold()]
    assert [table.item(r, 0).text() for r in marked] == ["H100 SXM5 80GB (this plan)"]
    assert sum("(this plan)" in name for name in shown) == 1
    assert shown["Arc Pro B60 24GB"] == "8 (4 needed)"
    assert window.results_panel.plan_line.text().startswith(
        "<b>8 × NVIDIA H100 SXM5 80GB bought, 6 needed</b>"
    )


def test_one_typed_edit_runs_the_split_search_once(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The figures, curves, tail latencies and the plan's side-by-side view share one sizing."""
    qtbot.waitUntil(window.service.is_idle, timeout=RESULT_TIMEOUT_MS)
    searches = SplitSearches(monkeypatch)
    spin = window.workload_panel.fields.widget((*W, "output_tokens"))
    assert isinstance(spin, QSpinBox)
    spin.setFocus()
    spin.selectAll()
    with qtbot.waitSignals(
        [window.service.sized, window.service.tail_latency, window.service.plan_sized],
        timeout=RESULT_TIMEOUT_MS,
    ):
        qtbot.keyClicks(spin, "320")
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(window.service.is_idle, timeout=RESULT_TIMEOUT_MS)
    assert window.controller.scenario.workload.output_tokens == 320
    assert searches.searched == [f"{window.controller.scenario.name} on h100-sxm"]


@pytest.mark.parametrize("preset_index", [1, 3])
def test_presets_load_and_undo(window: MainWindow, qtbot: QtBot, preset_index: int) -> None:
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS) as blocker:
        window.preset_box.setCurrentIndex(preset_index)
        window.preset_box.activated.emit(preset_index)
    assert blocker.args[0].scenario.name == window.preset_box.itemText(preset_index)
    assert window.controller.undo_stack.undoText().startswith("Load")


def test_latency_figures_are_marked_against_their_targets(window: MainWindow) -> None:
    labels = window.results_panel._values
    assert labels["ttft_ms"].text().endswith("✓") and labels["tpot_ms"].text().endswith("✓")
    assert not labels["output_tokens_per_s"].text().endswith(("✓", "✗"))


def test_a_result_overtaken_by_a_newer_request_is_never_shown(
    qtbot: QtBot, catalog: Catalog
) -> None:
    service = SizingService(catalog, CURRENT_CALIBRATION)
    shown: list[int] = []
    service.sized.connect(lambda outcome: shown.append(outcome.revision))
    scenario = preset_scenario("llama-8b-chat")
    service.set_comparison_wanted(True)
    try:
        service.request(1, scenario)  # reaches the sizing thread at once
        # Revision 2's comparison ends after anything revision 1 could still report.
        with qtbot.waitSignal(service.compared, timeout=RESULT_TIMEOUT_MS * 3):
            service.request(2, scenario)  # ...and is overtaken at once
        assert shown == [2]
    finally:
        service.shutdown()
    assert not service.is_running()


def test_an_edit_is_sized_at_once_and_a_burst_only_at_its_newest(
    qtbot: QtBot, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = SizingService(catalog, CURRENT_CALIBRATION)
    searches = SplitSearches(monkeypatch)
    shown: list[int] = []
    service.sized.connect(lambda outcome: shown.append(outcome.revision))
    chat = preset_scenario("llama-8b-chat")
    edits = [
        chat.model_copy(update={"workload": chat.workload.model_copy(update={"output_tokens": n})})
        for n in (300, 301, 302)
    ]
    try:
        with qtbot.waitSignal(service.sized, timeout=RESULT_TIMEOUT_MS):
            service.request(1, edits[0])
            assert not service.is_idle() and service._pending is None  # posted, no timer
            service.request(2, edits[1])  # within the interval: waits, and is replaced
            service.request(3, edits[2])
        qtbot.waitUntil(service.is_idle, timeout=RESULT_TIMEOUT_MS)
        assert shown == [3]
        assert edits[1] not in searches.scenarios and edits[2] in searches.scenarios
    finally:
        service.shutdown()


def test_start_from_names_the_preset_the_window_opened_on(qtbot: QtBot, catalog: Catalog) -> None:
    win = build_window(catalog, "deepseek-v3")
    qtbot.addWidget(win)
    assert win.preset_box.currentData() == "deepseek-v3"
    win.close()


def test_the_slowest_answers_follow_the_figures(window: MainWindow, qtbot: QtBot) -> None:
    """Read as the figures arrive: the simulation's answer may reach the window in the same
    turn of the event loop on a quick machine, so the text is taken in a slot after the
    window's own."""
    while_sized: list[str] = []
    window.service.sized.connect(lambda _: while_sized.append(window.results_panel.tail.text()))
    with qtbot.waitSignal(window.service.tail_latency, timeout=RESULT_TIMEOUT_MS) as blocker:
        window.controller.set_field((*W, "output_tokens"), 320, "Output tokens")
    assert while_sized[-1:] == ["Slowest answers: simulating…"]
    assert blocker.args[0] is not None
    text = window.results_panel.tail.text()
    assert text.startswith("Slowest answers (simulated): first token p95\u00a0")
    assert text.endswith("\u00a0ms")


def test_a_plan_that_cannot_keep_up_says_why_it_has_no_slowest_answers(
    window: MainWindow, qtbot: QtBot
) -> None:
    gpu = window.hardware_panel.fields.widget(("hardware", "gpu_id"))
    assert isinstance(gpu, QComboBox)
    with qtbot.waitSignal(window.service.tail_latency, timeout=RESULT_TIMEOUT_MS * 2) as blocker:
        gpu.setCurrentIndex(gpu.findData("a10"))
    assert blocker.args[0] is None
    assert window.results_panel.tail.text().startswith("Slowest answers: not simulated")
