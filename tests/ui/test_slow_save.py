"""Save and the exports to a drive that stalls: the window stays drawn, Cancel gives up, and a
cancelled save never touches the file on disk.

Hostile walk (7 December): saving a plan, the PDF, the bill and the comparison wrote on the
GUI thread, so a USB stick or a network share that stalled mid-save froze the window for as
long as it took, with no way out. Now each is written off the GUI thread
(`ui/off_thread.write_off_thread`): after a quarter of a second "Saving PATH…" or "Writing
PATH…" shows with Cancel, honoured until the new file starts to replace the old one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import atomic, backup_path, load_plan
from aisle_desktop.ui import file_dialogs
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.off_thread import TOO_LATE, WaitDialog
from tests.ui.conftest import RESULT_TIMEOUT_MS, warnings_shown
from tests.ui.stalled_drive import cancel_once_drawn, stalled_reads, threads_ended
from tests.ui.test_model_import import when_shown
from tests.ui.test_planner_walk import _press
from tests.ui.test_report_actions import trigger_and_wait

USERS = ("workload", "load", "active_users")


def _edit(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.controller.set_field(USERS, 450, "Active users")


@contextmanager
def _cancelled_once_drawn(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, target: Path
) -> Iterator[list[str]]:
    """While the body runs, writes of `target` stall and the wait dialog, once drawn, is
    cancelled; then the drive comes back and the dropped write ends. Yields what the dialog
    said."""
    seen: list[str] = []
    waiting = when_shown(WaitDialog, cancel_once_drawn(qtbot, window, seen))
    stalls = stalled_reads(monkeypatch, atomic, "_temporary_copy", lambda t: t == target.resolve())
    with stalls as drive_back:
        yield seen
        waiting.poll.stop()
        drive_back.set()  # the drive comes back: the new file is written, then dropped
        threads_ended("aisle-file-work")  # their outcome dropped once cancelled
    assert (waiting.shown, waiting.left_open) == (True, False)


def _answer_save_dialogs(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """Every save dialog chooses `target` (its filter by its suffix)."""
    chosen = (str(target), target.suffix.upper().lstrip("."))
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_a, **_k: chosen)


def _folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()}


def _saved_twice(window: MainWindow, qtbot: QtBot, path: Path) -> dict[str, bytes]:
    """The plan saved at `path` with a backup beside it, then edited: the folder's files."""
    assert window.file_actions.save_to(path)
    assert window.file_actions.save_to(path)
    _edit(window, qtbot)
    assert backup_path(path).exists()
    return _folder(path)


