"""Several recovery files left behind, offered together in one dialog.

Start-up asked about each file in a dialog of its own, newest first: a planner with seven
files left by a week of crashes answered seven questions without seeing the others, and Yes on
the first left the rest unseen until the next start. `RecoveryChoice` lists them all, newest
first (which plan, its file or that it was never saved, when it was autosaved), the newest
chosen: Open opens the one chosen, Delete deletes the one chosen (asked for through the
autosaver's queue, off the window's thread) and keeps the dialog for the rest, Decide Later
keeps every file left for the next start. It is window-modal and opened, not run in an event
loop of its own: the autosaver carries on when it finishes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aisle_desktop.plan import RecoveryEntry
from aisle_desktop.ui.plain_text import clipped, plain_label, tooltip

TITLE = "Recover unsaved work?"


def entry_line(entry: RecoveryEntry) -> str:
    """One file's row: the plan's name, whose changes, when autosaved."""
    plan = entry.plan
    name = ""
    if plan is not None:
        name = plan.name or (plan.scenarios[0].name if plan.scenarios else "")
    source = f"changes of {entry.source}" if entry.source else "a plan that was never saved"
    when = (
        entry.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if entry.saved_at
        else "an unknown time"
    )
    named = f"“{clipped(name, 80)}”: " if name else ""
    return f"{named}{source}, autosaved at {when}"


def choice_text(count: int) -> str:
    return (
        f"Aisle found unsaved work of {count} plans, from sessions that ended without saving.\n"
        "Open: open the one chosen (then save it where you like). Delete: delete the one "
        "chosen. Decide Later: keep the rest for the next start."
    )


class RecoveryChoice(QDialog):
    """The recovery files left behind, one row each, newest first.

    Signals:
        deleted(object): the planner deleted this `RecoveryEntry`'s file.
    """

    deleted = Signal(object)

    def __init__(self, parent: QWidget, entries: list[RecoveryEntry]) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._entries = list(entries)
        self.text = plain_label(choice_text(len(entries)))
        self.text.setWordWrap(True)
        self.files = QListWidget()
        for entry in entries:
            item = QListWidgetItem(entry_line(entry))
            item.setToolTip(tooltip(str(entry.path)))
            self.files.addItem(item)
        self.files.setCurrentRow(0)
        self.files.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.delete_button = QPushButton("Delete")
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.later_button = buttons.addButton(
            "Decide Later", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.open_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.delete_button.clicked.connect(self._delete)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.files)
        layout.addWidget(buttons)
        self.resize(720, 360)

    def chosen(self) -> RecoveryEntry | None:
        row = self.files.currentRow()
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def _delete(self) -> None:
        row = self.files.currentRow()
        if not 0 <= row < len(self._entries):
            return
        entry = self._entries.pop(row)
        self.files.takeItem(row)
        self.deleted.emit(entry)
        if not self._entries:
            self.reject()  # nothing left to choose
            return
        self.text.setText(choice_text(len(self._entries)))
        self.files.setCurrentRow(min(row, len(self._entries) - 1))
