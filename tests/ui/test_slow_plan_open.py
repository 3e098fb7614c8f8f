"""File > Open… of a plan on a drive that stalls: the window stays drawn and Cancel gives up.

Hostile walk (7 December): the plan was read on the GUI thread, so a plan on a network drive
that stopped answering froze the window for as long as the drive took, with no way out, and a
20 MB plan froze it for seconds. Now it is read off the GUI thread (`ui/off_thread.py`):
after a quarter of a second "Opening PATH…" shows, with Cancel, and the plan on screen stays.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Plan, files, preset_scenario, save_plan
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.off_thread import WaitDialog
from tests.ui.conftest import warnings_shown
from tests.ui.dialogs import choose_in_the_file_dialog
from tests.ui.stalled_drive import cancel_once_drawn, stalled_reads
from tests.ui.test_model_import import when_shown


def test_a_plan_on_a_stalled_drive_keeps_the_window_drawn_and_can_be_cancelled(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "chat.aisle"
    save_plan(Plan(scenarios=[preset_scenario("llama-8b-chat")]), path)
    shown = warnings_shown(monkeypatch)
    seen: list[str] = []
    choose_in_the_file_dialog(qtbot, [path])
    waiting = when_shown(WaitDialog, cancel_once_drawn(qtbot, window, seen))
    with stalled_reads(monkeypatch, files, "_read_limited") as drive_back:
        window.file_actions.open.trigger()  # returns once Cancel is pressed, the drive out
        waiting.poll.stop()
        drive_back.set()  # the drive comes back: what is read now is dropped
    assert (waiting.shown, waiting.left_open) == (True, False)
    assert seen == [f"Opening {path}…"]
    assert shown == []
    assert window.document.path is None
    assert window.controller.scenario.workload.model_id == "llama-3.1-70b"