def test_a_save_to_a_stalled_drive_keeps_the_window_drawn_and_cancel_leaves_the_file(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.aisle"
    before = _saved_twice(window, qtbot, path)
    said: list[str] = []
    window.file_actions.message.connect(said.append)
    with _cancelled_once_drawn(qtbot, window, monkeypatch, path) as seen:
        _press(qtbot, window, window.file_actions.save)  # returns once Cancel is pressed
    assert seen == [f"Saving {path}…"]
    assert said == [f"Not saved: cancelled, {path} left as it was"]
    assert _folder(path) == before  # plan and backup byte for byte, no temporary file
    assert window.isWindowModified() and window.document.is_modified()


def test_a_slow_save_marks_the_plan_saved_only_once_the_file_is_written(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.aisle"
    before = _saved_twice(window, qtbot, path)[path.name]
    seen: list[tuple[str, bool, bool]] = []

    def drive_comes_back(dialog: WaitDialog) -> None:
        seen.append((dialog.doing.text(), window.isWindowModified(), path.read_bytes() == before))
        drive_back.set()

    waiting = when_shown(WaitDialog, drive_comes_back)
    stalls = stalled_reads(monkeypatch, atomic, "_temporary_copy", lambda t: t == path.resolve())
    with stalls as drive_back:
        _press(qtbot, window, window.file_actions.save)
    assert (waiting.shown, waiting.left_open) == (True, False)
    assert seen == [(f"Saving {path}…", True, True)]  # unsaved, the old file, while it writes
    assert not window.isWindowModified()
    assert load_plan(path).plan.scenarios[0].workload.load.active_users == 450


def test_cancel_once_the_file_is_being_replaced_says_too_late_and_waits(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel pressed as the new file is renamed over the old cannot undo it: the dialog says
    so, loses its Cancel and waits; the plan is then saved, as it is on disk."""
    path = tmp_path / "plan.aisle"
    _saved_twice(window, qtbot, path)
    seen: dict[str, object] = {}

    def cancel_too_late(dialog: WaitDialog) -> None:
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        seen["open"] = dialog.isVisible()
        seen["says"] = dialog.doing.text()
        seen["cancel shown"] = buttons.isVisible()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        seen["open after Escape"] = dialog.isVisible()
        drive_back.set()

    waiting = when_shown(WaitDialog, cancel_too_late)
    ours = re.compile(rf"\.{re.escape(path.name)}\.[0-9a-f]{{8}}\.tmp")
    renames = stalled_reads(
        monkeypatch, os, "replace", lambda s: ours.fullmatch(Path(s).name) is not None
    )
    with renames as drive_back:
        _press(qtbot, window, window.file_actions.save)
    assert (waiting.shown, waiting.left_open) == (True, False)
    assert seen == {
        "open": True,
        "says": f"Saving {path}…\n{TOO_LATE}",
        "cancel shown": False,
        "open after Escape": True,
    }
    assert not window.isWindowModified()
    assert load_plan(path).plan.scenarios[0].workload.load.active_users == 450


def test_a_bill_cancelled_on_a_stalled_drive_leaves_the_old_bill(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bill.csv"
    _answer_save_dialogs(monkeypatch, target)
    told = warnings_shown(monkeypatch)
    window.bom_actions.export.trigger()
    before = _folder(target)
    _edit(window, qtbot)  # another bill, which would replace the first
    with _cancelled_once_drawn(qtbot, window, monkeypatch, target) as seen:
        window.bom_actions.export.trigger()
    assert seen == [f"Writing {target}…"]
    assert len(told) == 1  # the first bill's "Wrote…"; a Cancel needs no message
    assert _folder(target) == before


def test_a_pdf_cancelled_on_a_stalled_drive_is_not_written(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.pdf"
    _answer_save_dialogs(monkeypatch, target)
    told = warnings_shown(monkeypatch)
    with _cancelled_once_drawn(qtbot, window, monkeypatch, target) as seen:
        trigger_and_wait(window, qtbot, window.report_actions.export_pdf)
    assert seen == [f"Writing {target}…"]
    assert told == []
    assert _folder(target) == {}


def test_a_recent_plan_on_a_stalled_drive_keeps_the_window_drawn_and_can_be_cancelled(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Open Recent looked on the GUI thread for whether the plan was still there, so a
    stalled drive froze the window before "Opening …" could show."""
    path = tmp_path / "plan.aisle"
    assert window.file_actions.save_to(path)
    window.file_actions.new.trigger()
    window.file_actions.recent_menu.aboutToShow.emit()  # as the menu fills itself
    menu = window.file_actions.recent_menu.actions()
    (recent,) = [action for action in menu if action.text() == path.name]
    seen: list[str] = []
    waiting = when_shown(WaitDialog, cancel_once_drawn(qtbot, window, seen))
    with stalled_reads(monkeypatch, Path, "exists", lambda p: p == path) as drive_back:
        recent.trigger()  # returns once Cancel is pressed, the drive out
        waiting.poll.stop()
        drive_back.set()
        threads_ended("aisle-file-work")  # their outcome dropped once cancelled
    assert (waiting.shown, waiting.left_open) == (True, False)
    assert seen == [f"Looking for {path}…"]
    assert window.document.path is None  # the new plan stays
    assert window.file_actions.recent.paths()[0] == path  # and the plan in the list
