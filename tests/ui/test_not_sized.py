"""A plan that cannot be sized shows "Not sized: why" and no other plan's figures.

Worked example (QA, 4 December): the window sized the default Llama 3.1 70B plan (314 ms, $178 k
a year, a green "Fits"), then File > Open read a plan naming the model "my-llama", which
neither this machine nor the plan holds. The results must say so by the Model field's name and
show none of the Llama plan's figures; mid-edit of one plan, the last figures stay, greyed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Plan, preset_scenario, save_plan
from aisle_desktop.ui.main_window import MainWindow
from tests.conftest import naming_model
from tests.ui.conftest import RESULT_TIMEOUT_MS
from tests.ui.dialogs import choose_in_the_file_dialog

W = ("workload",)
UNKNOWN_MODEL = (
    'Not sized: Model: "my-llama" is not in this catalog or the plan; choose another in the '
    "field, or add the entry to your own catalog"
)


def _choose_file(qtbot: QtBot, path: Path) -> None:
    """Choose `path` in the real File > Open… dialog, once it shows."""
    choose_in_the_file_dialog(qtbot, [path])


def _plan_with_unknown_model(tmp_path: Path) -> Path:
    path = tmp_path / "unknown_model.aisle"
    save_plan(
        Plan(scenarios=[naming_model("my-llama", "My Llama"), preset_scenario("llama-70b-rag")]),
        path,
    )
    return path


def _views_settled(window: MainWindow, qtbot: QtBot) -> None:
    """Wait until the views' queued updates (the cleared curves and table) have run."""
    if not window.later.is_empty():
        with qtbot.waitSignal(window.later.drained, timeout=RESULT_TIMEOUT_MS):
            pass


def _headlines(window: MainWindow) -> list[str]:
    panel = window.results_panel
    return [panel.value_text(name) for name in panel._values]


def _assert_not_sized(window: MainWindow, banner: str) -> None:
    panel = window.results_panel
    assert panel.banner.text() == banner
    assert panel._theme.tone("bad").style() in panel.banner.styleSheet()  # red, not green
    assert not panel.stale.isVisibleTo(panel)
    assert not panel.is_greyed()
    assert set(_headlines(window)) == {""}
    assert all(label.text() == "–" for label in panel._values.values())
    assert panel.plan_line.text() == "" and panel.warnings.text() == ""
    assert "Llama 3.1 70B" not in panel.plan_line.text()
    curves = window.curves_panel
    assert curves.throughput.getData()[0] is None or not len(curves.throughput.getData()[0])
    # No plan, no targets drawn on its empty axes (they were, named, over nothing).
    assert not curves.ttft_target.isVisible() and not curves.tpot_target.isVisible()


def test_opening_a_plan_that_cannot_be_sized_shows_none_of_the_last_plans_figures(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert window.results_panel.banner.text().startswith("Fits")
    assert window.results_panel.value_text("ttft_ms") == "333 ms"
    curves = window.curves_panel
    with qtbot.waitSignal(window.service.compared, timeout=RESULT_TIMEOUT_MS * 3):
        curves.setCurrentWidget(curves.gpu_page)
    with qtbot.waitSignal(window.service.budget_swings, timeout=RESULT_TIMEOUT_MS * 3):
        curves.setCurrentWidget(window.budget_view)
    assert curves.gpu_table.rowCount() > 10 and window.budget_view.table.rowCount() > 3
    count_box = window.hardware_panel.fields.widget(("hardware", "gpu_count"))
    assert isinstance(count_box, QAbstractSpinBox) and count_box.text() == "Automatic: 8"
    path = _plan_with_unknown_model(tmp_path)
    before = path.read_bytes()
    _choose_file(qtbot, path)
    with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS):
        window.file_actions.open.trigger()
    curves.setCurrentWidget(curves.load_page)  # a hidden plot is drawn when it is shown
    _views_settled(window, qtbot)
    assert window.windowTitle().startswith("unknown_model.aisle")
    _assert_not_sized(window, UNKNOWN_MODEL)
    assert window.figure_table.topLevelItemCount() == 0
    assert window.curves_panel.gpu_table.rowCount() == 0
    assert count_box.text() == "Automatic"  # not the last plan's "Automatic: 8"
    assert window.budget_view.headline.text() == f"Nothing to show: not sized: {UNKNOWN_MODEL[11:]}"
    assert window.budget_view.table.rowCount() == 0
    assert window.statusBar().currentMessage() == UNKNOWN_MODEL
    assert path.read_bytes() == before  # opening changed nothing on disk
    assert not window.isWindowModified()

    # The plan's second scenario sizes; back on the first, its figures are not kept for it.
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.scenario_bar.tabs.setCurrentIndex(1)
    assert window.results_panel.banner.text().startswith("Fits")
    with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS):
        window.scenario_bar.tabs.setCurrentIndex(0)
    _views_settled(window, qtbot)
    _assert_not_sized(window, UNKNOWN_MODEL)


def test_choosing_a_catalog_model_sizes_the_plan_again(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _choose_file(qtbot, _plan_with_unknown_model(tmp_path))
    with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS):
        window.file_actions.open.trigger()
    model = window.workload_panel.fields.widget((*W, "model_id"))
    assert isinstance(model, QComboBox)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        model.setCurrentIndex(model.findData("llama-3.1-70b"))
    panel = window.results_panel
    assert panel.banner.text().startswith("Fits") and not panel.is_greyed()
    assert panel.value_text("ttft_ms") == "333 ms"


def test_an_edit_that_cannot_be_sized_greys_the_last_figures(
    window: MainWindow, qtbot: QtBot
) -> None:
    engine = window.workload_panel.fields.widget((*W, "engine_id"))
    precision = window.workload_panel.fields.widget((*W, "weight_precision"))
    assert isinstance(engine, QComboBox) and isinstance(precision, QComboBox)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        engine.setCurrentIndex(engine.findData("tensorrt-llm"))
    shown = _headlines(window)
    with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS) as blocker:
        precision.setCurrentIndex(precision.findData("fp4"))
    panel = window.results_panel
    assert panel.banner.text() == f"Not sized: {blocker.args[1]}"
    assert "FP4" in panel.banner.text()
    assert panel.stale.text() == (
        "The greyed figures below are for the last inputs that could be sized."
    )
    assert panel.stale.isVisibleTo(panel) and panel.is_greyed()
    assert _headlines(window) == shown  # kept, greyed, for the planner to compare
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        precision.setCurrentIndex(precision.findData("fp8"))
    assert panel.banner.text().startswith("Fits")
    assert not panel.stale.isVisibleTo(panel) and not panel.is_greyed()
