"""The strip above the Sizer that keeps a lesson's hint on screen after its Try this."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton

from aisle_desktop.ui.theme import Theme


class TryBanner(QFrame):
    """Hidden until a Try this runs; closed by its button or by going back to the lesson.

    Signals:
        back_requested(): the planner wants the lesson again.
    """

    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("try-banner")
        self.setStyleSheet(Theme.of(self).tone("notice").strip("#try-banner", "bottom"))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.back = QPushButton("◂ Back to the lesson")
        self.back.clicked.connect(self.back_requested)
        self.back.clicked.connect(self.hide)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Hide this hint")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(QLabel("<b>Try this:</b>"), 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)
        row.addWidget(self.back, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_hint(self, hint: str) -> None:
        self.text.setText(hint)
        self.show()
