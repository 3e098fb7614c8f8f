"""Number fields that keep what the planner typed and refuse, by name, what they cannot take.

Qt's spin boxes validate every keystroke against their range and drop the ones that would leave
it, so a field held another number than the one typed ("25" hours became 2.0 h, "1e30" users
130) and the plan was sized on it without a word. These boxes never drop a keystroke: text
that is not yet a value the field takes (`typed_number.NumberRules`) stays "intermediate";
when editing finishes on it (Enter, leaving the field) the box emits `refused` with the reason,
keeps its last good value and goes on showing the text as typed until the planner edits it,
steps the value or the plan puts another value in. Numbers read and are written the way the
rest of Aisle writes them: thousands grouped with commas, a point for decimals.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

from aisle_desktop.ui.typed_number import NumberRules, RefusedNumberError


class _Typing:
    """One box's rules and the refused text it is holding, shared by both kinds of box."""

    def __init__(self, box: WholeNumberBox | DecimalNumberBox, rules: NumberRules) -> None:
        self.box = box
        self.rules = rules
        self.held: str | None = None  # the refused text shown, without prefix and suffix
        # Words shown in place of the value and its unit while it does not bear on the plan,
        # and the unit put back after.
        self.instead: str | None = None
        self.unit = ("", "")
        box.lineEdit().textEdited.connect(self._edited)
        box.editingFinished.connect(self._show_held)

    def body(self, text: str) -> str:
        box = self.box
        return text.removeprefix(box.prefix()).removesuffix(box.suffix()).strip()

    def read(self, text: str) -> float:
        """The value `text` stands for (the special value for an empty optional field)."""
        value = self.rules.read(self.body(text))
        return float(self.box.minimum()) if value is None else value

    def value_of(self, text: str) -> float:
        """What Qt reads from `text`: only asked of acceptable text, but never raising (an
        exception out of a Qt override is lost), the value held for anything else."""
        if self.box.specialValueText() and text == self.box.specialValueText():
            return float(self.box.minimum())
        try:
            return self.read(text)
        except RefusedNumberError:
            return float(self.box.value())

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Acceptable when the field takes it, else intermediate: never invalid, so no key is
        ever dropped."""
        if self.box.specialValueText() and text == self.box.specialValueText():
            return QValidator.State.Acceptable, text, pos
        try:
            self.read(text)
        except RefusedNumberError:
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos

    def refuse(self, text: str) -> str:
        """Editing finished on text the field cannot take: say why (once per text) and hold it."""
        body = self.body(text)
        if body == self.held:
            return text
        try:
            self.rules.read(body)
        except RefusedNumberError as refusal:
            self.held = body
            self.box.refused.emit(refusal.message)
        return text

    def text(self, value: float, default: str) -> str:
        if self.instead is not None:
            return self.instead
        if self.held is not None and value == self.box.value():
            return self.held
        return default

    def _edited(self, _text: str) -> None:
        self.held = None

    def _show_held(self) -> None:
        """Qt puts the last good value back after a refusal; a special value ("Catalog:
        $300,000") even replaced the text held. The planner's text comes back."""
        if self.held is None:
            return
        box = self.box
        text = box.prefix() + self.held + box.suffix()
        if box.lineEdit().text() != text:
            box.lineEdit().setText(text)

    def forget(self) -> None:
        """The value changes by a step or from the plan: the refused text goes."""
        self.held = None


class _KeepsTyping:
    """The overrides both kinds of box share (a plain mixin: shiboken cannot combine two
    Python subclasses of Qt's spin box classes)."""

    typing: _Typing

    def validate(self, text: str, pos: int) -> Any:
        return self.typing.validate(text, pos)

    def fixup(self, text: str) -> Any:
        return self.typing.refuse(text)

    def textFromValue(self, value: float) -> str:
        return self.typing.text(value, self.typing.rules.text(value))

    def stepBy(self, steps: int) -> None:
        self.typing.forget()
        super().stepBy(steps)  # type: ignore[misc]

    def show_instead(self, words: str | None) -> None:
        """Show `words` ("not in use: no RAG chunks") in place of the value and its unit;
        None shows the value again. The value itself stays what the plan holds."""
        typing = self.typing
        if words == typing.instead:
            return
        if typing.instead is None:
            typing.unit = (self.prefix(), self.suffix())  # type: ignore[attr-defined]
        typing.instead = words
        prefix, suffix = ("", "") if words is not None else typing.unit
        self.setPrefix(prefix)  # type: ignore[attr-defined]
        self.setSuffix(suffix)  # type: ignore[attr-defined]  # redraws the field

    def take_typed(self) -> bool:
        """Finish typing as leaving the field would: take the text typed, or refuse it
        (``refused`` says why); whether the value now stands for what is shown."""
        self.typing.refuse(self.text())  # type: ignore[attr-defined]
        if self.typing.held is not None:
            return False
        self.interpretText()  # type: ignore[attr-defined]
        return True


class WholeNumberBox(_KeepsTyping, QSpinBox):
    """A spin box of whole numbers that keeps the text typed and refuses what it cannot take.

    Signals:
        refused(str): editing finished on text the field cannot take; why, quoting it.
    """

    refused = Signal(str)

    def __init__(self, rules: NumberRules) -> None:
        super().__init__()
        self.typing = _Typing(self, rules)

    def valueFromText(self, text: str) -> int:
        return round(self.typing.value_of(text))

    def setValue(self, value: float) -> None:
        self.typing.forget()
        super().setValue(round(value))


class DecimalNumberBox(_KeepsTyping, QDoubleSpinBox):
    """A double spin box that keeps the text typed and refuses what it cannot take.

    Signals:
        refused(str): as WholeNumberBox's.
    """

    refused = Signal(str)

    def __init__(self, rules: NumberRules) -> None:
        super().__init__()
        self.typing = _Typing(self, rules)

    def valueFromText(self, text: str) -> float:
        return self.typing.value_of(text)

    def setValue(self, value: float) -> None:
        self.typing.forget()
        super().setValue(value)


NumberBox = WholeNumberBox | DecimalNumberBox
