"""The Scenarios tab writes a figure as the headline does: it wrote "TPOT 12.0 ms" where the
headline wrote "12 ms", and a tail row's "21 ms ✓", written beside its target, sat under
"37.2 ms ✓" among rows that kept their zeros (the rule: tests/cli/test_figures_compared.py)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.report import ComparisonRow
from aisle_desktop.ui.comparison_view import value_text
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, search_in, start_from
from tests.ui.test_headline_values import read_as_shown


def test_the_scenarios_tab_writes_its_figures_as_the_headline_does(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The Qwen3.5 assistant (TPOT 12 ms), duplicated, the copy on an H200: its TPOT reads
    "12 ms" in the headline and the Scenarios tab, and no figure there keeps a zero after its
    decimal point (money aside: "$1.90" as everywhere)."""
    start_from(qtbot, window, "qwen3.5-assistant-b200")
    qtbot.mouseClick(window.scenario_bar.buttons["duplicate"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.service.plan_tails, timeout=RESULT_TIMEOUT_MS):
        box = search_in(qtbot, window, ("hardware", "gpu_id"), "h200 sxm")
        qtbot.keyClick(box, Qt.Key.Key_Return)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.scenario_bar.tabs.setCurrentIndex(0)  # back to the B200, as a click on its tab
    view = window.comparison_view
    names = [r.name for r in view.rows]
    tpot = read_as_shown(window.results_panel.headline_value("tpot_ms").text())
    assert tpot == "12 ms ✓"
    assert view.table.item(names.index("tpot_ms"), 0).text() == "12 ms"
    cells = [
        view.table.item(row, column).text()
        for row in range(view.table.rowCount())
        for column in range(view.table.columnCount())
    ]
    assert "ttft_p95_ms" in names  # the tail rows, written beside their targets, are there
    padded = [c for c in cells if re.search(r"\.\d*0\b", c) and "$" not in c]
    assert padded == []


def test_a_column_of_figures_drops_its_zeros_and_counts_read_whole() -> None:
    power = ComparisonRow("average_kw", "All servers, average", "kW", (6.4, 5.58), True)
    assert [value_text(power, v) for v in power.values] == ["6.4 kW", "5.58 kW"]
    gpus = ComparisonRow("gpus_bought", "GPUs bought", "", (8.0, 16.0), True)
    assert [value_text(gpus, v) for v in gpus.values] == ["8", "16"]
