"""Unsaved work left behind, read at start-up off the window's thread.

Hostile walk (7 December, hostile31): start-up read the recovery files on the window's thread,
so a recovery folder on a share that did not answer hung the window before it was shown. Now
the window is up and usable at once; the drive holding a file is said in the status bar; the
offer comes when the read ends; a folder that cannot be read, or a damaged file, is said
plainly and offers nothing.
"""

from __future__ import annotations

import pathlib
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, RecoveryStore, load_plan, preset_scenario, save_plan
from aisle_desktop.plan import recovery as recovery_module
from aisle_desktop.ui import recovery_read
from aisle_desktop.ui.app import build_window
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.off_thread import POLL_MS
from tests.ui.conftest import RESULT_TIMEOUT_MS, answer, recovery_offered
from tests.ui.stalled_drive import stalled_reads, threads_ended
from tests.ui.test_planner_walk import _type_users

Button = QMessageBox.StandardButton


def _left_behind(name: str) -> Path:
    """A recovery file of a session that has ended, holding a plan called ``name``."""
    store = RecoveryStore()
    scenario = preset_scenario("llama-8b-chat").model_copy(update={"name": name})
    path = store.write(store.new_key(), Plan(scenarios=[scenario]), None)
    store.close()
    return path


def test_the_window_works_while_the_drive_holds_a_recovery_file_and_offers_it_once_read(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    left = _left_behind("Before the crash")
    monkeypatch.setattr(recovery_read, "STALL_NOTICE_MS", 0)
    said: list[str] = []
    window.autosave.waiting.connect(said.append)
    asked = answer(monkeypatch, Button.Yes, Button.Discard)
    stall = stalled_reads(monkeypatch, recovery_module, "read_plan_text", lambda p: p == left)
    with stall as drive_back:
        with qtbot.waitSignal(window.autosave.waiting, timeout=RESULT_TIMEOUT_MS):
            window.look_for_recovery()
        assert said == [
            f"Still reading a recovery file: the drive has not answered for 0 s ({left}). "
            "Unsaved work from an earlier session will be offered once it answers; you can "
            "work meanwhile."
        ]
        assert said[0] in (window.statusBar().toolTip() or window.statusBar().currentMessage())
        _type_users(qtbot, window, "320")  # sized and shown while the drive holds the file
        assert window.document.scenarios[0].workload.load.active_users == 320
        assert asked == []
        with qtbot.waitSignal(window.autosave.recovery_done, timeout=RESULT_TIMEOUT_MS) as done:
            drive_back.set()
    assert done.args == [True]
    # The offer, then the planner's own edit asked about before the recovered plan replaced it.
    assert "Recover unsaved work" in asked[0] and "Save the changes" in asked[1]
    assert window.document.scenarios[0].name == "Before the crash"
    assert window.isWindowModified()


def test_a_recovery_folder_that_cannot_be_listed_is_said_and_nothing_offered(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _left_behind("Never offered")
    folder = window.autosave.store.folder
    listed = pathlib.Path.iterdir

    def refused(path: Path) -> object:
        if path == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return listed(path)

    monkeypatch.setattr(pathlib.Path, "iterdir", refused)
    failures: list[str] = []
    window.autosave.failed.connect(failures.append)
    asked = answer(monkeypatch)
    assert not recovery_offered(qtbot, window)
    assert failures == [
        f"Could not read the recovery folder: it cannot be listed (permission denied) "
        f"({folder}). Unsaved work from an earlier session, if any, is not offered this time. "
        "Your plan files are not affected."
    ]
    assert asked == []


def test_a_damaged_recovery_file_is_said_kept_and_not_offered(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A recovery file cut short (Aisle ended mid-write on a file system whose rename is not
    atomic) beside a sound one: the damaged one is said, and kept when the planner answers
    Keep; the sound one is offered."""
    _left_behind("Sound")
    cut = _left_behind("Cut short")
    cut.write_bytes(cut.read_bytes()[:200])
    failures: list[str] = []
    window.autosave.failed.connect(failures.append)
    asked = answer(monkeypatch, Button.Cancel, Button.Cancel)  # Keep; then decide later
    assert not recovery_offered(qtbot, window)
    assert len(asked) == 2 and "Recover unsaved work" in asked[1]
    folder = window.autosave.store.folder
    assert asked[0] == (
        "Recovery files that cannot be read: This recovery file cannot be read, so it is not "
        "offered:\n\n• the file is cut short at line 9, column 5 (saved or copied only in "
        f"part?) ({cut})\n\nSet Aside: move it into {folder / 'set-aside'}, where Aisle no "
        "longer looks at start (a text editor may still save some of the work). Keep: leave "
        "it as found and ask again at the next start. Your plan files are not affected."
    )
    (said,) = failures
    assert said.startswith("A recovery file was not offered, as it cannot be read: the file is ")
    assert f"cut short at line 9, column 5 (saved or copied only in part?) ({cut}). " in said
    assert said.endswith(" kept as found, for you to delete. Your plan files are not affected.")
    assert cut.exists()


def test_a_damaged_recovery_file_set_aside_is_moved_and_not_asked_about_again(
    window: MainWindow, qtbot: QtBot, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hostile walk (7 December, hostile33): a recovery file that cannot be read was said at
    every start, with no way to get rid of it from the window. Set Aside moves it, whole, into
    the set-aside folder beside the others, where start-up does not look."""
    cut = _left_behind("Cut short")
    cut.write_bytes(cut.read_bytes()[:200])
    damaged = cut.read_bytes()
    said: list[str] = []
    window.autosave.said.connect(said.append)
    asked = answer(monkeypatch, Button.Yes)  # Set Aside
    with qtbot.waitSignal(window.autosave.settled, timeout=RESULT_TIMEOUT_MS):
        assert not recovery_offered(qtbot, window)
    aside = window.autosave.store.folder / "set-aside"
    assert len(asked) == 1 and not cut.exists()
    assert (aside / cut.name).read_bytes() == damaged  # kept whole
    assert said == [
        f"Set aside a recovery file that cannot be read, into {aside}: not looked at again at "
        "start. Your plan files are not affected."
    ]
    asked = answer(monkeypatch)
    next_start = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(next_start)
    assert not recovery_offered(qtbot, next_start)
    assert asked == []


def test_the_offer_waits_until_an_open_dialog_is_closed(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read that ends while the planner has a dialog open (Save As, a warning) is offered
    once that dialog closes, not inside it."""
    _left_behind("Waited")
    asked = answer(monkeypatch, Button.Cancel)
    box = QMessageBox(window)
    box.setText("A dialog of the planner's")
    box.open()  # window-modal, as a planner's dialog is
    qtbot.waitUntil(box.isVisible)
    window.look_for_recovery()
    threads_ended("aisle-recovery-read")  # the read is over, its outcome waiting
    ticks: list[int] = []
    heartbeat = QTimer(window)
    heartbeat.setInterval(POLL_MS)
    heartbeat.timeout.connect(lambda: ticks.append(1))
    heartbeat.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=RESULT_TIMEOUT_MS)
    heartbeat.stop()
    assert asked == []  # not offered inside the planner's dialog
    with qtbot.waitSignal(window.autosave.recovery_done, timeout=RESULT_TIMEOUT_MS):
        box.done(0)
    assert len(asked) == 1 and "Recover unsaved work" in asked[0]


@pytest.mark.parametrize("changed_since", [True, False], ids=["changed-since", "unchanged"])
def test_saving_recovered_work_over_a_plan_changed_since_asks_first(
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    changed_since: bool,
) -> None:
    """Aisle ended with unsaved changes to kept.aisle; the planner then saved kept.aisle
    again (or a colleague did). The recovered work, saved, silently replaced that newer file
    (its stamp was never recorded). Now it asks, as for any plan changed on disk; a file
    unchanged since is saved over without a question."""
    source = tmp_path / "kept.aisle"
    save_plan(Plan(scenarios=[preset_scenario("llama-8b-chat")]), source)
    crashed = RecoveryStore()
    before_crash = Plan(scenarios=[preset_scenario("llama-8b-chat")], notes="unsaved at the crash")
    crashed.write(crashed.new_key(), before_crash, source, load_plan(source).stamp)
    crashed.close()
    if changed_since:
        save_plan(Plan(scenarios=[preset_scenario("llama-70b-rag")], notes="saved later"), source)
    newer = source.read_bytes()
    asked = answer(monkeypatch, Button.Yes, Button.Cancel)
    assert recovery_offered(qtbot, window)
    assert window.document.notes == "unsaved at the crash"
    assert window.file_actions.save_plan() is not changed_since
    if changed_since:
        assert "File changed on disk" in asked[1]
        assert source.read_bytes() == newer  # the newer file stands
    else:
        assert len(asked) == 1
        assert load_plan(source).plan.notes == "unsaved at the crash"
