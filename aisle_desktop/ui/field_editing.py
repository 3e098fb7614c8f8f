"""How a planner's typing and scrolling reach a field: commit when done, never by accident.

A number field that sent every keystroke to the plan rewrote its own text under the cursor
("0.35" became "0.000", since "0" was committed and reformatted before the "." arrived). Here a
number field commits when editing finishes (Enter, leaving the field, the arrows) or after a
short pause in typing, and the plan's answer never rewrites text the planner is typing when it
holds the same value. Editors take the mouse wheel only when they have the keyboard focus, so
scrolling the form over them scrolls the form (as Qt Creator and QGIS do).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)

# Long enough not to commit between two keystrokes of a number, short enough that the figures
# follow a planner who types and waits without pressing Enter.
TYPING_PAUSE_MS = 900

# A comma groups thousands ("1,000"). Anywhere else ("1,5") it is a decimal comma, which the
# locale's grouping silently dropped: a PUE typed "1,3" became 13 and then the lowest allowed.
GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
COMMA_REFUSED = (
    "“{text}” was not taken: decimals take a point (1.5) and commas only group thousands (1,000)"
)


def misplaced_comma(box: QAbstractSpinBox, text: str) -> bool:
    """Whether `text` has a comma that cannot group thousands, where the box's locale groups
    with commas and writes decimals with a point (elsewhere a comma is the decimal sign)."""
    locale = box.locale()
    if locale.groupSeparator() != "," or locale.decimalPoint() != ".":
        return False
    if text == box.specialValueText():
        return False
    body = text.removeprefix(box.prefix()).removesuffix(box.suffix()).strip()  # type: ignore[attr-defined]
    return "," in body and GROUPED.fullmatch(body) is None


def _validated(box: QAbstractSpinBox, text: str, pos: int, validate: Callable[..., Any]) -> Any:
    """Intermediate for a misplaced comma (Enter then reverts the box), else as Qt says."""
    if misplaced_comma(box, text):
        return QValidator.State.Intermediate, text, pos
    return validate(text, pos)


def _fixed(box: WholeNumberBox | DecimalNumberBox, text: str, fixup: Callable[..., Any]) -> Any:
    """A misplaced comma is left as typed, so the box reverts, and said; else Qt's fixup."""
    if misplaced_comma(box, text):
        box.comma_refused.emit(text.removesuffix(box.suffix()).strip())
        return text
    return fixup(text)


class WholeNumberBox(QSpinBox):
    """A spin box that refuses a decimal comma instead of dropping it.

    Signals:
        comma_refused(str): editing finished on text with a misplaced comma; the box went
            back to its last value.
    """

    comma_refused = Signal(str)

    def validate(self, text: str, pos: int) -> Any:
        return _validated(self, text, pos, super().validate)

    def fixup(self, text: str) -> Any:
        return _fixed(self, text, super().fixup)


class DecimalNumberBox(QDoubleSpinBox):
    """A double spin box that refuses a decimal comma instead of dropping it.

    Signals:
        comma_refused(str): as WholeNumberBox's.
    """

    comma_refused = Signal(str)

    def validate(self, text: str, pos: int) -> Any:
        return _validated(self, text, pos, super().validate)

    def fixup(self, text: str) -> Any:
        return _fixed(self, text, super().fixup)


NumberBox = QSpinBox | QDoubleSpinBox


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
    box.valueChanged.connect(send)
    pause = QTimer(box)
    pause.setSingleShot(True)
    pause.setInterval(TYPING_PAUSE_MS)

    def commit_typed() -> None:
        value = typed_value(box)
        if value is not None:
            send(value)

    pause.timeout.connect(commit_typed)
    line = box.lineEdit()
    # textEdited: typing only, not the text the program sets when the plan changes.
    line.textEdited.connect(lambda _text: pause.start())
    box.editingFinished.connect(pause.stop)


def being_typed(box: NumberBox, value: float) -> bool:
    """True when the planner is typing in `box` and its text already says `value`.

    Rewriting it then would only reformat the text and move the cursor mid-number.
    """
    return box.hasFocus() and typed_value(box) == value
