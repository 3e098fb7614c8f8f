"""How a view shows that its figures are old: greyed, still legible.

The results panel greys its figures while the inputs on screen cannot be sized; the GPUs and
Budget swings tabs grey theirs the same way from an edit until their own answer for it
arrives. One look, one opacity, wherever figures wait for a newer answer.

Qt's opacity effect cannot grey a scroll area (a table, a plot): its viewport is drawn over
black, darkening it instead. A table's text is greyed in its palette and a plot's items in
its scene, to the same opacity.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QGraphicsOpacityEffect, QWidget

# How much of its ink a figure keeps while it belongs to inputs no longer on screen: faint
# enough that nobody reads it as current, legible enough to compare with what comes next.
GREYED_OPACITY = 0.35
# The roles a table writes its text in (cells, headers).
TEXT_ROLES = (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText)


def faded(ink: QColor, paper: QColor, opacity: float = GREYED_OPACITY) -> QColor:
    """`ink` drawn at `opacity` over `paper`, as one opaque colour."""

    def mix(a: float, b: float) -> float:
        return opacity * a + (1 - opacity) * b

    return QColor.fromRgbF(
        mix(ink.redF(), paper.redF()),
        mix(ink.greenF(), paper.greenF()),
        mix(ink.blueF(), paper.blueF()),
    )


class _Greying:
    """One widget's greyed look, switched on and off."""

    def __init__(self, widget: QWidget) -> None:
        self._widget = widget
        self.on = False
        if isinstance(widget, pg.PlotWidget):
            return
        if isinstance(widget, QAbstractItemView):
            self._plain = QPalette(widget.palette())
            self._greyed = QPalette(self._plain)
            paper = self._plain.color(QPalette.ColorRole.Base)
            for role in TEXT_ROLES:
                self._greyed.setColor(role, faded(self._plain.color(role), paper))
            return
        self._effect = QGraphicsOpacityEffect(widget)
        self._effect.setOpacity(GREYED_OPACITY)
        self._effect.setEnabled(False)
        widget.setGraphicsEffect(self._effect)

    def set(self, greyed: bool) -> None:
        if greyed == self.on:  # each switch repaints the widget
            return
        self.on = greyed
        widget = self._widget
        if isinstance(widget, pg.PlotWidget):
            widget.getPlotItem().setOpacity(GREYED_OPACITY if greyed else 1.0)
        elif isinstance(widget, QAbstractItemView):
            widget.setPalette(self._greyed if greyed else self._plain)
        else:
            self._effect.setEnabled(greyed)


class Fade:
    """Greys `widgets` (and everything in them) while `set(True)`: pass a scroll area's
    table or plot itself, not a widget holding it."""

    def __init__(self, *widgets: QWidget) -> None:
        self._parts = [_Greying(widget) for widget in widgets]

    def set(self, greyed: bool) -> None:
        for part in self._parts:
            part.set(greyed)

    def is_on(self) -> bool:
        """Whether the widgets are greyed."""
        return any(part.on for part in self._parts)
