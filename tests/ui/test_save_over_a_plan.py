"""Save As and Open in Qt's own (non-native) file dialogs, walked by hand: a name typed and
Enter pressed, as a planner does. Saving over a plan that is there asks first (No keeps it),
a name typed without ".aisle" over "NAME.aisle" asks too (it replaced the plan without a word),
Escape cancels and writes nothing, and a save over a plan in a read-only folder says why and
leaves the plan on disk as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Plan, load_plan, preset_scenario, save_plan
from aisle_desktop.ui.file_dialogs import SaveDialog
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, warnings_shown
from tests.ui.dialogs import name_line_and_buttons, type_a_file_name
from tests.ui.test_model_import import Answer, when_shown
from tests.ui.test_planner_walk import REAL_SAVE_DIALOG, _press, _refuse_new_files_in, _type_users

Button = QMessageBox.StandardButton
REPLACE_ASKED = "already exists"


def _typed_then_enter(
    qtbot: QtBot, folder: Path, typed: str, then_escape: bool = False
) -> Callable[[QFileDialog], None]:
    """In the file dialog: go to `folder`, type `typed` into the file name line and press
    Enter (on the completer's list of matching names where it shows, as the key lands there);
    `then_escape`: the dialog still open once Enter is answered, press Escape."""

    def act(dialog: QFileDialog) -> None:
        line = type_a_file_name(qtbot, dialog, folder, typed)
        qtbot.keyClick(QApplication.activePopupWidget() or line, Qt.Key.Key_Return)
        if then_escape:
            assert dialog.isVisible()
            qtbot.keyClick(line, Qt.Key.Key_Escape)

    return act


def _escape(qtbot: QtBot) -> Callable[[QFileDialog], None]:
    def act(dialog: QFileDialog) -> None:
        qtbot.waitExposed(dialog)
        line, _buttons = name_line_and_buttons(dialog)
        qtbot.keyClick(line, Qt.Key.Key_Escape)

    return act


def _replace_answered(qtbot: QtBot, button: Button, asked: list[str]) -> Answer:
    """Qt's own "NAME already exists. Do you want to replace it?", read and answered by a
    click on `button` (Yes or No)."""

    def act(box: QMessageBox) -> None:
        qtbot.waitExposed(box)
        asked.append(box.text())
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    return when_shown(QMessageBox, act)


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A folder holding "walk plan.aisle", an 8B chat plan (not the window's)."""
    folder = tmp_path / "plans"
    folder.mkdir()
    save_plan(Plan(scenarios=[preset_scenario("llama-8b-chat")]), folder / "walk plan.aisle")
    return folder


@pytest.mark.parametrize("typed", ["walk plan.aisle", "walk plan"])
def test_saving_over_a_plan_asks_first_and_no_keeps_it(
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    plans: Path,
    typed: str,
) -> None:
    """Typed without ".aisle", the name still names the plan there: Qt asked nothing and the
    8B plan was replaced (kept only as its .bak)."""
    old = plans / "walk plan.aisle"
    before = old.read_bytes()
    _type_users(qtbot, window, "450")
    monkeypatch.setattr(SaveDialog, "exec", REAL_SAVE_DIALOG)
    asked: list[str] = []
    # No: back in the dialog, which Escape then closes.
    replace = _replace_answered(qtbot, Button.No, asked)
    saving = when_shown(QFileDialog, _typed_then_enter(qtbot, plans, typed, then_escape=True))
    _press(qtbot, window, window.file_actions.save_as)
    assert saving.shown and replace.shown and not saving.left_open, asked
    assert asked == [f"walk plan.aisle {REPLACE_ASKED}.\nDo you want to replace it?"]
    assert old.read_bytes() == before and not (plans / "walk plan.aisle.bak").exists()
    assert window.isWindowModified() and window.document.path is None

    # Yes: the planner's plan replaces it, the old one kept beside it.
    replace = _replace_answered(qtbot, Button.Yes, asked)
    saving = when_shown(QFileDialog, _typed_then_enter(qtbot, plans, typed))
    _press(qtbot, window, window.file_actions.save_as)
    assert saving.shown and replace.shown and not saving.left_open
    assert load_plan(old).plan.scenarios[0].workload.load.active_users == 450
    assert (plans / "walk plan.aisle.bak").read_bytes() == before
    assert not window.isWindowModified() and window.document.path == old
    assert sorted(p.name for p in plans.iterdir()) == ["walk plan.aisle", "walk plan.aisle.bak"]


def test_escape_in_save_as_writes_nothing_and_keeps_the_plan_unsaved(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, plans: Path
) -> None:
    before = sorted(p.name for p in plans.iterdir())
    _type_users(qtbot, window, "450")
    monkeypatch.setattr(SaveDialog, "exec", REAL_SAVE_DIALOG)
    told = warnings_shown(monkeypatch)
    closing = when_shown(QFileDialog, _escape(qtbot))
    _press(qtbot, window, window.file_actions.save_as)
    assert closing.shown and not closing.left_open
    assert sorted(p.name for p in plans.iterdir()) == before and told == []
    assert window.isWindowModified() and window.document.path is None


def test_a_failed_save_over_a_plan_says_why_and_keeps_the_old_file(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, plans: Path
) -> None:
    """The folder read-only: Yes to replace, then one message saying what failed, why, and
    that the plan on disk is as it was; nothing else written there."""
    old = plans / "walk plan.aisle"
    before = old.read_bytes()
    _type_users(qtbot, window, "450")
    monkeypatch.setattr(SaveDialog, "exec", REAL_SAVE_DIALOG)
    _refuse_new_files_in(monkeypatch, plans)
    told = warnings_shown(monkeypatch)
    asked: list[str] = []
    replace = _replace_answered(qtbot, Button.Yes, asked)
    saving = when_shown(QFileDialog, _typed_then_enter(qtbot, plans, "walk plan"))
    try:
        _press(qtbot, window, window.file_actions.save_as)
    finally:
        plans.chmod(0o755)
    assert saving.shown and replace.shown and not saving.left_open
    (message,) = told
    assert message.startswith(f"Plan not saved: Could not save the plan to {old}: "), message
    assert f"no permission to write in the folder {plans}" in message, message
    assert "left as it was" in message, message
    assert message.endswith("Your plan is still open here, unsaved."), message
    assert old.read_bytes() == before
    assert sorted(p.name for p in plans.iterdir()) == ["walk plan.aisle"]
    assert window.isWindowModified() and window.document.path is None


def test_open_by_typed_name_and_enter_and_escape_keeps_the_plan(
    window: MainWindow, qtbot: QtBot, plans: Path
) -> None:
    """File > Open…: Escape changes nothing; the name typed and Enter opens the plan."""
    window.file_actions.recent.add(plans / "walk plan.aisle")  # Open starts in its folder
    closing = when_shown(QFileDialog, _escape(qtbot))
    _press(qtbot, window, window.file_actions.open)
    assert closing.shown and not closing.left_open
    assert window.controller.scenario.workload.model_id == "llama-3.1-70b"
    opening = when_shown(QFileDialog, _typed_then_enter(qtbot, plans, "walk plan.aisle"))
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        _press(qtbot, window, window.file_actions.open)
    assert opening.shown and not opening.left_open
    assert window.document.path == plans / "walk plan.aisle"
    assert window.controller.scenario.workload.model_id == "llama-3.1-8b"


@pytest.mark.parametrize("action", ["export_pdf", "export_comparison", "export_bill"])
def test_the_exports_of_an_unsaved_plan_open_where_plans_are_kept(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, plans: Path, action: str
) -> None:
    """Walk: Export PDF, the bill and the comparison of a plan not yet saved opened in the
    folder Aisle was started from (the source checkout; from a launcher, often "/"); they now
    open where Save As does, the last plan's folder. Escape writes nothing."""
    window.file_actions.recent.add(plans / "walk plan.aisle")
    monkeypatch.setattr(SaveDialog, "exec", REAL_SAVE_DIALOG)
    folders: list[Path] = []

    def look_then_escape(dialog: QFileDialog) -> None:
        folders.append(Path(dialog.directory().absolutePath()))
        _escape(qtbot)(dialog)

    closing = when_shown(QFileDialog, look_then_escape)
    trigger = {
        "export_pdf": window.report_actions.export_pdf,
        "export_comparison": window.report_actions.export_comparison,
        "export_bill": window.bom_actions.export,
    }[action]
    trigger.trigger()
    assert closing.shown and not closing.left_open
    assert folders == [plans]
    assert sorted(p.name for p in plans.iterdir()) == ["walk plan.aisle"]
