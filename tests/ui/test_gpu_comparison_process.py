"""The window's GPU comparison runs in a child process that ends with the window."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.ui.app import build_window
from tests.process_end import ended_within
from tests.ui.conftest import RESULT_TIMEOUT_MS


def test_the_comparison_process_is_gone_once_the_window_closes(
    qtbot: QtBot, catalog: Catalog
) -> None:
    window = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.show()
    with qtbot.waitSignal(window.service.compared, timeout=RESULT_TIMEOUT_MS):
        window.curves_panel.setCurrentWidget(window.curves_panel.gpu_page)
    pid = window.service.comparison_process_id()
    assert pid is not None and not ended_within(pid, 0.0)
    window.close()
    assert ended_within(pid, 0.0)  # closing waited for it: no process left behind
    assert window.service.comparison_process_id() is None
    assert not window.service.is_running()
