"""The window's GPU comparison runs in two child processes that end with the window."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.ui.app import build_window
from tests.process_end import ended_within
from tests.ui.conftest import RESULT_TIMEOUT_MS


def test_the_comparison_processes_are_gone_once_the_window_closes(
    qtbot: QtBot, catalog: Catalog
) -> None:
    window = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.show()
    with qtbot.waitSignal(window.service.compared, timeout=RESULT_TIMEOUT_MS):
        window.curves_panel.setCurrentWidget(window.curves_panel.gpu_page)
    # started once the first result was shown and its work done (the comparison may have run
    # on the sizing thread meanwhile)
    qtbot.waitUntil(lambda: len(window.service.comparison_process_ids()) == 2)
    pids = window.service.comparison_process_ids()
    assert len(pids) == 2 and not any(ended_within(pid, 0.0) for pid in pids)
    window.close()
    assert all(ended_within(pid, 0.0) for pid in pids)  # closing waited: none left behind
    assert window.service.comparison_process_ids() == []
    assert not window.service.is_running()


def test_the_plans_own_gpu_row_reads_as_the_results_panel(qtbot: QtBot, catalog: Catalog) -> None:
    """The GPUs tab's H100 SXM row is the plan shown (tests/worker/test_comparison_process.py:
    the child is given it, not searching it again): the same GPUs and costs as the figures."""
    window = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.show()
    table = window.curves_panel.gpu_table
    with qtbot.waitSignal(window.service.compared, timeout=RESULT_TIMEOUT_MS):
        window.curves_panel.setCurrentWidget(window.curves_panel.gpu_page)
    mine = "H100 SXM5 80GB (this plan)"  # marked as the plan's own
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == mine)
    assert all(table.item(row, c).font().bold() for c in range(table.columnCount()))
    panel = window.results_panel
    assert table.item(row, 1).text() == "8 (6 needed)"
    assert panel.plan_line.text().startswith("<b>8 × NVIDIA H100 SXM5 80GB bought, 6 needed</b>")
    assert (
        panel.value_text("cost_per_million_tokens_usd") == f"{table.item(row, 2).text()}/M tokens"
    )
    assert panel.value_text("tco_per_year_usd").startswith(table.item(row, 3).text())
    window.close()
