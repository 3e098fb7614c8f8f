"""A drop-down that never cuts its chosen text mid-letter.

A long catalog name must not widen the panel, so the input panels' drop-downs may be narrower
than their text; Qt then clipped it at the box's edge ("Together, compared with pool" at
1280 px, "Automatic: this model's API, e"), which read as a different word. This box ends a
text too long for it with "…" (its tooltip has it whole, `fields.choice`), and a drop-down of
Aisle's own few words (serving, load kind, precision) takes room for its longest item.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
)

# Room the style keeps between the text and the edit field's edges, in pixels.
TEXT_MARGIN_PX = 2


class ChoiceBox(QComboBox):
    """A QComboBox whose chosen text, where the box is too narrow, ends in "…"."""

    def shown_text(self) -> str:
        """The chosen item's text as the box draws it: whole, or cut at a letter with "…"."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return self._fitted(option)

    def _fitted(self, option: QStyleOptionComboBox) -> str:
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        room = field.width() - TEXT_MARGIN_PX
        if not option.currentIcon.isNull():
            room -= option.iconSize.width() + TEXT_MARGIN_PX
        return self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight, room)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self._fitted(option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


def room_for_longest(combo: QComboBox) -> None:
    """Let `combo` (filled) be no narrower than its longest item needs, for a list of Aisle's
    own few words (never a catalog's names, which would widen the panel past the window);
    no wider either: each pixel taken from the results can push a result tab off its bar."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    least = combo.minimumSizeHint()
    option.rect = QRect(QPoint(0, 0), least)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    metrics = combo.fontMetrics()
    widest = max(
        (metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0
    )
    combo.setMinimumWidth(least.width() + max(0, widest + TEXT_MARGIN_PX - field.width()))
