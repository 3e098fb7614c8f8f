"""Two windows and the command line on one file: no save silently drops another's change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, backup_path, load_plan, preset_scenario, save_plan
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, answer

Button = QMessageBox.StandardButton
TOKENS = ("workload", "output_tokens")
WATCH_MS = 10_000


@pytest.fixture
def opened(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> Path:
    """The window has plan.aisle open and an unsaved edit (700 output tokens)."""
    path = tmp_path / "plan.aisle"
    save_plan(Plan(scenarios=[preset_scenario("llama-70b-rag")], notes="first"), path)
    assert window.file_actions.open_path(path)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.controller.set_field(TOKENS, 700, "Output tokens")
    return path


def _someone_else_saves(path: Path, notes: str) -> None:
    save_plan(load_plan(path).plan.model_copy(update={"notes": notes}), path)


def test_saving_over_another_windows_save_asks_and_cancel_keeps_theirs(
    window: MainWindow, opened: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _someone_else_saves(opened, "window B")
    theirs = opened.read_bytes()
    asked = answer(monkeypatch, Button.Cancel)
    assert not window.file_actions.save_plan()
    assert len(asked) == 1 and "changed on disk" in asked[0]
    assert opened.read_bytes() == theirs and window.document.is_modified()


def test_overwrite_keeps_theirs_as_the_backup(
    window: MainWindow, opened: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["plan", "new", "--force", "--preset", "deepseek-v3", "-o", str(opened)]) == 0
    cli_version = opened.read_bytes()
    answer(monkeypatch, Button.Save)  # shown as "Overwrite"
    assert window.file_actions.save_plan()
    assert load_plan(opened).plan.scenarios[0].workload.output_tokens == 700
    assert backup_path(opened).read_bytes() == cli_version
    assert not window.document.is_modified()
    window.controller.set_field(TOKENS, 710, "Output tokens")
    assert window.file_actions.save_plan()  # the file is ours again: no question


def test_reload_takes_their_version(
    window: MainWindow, qtbot: QtBot, opened: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _someone_else_saves(opened, "window B")
    answer(monkeypatch, Button.Reset)  # shown as "Reload"
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        assert not window.file_actions.save_plan()
    assert window.document.notes == "window B" and not window.document.is_modified()
    assert window.controller.scenario.workload.output_tokens == 256


def test_a_change_on_disk_offers_reload(window: MainWindow, qtbot: QtBot, opened: Path) -> None:
    watch = window.disk_watch
    assert not watch.bar.isVisibleTo(window)
    with qtbot.waitSignal(watch.changed_on_disk, timeout=WATCH_MS):
        _someone_else_saves(opened, "window B")
    assert watch.bar.isVisibleTo(window)
    assert "plan.aisle was changed on disk" in watch.text.text()
    assert "unsaved changes" in watch.text.text()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        watch.reload_button.click()
    assert window.document.notes == "window B" and not watch.bar.isVisibleTo(window)
    with qtbot.waitSignal(watch.changed_on_disk, timeout=WATCH_MS):
        _someone_else_saves(opened, "again")  # still watched after the file was replaced
    watch.keep_button.click()
    assert not watch.bar.isVisibleTo(window) and window.document.notes == "window B"


def test_the_windows_own_save_raises_no_offer(
    window: MainWindow, qtbot: QtBot, opened: Path
) -> None:
    watch = window.disk_watch
    assert window.file_actions.save_plan()
    watch.check(opened)  # what the watcher does on the event our own save caused
    assert not watch.bar.isVisibleTo(window)


def test_a_save_over_a_newer_aisles_file_says_overwriting_writes_the_older_format(
    window: MainWindow, opened: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk: a colleague's newer Aisle saved the file (plan format version 5); Save asked
    only whether to overwrite a file 'changed on disk', and Overwrite wrote version 4 over it
    without a word of what a newer Aisle may have added."""
    data = json.loads(opened.read_text(encoding="utf-8"))
    data["version"] = 5
    opened.write_text(json.dumps(data), encoding="utf-8")
    asked = answer(monkeypatch, Button.Cancel)
    assert not window.file_actions.save_plan()
    assert len(asked) == 1
    assert (
        "It was saved by a newer Aisle (plan format version 5): overwriting writes version "
        "4, without what that Aisle may have added." in asked[0]
    )
    assert json.loads(opened.read_text(encoding="utf-8"))["version"] == 5
