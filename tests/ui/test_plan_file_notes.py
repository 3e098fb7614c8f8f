"""Opening a plan that leaves its GPU or load out names each default used, in the Notes tab.

Worked example (QA, 4 December): a plan file without `load` and `gpu_id` opened as 300 active
users on H100s with nothing said. Through File > Open, the status bar says two fields take
Aisle's defaults and the Notes tab names them; the plan's own notes and the file are untouched,
and a new plan clears the list.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Plan, preset_scenario, save_plan
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS
from tests.ui.dialogs import choose_in_the_file_dialog

FIRST = 'scenario 1 "Llama 3.1 8B chat assistant"'


def test_fields_left_to_their_defaults_are_named_in_the_notes_tab(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "cut.aisle"
    save_plan(Plan(notes="Agreed 3 Dec.", scenarios=[preset_scenario("llama-8b-chat")]), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["scenarios"][0]["workload"]["load"]
    del data["scenarios"][0]["hardware"]["gpu_id"]
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    before = path.read_bytes()

    choose_in_the_file_dialog(qtbot, [path])
    with (
        qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS),
        qtbot.waitSignal(window.file_actions.message, timeout=RESULT_TIMEOUT_MS) as said,
    ):
        window.file_actions.open.trigger()

    assert said.args == [
        f"Opened {path}; 2 fields not in the file, so Aisle's defaults are used (see Notes)"
    ]
    # Said for its time, the plan's status after it: it went as soon as the plan was sized.
    assert window.statusBar().currentMessage().startswith(f"Opened {path}")
    notes = window.notes_panel
    assert notes.remark_lines() == [
        f"{FIRST}, workload, load: not in the file, so Aisle uses the default: kind "
        '"active_users", requests_in_flight 50, active_users 300, ...',
        f'{FIRST}, hardware, GPU (gpu_id): not in the file, so Aisle uses the default: "h100-sxm"',
    ]
    assert notes.remarks_box.isVisibleTo(notes)
    assert window.defaults_note.isVisibleTo(window)
    assert window.defaults_note.text() == (
        "Note: 2 fields not in the file, so Aisle's defaults are used (see Notes)"
    )
    assert notes.editor.toPlainText() == "Agreed 3 Dec."  # the plan's own notes, untouched
    assert not window.isWindowModified() and path.read_bytes() == before

    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.file_actions.new.trigger()
    assert notes.remark_lines() == [] and not notes.remarks_box.isVisibleTo(notes)
    assert not window.defaults_note.isVisibleTo(window)
