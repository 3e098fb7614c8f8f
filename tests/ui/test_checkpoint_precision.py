"""A planner picks a model and gets the weights its checkpoint ships: gpt-oss-120b sized at
MXFP4, not at the plan's FP8; an FP8-only model kept at FP8 where the plan said BF16; an
imported FP8 config at FP8. Where the plan's precision differs from the checkpoint's, the
line under Weights says what it takes, and What to know says why."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Scenario
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.worker import SizingOutcome
from tests.ui.conftest import RESULT_TIMEOUT_MS, as_read, click_into
from tests.ui.test_model_import import run_import

W = ("workload",)
FIXTURES = Path(__file__).parents[1] / "catalog" / "fixtures"


def _choose_model(window: MainWindow, qtbot: QtBot, words: str, model_id: str) -> None:
    """Type words into the Model box and press Enter, as a planner does; wait for the plan."""
    box = click_into(qtbot, window, (*W, "model_id"))
    assert isinstance(box, QComboBox)
    line = box.lineEdit()
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, words)

    def sized(outcome: SizingOutcome) -> bool:
        return outcome.scenario.workload.model_id == model_id

    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS, check_params_cb=sized):
        qtbot.keyClick(QApplication.activePopupWidget() or box, Qt.Key.Key_Return)


def _choose_bf16(window: MainWindow, qtbot: QtBot) -> None:
    """Click into Weights and press Home, the first of the list (BF16), as the keyboard picks;
    wait for the plan to change (the line under Weights follows the plan, not its sizing)."""
    box = click_into(qtbot, window, (*W, "weight_precision"))

    def changed(_revision: int, scenario: Scenario) -> bool:
        return scenario.workload.weight_precision == "bf16"

    with qtbot.waitSignal(window.controller.scenario_changed, check_params_cb=changed):
        qtbot.keyClick(box, Qt.Key.Key_Home)


def _weights_note(window: MainWindow) -> str:
    return window.workload_panel._checkpoint.text()


def test_gpt_oss_is_sized_at_the_mxfp4_it_ships_and_undo_takes_both_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    workload = window.controller.scenario.workload
    assert (workload.model_id, workload.weight_precision) == ("llama-3.1-70b", "fp8")
    assert as_read(_weights_note(window)) == (
        "nvidia/Llama-3.1-70B-Instruct-FP8 is published at FP8; the checkpoint ships BF16 "
        "(why: in the results). Held in memory: MLPs, attention at FP8; embeddings, LM head at "
        "BF16 (assumed)."
    )
    _choose_model(window, qtbot, "gpt-oss-120b", "gpt-oss-120b")
    assert window.controller.scenario.workload.weight_precision == "mxfp4"
    weights = window.workload_panel.fields.widget((*W, "weight_precision"))
    assert isinstance(weights, QComboBox) and weights.currentText() == "MXFP4"
    assert as_read(_weights_note(window)) == (
        "MXFP4, as gpt-oss-120b's checkpoint ships. Held in memory: routed experts at MXFP4; "
        "attention, embeddings, LM head at BF16 (as openai/gpt-oss-120b's config lists them)."
    )
    assert "gpt-oss-120b ships" not in window.results_panel.warnings.text()
    window.controller.undo_stack.undo()  # one step: the model and its weights
    workload = window.controller.scenario.workload
    assert (workload.model_id, workload.weight_precision) == ("llama-3.1-70b", "fp8")


def test_the_plans_notes_say_what_widening_a_checkpoint_costs(
    window: MainWindow, qtbot: QtBot
) -> None:
    _choose_model(window, qtbot, "gpt-oss-120b", "gpt-oss-120b")

    def widened(outcome: SizingOutcome) -> bool:
        return outcome.scenario.workload.weight_precision == "bf16"

    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS, check_params_cb=widened):
        _choose_bf16(window, qtbot)
    assert as_read(_weights_note(window)) == (
        "The checkpoint ships MXFP4: BF16 needs it converted, 3.6 times the weight memory "
        "(why: in the results)."
    )
    said = window.results_panel.warnings.text()
    assert "gpt-oss-120b ships MXFP4 weights; this plan sizes them at BF16, which needs" in said


def test_a_16_bit_plan_of_an_fp8_only_model_says_it_needs_converting(
    window: MainWindow, qtbot: QtBot
) -> None:
    _choose_bf16(window, qtbot)  # Llama 3.1 70B as it ships
    assert _weights_note(window) == "BF16, as Llama 3.1 70B's checkpoint ships."
    _choose_model(window, qtbot, "deepseek v3", "deepseek-v3")
    assert window.controller.scenario.workload.weight_precision == "fp8"  # what DeepSeek ships
    _choose_bf16(window, qtbot)  # the planner insists
    assert as_read(_weights_note(window)) == (
        "The checkpoint ships FP8: BF16 needs it converted, 2.0 times the weight memory "
        "(why: in the results)."
    )


def test_an_imported_fp8_config_is_sized_at_fp8(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    _choose_bf16(window, qtbot)
    config = tmp_path / "MiMo-V2-Flash" / "config.json"
    config.parent.mkdir()
    shutil.copy(FIXTURES / "mimo-v2-flash" / "config.json", config)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        run_import(window, qtbot, config, "our-mimo")
    workload = window.controller.scenario.workload
    assert (workload.model_id, workload.weight_precision) == ("our-mimo", "fp8")
    assert as_read(_weights_note(window)) == (
        "FP8, as our-mimo's checkpoint ships. Held in memory: routed experts, shared and dense "
        "MLPs, attention at FP8; embeddings, LM head at BF16 (assumed: the imported config "
        "does not list them)."
    )


def test_back_at_fp8_the_line_says_what_the_gpus_hold_whole_at_1280_px(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The walk: Llama 3.1 70B at FP8 read "the engine quantizes it" beside "taken as
    uniform", and a planner could not tell what the GPUs hold. Down from BF16 to FP8 by
    keyboard, the line names the published FP8 export, then what is held, and shows whole."""
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    _choose_bf16(window, qtbot)
    assert _weights_note(window) == "BF16, as Llama 3.1 70B's checkpoint ships."
    box = window.workload_panel.fields.widget((*W, "weight_precision"))

    def at_fp8(_revision: int, scenario: Scenario) -> bool:
        return scenario.workload.weight_precision == "fp8"

    with qtbot.waitSignal(window.controller.scenario_changed, check_params_cb=at_fp8):
        qtbot.keyClick(box, Qt.Key.Key_Down)  # FP16
        qtbot.keyClick(box, Qt.Key.Key_Down)  # FP8
    note = as_read(_weights_note(window))
    why, held = note.split(" Held in memory: ")
    assert why.startswith("nvidia/Llama-3.1-70B-Instruct-FP8 is published at FP8;")
    assert held.startswith("MLPs, attention at FP8; embeddings, LM head at BF16 (assumed")
    label = window.workload_panel._checkpoint
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    assert label.visibleRegion().boundingRect().width() == label.width()
