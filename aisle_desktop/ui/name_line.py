"""Line fields for names, ids and searches: at most so many characters, and a paste past
them is said.

Qt's QLineEdit keeps at most its maxLength (32,767 characters unless set) and drops the rest
of a paste without a word; a scenario's rename then refused "this one has 32,767" of a 40,000-
character paste, and a search looked for the first 32,767 of a pasted page. Here the field
takes the whole paste, keeps what the name or search holds and says how much it left out, as
the plan's notes do.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QLineEdit, QWidget

from aisle_desktop.ui.plain_text import plain_label
from aisle_desktop.ui.theme import Theme

# Qt's own cut is lifted (its largest int): what a name holds is this module's to say.
NO_QT_LIMIT = 2**31 - 1
# A search (the glossary's, the Model box's) holds as many characters as a plan's name: the
# longest term or catalog name is under 100, so a longer search finds nothing more.
MAX_SEARCH_CHARS = 200


def left_out_words(holds: str, most_chars: int, left_out: int) -> str:
    """ "A plan name holds at most 200 characters: the last 40 of what was pasted or typed
    were left out." (``holds`` is what holds them: "A plan name holds", "Notes hold")."""
    were = "was" if left_out == 1 else "were"
    return (
        f"{holds} at most {most_chars:,} characters: the last {left_out:,} of what was "
        f"pasted or typed {were} left out."
    )


def trouble_line() -> QLabel:
    """A hidden line in the theme's colour for trouble, under a field or a table, for what an
    edit left out or what could not be done (``say_on`` shows it)."""
    line = plain_label()
    line.setWordWrap(True)
    line.setStyleSheet(f"color: {Theme.of(line).text_in('bad').name()};")
    line.hide()
    return line


def say_on(line: QLabel, words: str) -> None:
    """Show ``words`` on a trouble line, or hide it when there are none ("")."""
    line.setText(words)
    line.setVisible(bool(words))


class LengthLimit(QObject):
    """Keeps a line field's text within ``most_chars``, saying what a paste or typing past
    them lost.

    Signals:
        edited(str): the planner's edit, as kept (connect this, not the field's textEdited,
            which carries the text before the cut).
        said(str): what was left out, in words; "" after an edit that fits.
    """

    edited = Signal(str)
    said = Signal(str)

    def __init__(self, field: QLineEdit, most_chars: int, holds: str) -> None:
        super().__init__(field)
        self._field = field
        self._most = most_chars
        self._holds = holds
        field.setMaxLength(NO_QT_LIMIT)
        field.textEdited.connect(self._edited)

    def _edited(self, text: str) -> None:
        left_out = len(text) - self._most
        if left_out > 0:
            at = min(self._field.cursorPosition(), self._most)
            text = text[: self._most]
            self._field.setText(text)  # emits textChanged, not textEdited
            self._field.setCursorPosition(at)
        self.said.emit(left_out_words(self._holds, self._most, left_out) if left_out > 0 else "")
        self.edited.emit(text)


def search_limit(field: QLineEdit) -> QLabel:
    """Keep a search field within MAX_SEARCH_CHARS; the hidden line, to lay out under it,
    that says what a paste past them left out."""
    line = trouble_line()
    LengthLimit(field, MAX_SEARCH_CHARS, "A search holds").said.connect(
        lambda words: say_on(line, words)
    )
    return line


def ask_name(
    parent: QWidget, title: str, label: str, text: str, most_chars: int, holds: str
) -> tuple[str, bool]:
    """QInputDialog.getText for a name: the name as kept and whether OK was pressed; a paste
    past ``most_chars`` is cut and said under the label while the dialog is open."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    (field,) = dialog.findChildren(QLineEdit)  # its one field, made by setTextValue
    limit = LengthLimit(field, most_chars, holds)
    limit.said.connect(lambda words: dialog.setLabelText(f"{label}\n⚠ {words}" if words else label))
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    # The field's text, not textValue(): the dialog takes its value from the field's
    # textChanged, which Qt sends with the whole paste after the cut's own.
    name = field.text()
    dialog.deleteLater()  # as getText's own dialog is, not kept as the parent's child
    return name, accepted
