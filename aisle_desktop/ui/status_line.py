"""The status bar's message line: a long message shortened to what fits, ending where a reader
can stop, the whole of it in the tooltip.

QStatusBar cuts a message that is wider than its room mid-word ("Not sized: Tensor parallel 3
cannot split Llama 3.1 70B: its 64 attention heads and 8 KV heads do not divide evenly am"):
the banner shows such messages whole, the status bar a clean short form. The room changes
while a message shows (the GPU comparison's progress bar and Stop button come and go, the
window is resized): the message is fitted again each time, for the rest of its time (QA at
1024 px: "...1 more on GPUs alre" ran into the calibration's name while GPUs were compared).

A message that stands (`stand`: the plan the figures are of and its status) comes back when
a timed message ends: the sizing's message went after 8 s and left the bar empty (QA walk).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QStatusBar, QWidget

from aisle_desktop.formatting import short_form
from aisle_desktop.ui.plain_text import tooltip

# Room the status bar keeps around its message (its margins and the size grip's), in pixels.
MESSAGE_MARGIN_PX = 24
UNBOUNDED_PX = 16_777_215  # Qt's QWIDGETSIZE_MAX: no maximum width set


def fitted(text: str, fits: Callable[[str], bool]) -> str:
    """The longest `short_form` of `text` for which `fits(shown)` holds (at worst one word)."""
    most = len(text)
    shown = text
    while most > 1 and not fits(shown):
        most -= 1
        shown = short_form(text, most)
    return shown


def _width_px(widget: QWidget) -> int:
    """The width the bar gives a permanent widget: its size hint, or its maximum where one is
    set (the progress bar, hinted at 95 px, is laid out 180 px wide)."""
    hint = widget.sizeHint().width()
    most = widget.maximumWidth()
    return max(hint, most) if most < UNBOUNDED_PX else hint


class StatusLine(QObject):
    """Shows messages in `bar` (`show`), each shortened to the room the permanent widgets
    leave it (`add_permanent`), its whole text in the bar's tooltip while it is shown."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.bar = bar
        self._permanent: list[QWidget] = []
        self._shown = ""
        self._whole = ""
        self._until_s: float | None = None  # when the message goes (monotonic), None: never
        self._standing = ""  # shown whenever no other message is
        bar.messageChanged.connect(self._message_changed)
        bar.installEventFilter(self)

    def add_permanent(self, widget: QWidget) -> None:
        """A widget kept at the bar's right (`QStatusBar.addPermanentWidget`)."""
        self._permanent.append(widget)
        self.bar.addPermanentWidget(widget)
        widget.installEventFilter(self)

    def room_px(self) -> int:
        """The width the message has: the bar's, less its permanent widgets shown."""
        shown = [w for w in self._permanent if not w.isHidden()]
        taken = sum(_width_px(w) + MESSAGE_MARGIN_PX for w in shown)
        return self.bar.width() - taken - MESSAGE_MARGIN_PX

    def stand(self, text: str, at_once: bool = False) -> None:
        """Show `text`, and again whenever a timed message shown over it ends. A timed
        message showing keeps its time ("Opened plan.aisle; 2 fields not in the file..." went
        as soon as the plan was sized) and `text` follows it, unless `at_once` (why the plan
        is not sized: it must not wait behind a note)."""
        self._standing = text
        timed = self._until_s is not None and self._until_s > time.monotonic()
        if at_once or not (timed and self.bar.currentMessage()):
            self.show(text)

    def show(self, text: str, timeout_ms: int = 0) -> None:
        """Show `text`, shortened where it must be, for `timeout_ms` (0: until replaced)."""
        self._whole = text
        self._until_s = time.monotonic() + timeout_ms / 1000 if timeout_ms else None
        self._fit(timeout_ms)

    def _fit(self, timeout_ms: int) -> None:
        metrics = self.bar.fontMetrics()
        room = self.room_px()
        text = self._whole
        self._shown = fitted(text, lambda shown: metrics.horizontalAdvance(shown) <= room)
        self.bar.setToolTip(tooltip(text) if self._shown != text else "")
        self.bar.showMessage(self._shown, timeout_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The bar resized, or a permanent widget shown or hidden: the message shown is
        fitted to its new room for the rest of its time."""
        changes = (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide)
        if event.type() in changes and self._shown and self.bar.currentMessage() == self._shown:
            left_ms = 0 if self._until_s is None else int(1000 * (self._until_s - time.monotonic()))
            if self._until_s is None or left_ms > 0:
                self._fit(left_ms)
        return False

    def _message_changed(self, message: str) -> None:
        """Another message replaced ours: its tooltip goes with it. None left (a timed
        message ended): the standing message comes back."""
        if not message and self._standing:
            self.show(self._standing)
        elif message != self._shown:
            self.bar.setToolTip("")
