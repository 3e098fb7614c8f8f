"""A plot with nothing to draw shows clean axes and says why, not stray ticks (QA: an
unsized plan's empty log latency axis read "2 3 4 5 6 7").

Worked example: a plan whose one scenario asks for TP 3 of Llama 3.1 70B (64 attention heads
and 8 KV heads, which 3 divides neither) opened with File > Open: not sized.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Plan, Scenario, preset_scenario, save_plan
from aisle_desktop.ui.main_window import MainWindow
from tests.sizing.scenario_edits import with_parts
from tests.ui.conftest import RESULT_TIMEOUT_MS, type_into
from tests.ui.test_not_sized import _choose_file
from tests.ui.test_plot_axes import _click_tab, _labels_drawn


def _drained(window: MainWindow, qtbot: QtBot) -> None:
    """The views' queued updates (cleared or drawn plots) have all run."""
    qtbot.waitUntil(window.later.is_empty, timeout=RESULT_TIMEOUT_MS)


def _nothing_drawn(xs: Any) -> bool:
    return xs is None or len(xs) == 0


def _opened(window: MainWindow, qtbot: QtBot, path: Path, scenario: Scenario, answer: Any) -> None:
    """`scenario` saved as the plan `path` and opened with File > Open, once `answer` (the
    window's signal: sized, or failed) comes."""
    save_plan(Plan(scenarios=[scenario]), path)
    _choose_file(qtbot, path)
    with qtbot.waitSignal(answer, timeout=RESULT_TIMEOUT_MS):
        window.file_actions.open.trigger()


