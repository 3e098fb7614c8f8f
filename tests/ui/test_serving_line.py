"""The results panel says whether separate prefill and decode GPU pools would need fewer GPUs,
once the plan's tail latencies are simulated, and why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox
from pytestqt.qtbot import QtBot

from aisle_desktop.sizing.planning import ServingComparison
from aisle_desktop.ui.main_window import MainWindow

from .conftest import RESULT_TIMEOUT_MS

PROMPT = ("workload", "prompt")
TARGETS = ("workload", "targets")


def _type(window: MainWindow, qtbot: QtBot, path: tuple[str, ...], text: str) -> None:
    box = window.workload_panel.fields.widget(path)
    assert isinstance(box, QAbstractSpinBox)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_short_prompts_stay_aggregated_and_long_prompts_make_pools_win(
    window: MainWindow, qtbot: QtBot
) -> None:
    def winner(wanted: str, aggregated_gpus: int, pools_gpus: int):  # type: ignore[no-untyped-def]
        """The comparison of the edit waited for (earlier edits' come first)."""

        def check(comparison: ServingComparison | None) -> bool:
            return (
                comparison is not None
                and comparison.winner == wanted
                and comparison.aggregated_gpus == aggregated_gpus
                and comparison.disaggregated is not None
                and comparison.disaggregated.gpus == pools_gpus
            )

        return check

    label = window.results_panel.serving
    with qtbot.waitSignal(
        window.service.serving_compared,
        timeout=RESULT_TIMEOUT_MS,
        check_params_cb=winner("aggregated", 6, 9),
    ):
        _type(window, qtbot, (*PROMPT, "rag_chunks"), "5")  # 2,400-token prompts
    assert label.text().startswith(
        "Separate prefill and decode GPUs? No: 6 GPUs serving prompts and answers together "
        "(before filling whole servers) against 9 GPUs in two pools (5 prefill workers of "
        "TP 1 x PP 1, 2 decode workers of TP 2 x PP 1"
    )
    # 6,800-token prompts, a 25 ms TPOT and a 3 s TTFT: decode workers without prefill chunks
    # carry more answers each (15 GPUs against 24, tests/sizing/test_disaggregated_plan.py).
    _type(window, qtbot, (*TARGETS, "ttft_ms"), "3000")
    _type(window, qtbot, (*TARGETS, "tpot_ms"), "25")
    with qtbot.waitSignal(
        window.service.serving_compared,
        timeout=RESULT_TIMEOUT_MS * 2,
        check_params_cb=winner("disaggregated", 24, 15),
    ):
        _type(window, qtbot, (*PROMPT, "rag_chunks"), "16")
    assert label.text().startswith("Separate prefill and decode GPUs? Yes: 15 GPUs in two pools")
    assert "against 24 GPUs serving prompts and answers together" in label.text()
