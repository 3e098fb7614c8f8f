"""The window counts an embeddings workload's encoder GPUs where a planner reads the plan: the
plan line's GPUs bought, and what runs on them."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, plan_line_text


def test_the_plan_line_names_the_encoder_gpus(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.open_preset("embeddings-search")
    line = plan_line_text(window)
    assert line.startswith(
        "8 × NVIDIA L40S 48GB bought, 2 needed + 1 for embeddings = 7 replicas of TP 1 × PP 1 "
        "(2 needed, 5 more on GPUs already bought), and 1 encoder GPU for embeddings in 1 × "
    )
    assert window.results_panel.value_text("tco_per_year_usd") == "$62.2 k/year"
