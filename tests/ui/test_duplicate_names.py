"""A duplicate's name, and a preset's, which Aisle gave, follow the model and GPU until the
planner types a name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolBar
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, search_in
from tests.ui.test_scenarios import _in_the_rename_dialog, _tabs

MODEL = ("workload", "model_id")
GPU = ("hardware", "gpu_id")
PRESET = "Llama 3.1 70B RAG assistant"
DEEPSEEK = "DeepSeek-V3 on NVIDIA B200 180GB"
EDITED = f"{PRESET} (edited)"  # Start from, for a scenario that began as the default preset


def _choose(qtbot: QtBot, window: MainWindow, path: tuple[str, ...], typed: str) -> None:
    line = search_in(qtbot, window, path, typed).lineEdit()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(QApplication.activePopupWidget() or line, Qt.Key.Key_Return)


def _press_duplicate(qtbot: QtBot, window: MainWindow) -> None:
    button = window.scenario_bar.buttons["duplicate"]
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(button, Qt.Key.Key_Space)


def test_a_duplicate_is_named_for_its_model_and_gpu_once_they_change(
    window: MainWindow, qtbot: QtBot
) -> None:
    _press_duplicate(qtbot, window)
    _press_duplicate(qtbot, window)
    assert _tabs(window) == [PRESET, f"{PRESET} (2)", f"{PRESET} (3)"]
    _choose(qtbot, window, MODEL, "qwen3 32b")
    assert _tabs(window)[2] == "Qwen3 32B on NVIDIA H100 SXM5 80GB"  # was "… assistant (3)"
    assert window.preset_box.placeholderText() == EDITED  # a copy of the preset, edited
    _choose(qtbot, window, GPU, "b200")
    assert _tabs(window)[2] == "Qwen3 32B on NVIDIA B200 180GB"  # the GPU's short name
    assert _tabs(window)[:2] == [PRESET, f"{PRESET} (2)"]  # only the copy changed
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _tabs(window)[2] == "Qwen3 32B on NVIDIA H100 SXM5 80GB"  # one step with the GPU


def test_a_name_the_planner_typed_never_changes(window: MainWindow, qtbot: QtBot) -> None:
    _press_duplicate(qtbot, window)
    _in_the_rename_dialog(qtbot, lambda field: qtbot.keyClicks(field, "Chat on H100"))
    with qtbot.waitSignal(window.document.structure_changed, timeout=RESULT_TIMEOUT_MS):
        window.scenario_bar.buttons["rename"].click()
    _choose(qtbot, window, MODEL, "qwen3 32b")
    _choose(qtbot, window, GPU, "b200")
    assert _tabs(window) == [PRESET, "Chat on H100"]
    assert window.preset_box.placeholderText() == "a preset…"  # the planner's, no preset's
    window.document.select(0)
    _choose(qtbot, window, MODEL, "qwen3 8b")  # the preset's name is Aisle's: it follows
    assert _tabs(window) == ["Qwen3 8B on NVIDIA H100 SXM5 80GB", "Chat on H100"]


def test_the_default_plan_made_deepseek_is_named_for_it_beside_the_default_added(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The walk: the default plan made DeepSeek-V3 kept its tab "Llama 3.1 70B RAG
    assistant", and Add put the Llama plan beside it as "Scenario 2": the Scenarios table and
    the report named each scenario for the other ("Not considered: Llama 3.1 70B RAG
    assistant has a blocking problem" of the DeepSeek plan on B200s)."""
    box = window.preset_box
    _choose(qtbot, window, MODEL, "deepseek v3")
    assert _tabs(window) == ["DeepSeek-V3 on NVIDIA H100 SXM5 80GB"]
    # Start from still names the preset it began as (it read "a preset…", as for a file's).
    assert box.currentIndex() == -1 and box.placeholderText() == EDITED
    _choose(qtbot, window, GPU, "b200")  # the name Aisle gave follows the GPU too
    assert _tabs(window) == [DEEPSEEK]
    assert box.placeholderText() == EDITED
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.mouseClick(window.scenario_bar.buttons["add"], Qt.MouseButton.LeftButton)
    assert _tabs(window) == [DEEPSEEK, PRESET]
    assert box.currentText() == PRESET  # Start from: the default plan itself
    window.document.select(0)
    assert box.currentIndex() == -1 and box.placeholderText() == EDITED
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _tabs(window) == [DEEPSEEK]  # Add undone
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _tabs(window) == [PRESET]  # the GPU and the model undone, with their names
    assert window.controller.scenario.workload.model_id == "llama-3.1-70b"
    assert box.currentData() == "llama-70b-rag"  # the preset itself again


def _press_toolbar(qtbot: QtBot, window: MainWindow, starts: str) -> str:
    """Click the toolbar's Undo or Redo button; what it said ("Undo Rename Scenario")."""
    toolbar = window.findChild(QToolBar, "main-toolbar")
    assert toolbar is not None
    texts = {action: action.text().replace("&", "") for action in toolbar.actions()}
    action, said = next((a, text) for a, text in texts.items() if text.startswith(starts))
    button = toolbar.widgetForAction(action)
    assert button is not None and button.isEnabled()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return said


def test_undoing_a_rename_gives_the_name_back_to_aisle(window: MainWindow, qtbot: QtBot) -> None:
    """Undo of a Rename gave the copy its old name back but not its mark: its name no longer
    followed the model (PlanDocument kept the mark outside the undo stack). Redo gives the
    planner's name back, which stays."""
    _press_duplicate(qtbot, window)
    _in_the_rename_dialog(qtbot, lambda field: qtbot.keyClicks(field, "Chat on H100"))
    with qtbot.waitSignal(window.document.structure_changed, timeout=RESULT_TIMEOUT_MS):
        window.scenario_bar.buttons["rename"].click()
    assert _press_toolbar(qtbot, window, "Undo") == "Undo Rename Scenario"
    assert _tabs(window) == [PRESET, f"{PRESET} (2)"]
    assert _press_toolbar(qtbot, window, "Redo") == "Redo Rename Scenario"
    assert _tabs(window) == [PRESET, "Chat on H100"]
    _choose(qtbot, window, MODEL, "qwen3 32b")
    assert _tabs(window)[1] == "Chat on H100"  # the planner's name never changes
    _press_toolbar(qtbot, window, "Undo")  # the model
    assert _press_toolbar(qtbot, window, "Undo") == "Undo Rename Scenario"
    assert _tabs(window) == [PRESET, f"{PRESET} (2)"]
    _choose(qtbot, window, MODEL, "qwen3 32b")
    assert _tabs(window)[1] == "Qwen3 32B on NVIDIA H100 SXM5 80GB"  # Aisle's name follows
