"""Plan files through the window: save, open, prompts, failures, drops, recovery."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import (
    Plan,
    PlanCatalog,
    PlanSaveError,
    RecoveryStore,
    load_plan,
    plan_to_text,
    preset_scenario,
    save_plan,
)
from aisle_desktop.ui import file_dialogs
from aisle_desktop.ui.app import build_window
from aisle_desktop.ui.main_window import MainWindow
from tests.plan.old_files import v2_file
from tests.ui.conftest import (
    RESULT_TIMEOUT_MS,
    answer,
    drop_of,
    own_recovery_plan,
    recovery_offered,
    warnings_shown,
)
from tests.ui.dialogs import choose_in_the_file_dialog
from tests.ui.stalled_drive import threads_ended
from tests.ui.test_recovery_offered_together import offered_together

Button = QMessageBox.StandardButton
TOKENS = ("workload", "output_tokens")


def _choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    def chosen(*_args: Any, **_kwargs: Any) -> tuple[str, str]:
        return str(path), "Aisle plans (*.aisle)"

    monkeypatch.setattr(file_dialogs, "save_file_name", chosen)


def _edit(window: MainWindow, qtbot: QtBot, value: int) -> None:
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.controller.set_field(TOKENS, value, "Output tokens")


def test_save_as_then_reopen(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window.document.duplicate(0)
    assert window.document.rename(1, "Bigger answers")
    _edit(window, qtbot, 1024)
    assert window.isWindowModified()
    _choose_file(monkeypatch, tmp_path / "rooms")  # no extension typed: .aisle is added
    window.file_actions.save_as.trigger()
    saved = tmp_path / "rooms.aisle"
    assert load_plan(saved).plan.scenario("Bigger answers").workload.output_tokens == 1024
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("rooms.aisle")

    window.file_actions.new.trigger()  # saved: no question asked
    choose_in_the_file_dialog(qtbot, [saved])
    assert [s.name for s in window.document.scenarios] == ["Llama 3.1 70B RAG assistant"]
    window.file_actions.open.trigger()
    assert [s.name for s in window.document.scenarios] == [
        "Llama 3.1 70B RAG assistant",
        "Bigger answers",
    ]
    assert window.document.path == saved and not window.isWindowModified()
    assert window.file_actions.recent.paths()[0] == saved.absolute()


def test_unsaved_changes_are_asked_about(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edit(window, qtbot, 700)
    asked = answer(monkeypatch, Button.Cancel, Button.Discard, Button.Cancel)
    window.file_actions.new.trigger()
    assert window.controller.scenario.workload.output_tokens == 700  # Cancel: nothing changed
    window.file_actions.new.trigger()
    assert window.controller.scenario.workload.output_tokens == 256  # Discard: a new plan
    assert not window.isWindowModified()
    assert len(asked) == 2 and "Unsaved changes" in asked[0]
    _edit(window, qtbot, 800)
    assert not window.close()  # Cancel keeps the window open
    assert window.isVisible()


def test_failed_save_keeps_the_plan_unsaved_and_the_file_intact(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "plan.aisle"
    assert window.file_actions.save_to(path)
    before = path.read_bytes()
    _edit(window, qtbot, 900)

    def disk_full(_plan: Plan, target: Path, *_expected_and_cancel: object) -> None:
        raise PlanSaveError(target, "could not save: the disk is full.")

    monkeypatch.setattr("aisle_desktop.ui.file_actions.save_plan", disk_full)
    shown = warnings_shown(monkeypatch)
    window.file_actions.save.trigger()
    assert shown == [
        f"Plan not saved: Could not save the plan to {path}: the disk is full. Nothing on disk "
        "was changed. Your plan is still open here, unsaved."
    ]
    assert window.isWindowModified() and window.document.is_modified()
    assert path.read_bytes() == before
    assert window.controller.scenario.workload.output_tokens == 900


def test_save_as_a_name_too_long_for_the_disk_says_so_and_keeps_the_plan_unsaved(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The walk: Save As a 300-character name (Linux takes 255 bytes a name) raised an OSError
    out of the menu's slot; nothing said why and the plan looked saved to no one."""
    _edit(window, qtbot, 900)
    folder = tmp_path / "plans"
    folder.mkdir()
    _choose_file(monkeypatch, folder / ("z" * 300))
    shown = warnings_shown(monkeypatch)
    window.file_actions.save_as.trigger()
    assert len(shown) == 1 and "the file name is too long for this disk" in shown[0]
    assert window.isWindowModified() and window.document.path is None
    assert os.listdir(folder) == []


