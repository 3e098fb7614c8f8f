"""Table columns wide enough for their longest figure.

Qt lays a table's columns out at the widths asked and breaks a word that does not fit anywhere
inside it: the bill of a plan of 2.57 million servers read "$244,172,895," over "000", and its
costs table "1,285,1" over "21 racks". A column widens to its longest word, taking the room
from one column of prose, and keeps the width asked wherever its words already fit, so a
plan of ordinary size lays out as before.
"""

from __future__ import annotations

import html
import math
import re

from aisle_desktop.formatting import figures_unbroken

# A word's room in percent of the page's text width: a digit or "$" takes 1 %, a separator
# half that, a letter 0.9; bold 10 % more; and the cell's padding. Measured on the report's
# pages: 14 % held "$26,859,018,4" but not "$26,859,018,45", 16 % "378,268,224,02" but not
# "378,268,224,024"; "$174 k/year" fits the 13 % it is given.
_NARROW = frozenset(",. /-:")
LETTER_PERCENT, NARROW_PERCENT, DIGIT_PERCENT = 0.9, 0.5, 1.0
BOLD_TIMES = 1.1
PADDING_PERCENT = 3.0
_TAG = re.compile(r"<[^>]+>")


def word_room(cell: str) -> float:
    """The percent of the page the longest run of a cell takes that a line may not break
    inside, its figures kept whole as the page keeps them (`words.figures_whole`: "$8,170
    T/year" is one run; a word joiner takes no room)."""
    text = figures_unbroken(html.unescape(_TAG.sub(" ", cell))).replace("\u2060", "")
    bold = BOLD_TIMES if "<b>" in cell else 1.0
    return bold * max((_room(word) for word in re.split(r"[ \n\t]", text)), default=0.0)


def _room(word: str) -> float:
    return sum(
        DIGIT_PERCENT
        if c.isdigit() or c == "$"
        else NARROW_PERCENT
        if c in _NARROW or c == "\u00a0"
        else LETTER_PERCENT
        for c in word
    )


def fitted_widths(widths: list[int], rows: list[list[str]], prose: int) -> list[int]:
    """`widths` (percent), each column but `prose` widened to hold its longest word in `rows`
    (rows that span columns left out); `prose` takes what is left."""
    whole = [row for row in rows if len(row) == len(widths)]
    out = list(widths)
    for column, asked in enumerate(widths):
        if column != prose:
            room = max((word_room(row[column]) for row in whole), default=0.0)
            out[column] = max(asked, math.ceil(round(room + PADDING_PERCENT, 6)))
    out[prose] = sum(widths) - sum(w for c, w in enumerate(out) if c != prose)
    return out
