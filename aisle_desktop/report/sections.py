"""The report laid out a few headings at a time: the same pages, without laying out the rest of
the report again after every mend of a page break.

`paginate` mends the first fault in document order and lays the document out again from
there. In one document, each mend laid out the whole rest of the report twice: a plan of 20
scenarios (89 pages, 58 mends) took some 16 s of CPU, and the time grew with the square of the
scenarios. A block that starts a page of its own (a section's heading, or a heading a mend gave a
page) is laid out on that page whatever came before it, once the mends before it are settled.
So the report's HTML is cut into pieces before each heading, and before each table of the
scenarios compared and each row of the warnings (a plan of 1,000 scenarios: 167 tables and
1.3 MB of warnings with no heading that starts a page, laid out again at each of their mends);
a window of pieces is laid out as one document and mended as far as the start of its last
piece (what follows a block never moves it); its pages are final up to the last piece in it
that starts a page (a heading or a caption a mend gave a page, a row a mend split its table
before), and the next window opens there. A window with no such piece grows.

Two things tie a window to the report before it, and both are kept:

- Qt sets a block that starts a page below the page's top by the larger of its own top margin
  and the bottom margin of the block before it: a window's document opens with a lead block
  carrying that bottom margin, alone on a lead page that is never drawn;
- a section flows onto the page before when that one is mostly blank, and a heading's mend
  may reach back to the headings run it ends: a window opens only at a heading that has been
  scanned with what follows it and that no heading leads.

The last window also holds the page before the last, which `fill_the_last_page` may give to
the last page's section.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import accumulate

from PySide6.QtGui import (
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
)

from aisle_desktop.report.paginate import fill_the_last_page, mend_faults
from aisle_desktop.report.progress import Step, part_of
from aisle_desktop.report.table_breaks import plain_gap
from aisle_desktop.report.words import PIECE

# A run of the report's pieces (`first` to `last`, inclusive) as one document, not laid out yet.
PiecesDocument = Callable[[int, int], QTextDocument]
# How many pieces a window starts with: a few pages' worth (a bill of materials and its power
# sheet are two pieces, a scenario's pages about six).
WINDOW_PIECES = 12
ALWAYS_BEFORE = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore


def grown(size: int) -> int:
    """The pieces a window holds once one of ``size`` held no piece opening a page: half as
    many again. Doubled, the three-scenario report's window of 24 pieces, whose only piece
    opening a page was its last (the 8B plan's "Results": a window is never settled at its
    last), grew to the whole report once the headings after its tables stood clear of them
    and no mend opened a page at the DeepSeek-V3 power sheet any longer; 27 find "Results"."""
    return size + size // 2


@dataclass(frozen=True)
class SectionPages:
    """One document's share of the report's pages: from `first_page` (1 when a lead page
    stands for the report before it) up to `end_page`, where the next document goes on."""

    doc: QTextDocument
    first_page: int
    end_page: int

    @property
    def page_count(self) -> int:
        """How many of the report's pages this document holds."""
        return self.end_page - self.first_page


@dataclass(frozen=True)
class _Opening:
    """Where a window opens: its first piece and the bottom margin of the block before it
    (None after a table, and at the report's start); ``on_a_row`` when the piece is a row of
    a table that a page-break mend split before it (`table_breaks.split_before`)."""

    piece: int
    lead_margin: float | None
    on_a_row: bool = False


