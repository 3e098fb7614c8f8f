"""Tables on paper: a table that fits on a page starts on the next one rather than break, and a
table longer than a page is split between rows into tables of a page each.

Qt breaks a table wherever a page ends: a row's cells ran on from the foot of one page (no
bottom border, the text cut mid-sentence) to the top of the next under the repeated header,
and the checklist's ten rows broke seven and three. After layout, each table that crosses a
page's end is either moved whole to the next page with the headings that lead it (when it fits
there and the page it leaves stays at least two thirds filled) or split into two tables before
the row that crosses, the second starting a page under the same header rows (`paginate` finds
the tables that cross and lays the document out again after each is mended). A table Qt broke
between rows is split there too: Qt stretches the last row above its break down to the page's
foot.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtGui import (
    QFont,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextTable,
    QTextTableFormat,
)

from aisle_desktop.report.slots import SCHEME

# A table moves whole to the next page only when the page it leaves stays at least this full:
# at half (paginate.MOSTLY_BLANK) the three-scenario report's "Scenarios compared" page was
# left half blank, the warnings' table moved past it; else it breaks between rows.
LEAVES_AT_LEAST = 2 / 3
# A table of half a page or less moves whole when the page it leaves stays half filled.
SHORT_TABLE = 1 / 2
SHORT_TABLE_LEAVES = 1 / 2
ALWAYS_BEFORE = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
# How far back the headings and introduction that lead a table are looked for, in blocks.
LEAD_BLOCKS = 4
# A paragraph this many lines long or shorter under a section's heading, before the subheading
# that leads a table, introduces the section: the heading goes where the table goes.
INTRODUCTION_LINES = 2


def tables(frame: QTextFrame) -> Iterator[QTextTable]:
    """Every table in `frame`, in document order."""
    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            yield child
        yield from tables(child)


def row_span(doc: QTextDocument, table: QTextTable, row: int) -> tuple[float, float]:
    """The top and bottom of one row's text (document coordinates)."""
    layout = doc.documentLayout()
    tops, bottoms = [], []
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        tops.append(layout.blockBoundingRect(cell.firstCursorPosition().block()).top())
        bottoms.append(layout.blockBoundingRect(cell.lastCursorPosition().block()).bottom())
    return min(tops), max(bottoms)


