"""The real dialogs, used as a planner uses them (no stubbed `exec`): files chosen in File >
Open…, an explanation read and closed with Escape, a report printed to a PDF file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFileSystemModel,
    QLineEdit,
    QTextBrowser,
)
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.explanation_dialog import ExplanationDialog
from tests.ui.conftest import RESULT_TIMEOUT_MS
from tests.ui.test_model_import import Answer, when_shown


def name_line_and_buttons(dialog: QFileDialog) -> tuple[QLineEdit, QDialogButtonBox]:
    """Qt's own file dialog's file name line and its Open or Save and Cancel buttons."""
    line = dialog.findChild(QLineEdit, "fileNameEdit")
    buttons = dialog.findChild(QDialogButtonBox)
    assert line is not None and buttons is not None
    return line, buttons


def type_a_file_name(qtbot: QtBot, dialog: QFileDialog, folder: Path, typed: str) -> QLineEdit:
    """In the file dialog: go to `folder` and type `typed` over its file name line, with the
    focus in it as a planner's would be; the line."""
    line, _buttons = name_line_and_buttons(dialog)
    dialog.setDirectory(str(folder))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=RESULT_TIMEOUT_MS)
    line.setFocus()
    qtbot.waitUntil(line.hasFocus, timeout=RESULT_TIMEOUT_MS)
    line.selectAll()
    qtbot.keyClicks(line, typed)
    assert line.text() == typed
    return line


def choose_in_the_file_dialog(
    qtbot: QtBot, paths: list[Path], look: Callable[[QFileDialog], None] | None = None
) -> Answer:
    """In the real File > Open… dialog, which opens in the folder of the last plan opened:
    `look` at it if asked; once it lists the files, type their names (quoted, for several)
    into its file name line, or one file's whole path from another folder, and click Open."""

    def act(dialog: QFileDialog) -> None:
        line = dialog.findChild(QLineEdit, "fileNameEdit")
        buttons = dialog.findChild(QDialogButtonBox)
        listing = dialog.findChild(QFileSystemModel)
        assert line is not None and buttons is not None and listing is not None
        if look is not None:
            look(dialog)

        def listed() -> set[str]:
            folder = listing.index(str(paths[0].parent))
            return {
                listing.fileName(listing.index(r, 0, folder))
                for r in range(listing.rowCount(folder))
            }

        here = Path(dialog.directory().absolutePath()) == paths[0].parent
        assert here or len(paths) == 1  # several are chosen by name in the folder shown
        if here:  # listed in its own time; names typed before it has are not found
            qtbot.waitUntil(lambda: {p.name for p in paths} <= listed(), timeout=RESULT_TIMEOUT_MS)
        # Typed into the line while it has the focus: without it, the dialog wrote the file the
        # first name's letters matched over the line ("good.aisle", its quote gone).
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=RESULT_TIMEOUT_MS)
        line.setFocus()
        qtbot.waitUntil(line.hasFocus, timeout=RESULT_TIMEOUT_MS)
        if len(paths) > 1:
            typed = " ".join(f'"{p.name}"' for p in paths)
        else:  # by name in its folder; from elsewhere, by its whole path
            typed = paths[0].name if here else str(paths[0])
        qtbot.keyClicks(line, typed)
        assert line.text() == typed
        open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        wanted = sorted(str(p) for p in paths)
        qtbot.waitUntil(
            lambda: open_button.isEnabled() and sorted(dialog.selectedFiles()) == wanted,
            timeout=RESULT_TIMEOUT_MS,
        )
        # Clicked, not Enter: the completer's list, showing the names matched, takes Enter.
        qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)

    return when_shown(QFileDialog, act)


def read_explanation(qtbot: QtBot, open_it: Callable[[], None]) -> str:
    """The text of the explanation `open_it` opens (a click on a figure or a "why"), read in
    the real dialog once it shows, which is then closed with Escape as a planner closes it."""
    read: list[str] = []

    def act(dialog: ExplanationDialog) -> None:
        qtbot.waitExposed(dialog)
        text = dialog.findChild(QTextBrowser)
        assert text is not None
        read.append(text.toPlainText())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    answer = when_shown(ExplanationDialog, act)
    open_it()  # returns once the dialog has closed
    assert answer.shown and not answer.left_open
    (text,) = read
    return text


def print_to_pdf_in_the_dialog(
    qtbot: QtBot, target: Path, proposed: list[str] | None = None
) -> Answer:
    """In the real print dialog (offscreen, Qt's own widgets), once it shows: choose its
    "Print to File (PDF)" printer, type ``target`` into its file line and click Print.
    ``proposed`` (if given) receives the file the dialog offered first."""

    def act(dialog: QPrintDialog) -> None:
        qtbot.waitExposed(dialog)
        printers = dialog.findChild(QComboBox, "printers")
        line = dialog.findChild(QLineEdit, "filename")
        buttons = dialog.findChild(QDialogButtonBox)
        assert printers is not None and line is not None and buttons is not None
        to_file = printers.findText("PDF", Qt.MatchFlag.MatchContains)
        assert to_file >= 0, [printers.itemText(i) for i in range(printers.count())]
        printers.setCurrentIndex(to_file)
        qtbot.waitUntil(line.isEnabled, timeout=RESULT_TIMEOUT_MS)
        if proposed is not None:
            proposed.append(line.text())
        line.selectAll()
        qtbot.keyClicks(line, str(target))
        assert line.text() == str(target)
        print_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert print_button is not None and print_button.text().replace("&", "") == "Print"
        qtbot.mouseClick(print_button, Qt.MouseButton.LeftButton)

    return when_shown(QPrintDialog, act)
