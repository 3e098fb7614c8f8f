"""A planner's whole session, by keyboard and the window's own dialogs (none stubbed): a new
plan, its model, GPU and users changed by typing, Save As with a typed name, the window closed,
the plan opened again from File > Open and from the recent list, a PDF exported, the report
printed to a file, the bill and the comparison exported; and saves that fail (a read-only
folder, a name too long, a folder that does not exist) say what and where, leaving the old
file as it was."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
)
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import atomic, load_plan
from aisle_desktop.ui.app import build_window
from aisle_desktop.ui.file_dialogs import SaveDialog
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, answer, click_into, warnings_shown
from tests.ui.dialogs import (
    choose_in_the_file_dialog,
    name_line_and_buttons,
    print_to_pdf_in_the_dialog,
    type_a_file_name,
)
from tests.ui.test_model_import import Answer, when_shown
from tests.ui.test_report_actions import trigger_and_wait

# The real dialog the window opens (conftest refuses it to tests that do not expect it).
REAL_SAVE_DIALOG = SaveDialog.exec
MODEL, GPU = ("workload", "model_id"), ("hardware", "gpu_id")
USERS = ("workload", "load", "active_users")


def save_in_the_file_dialog(
    qtbot: QtBot, folder: Path, typed: str, proposed: list[str] | None = None
) -> Answer:
    """In the real save dialog, once it shows: go to `folder`, type `typed` into its file
    name line as a planner does (a name, or a whole path), and click Save. `proposed` (if
    given) receives the name the dialog offered first."""
    return when_shown(QFileDialog, _save_act(qtbot, folder, typed, proposed))


def _save_act(
    qtbot: QtBot, folder: Path, typed: str, proposed: list[str] | None = None
) -> Callable[[QFileDialog], None]:
    def act(dialog: QFileDialog) -> None:
        if proposed is not None:
            proposed.append(name_line_and_buttons(dialog)[0].text())
        type_a_file_name(qtbot, dialog, folder, typed)
        _line, buttons = name_line_and_buttons(dialog)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.waitUntil(save.isEnabled, timeout=RESULT_TIMEOUT_MS)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    return act


def _choose_by_typing(qtbot: QtBot, window: MainWindow, path: tuple[str, ...], text: str) -> None:
    """Type part of a name into the Model or GPU box and press Enter: the first listed."""
    box = click_into(qtbot, window, path)
    assert isinstance(box, QComboBox) and box.lineEdit() is not None
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(QApplication.activePopupWidget() or box, Qt.Key.Key_Return)


def _type_users(qtbot: QtBot, window: MainWindow, users: str) -> None:
    box = click_into(qtbot, window, USERS)
    box.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(box, users)
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)


def _press(qtbot: QtBot, window: MainWindow, action: QAction) -> None:
    """The action's own shortcut, pressed in the window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    sequence = action.shortcut()
    assert not sequence.isEmpty(), action.text()
    combo = sequence[0]
    qtbot.keyClick(window, combo.key(), combo.keyboardModifiers())


