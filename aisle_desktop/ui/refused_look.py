"""How a refused field looks: a red border drawn over it and its text on a red tint, with the
field's own style left to draw everything else.

A style sheet gave this look before, and Qt then draws the whole field by the sheet's rules: a
refused spin box lost its up and down arrows, a drop-down its arrow (QA walk). The tint is set
in the field's palette instead, and the border is drawn by a child that lies over the field's
edge and takes no clicks, so the native style still draws the arrows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from aisle_desktop.ui.theme import Theme

# The border's width: wide enough to see at a glance beside the style's own 1 px frames.
BORDER_PX = 2
# The corners of the border, near the style's own rounding of a field's frame.
CORNER_PX = 2.0
Role = QPalette.ColorRole
# The palette roles a field draws its surface and text with: text boxes (a spin box) use Base
# and Text, buttons (a drop-down that is not editable) Button and ButtonText.
SURFACE_ROLES = (Role.Base, Role.Button)
TEXT_ROLES = (Role.Text, Role.ButtonText)


class RefusedBorder(QWidget):
    """The border over a refused field, kept to the field's size; it holds the field's own
    palette to give back when the field's value stands again."""

    def __init__(self, field: QWidget, colour: QColor) -> None:
        super().__init__(field)
        self.setObjectName("refused-border")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._colour = colour
        self.own_palette = QPalette(field.palette())
        self.setGeometry(field.rect())
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The field resized: the border follows its edge."""
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self._colour, BORDER_PX))
        inset = BORDER_PX / 2
        painter.drawRoundedRect(
            QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), CORNER_PX, CORNER_PX
        )


def _border_of(field: QWidget) -> RefusedBorder | None:
    return field.findChild(
        RefusedBorder, "refused-border", Qt.FindChildOption.FindDirectChildrenOnly
    )


def is_refused(field: QWidget) -> bool:
    """Whether `field` is marked as holding a value Aisle cannot take."""
    return _border_of(field) is not None


def mark_refused(field: QWidget) -> None:
    """Mark `field` refused: a red border over its edge, its text red on a red tint, in shades
    that read on its palette (`Theme.tone`)."""
    if is_refused(field):
        return
    tone = Theme.of(field).tone("bad")
    border = RefusedBorder(field, tone.border)
    tinted = QPalette(border.own_palette)
    for role in SURFACE_ROLES:
        tinted.setColor(role, tone.background)
    for role in TEXT_ROLES:
        tinted.setColor(role, tone.foreground)
    field.setPalette(tinted)
    border.show()
    border.raise_()


def clear_refused(field: QWidget) -> None:
    """The field's value stands again: its own palette back, the border gone."""
    border = _border_of(field)
    if border is None:
        return
    field.setPalette(border.own_palette)
    border.setObjectName("")  # no longer found as the field's border while it waits to go
    border.hide()
    border.deleteLater()
