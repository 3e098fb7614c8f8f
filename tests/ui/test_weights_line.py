"""The line under Weights as a planner reads it at 1280 and 1440 px: a model with a published
export names that export first, whole on one line, in at most four lines (QA: Llama 3.1 70B at
FP8 took seven lines at 1280 px and broke "nvidia/Llama-3.1-70B-" from "Instruct-FP8"); Llama
3.1 405B at FP8 on TensorRT-LLM names NVIDIA's FP8 export instead of "the engine quantizes
it"; Kimi K2.5 at FP4 names NVIDIA's NVFP4 export, not "needs it converted, 1.0 times the
weight memory"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QComboBox, QLabel
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Scenario
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.worker import SizingOutcome
from tests.ui.conftest import RESULT_TIMEOUT_MS, as_read, click_into, search_in

W = ("workload",)
MOST_LINES = 4


def _lines(label: QLabel) -> list[str]:
    """The label's text as Qt wraps it at the label's width, a string per line, as read."""
    layout = QTextLayout(label.text(), label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.contentsRect().width())
        lines.append(as_read(label.text()[line.textStart() : line.textStart() + line.textLength()]))
    layout.endLayout()
    return lines


def _shown(window: MainWindow, qtbot: QtBot, width: int) -> list[str]:
    label = window.workload_panel._checkpoint
    qtbot.waitUntil(lambda: 0 < label.contentsRect().width() < width / 3)
    return _lines(label)


def _choose_model(window: MainWindow, qtbot: QtBot, words: str, model_id: str) -> None:
    box = search_in(qtbot, window, (*W, "model_id"), words)

    def sized(outcome: SizingOutcome) -> bool:
        return outcome.scenario.workload.model_id == model_id

    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS, check_params_cb=sized):
        qtbot.keyClick(QApplication.activePopupWidget() or box, Qt.Key.Key_Return)


def _choose_by_key(window: MainWindow, qtbot: QtBot, field: str, key: Qt.Key, value: str) -> None:
    """Click into a drop-down and move through it with the arrow keys, as the keyboard picks,
    until the plan holds ``value``."""
    box = click_into(qtbot, window, (*W, field))
    assert isinstance(box, QComboBox)
    for _ in range(box.count()):
        if getattr(window.controller.scenario.workload, field) == value:
            return

        def moved(_revision: int, _scenario: Scenario) -> bool:
            return True

        with qtbot.waitSignal(window.controller.scenario_changed, check_params_cb=moved):
            qtbot.keyClick(box, key)
    assert getattr(window.controller.scenario.workload, field) == value


SIZES = [(1280, 800), (1440, 900)]


@pytest.mark.parametrize("size", SIZES)
def test_the_default_plans_weights_line_is_short_and_names_its_export_whole(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    window.resize(*size)
    lines = _shown(window, qtbot, size[0])
    text = " ".join(line.strip() for line in lines)
    assert text == (
        "nvidia/Llama-3.1-70B-Instruct-FP8 is published at FP8; the checkpoint ships BF16 "
        "(why: in the results). Held in memory: MLPs, attention at FP8; embeddings, LM head at "
        "BF16 (assumed)."
    )
    assert len(lines) <= MOST_LINES, lines
    assert any("nvidia/Llama-3.1-70B-Instruct-FP8" in line for line in lines), lines


@pytest.mark.parametrize("size", SIZES)
def test_llama_405b_at_fp8_on_tensorrt_llm_names_nvidias_export(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    window.resize(*size)
    _choose_model(window, qtbot, "llama 3.1 405b", "llama-3.1-405b")
    _choose_by_key(window, qtbot, "engine_id", Qt.Key.Key_Up, "tensorrt-llm")
    assert window.controller.scenario.workload.weight_precision == "fp8"
    lines = _shown(window, qtbot, size[0])
    text = " ".join(line.strip() for line in lines)
    assert text.startswith("nvidia/Llama-3.1-405B-Instruct-FP8 is published at FP8;"), text
    assert "quantizes" not in text and text.endswith("(per its model card).")
    assert len(lines) <= MOST_LINES, lines
    assert any("nvidia/Llama-3.1-405B-Instruct-FP8" in line for line in lines), lines


@pytest.mark.parametrize("size", SIZES)
def test_kimi_k25_at_fp4_names_nvidias_nvfp4_export(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    window.resize(*size)
    _choose_model(window, qtbot, "kimi k2.5", "kimi-k2.5")
    assert window.controller.scenario.workload.weight_precision == "int4"  # as it ships

    def at_fp4(outcome: SizingOutcome) -> bool:
        return outcome.scenario.workload.weight_precision == "fp4"

    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS, check_params_cb=at_fp4):
        _choose_by_key(window, qtbot, "weight_precision", Qt.Key.Key_Down, "fp4")
    text = " ".join(line.strip() for line in _shown(window, qtbot, size[0]))
    assert text.startswith(
        "nvidia/Kimi-K2.5-NVFP4 is published at FP4; the checkpoint ships INT4"
    ), text
    assert "times the weight memory" not in text and "converted" not in text
    said = as_read(window.results_panel.warnings.text())
    assert "nvidia/Kimi-K2.5-NVFP4 is published at FP4" in said
    assert "1.0 times" not in said
