"""A plan served in prefill and decode pools says in the hardware panel what it buys and how
each pool is split (QA: the Automatic GPU count, TP and PP read the decode pool's TP 8 and PP 1
and the 28 GPUs the pools run, while the plan bought 32).

Worked example: the DeepSeek-V3 preset in pools: 2 prefill workers of TP 2 × PP 3 (12 GPUs)
and 2 decode workers of TP 8 × PP 1 (16 GPUs) are 28 GPUs, in 4 whole servers of 8: 32 bought.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.hardware_panel import PER_POOL
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, click_into

H = ("hardware",)


def _shown(window: MainWindow, name: str) -> str:
    box = window.hardware_panel.fields.widget((*H, name))
    assert isinstance(box, QAbstractSpinBox)
    return box.text()


def test_pools_show_the_gpus_bought_and_each_pools_split(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS * 2):
        window.open_preset("deepseek-v3")
    note = window.hardware_panel.pools_note
    assert not note.isVisibleTo(window)  # serving together, compared: one split
    assert _shown(window, "tp") != PER_POOL
    serving = click_into(qtbot, window, (*H, "serving"))
    assert isinstance(serving, QComboBox)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS * 4):
        qtbot.keyClick(serving, Qt.Key.Key_Up)  # compared -> prefill and decode pools
    assert serving.currentText() == "Prefill and decode pools"
    assert _shown(window, "gpu_count") == "Automatic: 32"
    assert _shown(window, "tp") == _shown(window, "pp") == PER_POOL
    assert note.isVisibleTo(window)
    assert note.text() == (
        "Pools: 2 prefill × TP 2 × PP 3 + 2 decode × TP 8 × PP 1, on 28 of the 32 GPUs bought"
    )
    # Back to serving together: one split again, and no note of pools.
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS * 4):
        qtbot.keyClick(serving, Qt.Key.Key_Down)
    assert not note.isVisibleTo(window)
    assert _shown(window, "tp").startswith("Automatic: ")
