"""The Server box offers the servers that hold the plan's GPU: a planner who chose the B200 is
not offered 30 servers of other GPUs, each of which left the results "Not sized: server ...
holds rtx-pro-4500 GPUs, not b200; choose one of dgx-b200". A plan file naming a server of
another GPU still shows it, and says in the boxes' own names what to choose instead."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Plan, preset_scenario, save_plan
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, as_read, click_into
from tests.ui.dialogs import choose_in_the_file_dialog
from tests.ui.test_planner_walk import _press

GPU, SERVER = ("hardware", "gpu_id"), ("hardware", "server_id")
USUAL = "The GPU's usual server"
DGX_B200, DGX_H100 = "NVIDIA DGX B200 (8x B200 180GB)", "NVIDIA DGX H100 (8x H100 SXM5 80GB)"


def _offered(window: MainWindow) -> list[str]:
    box = window.hardware_panel.fields.widget(SERVER)
    assert isinstance(box, QComboBox)
    return [box.itemText(i) for i in range(box.count())]


def _choose_server(qtbot: QtBot, window: MainWindow, name: str) -> None:
    """Click into the Server box, open its list with Alt+Down, walk to `name`, press Enter."""
    box = click_into(qtbot, window, SERVER)
    assert isinstance(box, QComboBox)
    qtbot.keyClick(box, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: box.view().isVisible(), timeout=RESULT_TIMEOUT_MS)
    view = box.view()
    target = box.findText(name)
    assert target >= 0, _offered(window)
    while view.currentIndex().row() != target:
        key = Qt.Key.Key_Down if view.currentIndex().row() < target else Qt.Key.Key_Up
        qtbot.keyClick(view, key)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(view, Qt.Key.Key_Return)


def test_the_server_box_lists_the_servers_that_hold_the_gpu_chosen(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert _offered(window) == [USUAL, DGX_H100]  # the default plan's H100 SXM5
    box = click_into(qtbot, window, GPU)
    assert isinstance(box, QComboBox) and box.lineEdit() is not None
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "b200")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(QApplication.activePopupWidget() or box, Qt.Key.Key_Return)
    assert window.controller.scenario.hardware.gpu_id == "b200"
    assert _offered(window) == [USUAL, DGX_B200]
    _choose_server(qtbot, window, DGX_B200)
    assert window.controller.scenario.hardware.server_id == "dgx-b200"
    assert "Not sized" not in window.statusBar().currentMessage()


def test_a_plan_naming_another_gpus_server_says_which_to_choose(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """A colleague's plan file with the B200 in a DGX H100: the Server box shows the DGX H100
    beside the B200's own, the results say what is wrong by the names in the boxes, and the
    planner's choice of the usual server sizes it."""
    base = preset_scenario("llama-70b-rag")
    wrong = base.hardware.model_copy(update={"gpu_id": "b200", "server_id": "dgx-h100"})
    odd = base.model_copy(update={"hardware": wrong})
    path = tmp_path / "colleague.aisle"
    save_plan(Plan(scenarios=[odd]), path)
    choose_in_the_file_dialog(qtbot, [path])
    with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS):
        _press(qtbot, window, window.file_actions.open)
    assert _offered(window) == [USUAL, DGX_H100, DGX_B200]
    assert as_read(window.results_panel.banner.text()) == (
        f"Not sized: the server {DGX_H100} holds NVIDIA H100 SXM5 80GB GPUs, not the plan's "
        f"NVIDIA B200 (HGX/DGX B200, 180GB); choose {DGX_B200}, or the GPU's usual server"
    )
    _choose_server(qtbot, window, USUAL)
    assert window.controller.scenario.hardware.server_id is None
    assert _offered(window) == [USUAL, DGX_B200]
