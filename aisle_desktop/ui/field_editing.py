"""How a planner's typing and scrolling reach a field: commit when done, never by accident.

A number field that sent every keystroke to the plan rewrote its own text under the cursor
("0.35" became "0.000", since "0" was committed and reformatted before the "." arrived). Here a
number field commits when editing finishes (Enter, leaving the field, the arrows) or after a
short pause in typing, and the plan's answer never rewrites text the planner is typing when it
holds the same value. Editors take the mouse wheel only when they have the keyboard focus, so
scrolling the form over them scrolls the form (as Qt Creator and QGIS do).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)

from aisle_desktop.ui.number_box import NumberBox

# Long enough not to commit between two keystrokes of a number, short enough that the figures
# follow a planner who types and waits without pressing Enter.
TYPING_PAUSE_MS = 900


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


class WheelOnlyWhenFocused(QObject):
    """An event filter: an editor without the focus hands the wheel to its scroll area."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() != QEvent.Type.Wheel
            or not isinstance(watched, QWidget)
            or watched.hasFocus()
        ):
            return False
        area = _scroll_area(watched)
        if area is not None:
            # Handed over explicitly: Qt propagates only a wheel event that came from the
            # window system, never one a program or a test sent.
            QApplication.sendEvent(area.viewport(), event)
        else:
            event.ignore()  # filtered but ignored: Qt offers it to the parents
        return True


def guard_wheel(editor: QAbstractSpinBox | QComboBox, guard: WheelOnlyWhenFocused) -> None:
    """Focus by click or Tab only (never by the wheel), and the wheel only once focused."""
    editor.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    editor.installEventFilter(guard)


class SelectSpecialText(QObject):
    """An event filter: clicking into a field that shows its special text ("From the
    catalog ($0.146)") selects it, so the first digit typed replaces it. Left in place, typed
    digits were appended to the words and refused, and the field seemed to ignore the keys."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        box = watched.parent() if isinstance(watched, QLineEdit) else watched
        if (
            event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonRelease)
            and isinstance(box, QAbstractSpinBox)
            and box.specialValueText()
            and box.text() == box.specialValueText()
        ):
            QTimer.singleShot(0, box.selectAll)
        return False


def select_special_text(box: NumberBox, selector: SelectSpecialText) -> None:
    """Select the special text whenever the planner clicks or tabs into `box`."""
    box.installEventFilter(selector)
    box.lineEdit().installEventFilter(selector)


def typed_value(box: NumberBox) -> float | None:
    """The value the box's text stands for, or None while it is incomplete ("0.", "-")."""
    text = box.text()
    if box.specialValueText() and text == box.specialValueText():
        return float(box.minimum())
    state = box.validate(text, len(text))[0]
    if state != QValidator.State.Acceptable:
        return None
    return float(box.valueFromText(text))


def commit_when_done(box: NumberBox, send: Callable[[float], None]) -> None:
    """Send the box's value when editing finishes, when it steps, or after a typing pause."""
    box.setKeyboardTracking(False)  # valueChanged: on Enter, focus out, arrows and the wheel
    pause = QTimer(box)
    pause.setSingleShot(True)
    pause.setInterval(TYPING_PAUSE_MS)
    refused = False

    def commit(value: float) -> None:
        nonlocal refused
        refused = False
        send(value)

    def commit_typed() -> None:
        value = typed_value(box)
        if value is not None:
            commit(value)

    def note_refusal(_message: str) -> None:
        nonlocal refused
        refused = True

    def finished() -> None:
        pause.stop()
        # "0" typed after a refused "-5" is the value the box still held, so it does not
        # change; sending it anyway is what takes the refusal's mark away.
        if refused:
            commit_typed()

    box.valueChanged.connect(commit)
    box.refused.connect(note_refusal)
    pause.timeout.connect(commit_typed)
    # textEdited: typing only, not the text the program sets when the plan changes.
    box.lineEdit().textEdited.connect(lambda _text: pause.start())
    box.editingFinished.connect(finished)


def being_typed(box: NumberBox, value: float) -> bool:
    """True when the planner is typing in `box` and its text already says `value`, or the
    box still holds `value` under text typed since (not yet committed).

    Rewriting it then would only reformat the text and move the cursor mid-number, or throw
    away digits being typed: the user's catalog read at start-up joins while the planner
    types, and the scenario shown again over the box rewrote "41" as "300 users".
    """
    if not box.hasFocus():
        return False
    typed_since = box.lineEdit().isModified() and box.value() == value
    return typed_since or typed_value(box) == value