def _second_window(qtbot: QtBot, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """The window started again, as after the planner closed it (same settings, recent list)."""
    again = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(again)
    with qtbot.waitSignals([again.service.sized, again.later.drained], timeout=RESULT_TIMEOUT_MS):
        again.show()
    return again


def _plan_as_chosen(window: MainWindow) -> tuple[str, str, int]:
    scenario = window.controller.scenario
    return scenario.workload.model_id, scenario.hardware.gpu_id, scenario.workload.load.active_users


def test_a_planners_session_through_the_windows_own_dialogs(
    window: MainWindow,
    qtbot: QtBot,
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(SaveDialog, "exec", REAL_SAVE_DIALOG)
    told = warnings_shown(monkeypatch)
    _press(qtbot, window, window.file_actions.new)  # unmodified: no question
    _choose_by_typing(qtbot, window, MODEL, "llama 3.1 8b")
    _choose_by_typing(qtbot, window, GPU, "H200")
    _type_users(qtbot, window, "450")
    chosen = _plan_as_chosen(window)
    assert chosen[0] == "llama-3.1-8b" and "h200" in chosen[1] and chosen[2] == 450
    assert window.isWindowModified()
    # Save As, a name typed without its extension.
    saved = tmp_path / "walk plan.aisle"
    dialog = save_in_the_file_dialog(qtbot, tmp_path, "walk plan")
    _press(qtbot, window, window.file_actions.save_as)
    assert dialog.shown and not dialog.left_open
    assert saved.is_file() and not window.isWindowModified()
    assert load_plan(saved).plan.scenarios[0].workload.load.active_users == 450
    assert window.windowTitle().startswith("walk plan.aisle")
    window.close()  # saved: closes without a question

    # Started again: the plan from File > Open…, then from the recent list.
    again = _second_window(qtbot, catalog, monkeypatch)
    try:
        assert again.file_actions.recent.paths()[0] == saved
        choose_in_the_file_dialog(qtbot, [saved])
        with qtbot.waitSignal(again.service.sized, timeout=RESULT_TIMEOUT_MS):
            _press(qtbot, again, again.file_actions.open)
        assert _plan_as_chosen(again) == chosen and again.document.path == saved
        _press(qtbot, again, again.file_actions.new)
        assert again.document.path is None
        again.file_actions.recent_menu.aboutToShow.emit()  # as the menu fills itself
        (recent,) = [a for a in again.file_actions.recent_menu.actions() if a.text() == saved.name]
        with qtbot.waitSignal(again.service.sized, timeout=RESULT_TIMEOUT_MS):
            recent.trigger()
        assert _plan_as_chosen(again) == chosen and again.document.path == saved
        qtbot.waitSignal(again.later.drained, timeout=RESULT_TIMEOUT_MS)

        # Export PDF: the name typed; the pages written.
        pdf = tmp_path / "walk plan.pdf"
        dialog = save_in_the_file_dialog(qtbot, tmp_path, pdf.name)
        trigger_and_wait(again, qtbot, again.report_actions.export_pdf)
        assert dialog.shown and pdf.read_bytes().startswith(b"%PDF")
        # Print, to a file, through the print dialog.
        printed = tmp_path / "printed.pdf"
        dialog = print_to_pdf_in_the_dialog(qtbot, printed)
        trigger_and_wait(again, qtbot, again.report_actions.print_plan)
        assert dialog.shown and printed.read_bytes().startswith(b"%PDF")
        # The bill and the comparison, as spreadsheets.
        dialog = save_in_the_file_dialog(qtbot, tmp_path, "walk bill.xlsx")
        again.bom_actions.export.trigger()
        assert dialog.shown
        assert load_workbook(tmp_path / "walk bill.xlsx").sheetnames[0] == "Bill of materials"
        offered: list[str] = []
        dialog = save_in_the_file_dialog(qtbot, tmp_path, "walk comparison.xlsx", offered)
        trigger_and_wait(again, qtbot, again.report_actions.export_comparison)
        assert dialog.shown and (tmp_path / "walk comparison.xlsx").stat().st_size > 0
        # Offered under the plan file's name, as the PDF is ("plan.aisle comparison.xlsx" once).
        assert offered == [f"{saved.stem} comparison.xlsx"]
        assert not any("cannot" in line.lower() for line in told), told
    finally:
        if again.document.is_modified():
            answer(monkeypatch, QMessageBox.StandardButton.Discard)
        again.close()


def _refuse_new_files_in(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """`folder` read-only, as for anyone but root: the OS refuses a new file there."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return
    made = atomic._temporary_copy

    def refused(path: Path, *args: object, **kwargs: object) -> Path:
        if path.parent == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return made(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic, "_temporary_copy", refused)


@pytest.mark.parametrize(
    ("case", "typed", "said"),
    [
        ("read-only folder", "other plan.aisle", "no permission to write in the folder {folder}"),
        ("whole path too long", "{folder}/" + ("d" * 200 + "/") * 21 + "p", "path is too long"),
        ("missing folder", "{folder}/no such folder/plan.aisle", "does not exist"),
    ],
)
def test_a_failed_save_says_what_and_where_and_keeps_the_old_file(
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    case: str,
    typed: str,
    said: str,
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    old = folder / "walk plan.aisle"
    assert window.file_actions.save_to(old)
    before = old.read_bytes()
    _type_users(qtbot, window, "450")
    monkeypatch.setattr(SaveDialog, "exec", REAL_SAVE_DIALOG)
    if case == "read-only folder":
        _refuse_new_files_in(monkeypatch, folder)
    told = warnings_shown(monkeypatch)
    dialog = save_in_the_file_dialog(qtbot, folder, typed.format(folder=folder))
    _press(qtbot, window, window.file_actions.save_as)
    assert dialog.shown and not dialog.left_open
    assert len(told) == 1, told
    (message,) = told
    # One message: what failed and where, why, and that the file on disk is untouched.
    assert message.startswith("Plan not saved: Could not save the plan to "), message
    assert message.lower().count("could not save") == 1, message
    assert "Nothing was written." in message, message  # a new name: no file there before
    assert message.endswith("Your plan is still open here, unsaved."), message
    assert said.format(folder=folder) in message, message
    assert old.read_bytes() == before, case
    assert window.isWindowModified() and window.document.path == old
    os.chmod(folder, 0o755)
    assert sorted(p.name for p in folder.iterdir()) == [old.name], case


def test_a_name_too_long_greys_save_and_the_dialog_says_why(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Walk: Qt's own save dialog greyed Save on a 300-character name and said nothing; the
    label beside the name now says why, and a shorter name takes it back (then the planner
    cancels)."""
    _type_users(qtbot, window, "450")
    monkeypatch.setattr(SaveDialog, "exec", REAL_SAVE_DIALOG)
    folder = tmp_path / "plans"
    folder.mkdir()
    labels: list[str] = []

    def type_too_long(dialog: QFileDialog) -> None:
        line, buttons = name_line_and_buttons(dialog)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        dialog.setDirectory(str(folder))
        line.setFocus()
        line.selectAll()
        qtbot.keyClicks(line, "z" * 300)
        labels.append(dialog.labelText(QFileDialog.DialogLabel.FileName))
        assert not save.isEnabled()
        qtbot.keyClick(line, Qt.Key.Key_Backspace)
        line.selectAll()
        qtbot.keyClicks(line, "short")
        labels.append(dialog.labelText(QFileDialog.DialogLabel.FileName))
        qtbot.keyClick(line, Qt.Key.Key_Escape)

    shown = when_shown(QFileDialog, type_too_long)
    _press(qtbot, window, window.file_actions.save_as)
    assert shown.shown and not shown.left_open
    assert labels == ["Too long (300 bytes; at most 255):", "File name:"]
    assert window.isWindowModified() and window.document.path is None
    assert list(folder.iterdir()) == []
