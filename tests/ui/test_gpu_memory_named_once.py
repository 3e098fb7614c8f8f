"""A GPU's memory is named one way wherever the window names it (QA: "What would fit" said
"8 x NVIDIA H200 SXM 141GB (141 GB each)" while the hardware panel said "151.4 GB (141 GiB)"
for the same GPU): the planner who reads an option and then chooses that GPU sees the same
figure in both places."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Scenario
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, as_read, click_into, plan_line_text, search_in

GPU = ("hardware", "gpu_id")
TP = ("hardware", "tp")


def _choose_gpu(window: MainWindow, qtbot: QtBot, typed: str, gpu_id: str) -> None:
    """Type part of a GPU's name into the GPU box and take it with Enter."""
    box = search_in(qtbot, window, GPU, typed)

    def chosen(_revision: int, scenario: Scenario) -> bool:
        return scenario.hardware.gpu_id == gpu_id

    with qtbot.waitSignal(window.controller.scenario_changed, check_params_cb=chosen):
        qtbot.keyClick(QApplication.activePopupWidget() or box, Qt.Key.Key_Return)


@pytest.mark.parametrize("size", [(1280, 800), (1440, 900)])
def test_what_would_fit_names_a_gpus_memory_as_the_hardware_panel_does(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    window.resize(*size)
    # Tensor and pipeline parallel set by hand (they start from the TP 2 × PP 1 sized), TP 1
    # typed, then an L40S: Llama 3.1 70B at FP8 does not fit one 48 GB GPU.
    for name in ("tp", "pp"):
        with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
            qtbot.mouseClick(window.hardware_panel._switches[name][0], Qt.MouseButton.LeftButton)
    box = click_into(qtbot, window, TP)
    assert isinstance(box, QAbstractSpinBox)
    box.selectAll()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClicks(box, "1")
        qtbot.keyClick(box, Qt.Key.Key_Return)
    hardware = window.controller.scenario.hardware
    assert (hardware.tp, hardware.pp) == (1, 1)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _choose_gpu(window, qtbot, "L40S", "l40s")
    options = plan_line_text(window)
    assert options.startswith("What would fit:")
    assert "1 × NVIDIA H100 SXM5 80GB, 85.9 GB (80 GiB) each, at the same precision" in options
    assert " GB each" not in options

    _choose_gpu(window, qtbot, "H100 SXM", "h100-sxm")
    assert as_read(window.hardware_panel._gpu_specs.text()).startswith("85.9 GB (80 GiB), ")