def test_an_unsized_plans_plots_say_not_sized_on_clean_axes(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tp3 = with_parts(preset_scenario("llama-70b-rag"), hardware={"gpu_count": None, "tp": 3})
    tp3 = tp3.model_copy(update={"name": "TP3"})
    _opened(window, qtbot, tmp_path / "tp3.aisle", tp3, window.service.failed)
    curves = window.curves_panel
    _drained(window, qtbot)
    for plot in (curves.throughput_plot, curves.latency_plot):
        note = curves._notes[plot]
        assert note.is_shown() and note.text.toPlainText() == "Not sized"
        assert _labels_drawn(plot.getAxis("left")) == []  # not "2 3 4 5 6 7"
        assert _labels_drawn(plot.getAxis("bottom")) == []
        legend = plot.getPlotItem().legend
        assert legend is None or not legend.isVisible()
        assert plot.getAxis("left").labelText  # the axis keeps its name
    _click_tab(window, qtbot, "Memory")
    _drained(window, qtbot)
    assert curves._notes[curves.memory_plot].is_shown()
    assert _labels_drawn(curves.memory_plot.getAxis("left")) == []

    # A plan that sizes draws its curves on ticked axes again, the note gone.
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.controller.set_field(("hardware", "tp"), 2, "Tensor parallel")
    _drained(window, qtbot)
    assert not curves._notes[curves.memory_plot].is_shown()
    qtbot.waitUntil(lambda: len(_labels_drawn(curves.memory_plot.getAxis("left"))) >= 2)
    _click_tab(window, qtbot, "Load")
    _drained(window, qtbot)
    assert not curves._notes[curves.latency_plot].is_shown()
    assert curves.latency_plot.getPlotItem().legend.isVisible()
    qtbot.waitUntil(lambda: len(_labels_drawn(curves.latency_plot.getAxis("left"))) >= 2)
    labels = _labels_drawn(curves.latency_plot.getAxis("left"))
    assert all(label.endswith((" ms", " s")) for label in labels)  # latencies, no bare 2 ... 7


def test_a_plan_serving_nothing_says_so_on_its_cost_plot(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """Walk: Qwen3 32B at BF16 on L40S, 4,000-token system prompts, 5,000 users: even one
    request misses the TTFT target, so nothing is served within the targets. The Cost plot
    drew a flat line over "0 to 1 tokens a month", marked "planned 0 tokens a month"; it now
    says why it has no volume to price, on clean axes; a plan that serves draws again."""
    slow = with_parts(
        preset_scenario("llama-70b-rag"),
        workload={"model_id": "qwen3-32b", "weight_precision": "bf16"},
        hardware={"gpu_id": "l40s"},
        load={"active_users": 5000},
    )
    prompt = slow.workload.prompt.model_copy(update={"system_prompt_tokens": 4000})
    slow = slow.model_copy(update={"workload": slow.workload.model_copy(update={"prompt": prompt})})
    slow = slow.model_copy(update={"name": "Slow"})
    _opened(window, qtbot, tmp_path / "slow.aisle", slow, window.service.sized)
    curves = window.curves_panel
    _click_tab(window, qtbot, "Cost")
    _drained(window, qtbot)
    note = curves._notes[curves.cost_plot]
    qtbot.waitUntil(note.is_shown, timeout=RESULT_TIMEOUT_MS)
    assert note.text.toPlainText() == "Serves nothing within its latency targets"
    assert not curves.volume_mark.isVisible() and not curves.crossover.isVisible()
    assert _labels_drawn(curves.cost_plot.getAxis("bottom")) == []

    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.controller.set_field(("workload", "load", "active_users"), 300, "Active users")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.controller.set_field(("hardware", "gpu_id"), "h100-sxm", "GPU")
    _drained(window, qtbot)
    qtbot.waitUntil(lambda: not note.is_shown(), timeout=RESULT_TIMEOUT_MS)
    assert curves.volume_mark.isVisible()


def test_a_plan_serving_nothing_draws_no_load_curves(window: MainWindow, qtbot: QtBot) -> None:
    """Walk: the default plan's TTFT target typed to 10 ms, which even one request misses:
    one GPU is left, and the latency plot drew its TTFT at 1 to 3 in flight rising to 1.3 s
    and falling again, over a target no load meets. Both Load plots now say it serves
    nothing, with no "planned", no targets and no pools' dashed lines; the Memory plot still
    draws (the context still needs its memory)."""
    field = type_into(qtbot, window, ("workload", "targets", "ttft_ms"), "10")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.results_panel.value_text("output_tokens_per_s") == "0 tokens/s"
    curves = window.curves_panel
    _drained(window, qtbot)
    load_plots = (curves.throughput_plot, curves.latency_plot)
    for plot in load_plots:
        note = curves._notes[plot]
        qtbot.waitUntil(note.is_shown, timeout=RESULT_TIMEOUT_MS)
        assert note.text.toPlainText() == "Serves nothing within its latency targets"
        assert all(_nothing_drawn(item.getData()[0]) for item in plot.listDataItems())
    hidden = (curves.load_mark, curves.latency_mark, curves.ttft_target, curves.tpot_target)
    assert not any(mark.isVisible() for mark in hidden)
    assert not curves.pools.throughput_mark.isVisible()
    assert curves.throughput_plot.getPlotItem().titleLabel.text == "Throughput against load"
    # The target typed back: with the headline's users, no plot still says it serves
    # nothing (the latency plot did until its later slice drew it: last walk).
    field = type_into(qtbot, window, ("workload", "targets", "ttft_ms"), "2000")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.results_panel.value_text("max_users_within_targets") == "1,078 users"
    assert [curves._notes[plot].text.toPlainText() for plot in load_plots] == ["", ""]
    _drained(window, qtbot)
    assert not any(curves._notes[plot].is_shown() for plot in load_plots)
    _click_tab(window, qtbot, "Memory")
    _drained(window, qtbot)
    assert not curves._notes[curves.memory_plot].is_shown()
    assert "Context per request (k tokens)" in curves.memory_plot.getAxis("bottom").labelString()
    assert curves.usable.isVisible()


def test_a_plan_not_sized_keeps_no_pools_from_the_plan_before(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """Walk: the default plan drawn with its pools ("pools about 27 in flight", titles "together
    (solid), pools (dashed)"), then a plan that cannot be sized opened: its "Not sized" plots
    kept the pools' name, their line and both titles."""
    curves = window.curves_panel
    qtbot.waitUntil(curves.pools.throughput_mark.isVisible, timeout=RESULT_TIMEOUT_MS)
    assert "pools (dashed)" in curves.throughput_plot.getPlotItem().titleLabel.text
    tp3 = with_parts(preset_scenario("llama-70b-rag"), hardware={"gpu_count": None, "tp": 3})
    _opened(
        window,
        qtbot,
        tmp_path / "tp3.aisle",
        tp3.model_copy(update={"name": "TP3"}),
        window.service.failed,
    )
    _drained(window, qtbot)
    assert not curves.pools.throughput_mark.isVisible()
    assert not curves.pools.latency_mark.isVisible()
    assert curves.throughput_plot.getPlotItem().titleLabel.text == "Throughput against load"
    assert curves.latency_plot.getPlotItem().titleLabel.text == "Latency against load"
    assert curves._notes[curves.latency_plot].text.toPlainText() == "Not sized"