def _with_lead(doc: QTextDocument, opening: _Opening) -> int:
    """Open ``doc`` with what stands for the report before it: a table (a margin of None),
    after which Qt sets a block at a page's top without a margin, or an empty block with
    the margin for its bottom margin. Its first block is made to start a page; its position.
    A document that opens on a table's row (`_on_a_row`) opens as a split table goes on."""
    if opening.on_a_row:
        return _on_a_row(doc)
    lead = opening.lead_margin
    first = doc.begin()
    block_format = QTextBlockFormat(first.blockFormat())
    block_format.setPageBreakPolicy(ALWAYS_BEFORE)
    char_format = first.charFormat()
    cursor = QTextCursor(doc)
    if lead is None:
        table = cursor.insertTable(1, 1)
        cursor.setPosition(table.lastPosition() + 1)
    else:
        cursor.insertBlock()
    cursor.setBlockFormat(block_format)  # the first block's formats, which Qt moved up
    cursor.setBlockCharFormat(char_format)
    lead_format = QTextBlockFormat()
    if lead is not None:
        lead_format.setBottomMargin(lead)
    QTextCursor(doc.begin()).setBlockFormat(lead_format)
    return cursor.block().position()


def _on_a_row(doc: QTextDocument) -> int:
    """Open ``doc``, whose first piece is a table's rows under its header, as the table goes
    on when a mend splits it before them: after the table before (a lead table), an empty
    block a hair high, then the table starting a page. Its first row's position."""
    table = next(frame for frame in doc.rootFrame().childFrames() if isinstance(frame, QTextTable))
    table_format = table.format()
    table_format.setPageBreakPolicy(ALWAYS_BEFORE)
    table.setFormat(table_format)
    QTextCursor(doc).insertTable(1, 1)
    plain_gap(doc.findBlock(table.firstPosition() - 1))
    QTextCursor(doc.begin()).setBlockFormat(QTextBlockFormat())
    return table.cellAt(table_format.headerRowCount(), 0).firstPosition()


def _starts_piece(block: QTextBlock) -> bool:
    """Whether ``block`` opens a piece: a heading of a section or subsection outside a table,
    or a block whose first letter carries the anchor `words.PIECE` (`report_pieces` sets it
    on every piece's first block: a mend that splits the table before a heading may leave
    the heading's block without its level; a table's caption; a row of a long table)."""
    if block.blockFormat().headingLevel() in (2, 3) and not _in_table(block):
        return True
    first = block.begin()
    return not first.atEnd() and PIECE in first.fragment().charFormat().anchorNames()


def _piece_starts(doc: QTextDocument, after: int) -> list[QTextBlock]:
    """The block that opens each piece after the first, the first opening at ``after``."""
    starts = []
    block = doc.findBlock(after).next()
    while block.isValid():
        if _starts_piece(block):
            starts.append(block)
        block = block.next()
    return starts


def _last_start(doc: QTextDocument) -> QTextBlock:
    """The block that opens the document's last piece."""
    block = doc.lastBlock()
    while not _starts_piece(block):
        block = block.previous()
    return block


def _in_table(block: QTextBlock) -> bool:
    return QTextCursor(block).currentTable() is not None


def _opens_a_page(block: QTextBlock) -> bool:
    """Whether ``block`` starts a page whatever came before, with no heading leading it: as
    a table's first row under its header, the table starting a page (a mend split it)."""
    table: QTextTable | None = QTextCursor(block).currentTable()  # None outside tables
    if table is not None:
        cell = table.cellAt(block.position())
        first_row = cell.row() == table.format().headerRowCount() and cell.column() == 0
        return first_row and bool(table.format().pageBreakPolicy() & ALWAYS_BEFORE)
    previous = block.previous()
    return bool(block.blockFormat().pageBreakPolicy() & ALWAYS_BEFORE) and not (
        previous.isValid() and previous.blockFormat().headingLevel()
    )


