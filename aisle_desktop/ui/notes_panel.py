"""The plan's free-text notes: decisions, open questions, who asked for what."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from aisle_desktop.plan.document import MAX_NOTES_CHARS, MAX_PLAN_NAME_CHARS
from aisle_desktop.ui.document import PlanDocument
from aisle_desktop.ui.name_line import LengthLimit, left_out_words, say_on, trouble_line
from aisle_desktop.ui.plain_text import plain_label
from aisle_desktop.ui.theme import Theme

# A user catalog of thousands of bad entries must not make a dialog or the tab miles long.
REMARKS_SHOWN = 50


def at_most(lines: Sequence[str], most: int, where: str = "") -> list[str]:
    """The first `most` lines, then "... and N more" (`where` says where the rest are)."""
    if len(lines) <= most:
        return list(lines)
    return [*lines[:most], f"... and {len(lines) - most:,} more{where}"]


class NotesPanel(QWidget):
    """Edits the plan's name and `PlanDocument.notes`; both travel with the plan file and into
    the report (the name is its title)."""

    def __init__(self, document: PlanDocument) -> None:
        super().__init__()
        self._document = document
        layout = QVBoxLayout(self)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("For example: Hospital RAG assistant, 2027 budget")
        self.name_edit.setToolTip("The plan's name: the title of its report")
        name_limit = LengthLimit(self.name_edit, MAX_PLAN_NAME_CHARS, "A plan name holds")
        name_limit.edited.connect(document.set_name)
        document.name_loaded.connect(self.name_edit.setText)
        # Said when a paste went past what a name holds, and hidden again by the next edit.
        self.name_cut = trouble_line()
        name_limit.said.connect(lambda words: say_on(self.name_cut, words))
        named = QFormLayout()
        named.addRow("Plan name", self.name_edit)
        named.addRow("", self.name_cut)
        layout.addLayout(named)
        hint = QLabel(
            "Notes saved with the plan: decisions, open questions for the AI team, sources."
        )
        hint.setStyleSheet(f"color: {Theme.of(hint).muted.name()};")
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("For example: model choice agreed with the AI team on …")
        self.editor.setAccessibleName("Plan notes")
        # Tab leaves the notes, as it leaves every other field (it typed a tab character:
        # a planner tabbing through the window was caught here for good).
        self.editor.setTabChangesFocus(True)
        # Said when a paste went past what notes hold, and hidden again by the next edit.
        self.cut = trouble_line()
        layout.addWidget(hint)
        layout.addWidget(self.editor)
        layout.addWidget(self.cut)
        # What Aisle itself has to say (entries of the user's catalog it left out, fields a
        # plan file left to their defaults): shown here, never written into the plan's notes.
        self._remarks: dict[str, list[str]] = {}
        self.remarks_box = QGroupBox("From Aisle (not saved with the plan)")
        self.remarks = plain_label()
        self.remarks.setWordWrap(True)
        self.remarks.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self.remarks_box).addWidget(self.remarks)
        self.remarks_box.hide()
        layout.addWidget(self.remarks_box)
        self.editor.textChanged.connect(self._edited)
        document.notes_loaded.connect(self._show)

    def set_remarks(self, source: str, lines: list[str]) -> None:
        """Aisle's remarks from one `source` ("catalog", "plan file"), replacing its last."""
        self._remarks[source] = list(lines)
        every = [line for remarks in self._remarks.values() for line in remarks]
        shown = [f"• {line}" for line in at_most(every, REMARKS_SHOWN)]
        self.remarks.setText("\n".join(shown))
        self.remarks_box.setVisible(bool(shown))

    def remark_lines(self) -> list[str]:
        """Every remark shown, in order."""
        return [line for remarks in self._remarks.values() for line in remarks]

    def _show(self, text: str) -> None:
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)

    def _edited(self) -> None:
        text = self.editor.toPlainText()
        left_out = len(text) - MAX_NOTES_CHARS
        if left_out > 0:
            self._show(text[:MAX_NOTES_CHARS])
            text = text[:MAX_NOTES_CHARS]
            self.cut.setText(left_out_words("Notes hold", MAX_NOTES_CHARS, left_out))
        self.cut.setVisible(left_out > 0)
        self._document.set_notes(text)
