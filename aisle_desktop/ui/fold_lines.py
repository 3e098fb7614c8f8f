"""Where a scrolled panel's fold may fall: between two lines of its text, never through one.

At 1280 x 800 the results panel's fold cut the line under the headline figures at half its
height ("Slowest answers (simulated): first token p95 462 ms…" read as the tops of its
letters), and at 1920 x 1080 a warning's line; the splitter under the panel put the fold
wherever its share of the height fell. `fold_clear_of_lines` moves a fold off the line it
cuts, `label_lines_px` says where a label's lines lie.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from PySide6 import QtGui
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

# A line cut at least this share of its height above the fold is shown whole, below it hidden.
SHOWN_FROM_SHARE = 0.5


def fold_clear_of_lines(fold_px: int, lines_px: Iterable[tuple[int, int]], most_px: int) -> int:
    """The fold nearest `fold_px` that cuts none of `lines_px` (each a line's top and bottom,
    the bottom excluded): a line cut through its upper half drops under the fold (the fold
    moves up to its top), one cut lower shows whole (the fold moves down to its bottom) if
    that is within `most_px`, else it drops too. A line ending on the fold is whole."""
    lines = sorted(lines_px)
    fold = fold_px
    for top, bottom in lines:
        if not top < fold < bottom:
            continue
        shown = (fold - top) / (bottom - top) >= SHOWN_FROM_SHARE
        fold = bottom if shown and bottom <= most_px else top
    return fold


def label_lines_px(label: QLabel, within: QWidget) -> Iterator[tuple[int, int]]:
    """Each line of `label`'s text, its top and bottom in `within`'s pixels: laid out as
    the label lays it, by a text document of its font and width (a wrapped label is as tall
    as its text, so its lines start at its top, under its margin)."""
    margin = label.margin()
    room = label.contentsRect().adjusted(margin, margin, -margin, -margin)
    page = QTextDocument()
    page.setDefaultFont(label.font())
    page.setDocumentMargin(0)
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(label.text())
    )
    if rich:
        page.setHtml(label.text())
    else:
        page.setPlainText(label.text())
    page.setTextWidth(room.width() if label.wordWrap() else -1)
    top = label.mapTo(within, QPoint(0, room.top())).y()
    block = page.begin()
    while block.isValid():
        at = page.documentLayout().blockBoundingRect(block).top()
        layout = block.layout()
        for index in range(layout.lineCount()):
            line = layout.lineAt(index)
            start = top + round(at + line.y())
            yield start, start + round(line.height())
        block = block.next()
