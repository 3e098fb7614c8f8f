"""Several recovery files left behind, offered together in one list.

Hostile walk (7 December, hostile33): start-up asked about each recovery file in a dialog of
its own, newest first; Yes on the first left the others unseen until the next start, and a
week of crashes was seven questions in a row. Now one window-modal dialog lists them all,
newest first: Open opens the one chosen, Delete deletes the one chosen and keeps the dialog
for the rest, Decide Later keeps what is left for the next start.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Plan, RecoveryStore, preset_scenario
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.recovery_choice import RecoveryChoice
from tests.ui.conftest import RESULT_TIMEOUT_MS, answer


def _left_behind(name: str, saved_at: str) -> Path:
    """A recovery file of an ended session, holding a plan called ``name``, autosaved at
    ``saved_at`` (UTC)."""
    store = RecoveryStore()
    scenario = preset_scenario("llama-8b-chat").model_copy(update={"name": name})
    path = store.write(store.new_key(), Plan(name=name, scenarios=[scenario]), None)
    store.close()
    text = path.read_text(encoding="utf-8")
    stamped = text.replace(text.split('"saved_at": "')[1].split('"')[0], saved_at)
    path.write_text(stamped, encoding="utf-8")
    return path


def _local(saved_at: str) -> str:
    return (
        datetime.fromisoformat(saved_at).replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    )


def offered_together(qtbot: QtBot, window: MainWindow) -> RecoveryChoice:
    """Start-up's look for unsaved work left behind, read and offered in one list (shown)."""
    window.look_for_recovery()
    qtbot.waitUntil(lambda: window.autosave.choice is not None, timeout=RESULT_TIMEOUT_MS)
    choice = window.autosave.choice
    assert choice is not None
    qtbot.waitUntil(choice.isVisible)
    return choice


def _rows(choice: RecoveryChoice) -> list[str]:
    return [choice.files.item(i).text() for i in range(choice.files.count())]


def _click_row(qtbot: QtBot, choice: RecoveryChoice, row: int) -> None:
    item = choice.files.item(row)
    qtbot.mouseClick(
        choice.files.viewport(),
        Qt.MouseButton.LeftButton,
        pos=choice.files.visualItemRect(item).center(),
    )
    assert choice.files.currentRow() == row


def test_several_files_are_listed_in_one_dialog_newest_first_one_deleted_one_opened(
    window: MainWindow, qtbot: QtBot
) -> None:
    monday = _left_behind("Monday", "2026-12-01T09:00:00+00:00")
    tuesday = _left_behind("Tuesday", "2026-12-02T09:00:00+00:00")
    wednesday = _left_behind("Wednesday", "2026-12-03T09:00:00+00:00")
    choice = offered_together(qtbot, window)
    assert choice.windowTitle() == "Recover unsaved work?"
    assert choice.text.text() == (
        "Aisle found unsaved work of 3 plans, from sessions that ended without saving.\n"
        "Open: open the one chosen (then save it where you like). Delete: delete the one "
        "chosen. Decide Later: keep the rest for the next start."
    )
    assert _rows(choice) == [
        f"“{day}”: a plan that was never saved, autosaved at {_local(when)}"
        for day, when in (
            ("Wednesday", "2026-12-03T09:00:00"),
            ("Tuesday", "2026-12-02T09:00:00"),
            ("Monday", "2026-12-01T09:00:00"),
        )
    ]
    assert choice.files.currentRow() == 0  # the newest, chosen
    _click_row(qtbot, choice, 1)
    with qtbot.waitSignal(window.autosave.settled, timeout=RESULT_TIMEOUT_MS):
        qtbot.mouseClick(choice.delete_button, Qt.MouseButton.LeftButton)
    assert not tuesday.exists()  # deleted, and only it
    assert [row.split("”")[0] for row in _rows(choice)] == ["“Wednesday", "“Monday"]
    assert "of 2 plans" in choice.text.text()
    _click_row(qtbot, choice, 1)
    with qtbot.waitSignal(window.autosave.recovery_done, timeout=RESULT_TIMEOUT_MS) as done:
        qtbot.mouseClick(choice.open_button, Qt.MouseButton.LeftButton)
    assert done.args == [True]
    assert window.document.scenarios[0].name == "Monday"
    assert window.isWindowModified()
    assert wednesday.exists()  # kept for the next start
    with qtbot.waitSignal(window.autosave.settled, timeout=RESULT_TIMEOUT_MS):
        pass  # the opened file, now the window's own, is rewritten under its key
    assert not monday.exists()


def test_decide_later_keeps_every_file(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [_left_behind(f"Plan {i}", f"2026-12-0{i}T09:00:00+00:00") for i in (1, 2)]
    asked = answer(monkeypatch)
    choice = offered_together(qtbot, window)
    with qtbot.waitSignal(window.autosave.recovery_done, timeout=RESULT_TIMEOUT_MS) as done:
        qtbot.mouseClick(choice.later_button, Qt.MouseButton.LeftButton)
    assert done.args == [False] and asked == []
    assert all(path.exists() for path in paths)
    assert window.document.scenarios[0].name != "Plan 1"


def test_opening_one_over_unsaved_edits_asks_first_and_cancel_keeps_both(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The planner worked while the files were read: Open asks about the plan on screen,
    and Cancel there keeps it, and the file, as they were."""
    paths = [_left_behind(f"Plan {i}", f"2026-12-0{i}T09:00:00+00:00") for i in (1, 2)]
    window.document.set_notes("typed while the files were read")
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    choice = offered_together(qtbot, window)
    with qtbot.waitSignal(window.autosave.recovery_done, timeout=RESULT_TIMEOUT_MS) as done:
        qtbot.mouseClick(choice.open_button, Qt.MouseButton.LeftButton)
    assert done.args == [False]
    assert len(asked) == 1 and "Save the changes" in asked[0]
    assert window.document.notes == "typed while the files were read"
    assert all(path.exists() for path in paths)
