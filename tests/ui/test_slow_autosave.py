"""Recovery files on a drive that stalls: the window keeps answering, and a clean save still
leaves no recovery file behind.

Hostile walk (7 December): autosave wrote the recovery file on the window's thread, every
minute and a second after each edit, so with a home folder on a network share that stalled the
window froze. Now the writes go through a `WriteQueue` off the window's thread, with no dialog,
one at a time and in order: the removal after a clean save lands after any recovery write
asked for before it, however long the drive held that write.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import atomic
from aisle_desktop.ui.app import build_window, window_settings
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.removals_left import KEY, take_removals_left
from tests.ui.conftest import RESULT_TIMEOUT_MS, answer, own_recovery_plan, recovery_offered
from tests.ui.stalled_drive import stalled_reads, threads_ended
from tests.ui.test_planner_walk import _type_users

RECOVERY_WRITES = "aisle-recovery-writes"


@contextmanager
def _recovery_writes_stall(
    monkeypatch: pytest.MonkeyPatch, folder: Path, owner: object, name: str
) -> Iterator[tuple[threading.Event, list[bool]]]:
    """Writes into the recovery folder stall at ``owner.name`` (the temporary copy, or the
    rename putting it in place) until the drive comes back. Yields the drive's event and, for
    each write that reached the stall, whether it came on the window's thread: that one is
    let through, as a stall there would hang the test instead of failing it."""
    started: list[bool] = []

    def stalls(path: str | Path) -> bool:
        if Path(path).parent != folder:
            return False
        started.append(threading.current_thread() is threading.main_thread())
        return not started[-1]

    with stalled_reads(monkeypatch, owner, name, stalls) as drive_back:
        yield drive_back, started


def _first_write_stalled(qtbot: QtBot, window: MainWindow, started: list[bool]) -> None:
    """The planner types 320 users; a second later the recovery write starts and stalls."""
    _type_users(qtbot, window, "320")
    qtbot.waitUntil(lambda: bool(started), timeout=RESULT_TIMEOUT_MS)
    assert started == [False]


def _users(window: MainWindow) -> int:
    return window.document.scenarios[0].workload.load.active_users


def test_the_window_answers_keys_while_a_recovery_write_is_stalled(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = window.autosave.store
    folder = store.folder
    stall = _recovery_writes_stall(monkeypatch, folder, atomic, "_temporary_copy")
    with stall as (drive_back, started):
        _first_write_stalled(qtbot, window, started)
        _type_users(qtbot, window, "450")  # sized and shown while the drive holds the write
        assert _users(window) == 450
        window.autosave.write_now()  # the minute's write: it waits for the stalled one
        assert started == [False]  # never two writes of the file at once
        assert not store.path_for(window.document.recovery_key).exists()
        with qtbot.waitSignal(window.autosave.settled, timeout=RESULT_TIMEOUT_MS):
            drive_back.set()
    assert set(started) == {False}  # every write off the window's thread
    assert own_recovery_plan(window).scenarios[0].workload.load.active_users == 450  # newest


@pytest.mark.parametrize(
    ("owner", "name"),
    [(atomic, "_temporary_copy"), (os, "replace")],
    ids=["before-its-rename", "during-its-rename"],
)
def test_a_clean_save_during_a_stalled_recovery_write_leaves_no_recovery_file(
    window: MainWindow,
    qtbot: QtBot,
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    owner: object,
    name: str,
) -> None:
    """The save ends while the recovery write is held, before its rename (it is cancelled) or
    during it (too late to cancel: it lands, then the removal); either way, once the drive is
    back no recovery file is left, and the next start offers nothing."""
    folder = window.autosave.store.folder
    with _recovery_writes_stall(monkeypatch, folder, owner, name) as (drive_back, started):
        _first_write_stalled(qtbot, window, started)
        assert window.file_actions.save_to(tmp_path / "kept.aisle")
        assert not window.isWindowModified()
        with qtbot.waitSignal(window.autosave.settled, timeout=RESULT_TIMEOUT_MS):
            drive_back.set()
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(".aisle-session")) == []
    window.close()
    threads_ended(RECOVERY_WRITES)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    next_start = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(next_start)
    assert not recovery_offered(qtbot, next_start)
    assert asked == []


def test_a_recovery_write_that_fails_off_the_window_thread_is_said_in_the_status_bar(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """The recovery folder is a file: the write fails on the queue's thread, and the status
    bar says so, as it did when the write ran on the window's. A clean save then has nothing
    to remove, and says nothing (its removal raised "Not a directory" out of the window)."""
    folder = window.autosave.store.folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder", encoding="utf-8")
    failures: list[str] = []
    window.autosave.failed.connect(failures.append)
    with qtbot.waitSignal(window.autosave.failed, timeout=RESULT_TIMEOUT_MS):
        _type_users(qtbot, window, "320")  # a second later, the write
    said = failures[-1]
    path = window.autosave.store.path_for(window.document.recovery_key)
    assert said == (
        f"Autosave could not write the recovery file: the recovery folder {folder} is a file, "
        f"not a folder ({path}). This plan was never saved: its changes are only in this window "
        "until you save it."
    )
    bar = window.statusBar()
    assert said in (bar.toolTip() or bar.currentMessage())  # whole, or shortened with its tip
    with qtbot.waitSignal(window.autosave.settled, timeout=RESULT_TIMEOUT_MS):
        assert window.file_actions.save_to(tmp_path / "kept.aisle")
    assert set(failures) == {said}  # the removal said nothing


def test_a_recovery_file_that_cannot_be_removed_is_said_in_the_status_bar(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """Where the plan's recovery file goes stands a folder: it is neither written nor, after
    the clean save, removed, and the status bar says each (the next start offers nothing:
    a folder is not a recovery file)."""
    store = window.autosave.store
    store.path_for(window.document.recovery_key).mkdir(parents=True)
    failures: list[str] = []
    window.autosave.failed.connect(failures.append)
    with qtbot.waitSignal(window.autosave.failed, timeout=RESULT_TIMEOUT_MS):
        _type_users(qtbot, window, "320")
    with qtbot.waitSignal(window.autosave.settled, timeout=RESULT_TIMEOUT_MS):
        assert window.file_actions.save_to(tmp_path / "kept.aisle")
    # Each write the timer asked for, then each removal the save asked for, says so.
    path = store.path_for(window.document.recovery_key)
    write_failed = (
        "Autosave could not write the recovery file: a folder of that name stands in its place "
        f"({path}). This plan was never saved: its changes are only in this window until you "
        "save it."
    )
    removal_failed = (
        "Could not remove a recovery file: a folder of that name stands in its place "
        f"({path}). It stays, and the next start will find it again. Your plan file "
        f"{tmp_path / 'kept.aisle'} holds all your changes."
    )
    written = [said for said in failures if said == write_failed]
    removed = [said for said in failures if said == removal_failed]
    assert written and removed and failures == written + removed
    assert [entry.problem is not None for entry in store.entries()] == [True]


def test_a_removal_held_behind_a_stalled_write_at_close_is_done_at_the_next_start(
    window: MainWindow,
    qtbot: QtBot,
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Hostile walk (7 December, hostile33): the planner saves while the drive holds the
    recovery write, then closes; the removal the save asked for was queued behind the held
    write and lost with the process, so the next start offered work already saved. Now the
    window records it as it closes, and the next start removes the file, offers nothing and
    says so."""
    store = window.autosave.store
    path = store.path_for(window.document.recovery_key)
    _type_users(qtbot, window, "280")
    with qtbot.waitSignal(window.autosave.settled, timeout=RESULT_TIMEOUT_MS):
        window.autosave.write_now()
    assert path.exists()  # the work of 280 users, in a recovery file
    stall = _recovery_writes_stall(monkeypatch, store.folder, atomic, "_temporary_copy")
    with stall as (_drive_back, started):
        _first_write_stalled(qtbot, window, started)  # 320 users: its write held
        assert window.file_actions.save_to(tmp_path / "kept.aisle")
        window.close()  # a quarter of a second for the drive, then the window goes
        assert window_settings().value(KEY) == f'["{path}"]'
        store.close()  # the process ends, and its session's lock with it
        said: list[str] = []
        asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
        next_start = build_window(catalog, "llama-70b-rag")
        qtbot.addWidget(next_start)
        next_start.autosave.said.connect(said.append)
        with qtbot.waitSignal(next_start.autosave.settled, timeout=RESULT_TIMEOUT_MS):
            assert not recovery_offered(qtbot, next_start)
        assert asked == [] and not path.exists()
        assert said == [
            f"Removed a recovery file the last session left as it closed, its drive holding a "
            f"write: {path}. That work had been saved or discarded. Your plan files are not "
            "affected."
        ]
        assert window_settings().value(KEY) is None  # done: not removed again at a third start
    threads_ended(RECOVERY_WRITES)


@pytest.mark.parametrize("kept", ['["/a", 3, ""]', "not json", '{"a": 1}', "[]"])
def test_a_record_of_removals_edited_by_hand_removes_only_names(kept: str) -> None:
    settings = window_settings()
    settings.setValue(KEY, kept)
    assert take_removals_left(settings) == ([Path("/a")] if kept.startswith('["/a"') else [])
    assert settings.value(KEY) is None
