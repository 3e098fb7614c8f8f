"""The GPUs tab while its comparison runs: a line above the table says so and how far it has
got, never a blank table under its headers (QA: the tab stood empty for seconds)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.gpu_table import COMPARING, OLD_ROWS, STOPPED
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, type_into
from tests.ui.test_stale_tabs import COMPARED_TIMEOUT_MS

HISTORY = ("workload", "prompt", "history_tokens")


def _click_gpus_tab(window: MainWindow, qtbot: QtBot) -> None:
    tabs = window.curves_panel
    bar = tabs.tabBar()
    index = tabs.indexOf(tabs.gpu_page)
    assert bar.isTabVisible(index)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentWidget() is tabs.gpu_page


def test_the_gpus_tab_says_it_is_comparing_until_its_rows_come(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1280, 800)
    page = window.curves_panel.gpu_page
    progress: list[tuple[int, int]] = []
    window.service.comparison_progress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(window.service.compared, timeout=COMPARED_TIMEOUT_MS):
        _click_gpus_tab(window, qtbot)
        assert page.table.rowCount() == 0
        assert page.comparing.isVisible() and page.comparing.text() == COMPARING
        assert page.progress.isVisible() and page.progress.value() == 0
        assert page.progress.maximum() == len(window.document.catalog.gpus)
        qtbot.waitUntil(lambda: bool(progress), timeout=COMPARED_TIMEOUT_MS)
        done, total = progress[-1]  # the newest the page was told
        assert total == len(window.document.catalog.gpus)
        assert (page.progress.value(), page.progress.maximum()) == (done, total)
    assert not page.comparing.isVisible() and not page.progress.isVisible()
    assert page.table.rowCount() == len(window.document.catalog.gpus)


def test_an_edit_compares_again_over_the_greyed_rows_and_esc_says_it_stopped(
    window: MainWindow, qtbot: QtBot
) -> None:
    page = window.curves_panel.gpu_page
    with qtbot.waitSignal(window.service.compared, timeout=COMPARED_TIMEOUT_MS):
        _click_gpus_tab(window, qtbot)
    box = type_into(qtbot, window, HISTORY, "500")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert page.comparing.isVisible() and page.comparing.text() == COMPARING + OLD_ROWS
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # Stop GPU comparison
    assert page.comparing.isVisible() and page.comparing.text() == STOPPED + OLD_ROWS
    assert not page.progress.isVisible()


def test_once_compared_the_table_starts_at_the_top_and_its_note_reads_whole(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Last walk: after comparing, the tab left a ~40 px blank band above the table (where
    the line and bar had been) and cut its note at the bottom. Compared, compared again
    after a typed edit: the table starts at the tab's top and the note is whole in it."""
    window.resize(1280, 800)
    page = window.curves_panel.gpu_page
    with qtbot.waitSignal(window.service.compared, timeout=COMPARED_TIMEOUT_MS):
        _click_gpus_tab(window, qtbot)
    box = type_into(qtbot, window, HISTORY, "500")
    with qtbot.waitSignal(window.service.compared, timeout=COMPARED_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)

    def laid_out() -> bool:
        note = page.note.geometry()
        return (
            page.table.geometry().top() == 0
            and note.bottom() < page.height()
            and note.height() >= page.note.heightForWidth(note.width())
        )

    qtbot.waitUntil(laid_out)
    assert "Fits" in page.note.text()
