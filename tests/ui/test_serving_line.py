"""The planner chooses how prompts and answers share the GPUs in the hardware panel: serving
together, separate prefill and decode pools (the plan's figures become the pools'), or together
compared with the pools (a short answer under the headline, its reasons one click away)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Plan, plan_to_text, preset_scenario
from aisle_desktop.sizing.planning import ServingComparison
from aisle_desktop.ui.main_window import MainWindow

from .conftest import RESULT_TIMEOUT_MS, warnings_shown
from .dialogs import read_explanation

PROMPT = ("workload", "prompt")
TARGETS = ("workload", "targets")
SERVING = ("hardware", "serving")


def _type(window: MainWindow, qtbot: QtBot, path: tuple[str, ...], text: str) -> None:
    box = window.workload_panel.fields.widget(path)
    assert isinstance(box, QAbstractSpinBox)
    box.setFocus()
    box.selectAll()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS * 2):
        qtbot.keyClicks(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)


def _serving(window: MainWindow) -> QComboBox:
    combo = window.hardware_panel.fields.widget(SERVING)
    assert isinstance(combo, QComboBox)
    return combo


def _choose(window: MainWindow, qtbot: QtBot, key: Qt.Key) -> None:
    combo = _serving(window)
    combo.setFocus()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS * 2):
        qtbot.keyClick(combo, key)


def test_the_serving_choice_sizes_pools_or_compares_them(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.results_panel
    combo = _serving(window)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Together on every GPU",
        "Prefill and decode pools",
        "Together, compared to pools",
    ]
    assert "Disaggregated serving" in combo.toolTip()  # the glossary's tooltip
    # A new plan compares (as plans from before the choice did): 6 GPUs together (8 with the
    # whole DGX filled) against 4 prefill GPUs and 2 decode workers of TP 2 in the same DGX.
    assert combo.currentText() == "Together, compared to pools"
    # The figures come first; the pools are searched after them, in the sizing thread.
    qtbot.waitUntil(lambda: panel.serving.text() != "", timeout=RESULT_TIMEOUT_MS)
    assert panel.serving.text().startswith(
        "Separate prefill and decode GPUs? No: 6 GPUs needed together against 8 in two pools, "
        "8 bought either way."
    )
    assert "why" in panel.serving.text() and "at least one worker each" in panel.serving.toolTip()
    together_ttft = panel.value_text("ttft_ms")

    _choose(window, qtbot, Qt.Key.Key_Up)  # the pools
    assert window.controller.scenario.hardware.serving == "disaggregated"
    assert panel.banner.text() == (
        "Fits: 2 prefill workers of TP 2 × PP 1 and 2 decode workers of TP 2 × PP 1 serve the load"
    )
    assert "= two pools: 2 prefill × TP 2 × PP 1 + 2 decode × TP 2 × PP 1 in 1 ×" in (
        panel.plan_line.text()
    )
    assert panel.value_text("ttft_ms") != together_ttft  # the pools' own figures
    # Each pool's memory a bar of its own, named by its split: under 2026.12.29 both pools run
    # TP 2, each GPU holding half the 72.7 GB of weights.
    assert panel.memory_box.title() == "Memory per GPU, each pool"
    assert panel.prefill_caption.isVisible() and panel.decode_caption.isVisible()
    assert panel.prefill_caption.text() == "Prefill pool, TP 2 × PP 1"
    assert panel.decode_caption.text() == "Decode pool, TP 2 × PP 1"
    assert panel.prefill_bar.toolTip().startswith("Weights 36.3 GB · KV cache 37.9 GB")
    assert panel.memory_bar.toolTip().startswith("Weights 36.3 GB · KV cache 37.9 GB")
    # Still compared with serving together, the answer now beside the pools' figures.
    assert panel.serving.text().startswith("Separate prefill and decode GPUs? No: 6 GPUs")

    _choose(window, qtbot, Qt.Key.Key_Up)  # together, nothing compared
    assert window.controller.scenario.hardware.serving == "aggregated"
    assert panel.serving.text() == ""
    assert panel.value_text("ttft_ms") == together_ttft
    assert panel.memory_box.title() == "Memory per GPU" and not panel.prefill_bar.isVisible()
    assert window.controller.undo_stack.undoText() == "Change Serving"
    # Serving together searches no pools: their goal has nothing to steer.
    assert not window.hardware_panel.fields.widget(("hardware", "search_goal")).isEnabled()


def test_long_prompts_make_the_pools_win(window: MainWindow, qtbot: QtBot) -> None:
    # 6,800-token prompts, a 25 ms TPOT and a 3 s TTFT: decode workers without prefill chunks
    # carry more answers each (15 GPUs needed against 24, tests/sizing/test_disaggregated_plan.py).
    _type(window, qtbot, (*TARGETS, "ttft_ms"), "3000")
    _type(window, qtbot, (*TARGETS, "tpot_ms"), "25")

    def fifteen_gpus(comparison: ServingComparison | None, _curves: object) -> bool:
        """The comparison of the last edit (an earlier edit's may come first)."""
        return comparison is not None and comparison.short.startswith("Yes: 15 GPUs needed")

    with qtbot.waitSignal(
        window.service.serving_compared,
        timeout=RESULT_TIMEOUT_MS * 2,
        check_params_cb=fifteen_gpus,
    ):
        _type(window, qtbot, (*PROMPT, "rag_chunks"), "16")
    label = window.results_panel.serving.text()
    assert label.startswith(
        "Separate prefill and decode GPUs? Yes: 15 GPUs needed in two pools against 24 together,"
    )


def _title(plot: object) -> str:
    return str(plot.getPlotItem().titleLabel.text)  # type: ignore[attr-defined]


def test_the_load_tab_draws_the_pools_beside_or_instead(window: MainWindow, qtbot: QtBot) -> None:
    curves = window.curves_panel
    curves.setCurrentWidget(curves.load_page)
    pools = curves.pools
    # Compared: the pools' curves dashed beside the replicas', as the titles say, as far.
    # The pools are searched in the sizing thread after the figures show: slow on a busy machine.
    # Each plot is drawn in its own event-loop turn: the latency plot after the throughput's.
    qtbot.waitUntil(
        lambda: pools.ttft.xData is not None and len(pools.ttft.xData) > 0,
        timeout=RESULT_TIMEOUT_MS,
    )
    assert pools.throughput.xData is not None and len(pools.throughput.xData) > 0
    assert _title(curves.throughput_plot).endswith("together (solid), pools (dashed)")
    assert _title(curves.latency_plot).endswith("together (solid), pools (dashed)")
    assert pools.ttft.xData[-1] >= curves.ttft.xData[-1]
    assert pools.throughput_mark.isVisible()
    # Where the pools reach their limit (past it more requests only queue), marked on both
    # plots inside the dashed curves.
    limit = pools.limit_throughput_mark.value()
    assert pools.limit_throughput_mark.isVisible() and pools.limit_latency_mark.isVisible()
    assert pools.limit_latency_mark.value() == limit
    assert pools.throughput_mark.value() < limit < pools.throughput.xData[-1]
    # Planned with pools: the solid curves are the pools', and nothing is drawn beside them;
    # their limit is still marked.
    _choose(window, qtbot, Qt.Key.Key_Up)
    qtbot.waitUntil(
        lambda: _title(curves.throughput_plot).endswith("prefill and decode pools"),
        timeout=RESULT_TIMEOUT_MS,
    )
    assert pools.throughput.xData is None or len(pools.throughput.xData) == 0
    assert not pools.throughput_mark.isVisible()
    assert pools.limit_throughput_mark.isVisible()
    assert (
        curves.load_mark.value() < pools.limit_throughput_mark.value() < curves.throughput.xData[-1]
    )


def test_the_pools_search_goal_is_typed_and_resizes_the_pools(
    window: MainWindow, qtbot: QtBot
) -> None:
    """1,600 users in pools: 22 GPUs in 3 servers, which are also the lowest cost a year
    (tests/sizing/test_disaggregated_result.py); each pool takes whole servers of 8, so 24
    GPUs are bought either way, and choosing the goal by key sizes them again."""
    _type(window, qtbot, ("workload", "load", "active_users"), "1600")
    goal = window.hardware_panel.fields.widget(("hardware", "search_goal"))
    assert isinstance(goal, QComboBox)
    assert goal.isEnabled()  # compared: the pools are searched
    _choose(window, qtbot, Qt.Key.Key_Up)  # the pools
    line = window.results_panel.plan_line.text()
    assert "<b>24 × NVIDIA H100 SXM5 80GB bought, 22 needed</b>" in line and " in 3 × " in line
    fewest_cost = window.results_panel.value_text("tco_per_year_usd")
    goal.setFocus()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS * 2):
        qtbot.keyClick(goal, Qt.Key.Key_Down)
    assert window.controller.scenario.hardware.search_goal == "lowest_cost"
    line = window.results_panel.plan_line.text()
    assert "<b>24 × NVIDIA H100 SXM5 80GB bought, 22 needed</b>" in line and " in 3 × " in line
    assert window.results_panel.value_text("tco_per_year_usd") == fewest_cost


