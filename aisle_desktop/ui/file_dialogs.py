"""File dialogs that open at a size a planner can read, and a save dialog that says why it
refuses a name.

Qt's own file dialog (used where the desktop offers none, as on an air-gapped machine with no
portal) opened at 630 x 410 px: the Name column cut long plan names short and the Date Modified
column was cut at the right (QA walk). It now opens at READABLE_PX, within the window's
screen, and its Name column takes what the other columns leave it. A desktop's own dialog
chooses its own size; these settings do not reach it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QFileDialog, QHeaderView, QLineEdit, QTreeView, QWidget

from aisle_desktop.plan.atomic import NAME_MAX_BYTES
from aisle_desktop.strict_json import NUL_IN_NAME, holds_nul
from aisle_desktop.ui.plain_text import warn

# Wide enough for a plan's long file name beside its size, type and date, and for twelve
# or so files in view: the size of a document window a planner would open by hand.
READABLE_PX = QSize(960, 600)
# At most this share of the screen's free room, so a small screen still shows it whole.
SCREEN_SHARE = 0.9


def readable_size(wanted: QSize, screen: QSize) -> QSize:
    """`wanted`, within `SCREEN_SHARE` of the `screen` room (pure arithmetic)."""
    return QSize(
        min(wanted.width(), int(screen.width() * SCREEN_SHARE)),
        min(wanted.height(), int(screen.height() * SCREEN_SHARE)),
    )


def file_dialog(
    parent: QWidget,
    title: str,
    folder: str,
    name_filter: str,
    kind: type[QFileDialog] = QFileDialog,
) -> QFileDialog:
    """A file dialog (of `kind`) over `parent` at a readable size: the size, type and date
    columns whole, the Name column taking the rest."""
    dialog = kind(parent, title, folder, name_filter)
    screen = parent.screen()
    room = screen.availableGeometry().size() if screen is not None else READABLE_PX
    dialog.resize(readable_size(READABLE_PX.expandedTo(dialog.sizeHint()), room))
    listing = dialog.findChild(QTreeView, "treeView")  # Qt's own dialog's detailed list
    if listing is not None:
        header = listing.header()
        header.setStretchLastSection(False)
        for column in range(1, header.count()):  # size, type, date: whole
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return dialog


def name_too_long(name: str) -> bool:
    """Whether no Linux file system takes `name` (one file or folder name, not a path)."""
    return len(os.fsencode(name)) > NAME_MAX_BYTES


FILE_NAME_LABEL = "File name:"


def name_label(typed: str) -> str:
    """What the save dialog's label beside its file name line says for `typed`: why the name
    will not do, when it is too long for the disk."""
    name = Path(typed).name
    if not name_too_long(name):
        return FILE_NAME_LABEL
    return f"Too long ({len(os.fsencode(name)):,} bytes; at most {NAME_MAX_BYTES}):"


_EXTENSION = re.compile(r"\*\.(\w+)")


def default_suffix(chosen_filter: str, name_filter: str) -> str:
    """The extension a name typed without one is given: the chosen filter's first ("xlsx" for
    "Excel (*.xlsx)"), else, for "All files (*)", the first filter's that names one."""
    for text in (chosen_filter, name_filter):
        found = _EXTENSION.search(text)
        if found:
            return found.group(1)
    return ""


class SaveDialog(QFileDialog):
    """A save dialog that says why it will not take a name too long for the disk, and asks
    before replacing a file named without its extension.

    Walk: Qt's own dialog greyed its Save button on a 300-character name and said nothing,
    so the planner never learnt why; the label beside the name now says it. "walk plan"
    typed where "walk plan.aisle" was saved replaced that plan without a question (Qt asked
    about "walk plan", which is not there; Aisle added ".aisle" after): the dialog now adds
    the extension itself (`default_suffix`), before it asks."""

    def __init__(self, parent: QWidget, title: str, folder: str, name_filter: str) -> None:
        super().__init__(parent, title, folder, name_filter)
        line = self.findChild(QLineEdit, "fileNameEdit")  # Qt's own dialog's name line
        if line is not None:
            line.textChanged.connect(self._say_if_too_long)
        self.filterSelected.connect(
            lambda chosen: self.setDefaultSuffix(default_suffix(chosen, name_filter))
        )
        self.setDefaultSuffix(default_suffix(self.selectedNameFilter(), name_filter))

    def _say_if_too_long(self, typed: str) -> None:
        self.setLabelText(QFileDialog.DialogLabel.FileName, name_label(typed))


def save_file_name(parent: QWidget, title: str, start: str, name_filter: str) -> tuple[str, str]:
    """The file a planner chose to save to, in a save dialog at a readable size that says
    why it will not take a name (`SaveDialog`), starting at `start` (a file's path), and the filter
    chosen; ("", "") if the planner cancelled, or chose a name holding a NUL (said, nothing
    written). Its arguments are QFileDialog.getSaveFileName's."""
    start_path = Path(start)
    dialog = file_dialog(parent, title, str(start_path.parent), name_filter, SaveDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.selectFile(start_path.name)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return "", ""
        chosen = dialog.selectedFiles()[0]
        if holds_nul(Path(chosen)):  # pasted into the name line: every writer would raise
            shown = chosen.replace("\0", "\\x00")
            warn(parent, "Not saved", f"{shown}: {NUL_IN_NAME}; nothing was written.")
            return "", ""
        return chosen, dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()
