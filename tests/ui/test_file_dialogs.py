"""File > Open… opens Qt's own dialog at a size a planner can read (QA walk: 630 x 410 px,
long plan names and the Date Modified column cut)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QFileDialog, QTreeView
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Plan, preset_scenario, save_plan
from aisle_desktop.ui.file_dialogs import (
    READABLE_PX,
    SCREEN_SHARE,
    default_suffix,
    readable_size,
)
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS
from tests.ui.dialogs import choose_in_the_file_dialog

LONG_NAME = "customer-facing-chat-h200-option.aisle"  # a name from the QA walk


def test_readable_size_keeps_within_the_screen() -> None:
    assert readable_size(QSize(960, 600), QSize(1920, 1080)) == QSize(960, 600)
    assert readable_size(QSize(960, 600), QSize(800, 600)) == QSize(720, 540)


def test_a_name_typed_bare_takes_the_chosen_filters_extension() -> None:
    plans = "Aisle plans (*.aisle);;All files (*)"
    assert default_suffix("Aisle plans (*.aisle)", plans) == "aisle"
    assert default_suffix("All files (*)", plans) == "aisle"  # a plan is still a plan
    sheets = "Spreadsheet (*.xlsx);;CSV, comma-separated (*.csv)"
    assert default_suffix("CSV, comma-separated (*.csv)", sheets) == "csv"
    assert default_suffix("All files (*)", "All files (*)") == ""


def test_file_open_shows_long_names_and_every_column_whole(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / LONG_NAME
    save_plan(Plan(scenarios=[preset_scenario("llama-8b-chat")]), path)
    window.file_actions.recent.add(path)  # File > Open… opens in its folder
    looked: list[QSize] = []

    def look(dialog: QFileDialog) -> None:
        looked.append(dialog.size())
        room = dialog.screen().availableGeometry().size()
        assert dialog.width() >= min(READABLE_PX.width(), int(room.width() * SCREEN_SHARE))
        assert dialog.height() >= min(READABLE_PX.height(), int(room.height() * SCREEN_SHARE))
        listing = dialog.findChild(QTreeView, "treeView")
        assert listing is not None
        header = listing.header()
        qtbot.waitUntil(lambda: header.sectionSize(0) > 0)
        for column in range(1, header.count()):  # size, type, date: whole
            assert header.sectionSize(column) >= header.sectionSizeHint(column)
        name_px = listing.fontMetrics().horizontalAdvance(LONG_NAME)
        assert header.sectionSize(0) >= name_px

    choose_in_the_file_dialog(qtbot, [path], look)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.file_actions.open.trigger()
    assert looked and window.document.path == path