def test_a_plan_with_an_unknown_serving_is_refused_naming_the_field(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    plan = Plan(scenarios=[preset_scenario("llama-8b-chat")])
    data = json.loads(plan_to_text(plan))
    data["scenarios"][0]["hardware"]["serving"] = "split"
    bad = tmp_path / "split.aisle"
    bad.write_text(json.dumps(data), encoding="utf-8")
    shown = warnings_shown(monkeypatch)
    before = window.controller.scenario
    assert not window.file_actions.open_path(bad)
    assert "split.aisle" in shown[0] and "hardware, Serving (serving)" in shown[0]
    assert "'aggregated', 'disaggregated' or 'compare'" in shown[0]
    assert window.controller.scenario == before and window.document.path is None


def test_why_opens_the_reasons_and_how_the_pools_add_up(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.results_panel
    qtbot.waitUntil(lambda: panel.serving.text() != "", timeout=RESULT_TIMEOUT_MS)
    text = read_explanation(qtbot, lambda: panel.serving.linkActivated.emit("serving"))
    assert text.startswith("GPUs in separate prefill and decode pools: 8 GPUs")
    assert "No: 6 GPUs needed serving prompts and answers together against 8" in text
    assert (
        "the load is light enough for the fewest workers each way, and two pools take at least "
        "one worker each (2 GPUs to prefill, 2 GPUs to decode) where one replica serves prompts "
        "and answers on the same GPUs"
    ) in text
    assert (
        "4 GPUs (2 prefill workers × 2 GPUs) + 4 GPUs (2 decode workers × 2 GPUs) = 8 GPUs"
    ) in text
    assert QApplication.activeModalWidget() is None  # closed with Escape


def test_the_planned_and_pools_names_stay_whole_and_apart_on_a_laptop_screen(
    window: MainWindow, qtbot: QtBot
) -> None:
    """At 1280 x 800 the throughput plot is some 75 px high: "planned" was cut by the plot's
    top edge and "pools", 20% lower, was drawn over it. Each name shown stays whole inside the
    plot, apart from the other; "pools", whose line lies 1.4 px from "planned" there, may be
    left out where it could only lie across the lines (`marker_labels._shadowed`)."""
    window.resize(1280, 800)
    curves = window.curves_panel
    curves.setCurrentWidget(curves.load_page)
    planned, pools = curves.load_mark.label, curves.pools.throughput_mark
    qtbot.waitUntil(planned.isVisible, timeout=RESULT_TIMEOUT_MS)
    qtbot.waitUntil(pools.isVisible, timeout=RESULT_TIMEOUT_MS)  # its line: the pools are drawn
    view = curves.throughput_plot.getViewBox()

    def whole_and_apart() -> bool:
        """The chips follow the plot's new size a turn of the event loop after it."""
        box = view.sceneBoundingRect()
        shown = [c.sceneBoundingRect() for c in (planned, pools.label) if c.isVisible()]
        inside = all(box.contains(chip) for chip in shown)
        apart = len(shown) < 2 or not shown[0].intersects(shown[1])
        return view.height() < 120 and planned.isVisible() and inside and apart

    qtbot.waitUntil(whole_and_apart, timeout=RESULT_TIMEOUT_MS)


def test_the_latency_legend_stays_inside_its_plot_on_a_laptop_screen(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Stacked, "TPOT" fell below the latency plot at 1280 x 800; the names sit side by side,
    in the plot, beside its x axis's name rather than on its curves."""
    window.resize(1280, 800)
    curves = window.curves_panel
    curves.setCurrentWidget(curves.load_page)
    view = curves.latency_plot.getViewBox()
    qtbot.waitUntil(lambda: view.height() < 120)
    legend = curves.latency_plot.getPlotItem().legend
    assert legend is not None
    whole = curves.latency_plot.getPlotItem().sceneBoundingRect()
    qtbot.waitUntil(lambda: whole.contains(legend.sceneBoundingRect()))
    assert not view.sceneBoundingRect().intersects(legend.sceneBoundingRect())
    assert [label.text for _sample, label in legend.items] == ["TTFT", "TPOT"]
