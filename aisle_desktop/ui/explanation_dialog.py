"""Why a figure has its value: formula, inputs and assumptions, as a planner reads them."""

from __future__ import annotations

import re
from html import escape
from math import ceil

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from aisle_desktop.formatting import beside_target, with_unit
from aisle_desktop.labels import assumption_label, assumption_value_text
from aisle_desktop.sizing import Figure, input_text, worked_line

# A column of text a formula reads on in a line or two, as a book's page does.
DIALOG_WIDTH_PX = 600
# The explanation's height never passes this share of the window it opens from.
MOST_OF_THE_WINDOW = 0.85
# A short explanation (two lines) still opens as a window, not as a strip.
LEAST_HEIGHT_PX = 240
# A slash with no space either side: inside a symbol or a unit.
SLASH_IN_A_WORD = re.compile(r"(?<=\S)/(?=\S)")


def _symbols_whole(text: str) -> str:
    """``text`` with a word joiner after each slash between two characters, so a symbol
    ("M/D/1", "tokens/s") never breaks at a line's end: the TTFT explanation at 1280 x 800
    read "the prefill queue is M/" at the end of one line and "D/1" on the next."""
    return SLASH_IN_A_WORD.sub("/\u2060", text)


def explanation_html(label: str, fig: Figure, note: str = "", shown: str = "") -> str:
    """The explanation as simple HTML (also used for tooltips); a figure with a target reads
    as the headline writes it beside that target, and `note`, what qualifies the value
    ("beyond capacity; another model's price"), is said under it: "why" on a break-even
    beyond what the hardware serves explained its arithmetic and never said so. `shown` is
    the value as the view writes it, where that is no number ("no break-even" for a plan that
    serves nothing: its explanation read "348 k requests/day" under the headline's word)."""
    value = shown or (
        with_unit(fig.value, fig.unit)
        if fig.target is None
        else beside_target(fig.value, fig.target, fig.unit)
    )
    parts = [
        f"<h3>{escape(label)}: {escape(value)}</h3>",
        *([f"<p><b>{escape(note)}</b></p>"] if note else []),
        f"<p><b>How:</b> {escape(_symbols_whole(fig.explanation.formula))}</p>",
    ]
    worked = worked_line(fig)
    if worked:
        parts.append(f"<p><b>With these numbers:</b> {escape(_symbols_whole(worked))}</p>")
    if fig.explanation.inputs:
        rows = "".join(
            f"<tr><td>{escape(q.name)}</td><td align='right'>{escape(input_text(q, fig))}</td></tr>"
            for q in fig.explanation.inputs
        )
        parts.append(f"<p><b>With:</b></p><table cellspacing='4'>{rows}</table>")
    if fig.explanation.assumptions:
        items = "".join(
            f"<li>{escape(assumption_label(a.name)[0])}: "
            f"{escape(assumption_value_text(a.name, a.value, a.unit))} ({escape(a.source)})</li>"
            for a in fig.explanation.assumptions
        )
        parts.append(f"<p><b>Assuming:</b></p><ul>{items}</ul>")
    return "".join(parts)


class ExplanationDialog(QDialog):
    """A small window showing one figure's explanation."""

    def __init__(
        self,
        label: str,
        fig: Figure,
        parent: QWidget | None = None,
        note: str = "",
        shown: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"How Aisle got: {label}")
        layout = QVBoxLayout(self)
        text = QTextBrowser()
        text.setHtml(explanation_html(label, fig, note, shown))
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(DIALOG_WIDTH_PX, _height_for(layout, text, buttons, parent))


def _height_for(
    layout: QVBoxLayout, text: QTextBrowser, buttons: QWidget, parent: QWidget | None
) -> int:
    """Tall enough to show the whole explanation, up to most of the window it opens
    from: at 520 x 360 px the serving comparison's "why" showed half its inputs, the
    rest behind a scroll bar, in a window of 1,000 px."""
    margins = layout.contentsMargins()
    room = DIALOG_WIDTH_PX - margins.left() - margins.right() - 2 * text.frameWidth()
    document = text.document()
    document.setTextWidth(room - text.verticalScrollBar().sizeHint().width())
    wanted = (
        ceil(document.size().height())
        + 2 * text.frameWidth()
        + buttons.sizeHint().height()
        + layout.spacing()
        + margins.top()
        + margins.bottom()
    )
    most = parent.window().height() if parent is not None else wanted
    return max(LEAST_HEIGHT_PX, min(wanted, int(most * MOST_OF_THE_WINDOW)))
