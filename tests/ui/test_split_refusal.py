"""A Tensor parallel the model cannot be split by is refused with why, in the window's words,
where the planner looks: the results' banner and the status bar (QA: TP 3 read "no
tensor/pipeline split of this model suits this GPU; set TP and PP by hand")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, as_read

TP = ("hardware", "tp")
# Llama 3.1 70B has 64 attention heads and 8 KV heads; 3 divides neither. A DGX H100 holds 8.
WHY = (
    "Tensor parallel 3 cannot split Llama 3.1 70B: its 64 attention heads and 8 KV heads do "
    "not divide evenly among 3 GPUs, and each GPU must hold an equal share. Choose Tensor "
    "parallel 1, 2, 4 or 8 (within one server of 8 GPUs), or tick Automatic"
)


def test_tp_3_is_refused_saying_why_and_what_would_do(window: MainWindow, qtbot: QtBot) -> None:
    switch = window.hardware_panel._switches["tp"][0]
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    assert window.controller.scenario.hardware.tp == 2  # starts from the TP sized
    box = window.hardware_panel.fields.widget(TP)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    box.selectAll()
    with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS) as failed:
        qtbot.keyClicks(box, "3")
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert failed.args[1] == WHY
    assert window.controller.scenario.hardware.tp == 3  # kept as typed, the plan is not sized
    assert as_read(window.results_panel.banner.text()) == f"Not sized: {WHY}"
    _status_bar_says_it_short_and_whole(window, f"Not sized: {WHY}")


def _status_bar_says_it_short_and_whole(window: MainWindow, whole: str) -> None:
    """The status bar shows the message's first clauses, ending where a clause ends, within
    the bar's room (QA: cut mid-word, "...divide evenly am"); its tooltip holds it whole."""
    bar = window.statusBar()
    shown = bar.currentMessage()
    assert whole.startswith(shown) and len(shown) < len(whole)
    assert whole[len(shown) : len(shown) + 2] in (", ", ": ", ". ", "; ")  # a clause's end
    assert len(shown) > len("Not sized: Tensor parallel 3 cannot split Llama 3.1 70B")
    assert bar.fontMetrics().horizontalAdvance(shown) <= window.status_line.room_px()
    assert as_read(bar.toolTip()) == f"<qt>{whole}</qt>"


def test_a_long_message_fits_the_status_bar_of_a_narrow_window(
    window: MainWindow, qtbot: QtBot
) -> None:
    """At 1280 px the same reason is cut earlier, still at a clause's end; the next message
    that fits whole takes the tooltip away."""
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.statusBar().width() <= 1280)
    with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS):
        window.controller.set_field(TP, 3, "Tensor parallel")
    shown = window.statusBar().currentMessage()
    assert shown == (
        "Not sized: Tensor parallel 3 cannot split Llama 3.1 70B: its 64 attention heads and 8 KV "
        "heads do not divide evenly among 3 GPUs"
    )
    assert WHY in window.statusBar().toolTip()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.controller.set_field(TP, 2, "Tensor parallel")
    assert window.statusBar().currentMessage().startswith("Fits")
    assert window.statusBar().toolTip() == ""
