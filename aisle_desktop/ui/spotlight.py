"""An outline drawn over one widget for a few seconds: "this is the figure the lesson meant"."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from aisle_desktop.ui.contrast import GRAPHIC_CONTRAST, readable

# Orange, shaded where needed to stand out from the window (3:1).
SPOTLIGHT_HUE = QColor("#ff6f00")
SPOTLIGHT_MS = 8000
MARGIN_PX = 4


class Spotlight(QWidget):
    """A mouse-transparent frame over `target`, kept in place while it moves or resizes."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._target: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)
        self.hide()

    def target(self) -> QWidget | None:
        return self._target

    def point_at(self, target: QWidget, duration_ms: int = SPOTLIGHT_MS) -> None:
        """Outline `target` for `duration_ms` (a new target replaces the old one)."""
        self.clear()
        self._target = target
        target.installEventFilter(self)
        self._place()
        self.show()
        self.raise_()
        QTimer.singleShot(0, self._place)  # after scrolling and tab switches are laid out
        self._timer.start(duration_ms)

    def clear(self) -> None:
        if self._target is not None:
            self._target.removeEventFilter(self)
        self._target = None
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._target and event.type() in (
            QEvent.Type.Move,
            QEvent.Type.Resize,
            QEvent.Type.Show,
            QEvent.Type.Hide,
        ):
            self._place()
        return False

    def _place(self) -> None:
        target, parent = self._target, self.parentWidget()
        if target is None or parent is None:
            return
        if not target.isVisible():
            self.hide()
            return
        corner = target.mapTo(parent, QPoint(0, 0))
        rect = QRect(corner, target.size()).adjusted(-MARGIN_PX, -MARGIN_PX, MARGIN_PX, MARGIN_PX)
        self.setGeometry(rect.intersected(parent.rect()))
        self.show()
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        window = self.palette().color(QPalette.ColorRole.Window)
        painter.setPen(QPen(readable(SPOTLIGHT_HUE, window, GRAPHIC_CONTRAST), 3))
        painter.drawRoundedRect(self.rect().adjusted(2, 2, -2, -2), 6, 6)
        painter.end()
