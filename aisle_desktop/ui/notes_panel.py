"""The plan's free-text notes: decisions, open questions, who asked for what."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from aisle_desktop.plan.document import MAX_NOTES_CHARS
from aisle_desktop.ui.document import PlanDocument


class NotesPanel(QWidget):
    """Edits `PlanDocument.notes`; the notes travel with the plan file and into the report."""

    def __init__(self, document: PlanDocument) -> None:
        super().__init__()
        self._document = document
        layout = QVBoxLayout(self)
        hint = QLabel(
            "Notes saved with the plan: decisions, open questions for the AI team, sources."
        )
        hint.setStyleSheet("color: #555;")
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("For example: model choice agreed with the AI team on …")
        self.editor.setAccessibleName("Plan notes")
        layout.addWidget(hint)
        layout.addWidget(self.editor)
        self.editor.textChanged.connect(self._edited)
        document.notes_loaded.connect(self._show)

    def _show(self, text: str) -> None:
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)

    def _edited(self) -> None:
        text = self.editor.toPlainText()
        if len(text) > MAX_NOTES_CHARS:
            self._show(text[:MAX_NOTES_CHARS])
            text = text[:MAX_NOTES_CHARS]
        self._document.set_notes(text)