def _page(doc: QTextDocument, y: float) -> int:
    return int(y // doc.pageSize().height())


def crosses(doc: QTextDocument, table: QTextTable) -> bool:
    """Whether `table` runs from one page onto the next."""
    rect = doc.documentLayout().frameBoundingRect(table)
    return _page(doc, rect.top()) != _page(doc, rect.bottom() - 1)


def crossing_row(doc: QTextDocument, table: QTextTable) -> int | None:
    """The first row of `table` whose text runs from one page onto the next, if any."""
    for row in range(table.rows()):
        top, bottom = row_span(doc, table, row)
        if _page(doc, top) != _page(doc, bottom - 1):
            return row
    return None


def table_lead(table: QTextTable) -> QTextBlock:
    """The first block of the headings (and their introduction) just before `table`, which
    travel with it; the block just before it when no heading leads it. A chart between them
    is what the headings lead (QA: "What swings the budget" went to the next page with its
    chart and table because the table, too long for the room the chart left, started
    there)."""
    before = table.firstCursorPosition()
    before.setPosition(table.firstPosition() - 1)
    block = lead = before.block()
    for _ in range(LEAD_BLOCKS):
        if not block.isValid() or QTextCursor(block).currentTable() is not None:
            break
        if _holds_chart(block):
            break
        if block.blockFormat().headingLevel():
            lead = block
            if not block.previous().blockFormat().headingLevel():
                break  # the first of the headings over it
        block = block.previous()
    return _section_over(lead)


def _section_over(lead: QTextBlock) -> QTextBlock:
    """The heading of the section ``lead``, a subheading, opens when only a short paragraph
    of introduction stands between them: they travel together (QA: "Bill of materials and
    power" and its one line ended page 2 of the DeepSeek-V3 report and of a plan in pools,
    its first bill under its own heading on page 3)."""
    intro = lead.previous()
    heading = intro.previous()
    level = lead.blockFormat().headingLevel()
    if (
        not level
        or not intro.isValid()
        or intro.blockFormat().headingLevel()
        or QTextCursor(intro).currentTable() is not None
        or _holds_chart(intro)
        or intro.layout().lineCount() > INTRODUCTION_LINES
        or not heading.isValid()
        or not 0 < heading.blockFormat().headingLevel() < level
    ):
        return lead
    while heading.previous().isValid() and heading.previous().blockFormat().headingLevel():
        heading = heading.previous()  # the first of the headings over it
    return heading


def _holds_chart(block: QTextBlock) -> bool:
    """Whether ``block`` holds a chart's placeholder (`slots`)."""
    it = block.begin()
    while not it.atEnd():
        fmt = it.fragment().charFormat()
        if fmt.isImageFormat() and fmt.toImageFormat().name().startswith(SCHEME):
            return True
        it += 1
    return False


def introduces(block: QTextBlock) -> bool:
    """Whether ``block`` is a paragraph ending in a colon: it leads in what follows it."""
    return block.isValid() and block.text().rstrip().endswith(":")


def _break_before(block: QTextBlock) -> None:
    fmt = block.blockFormat()
    fmt.setPageBreakPolicy(ALWAYS_BEFORE)
    QTextCursor(block).setBlockFormat(fmt)


def fits_on_the_next_page(doc: QTextDocument, table: QTextTable) -> bool:
    """Whether `table` and its lead fit on a page whole and the page they start on would stay
    at least two thirds filled without them, or half filled for a short table (half a page
    or less): such a table starts the next page rather than break. A ten-line checklist
    split four lines in read as two lists (QA: the default report's checklist once started
    57 % down its page and went on over the page)."""
    layout = doc.documentLayout()
    page_h = doc.pageSize().height()
    lead_top = layout.blockBoundingRect(table_lead(table)).top()
    bottom = layout.frameBoundingRect(table).bottom()
    leaves = lead_top - _page(doc, lead_top) * page_h
    height = bottom - lead_top
    filled_enough = LEAVES_AT_LEAST if height > SHORT_TABLE * page_h else SHORT_TABLE_LEAVES
    return leaves >= filled_enough * page_h and height <= page_h


def _moved_whole(doc: QTextDocument, table: QTextTable) -> bool:
    """Start `table` (and its lead) on the next page when it fits there whole and the page
    it leaves stays at least two thirds filled."""
    if not fits_on_the_next_page(doc, table):
        return False
    lead = table_lead(table)
    if lead.position() == table.firstPosition() - 1 and not lead.text():
        fmt = table.format()  # the empty block Qt keeps before a table: break the table itself
        fmt.setPageBreakPolicy(ALWAYS_BEFORE)
        table.setFormat(fmt)
    else:
        _break_before(lead)
    return True


def split_before(doc: QTextDocument, table: QTextTable, row: int) -> QTextTable:
    """Move rows `row`... of `table` into a new table after it that starts a page, its header
    rows repeated above them; the new table."""
    fmt = table.format()
    heads = fmt.headerRowCount()
    following = QTextTableFormat(fmt)
    following.setPageBreakPolicy(ALWAYS_BEFORE)
    cursor = QTextCursor(doc)
    cursor.setPosition(table.lastPosition() + 1)
    cursor.beginEditBlock()
    rows = [*range(heads), *range(row, table.rows())]
    new = cursor.insertTable(len(rows), table.columns(), following)
    for new_row, old_row in enumerate(rows):
        for column in range(table.columns()):
            old = table.cellAt(old_row, column)
            if old.column() != column:
                continue  # the rest of a cell spanning columns, copied at its first
            if old.columnSpan() > 1:  # a long value across the columns beside it
                new.mergeCells(new_row, column, 1, old.columnSpan())
            copy = QTextCursor(doc)
            copy.setPosition(old.firstCursorPosition().position())
            copy.setPosition(old.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
            cell = new.cellAt(new_row, column)
            cell.setFormat(old.format())
            cursor.setPosition(cell.firstCursorPosition().position())
            cursor.insertFragment(copy.selection())
    table.removeRows(row, table.rows() - row)
    plain_gap(doc.findBlock(new.firstPosition() - 1))
    cursor.endEditBlock()
    _no_blank_page_between(doc, table, new)
    return new


def _no_blank_page_between(doc: QTextDocument, table: QTextTable, following: QTextTable) -> None:
    """Let `following` start where Qt puts it when `table` ends at a page's very foot: Qt's
    page break before a table counts from the room below the table before it, then on the
    next page already, and left that page blank."""
    doc.markContentsDirty(table.firstPosition(), doc.characterCount() - table.firstPosition())
    layout = doc.documentLayout()
    # Where its last row's text ends, not its frame: a part a page tall reached the next page
    # by its frame's foot alone (border and padding, 0.007 of a page), Qt turned a page for
    # that foot and the part after started the page after it: the Llama 3.1 405B report's
    # page 9 was blank, in its Assumptions.
    ends = _page(doc, row_span(doc, table, table.rows() - 1)[1] - 1)
    if _page(doc, layout.frameBoundingRect(following).top()) > ends + 1:
        fmt = following.format()
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
        following.setFormat(fmt)


def plain_gap(gap: QTextBlock) -> None:
    """The empty block Qt puts between the two tables, made plain and a hair high: it took
    the format of the block the new table went before (the next section's heading, which
    the pagination then moved to a page of its own, leaving one blank), and at a line's
    height it ran over the foot of the page the first part fills, so the second part,
    which starts a page, started the page after."""
    char = QTextCharFormat()
    char.setFontPointSize(1)
    fmt = QTextBlockFormat()
    fmt.setLineHeight(1, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    cursor = QTextCursor(gap)
    cursor.setBlockFormat(fmt)
    cursor.setBlockCharFormat(char)


def _first_row_over(doc: QTextDocument, table: QTextTable) -> int:
    """The first row Qt moved to a page after the one `table` starts on, when it broke the
    table between rows; else its row count."""
    first = _page(doc, doc.documentLayout().frameBoundingRect(table).top())
    heads = table.format().headerRowCount()
    rows = range(heads, table.rows())
    return next((r for r in rows if _page(doc, row_span(doc, table, r)[0]) > first), table.rows())


def break_row(doc: QTextDocument, table: QTextTable, row: int | None) -> int:
    """The row before which `table`, crossing a page's end at `row` (None: between two rows),
    is split when it does not start the next page whole: that row, or the first row Qt moved
    over if it comes first (the first page's end first), before `keep_whole` keeps a last
    row company."""
    over = _first_row_over(doc, table)
    return over if row is None else min(row, over)


def _cell_text(table: QTextTable, row: int, column: int) -> str:
    cell = table.cellAt(row, column)
    cursor = cell.firstCursorPosition()
    cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().strip()


def opens_a_group(table: QTextTable, row: int) -> bool:
    """Whether ``row`` holds the heading of the rows under it: a bold name with no value in
    the cell beside it ("Capacity" over its figures in a scenario's Results)."""
    for column in range(table.columns() - 1):
        cell = table.cellAt(row, column)
        if cell.column() != column or table.cellAt(row, column + 1).column() != column + 1:
            continue  # a cell spanning columns: a note, not a name and its value
        if not _cell_text(table, row, column) or _cell_text(table, row, column + 1):
            continue
        first = cell.firstCursorPosition()
        first.movePosition(QTextCursor.MoveOperation.NextCharacter)
        if first.charFormat().fontWeight() >= QFont.Weight.Bold:
            return True
    return False


def keep_whole(doc: QTextDocument, table: QTextTable, row: int | None) -> None:
    """Mend `table`, which crosses a page's end at `row` (None: between two rows): start it
    on the next page when it fits there, else split it before that row, or before the first
    row Qt moved over. A break Qt makes between rows is never left so: Qt draws the last row
    above it down to the page's foot (QA: the default report's page 7 ended in an assumption's
    row blank for a third of the page); a table's last row never goes over alone under the
    repeated header: the row before goes with it; and a group's heading row never ends a
    page, its rows on the next (QA: "Capacity" ended the default report's page 4)."""
    if _moved_whole(doc, table):
        return
    heads = table.format().headerRowCount()
    row = break_row(doc, table, row)
    while row > heads and opens_a_group(table, row - 1):
        row -= 1  # a group's heading goes over with its rows
    lead = table_lead(table)
    if row <= heads and (lead.blockFormat().headingLevel() or introduces(lead)):
        # The header or the first row: nothing above; the table starts the next page with
        # the heading or the sentence that leads it in. Broken before the table alone, the
        # heading then went over too and stood alone on a page (QA: 1,000 scenarios' page
        # 3493 held "Warnings, explained" and nothing else).
        _break_before(lead)
    elif row <= heads:
        fmt = table.format()
        fmt.setPageBreakPolicy(ALWAYS_BEFORE)
        table.setFormat(fmt)
    else:
        lone = row == table.rows() - 1 and row - 1 > heads
        split_before(doc, table, row - 1 if lone else row)
