"""Text from plans, catalogs and errors shown as text, never read as markup (STYLE.md rule 15).

Qt guesses whether a string is rich text: a label, a message box or a tooltip given
``<img src="/dev/zero">`` loads that file. A plan from someone else may hold such a name, and an
error quotes the refused value, so everything here is shown literally: labels and message boxes
with ``Qt.PlainText``, tooltips (which have no format setting) as escaped rich text. Rich text
stays for strings the program writes itself, with any data in them escaped.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

Button = QMessageBox.StandardButton
# A dialog quoting a 10-million-character value froze the window for minutes while Qt laid it
# out; no message a person reads needs more than this.
MAX_MESSAGE_CHARS = 4_000


# What a clipped text keeps of its end: a message's last words say why ("could not save: the
# whole path is too long"); cut at its end, a save to a 4,300-character path said only where.
KEPT_END_CHARS = 400


def clipped(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text``, cut to ``limit`` characters if it is longer: its start and its last
    `KEPT_END_CHARS` (at most a third of `limit`), an ellipsis between."""
    if len(text) <= limit:
        return text
    end = min(KEPT_END_CHARS, limit // 3)
    return text[: limit - end - 1] + "…" + text[len(text) - end :]


def plain_label(text: str = "") -> QLabel:
    """A label that shows its text exactly as given, whatever it contains."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def tooltip(text: str) -> str:
    """A tooltip string that shows ``text`` literally (line breaks kept), or "" for none."""
    if not text:
        return ""
    body = escape(clipped(text)).replace("\n", "<br>")
    return f"<qt>{body}</qt>"


def show_message(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: Button = Button.Ok,
    default: Button = Button.NoButton,
    names: dict[Button, str] | None = None,
    details: str = "",
) -> Button:
    """A modal message box whose text is plain; the button the user chose.

    ``names`` relabels standard buttons ("Overwrite" on Save) while keeping their roles;
    ``details``, when given, shows on the box's Show Details... button (always plain text).
    """
    box = QMessageBox(icon, title, clipped(text), buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(clipped(details))
    for button, name in (names or {}).items():
        widget = box.button(button)
        if widget is not None:
            widget.setText(name)
    if default != Button.NoButton:
        box.setDefaultButton(default)
    return Button(box.exec())


def warn(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """Say what went wrong (a file not read, a save refused), in plain text; `details` (a
    long list) behind the box's Show Details... button."""
    show_message(parent, QMessageBox.Icon.Warning, title, text, details=details)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """Say what was done, in plain text."""
    show_message(parent, QMessageBox.Icon.Information, title, text)


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: Button,
    default: Button,
    names: dict[Button, str] | None = None,
) -> Button:
    """Ask a question whose text may quote a file name or a scenario name."""
    return show_message(parent, QMessageBox.Icon.Question, title, text, buttons, default, names)
