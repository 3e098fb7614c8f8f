"""The status bar's message line: a long message shortened to what fits, ending where a reader
can stop, the whole of it in the tooltip.

QStatusBar cuts a message that is wider than its room mid-word ("Not sized: Tensor parallel 3
cannot split Llama 3.1 70B: its 64 attention heads and 8 KV heads do not divide evenly am"):
the banner shows such messages whole, the status bar a clean short form.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStatusBar, QWidget

from aisle_desktop.formatting import short_form
from aisle_desktop.ui.plain_text import tooltip

# Room the status bar keeps around its message (its margins and the size grip's), in pixels.
MESSAGE_MARGIN_PX = 24


def fitted(text: str, fits: Callable[[str], bool]) -> str:
    """The longest `short_form` of `text` for which `fits(shown)` holds (at worst one word)."""
    most = len(text)
    shown = text
    while most > 1 and not fits(shown):
        most -= 1
        shown = short_form(text, most)
    return shown


class StatusLine:
    """Shows messages in `bar` (`show`), each shortened to the room the permanent widgets
    leave it (`add_permanent`), its whole text in the bar's tooltip while it is shown."""

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self._permanent: list[QWidget] = []
        self._shown = ""
        bar.messageChanged.connect(self._message_changed)

    def add_permanent(self, widget: QWidget) -> None:
        """A widget kept at the bar's right (`QStatusBar.addPermanentWidget`)."""
        self._permanent.append(widget)
        self.bar.addPermanentWidget(widget)

    def room_px(self) -> int:
        """The width the message has: the bar's, less its permanent widgets shown."""
        shown = [w for w in self._permanent if not w.isHidden()]
        taken = sum(w.sizeHint().width() + MESSAGE_MARGIN_PX for w in shown)
        return self.bar.width() - taken - MESSAGE_MARGIN_PX

    def show(self, text: str, timeout_ms: int = 0) -> None:
        """Show `text`, shortened where it must be, for `timeout_ms` (0: until replaced)."""
        metrics = self.bar.fontMetrics()
        room = self.room_px()
        self._shown = fitted(text, lambda shown: metrics.horizontalAdvance(shown) <= room)
        self.bar.setToolTip(tooltip(text) if self._shown != text else "")
        self.bar.showMessage(self._shown, timeout_ms)

    def _message_changed(self, message: str) -> None:
        """Another message (or none) replaced ours: its tooltip goes with it."""
        if message != self._shown:
            self.bar.setToolTip("")