class _Window:
    """Pieces from an opening on, laid out as one document and mended up to its last piece."""

    def __init__(
        self,
        make: PiecesDocument,
        set_up: Callable[[QTextDocument], None],
        opening: _Opening,
        last: int,
        to_the_end: bool,
        step: Step,
    ) -> None:
        self.doc = make(opening.piece, last)
        self.opening = opening
        self.last = last
        start = None if opening.piece == 0 else _with_lead(self.doc, opening)
        starts = _piece_starts(self.doc, start or 0)
        set_up(self.doc)
        if len(starts) != last - opening.piece:
            raise ValueError("a report piece holds a heading or an anchor past its first block")
        self.settled = mend_faults(
            self.doc,
            step,
            None if opening.on_a_row else start,
            None if to_the_end else partial(_last_start, self.doc),
        )
        # Found again: a mend that splits a table moves its rows (and their anchors).
        self.starts = _piece_starts(self.doc, start or 0)

    @property
    def first_page(self) -> int:
        return 0 if self.opening.piece == 0 else 1

    def page_of(self, block: QTextBlock) -> int:
        top = self.doc.documentLayout().blockBoundingRect(block).top()
        return int(top // self.doc.pageSize().height())

    def next_opening(self) -> tuple[_Opening, int] | None:
        """The last piece before the window's last that opens a page, with the bottom margin of
        the block before it and its page; None when there is none."""
        for offset in range(len(self.starts) - 2, -1, -1):
            block = self.starts[offset]
            if self.settled is not None and block.position() > self.settled:
                continue  # after a table whose pages this window cannot settle
            if _opens_a_page(block):
                piece = self.opening.piece + 1 + offset
                if _in_table(block):
                    return _Opening(piece, None, on_a_row=True), self.page_of(block)
                previous = block.previous()
                margin = (
                    None if _in_table(previous) else float(previous.blockFormat().bottomMargin())
                )
                return _Opening(piece, margin), self.page_of(block)
        return None


def _onwards(step: Step) -> Step:
    """``step``, told no share below one it was told before."""
    furthest = [0.0]

    def told(doing: str, share: float) -> None:
        furthest[0] = max(furthest[0], share)
        step(doing, furthest[0])

    return told


def lay_out_sections(
    sizes: Sequence[int],
    make: PiecesDocument,
    set_up: Callable[[QTextDocument], None],
    step: Step,
) -> Iterator[SectionPages]:
    """The report's pieces, of ``sizes`` (their HTML's length), laid out and mended, window
    by window, each window's pages given as soon as the next is laid out (the last page's
    mend may take back the window before the last); ``make`` writes a run of pieces as one
    document and ``set_up`` gives it its page (nothing is laid out before). ``step`` is told
    the share of the report's text laid out, which never goes back (a window opens before the
    last one's end, and one that grows is mended again).

    One window at a time, given on: a window's laid-out pages take some 0.4 MB each at 300
    dpi, and a plan of 1,000 scenarios held all of its 3,900 pages' (3 GB) until the last.

    By text rather than by piece: pieces differ a hundredfold in length (a heading and a line
    against a long table), and a window holding a long one moved the progress by one piece's
    worth however long it took."""
    count = len(sizes)
    reach = list(accumulate(sizes, initial=0))
    step = _onwards(step)
    held: tuple[SectionPages, _Opening] | None = None  # the window before, not given yet
    opening, size = _Opening(0, None), WINDOW_PIECES
    while True:
        last = min(count - 1, opening.piece + size - 1)
        share = part_of(step, reach[opening.piece] / reach[-1], reach[last + 1] / reach[-1])
        window = _Window(make, set_up, opening, last, last == count - 1, share)
        if last == count - 1:
            break
        found = window.next_opening()
        if found is None:
            size = grown(size)  # no page opens in it: a longer window, mended again
            continue
        following, page = found
        if held is not None:
            yield held[0]
        held = SectionPages(window.doc, window.first_page, page), opening
        opening, size = following, WINDOW_PIECES
    if held is not None and window.doc.pageCount() - window.first_page < 2:
        # The page before the last is the window before's: the last page's mend may need it.
        window = _Window(make, set_up, held[1], count - 1, True, step)
        held = None
    if held is not None:
        yield held[0]
    fill_the_last_page(window.doc)
    yield SectionPages(window.doc, window.first_page, window.doc.pageCount())
