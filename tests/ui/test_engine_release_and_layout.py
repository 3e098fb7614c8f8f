"""A planner picks the engine release and the expert layout with the keyboard; the results
name the release sized and the layout chosen, with the reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, search_in

W = ("workload",)
H = ("hardware",)


def _combo(window: MainWindow, path: tuple[str, ...]) -> QComboBox:
    panel = window.workload_panel if path[0] == "workload" else window.hardware_panel
    combo = panel.fields.widget(path)
    assert isinstance(combo, QComboBox)
    return combo


def _items(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def _press(window: MainWindow, qtbot: QtBot, combo: QComboBox, key: Qt.Key) -> None:
    combo.setFocus()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(combo, key)


def test_the_release_picker_sizes_the_release_chosen(window: MainWindow, qtbot: QtBot) -> None:
    release = _combo(window, (*W, "engine_version"))
    assert _items(release) == [
        "Newest (vLLM 0.32, 2026-10)",
        "vLLM 0.32 (2026-10)",
        "vLLM 0.28 (2026-08)",
        "vLLM 0.24 (2026-07)",
        "vLLM 0.19 (2026-04)",
        "vLLM 0.10 (2025-07)",
        "vLLM 0.6 (2024-09)",
    ]
    assert "Engine release" in release.toolTip()
    _press(window, qtbot, release, Qt.Key.Key_End)
    assert window.controller.scenario.workload.engine_version == "0.6"
    assert "on vLLM 0.6 (2024-09)" in window.results_panel.plan_line.text()
    _press(window, qtbot, release, Qt.Key.Key_Home)
    assert window.controller.scenario.workload.engine_version is None
    assert "on vLLM 0.32 (2026-10)" in window.results_panel.plan_line.text()


def test_another_engine_starts_from_its_newest_release(window: MainWindow, qtbot: QtBot) -> None:
    release = _combo(window, (*W, "engine_version"))
    _press(window, qtbot, release, Qt.Key.Key_End)
    engine = _combo(window, (*W, "engine_id"))
    engine.setFocus()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClicks(engine, "SGLang")
    workload = window.controller.scenario.workload
    assert (workload.engine_id, workload.engine_version) == ("sglang", None)
    assert _items(release) == [
        "Newest (SGLang 0.5.22, 2026-10)",
        "SGLang 0.5.22 (2026-10)",
        "SGLang 0.5.19 (2026-09)",
        "SGLang 0.5 (2025-08)",
        "SGLang 0.4 (2024-12)",
    ]
    assert window.controller.undo_stack.undoText() == "Change Engine"


def test_the_split_search_explains_the_expert_layout(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.controller.replace(preset_scenario("deepseek-v3"), "Load DeepSeek-V3")
    line = window.results_panel.plan_line.text()
    assert "of TP 8 × EP 8, attention data-parallel 8" in line
    assert "so 2.1× more sequences fit than with TP 8" in line
    layout = _combo(window, (*H, "expert_layout"))
    assert layout.isEnabled() and "Expert layout" in layout.toolTip()
    _press(window, qtbot, layout, Qt.Key.Key_Down)  # Automatic -> Tensor parallel
    assert window.controller.scenario.hardware.expert_layout == "tp"
    line = window.results_panel.plan_line.text()
    # Tensor parallel alone: the split search finds TP 8 cheapest (3 replicas, 24 GPUs). Until
    # calibration 2026.12.11 a prompt spread over the pipeline's micro-batches made TP 4 × PP 2
    # look cheaper (2 replicas, 16 GPUs); before MLA prefill was timed in its expanded form,
    # calibration 2026.12.2, it took TP 4 × PP 3.
    assert "of TP 8 × PP 1" in line and "TP 8: the expert layout the plan sets" in line


def test_a_dense_model_has_no_expert_layout_to_pick(window: MainWindow) -> None:
    assert window.controller.scenario.workload.model_id == "llama-3.1-70b"
    assert not _combo(window, (*H, "expert_layout")).isEnabled()


def test_a_plans_own_version_shows_the_release_it_runs_as(window: MainWindow, qtbot: QtBot) -> None:
    workload = window.controller.scenario.workload.model_copy(update={"engine_version": "0.12.1"})
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.controller.replace(
            window.controller.scenario.model_copy(update={"workload": workload}), "Load"
        )
    release = _combo(window, (*W, "engine_version"))
    assert release.currentText() == "0.12.1: runs as vLLM 0.10 (2025-07)"
    assert "on vLLM 0.10 (2025-07)" in window.results_panel.plan_line.text()
    _press(window, qtbot, release, Qt.Key.Key_Home)  # back to the newest: the extra item goes
    assert _items(release)[-1] == "vLLM 0.6 (2024-09)"


def test_under_the_release_the_window_says_what_the_engine_runs_with_on_the_gpu(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The default plan's H100 takes vLLM's large tier; a planner who picks the L40S sees the
    256 requests and 2,048 tokens a step vLLM takes there, and the V0 release its own."""
    note = window.workload_panel._engine_defaults
    assert note.text() == (
        "On this GPU: 1,024 requests at once, 8,192 tokens a step "
        "(its defaults on GPUs of 70 to 160 GiB)"
    )
    box = search_in(qtbot, window, (*H, "gpu_id"), "L40S")

    def chosen(_revision: int, scenario: Scenario) -> bool:
        return scenario.hardware.gpu_id == "l40s"

    with qtbot.waitSignal(window.controller.scenario_changed, check_params_cb=chosen):
        qtbot.keyClick(QApplication.activePopupWidget() or box, Qt.Key.Key_Return)
    assert note.text() == (
        "On this GPU: 256 requests at once, 2,048 tokens a step "
        "(its defaults on GPUs under 70 GiB and on A100)"
    )
    _press(window, qtbot, _combo(window, (*W, "engine_version")), Qt.Key.Key_End)
    assert note.text() == "On this GPU: 256 requests at once, 512 tokens a step (its defaults)"