def test_a_bad_file_is_reported_and_changes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.aisle"
    bad.write_text('{"format": "aisle-plan", "version": 2, "scenarios": [', encoding="utf-8")
    shown = warnings_shown(monkeypatch)
    names = [s.name for s in window.document.scenarios]
    assert not window.file_actions.open_path(bad)
    assert "broken.aisle" in shown[0] and "line 1" in shown[0]
    assert [s.name for s in window.document.scenarios] == names
    assert window.document.path is None


def test_dropping_a_plan_opens_it(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "dropped.aisle"
    save_plan(Plan(scenarios=[preset_scenario("llama-8b-chat")]), path)
    drop = drop_of(window, [path])
    window.dropEvent(drop)
    assert drop.isAccepted()
    assert window.document.path == path
    assert window.document.scenarios[0].workload.model_id == "llama-3.1-8b"


def test_recovery_offer_restores_unsaved_work(
    qtbot: QtBot, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = RecoveryStore()
    lost = preset_scenario("deepseek-v3").model_copy(update={"name": "Before the crash"})
    store.write("crashed", Plan(scenarios=[lost], notes="unsaved"), None)
    store.close()  # that session is over, as when its process died
    asked = answer(monkeypatch, Button.Yes)
    window = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(window, before_close_func=lambda _w: answer(monkeypatch, Button.Discard))
    settled = qtbot.waitSignal(window.autosave.settled, timeout=RESULT_TIMEOUT_MS)
    recovered_sized = qtbot.waitSignal(
        window.service.sized,
        timeout=RESULT_TIMEOUT_MS,
        check_params_cb=lambda result: result.scenario.name == "Before the crash",
    )
    with settled, recovered_sized:
        assert recovery_offered(qtbot, window)
    assert "Recover unsaved work" in asked[0]
    assert window.document.notes == "unsaved" and window.isWindowModified()
    assert own_recovery_plan(window).notes == "unsaved"  # written under the window's key
    assert store.entries() == []  # the window's autosave is its own while it runs
    answer(monkeypatch, Button.Discard)
    window.close()  # Discard: the recovery file goes too, once the window is gone
    threads_ended("aisle-recovery-writes")
    assert store.entries() == []


def test_autosave_writes_unsaved_work_and_a_save_removes_it(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    store = window.autosave.store
    _edit(window, qtbot, 640)
    with qtbot.waitSignal(window.autosave.settled, timeout=RESULT_TIMEOUT_MS):
        window.autosave.write_now()
    assert own_recovery_plan(window).scenarios[0].workload.output_tokens == 640
    with qtbot.waitSignal(window.autosave.settled, timeout=RESULT_TIMEOUT_MS):
        assert window.file_actions.save_to(tmp_path / "kept.aisle")
    assert not store.path_for(window.document.recovery_key).exists()


def test_plan_entries_and_unknown_ids(
    window: MainWindow, qtbot: QtBot, catalog: Catalog, tmp_path: Path
) -> None:
    own = catalog.models["llama-3.1-70b"].model_copy(
        update={"id": "lab-70b", "name": "Lab fine-tune 70B"}
    )
    base = preset_scenario("llama-70b-rag")
    lab = base.model_copy(
        update={"name": "Lab", "workload": base.workload.model_copy(update={"model_id": "lab-70b"})}
    )
    odd_hw = base.hardware.model_copy(update={"gpu_id": "nobody-has-this"})
    odd = base.model_copy(update={"name": "Odd", "hardware": odd_hw})
    path = tmp_path / "colleague.aisle"
    save_plan(Plan(scenarios=[lab, odd], catalog=PlanCatalog(models=[own])), path)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS) as blocker:
        assert window.file_actions.open_path(path)
    assert blocker.args[0].result.model_name == "Lab fine-tune 70B"  # the plan's own model
    model_box = window.workload_panel.fields.widget(("workload", "model_id"))
    assert isinstance(model_box, QComboBox)
    assert model_box.currentText().startswith("Lab fine-tune 70B")
    gpu_box = window.hardware_panel.fields.widget(("hardware", "gpu_id"))
    assert isinstance(gpu_box, QComboBox)
    assert window.plan_warning.isVisibleTo(window) and "1 scenario" in window.plan_warning.text()
    assert "nobody-has-this" in window.scenario_bar.tabs.tabToolTip(1)
    with qtbot.waitSignal(window.service.failed, timeout=RESULT_TIMEOUT_MS):
        window.document.select(1)
    # Said in the planner's words, as every drop-down says it (the box read "nobody-has-this
    # (not in this catalog)", cut at 1280 px before "catalog")
    assert gpu_box.currentText() == 'No such GPU: "nobody-has-this", which the plan names'
    assert window.file_actions.save_to(path)  # the plan's own entry is kept
    assert [m.id for m in load_plan(path).plan.catalog.models] == ["lab-70b"]


def test_notes_are_saved_with_the_plan_and_shown_on_open(
    window: MainWindow, tmp_path: Path
) -> None:
    window.notes_panel.editor.setPlainText("Agreed FP8 with the AI team on 3 March.")
    assert window.document.is_modified()
    path = tmp_path / "noted.aisle"
    save_plan(window.document.plan(), path)
    assert load_plan(path).plan.notes == "Agreed FP8 with the AI team on 3 March."
    window.notes_panel.editor.setPlainText("")
    window.document.load(load_plan(path).plan, path)
    assert window.notes_panel.editor.toPlainText() == "Agreed FP8 with the AI team on 3 March."


def test_typing_in_the_notes_can_be_undone_there(window: MainWindow, qtbot: QtBot) -> None:
    """Notes keep the text box's own undo (Ctrl+Z while typing), apart from scenario edits."""
    editor = window.notes_panel.editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Ask about FP8")
    assert window.document.notes == "Ask about FP8"
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == "" and window.document.notes == ""


def test_save_as_onto_a_pipe_is_refused_and_the_plan_stays_unsaved(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "pipe.aisle")
    link = tmp_path / "link.aisle"
    link.symlink_to("pipe.aisle")
    _edit(window, qtbot, 640)
    shown = warnings_shown(monkeypatch)
    for target in (tmp_path / "pipe.aisle", link):
        _choose_file(monkeypatch, target)
        assert not window.file_actions.save_plan_as()
    assert len(shown) == 2 and all("pipe" in text for text in shown)
    assert window.document.is_modified() and window.document.path is None
    assert link.is_symlink()


def test_close_then_save_onto_a_loop_of_links_keeps_the_window_open(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    loop = tmp_path / "loop.aisle"
    loop.symlink_to("loop.aisle")
    window.document.mark_saved(loop)  # as if the file had been replaced by a loop meanwhile
    _edit(window, qtbot, 640)
    answer(monkeypatch, Button.Save)
    shown = warnings_shown(monkeypatch)
    assert not window.close()
    assert len(shown) == 1 and "loop of symbolic links" in shown[0]
    assert window.isVisible() and window.document.is_modified()


def test_start_up_offers_recovery_whatever_the_files_times_say(
    qtbot: QtBot, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = RecoveryStore()
    plan = Plan(scenarios=[preset_scenario("llama-8b-chat")])
    for key, when in (("naive", "2025-11-03T10:00:00"), ("year-one", "0001-01-01T00:00:00+00:00")):
        path = store.write(key, plan, None)
        data = json.loads(path.read_text(encoding="utf-8"))
        data["saved_at"] = when
        path.write_text(json.dumps(data), encoding="utf-8")
    store.close()
    asked = answer(monkeypatch)
    window = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(window)
    choice = offered_together(qtbot, window)  # two files: one list, newest first
    rows = [choice.files.item(i).text() for i in range(choice.files.count())]
    assert "autosaved at 2025-11-03" in rows[0] and "an unknown time" in rows[1]
    with qtbot.waitSignal(window.autosave.recovery_done, timeout=RESULT_TIMEOUT_MS) as done:
        qtbot.mouseClick(choice.later_button, Qt.MouseButton.LeftButton)
    assert done.args == [False] and asked == []


def test_a_ten_million_character_name_is_refused_with_a_short_message(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = json.loads(plan_to_text(Plan(scenarios=[preset_scenario("llama-8b-chat")])))
    data["scenarios"][0]["name"] = "n" * 10_000_000
    path = tmp_path / "long-name.aisle"
    path.write_text(json.dumps(data), encoding="utf-8")
    shown = warnings_shown(monkeypatch)
    assert not window.file_actions.open_path(path)
    assert len(shown) == 1 and len(shown[0]) < 1_000
    assert shown[0].endswith('...", name: must be at most 200 characters long')


def test_start_from_names_no_preset_for_a_scenario_that_is_not_one(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An opened plan's "Hospital pilot" began as no preset Aisle knows: "Start from" offers
    the presets instead of naming the 70B RAG one the window opened on."""
    path = tmp_path / "pilot.aisle"
    pilot = preset_scenario("llama-8b-chat").model_copy(update={"name": "Hospital pilot"})
    save_plan(Plan(scenarios=[pilot, preset_scenario("llama-8b-chat")]), path)
    box = window.preset_box
    assert box.currentData() == "llama-70b-rag"
    choose_in_the_file_dialog(qtbot, [path])
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        window.file_actions.open.trigger()
    assert window.controller.scenario.name == "Hospital pilot"
    assert box.currentIndex() == -1 and box.currentText() == ""
    assert box.placeholderText() == "a preset…"
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        window.scenario_bar.tabs.setCurrentIndex(1)  # the scenario that is the 8B preset
    assert box.currentData() == "llama-8b-chat"


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_a_plan_made_read_only_after_it_was_opened_is_not_saved_over(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The walk: another program made the open plan read-only; Save replaced it anyway."""
    path = tmp_path / "plan.aisle"
    assert window.file_actions.save_to(path)
    _edit(window, qtbot, 900)
    path.chmod(0o444)
    before = _folder_bytes(tmp_path)
    shown = warnings_shown(monkeypatch)
    window.file_actions.save.trigger()
    assert len(shown) == 1 and f"the plan to {path}: the file is read-only" in shown[0]
    assert window.isWindowModified() and _folder_bytes(tmp_path) == before


def test_a_full_disk_leaves_the_plan_and_its_backup_as_they_were(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Save through the File menu with the disk full at the system's write: the plan and its
    backup stay byte for byte, no temporary file is left, and the plan stays unsaved."""
    path = tmp_path / "plan.aisle"
    assert window.file_actions.save_to(path)
    _edit(window, qtbot, 800)
    assert window.file_actions.save_to(path)  # a plan and its .bak
    _edit(window, qtbot, 900)
    before = _folder_bytes(tmp_path)
    real_write = os.write

    def disk_full(fd: int, data: Any) -> int:
        if fd in (0, 1, 2):
            return real_write(fd, data)
        raise OSError(errno.ENOSPC, "No space left on device")

    shown = warnings_shown(monkeypatch)
    with monkeypatch.context() as patched:
        patched.setattr("aisle_desktop.plan.atomic.os.write", disk_full)
        window.file_actions.save.trigger()
    assert len(shown) == 1, shown
    assert ": the disk is full. The file on disk was left as it was." in shown[0]
    assert window.isWindowModified() and _folder_bytes(tmp_path) == before
    assert load_plan(path).plan.scenarios[0].workload.output_tokens == 800


@pytest.mark.parametrize("choice", [Button.Discard, Button.Yes])
def test_a_recovery_file_renamed_by_hand_is_offered_and_then_removed(
    qtbot: QtBot, catalog: Catalog, monkeypatch: pytest.MonkeyPatch, choice: Button
) -> None:
    """The walk: a recovery file a file manager copied ("Copy of x.aisle-recovery") was
    offered, and Discard or Yes then stopped the start-up with a ValueError: it was removed
    by a key its name does not make."""
    store = RecoveryStore()
    written = store.write("crashed", Plan(scenarios=[preset_scenario("llama-8b-chat")]), None)
    store.close()
    copy = written.with_name(f"Copy of crashed (1){written.suffix}")
    written.rename(copy)
    answer(monkeypatch, choice)
    window = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(window, before_close_func=lambda _w: answer(monkeypatch, Button.Discard))
    with qtbot.waitSignal(window.autosave.settled, timeout=RESULT_TIMEOUT_MS):
        assert recovery_offered(qtbot, window) == (choice == Button.Yes)
    assert not copy.exists()


def test_benchmark_lines_opened_in_the_window_point_to_predict(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`--open lines.jsonl` goes through open_path: the warning names the command that reads
    benchmark lines, and the plan shown stays as it was."""
    lines = tmp_path / "lines.jsonl"
    line = '{"id": "a", "gpu": "h100-sxm", "model": "llama-3.1-8b"}\n'
    lines.write_text(line * 2, encoding="utf-8")
    shown = warnings_shown(monkeypatch)
    names = [s.name for s in window.document.scenarios]
    assert not window.file_actions.open_path(lines)
    assert len(shown) == 1 and f"`aisle-desktop predict {lines}` predicts them" in shown[0]
    assert [s.name for s in window.document.scenarios] == names


def test_opening_a_plan_with_entries_this_machine_lacks_names_them_in_the_status_bar(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """The walk: one scenario read 'cannot size "Odd" here: they name catalog entries ...',
    naming no entry; a plan of 40 such scenarios quoted all 40 names in one status line."""
    base = preset_scenario("llama-70b-rag")
    odd_hw = base.hardware.model_copy(update={"gpu_id": "nobody-has-this"})
    odd = base.model_copy(update={"name": "Odd", "hardware": odd_hw})
    path = tmp_path / "colleague.aisle"
    save_plan(Plan(scenarios=[odd]), path)
    with qtbot.waitSignal(window.file_actions.message) as said:
        assert window.file_actions.open_path(path)
    assert said.args == [
        'Opened colleague.aisle; cannot size "Odd" here: it names GPU "nobody-has-this", '
        "which neither this machine's catalog nor the plan has (see the scenario's tab)"
    ]
    many = [odd.model_copy(update={"name": f"Odd {n}"}) for n in range(40)]
    save_plan(Plan(scenarios=many), path)
    with qtbot.waitSignal(window.file_actions.message) as said:
        assert window.file_actions.open_path(path)
    assert said.args == [
        'Opened colleague.aisle; cannot size "Odd 0", "Odd 1", "Odd 2" and 37 more scenarios '
        'here: they name GPU "nobody-has-this", which neither this machine\'s catalog nor the '
        "plan has (see the scenario's tab)"
    ]


def test_notes_pasted_past_their_limit_are_cut_and_the_tab_says_so(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The walk: a paste past a million characters was cut at the limit without a word, the
    planner left to find the end of their text missing."""
    panel = window.notes_panel
    window.curves_panel.setCurrentWidget(panel)
    line = "x" * 99 + "\n"
    QApplication.clipboard().setText(line * 10_010)  # 1,001,000 characters
    panel.editor.setFocus()
    qtbot.keyClick(panel.editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(window.document.notes) == 1_000_000
    assert panel.cut.isVisibleTo(panel)
    assert panel.cut.text() == (
        "Notes hold at most 1,000,000 characters: the last 1,000 of what was pasted or "
        "typed were left out."
    )
    panel.editor.selectAll()
    qtbot.keyClick(panel.editor, Qt.Key.Key_Delete)
    assert window.document.notes == "" and not panel.cut.isVisibleTo(panel)


def test_a_plan_an_older_aisle_saved_is_reported_so_until_it_is_saved(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Its report says it was sized again with today's calibration (`Report.saved_in_format`)
    while the file on disk is in the older format; saved, it is today's."""
    path = tmp_path / "november.aisle"
    path.write_text(json.dumps(v2_file(Plan(scenarios=[preset_scenario("llama-8b-chat")]))))
    drop = drop_of(window, [path])
    window.dropEvent(drop)
    assert window.document.path == path and window.document.saved_in_format == 2
    window.file_actions.save_plan()
    assert window.document.saved_in_format is None
