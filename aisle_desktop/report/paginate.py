"""Where the report's pages break: the rules that keep every page worth turning to.

Qt breaks a page wherever the text runs out of room. After the document is laid out, the
first fault in document order is fixed, the document laid out again from there, and so on
until none is left (a fix moves only what follows it, so what came before stays settled):

- a section that starts a page (a scenario, the comparison) begins on the page before when
  that one is mostly blank, unless the table it opens with, whole on a page, would break
  there;
- a chart Qt pushed to the next page, away from its heading, takes the room left under the
  heading instead where it fits there at `SHORTEST_CHART` of its height or more;
- a heading, or a sentence ending in a colon that leads a table in, moves to the page its chart
  or its table was pushed to, and a heading at the foot
  of a page with less than two lines of its text under it moves to the page its text runs onto;
- a table that crosses a page's end starts on the next page when it fits there, else is split
  between rows into tables of a page each, never inside a row (`table_breaks`);
- a paragraph that would leave its last line alone atop a page goes over whole (with the
  heading that leads it).

Last, a last page that would hold a few lines only takes the whole section they end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import cast

from PySide6.QtCore import QRectF
from PySide6.QtGui import (
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFragment,
    QTextImageFormat,
    QTextTable,
)

from aisle_desktop.report.progress import Step, unwatched
from aisle_desktop.report.slots import CSS_DPI, SCHEME
from aisle_desktop.report.table_breaks import (
    LEAD_BLOCKS,
    break_row,
    crosses,
    crossing_row,
    fits_on_the_next_page,
    introduces,
    keep_whole,
    plain_gap,
    table_lead,
)

# A page whose text and charts fill less than this share of it reads as mostly blank.
MOSTLY_BLANK = 0.5
# A last page filled less than this holds a few lines only: it takes their section whole (QA:
# at a quarter, the DeepSeek-V3.2 report's last page held 28% of a page, its worked figures'
# tail under a page that was full).
NEARLY_EMPTY = 0.35
# A heading keeps at least this many lines of its text on its page (else it goes over).
LINES_UNDER_A_HEADING = 2
# A chart pushed away from its heading may shrink to this share of its height to stay on the
# heading's page (QA: the three-scenario report's budget swings chart, 91 mm, went to page 3
# with its heading for want of some 8 mm, and left page 2 half blank). At 0.85 the tornado's
# two setting labels in a row (8.5 mm) still stand 3 mm apart, a line of their text.
SHORTEST_CHART = 0.85
# The image format's property that keeps a shrunk chart's own height (CSS pixels).
OWN_HEIGHT = QTextFormat.Property.UserProperty + 1
# At most this many faults are fixed in one document (a window of `sections`, a few pages):
# each is a layout of the rest of it.
MOST_FIXES = 80
ALWAYS_BEFORE = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
AUTO = QTextFormat.PageBreakFlag.PageBreak_Auto
# The kind of a "fault" that cannot be judged in the document at hand: a table whose rows run
# on past its end (`mend_faults`' ``until``) and which might start the next page whole.
UNDECIDED = "undecided"


def _charts_in(block: QTextBlock) -> Iterator[QTextFragment]:
    """The chart placeholders in one block of text."""
    it = block.begin()
    while not it.atEnd():
        fmt = it.fragment().charFormat()
        if fmt.isImageFormat() and fmt.toImageFormat().name().startswith(SCHEME):
            yield it.fragment()
        it += 1


def chart_fragments(doc: QTextDocument) -> Iterator[tuple[QTextBlock, QTextFragment]]:
    """Each chart placeholder in ``doc`` with the block that holds it, in document order."""
    block = doc.begin()
    while block.isValid():
        for fragment in _charts_in(block):
            yield block, fragment
        block = block.next()


def chart_rect(doc: QTextDocument, block: QTextBlock, fragment: QTextFragment) -> QRectF:
    """The room a chart placeholder took, in the document's coordinates (device units).

    Its line's position, not its block's: Qt moves a line that does not fit to the next page
    while the block it belongs to still starts on the page before.
    """
    image = fragment.charFormat().toImageFormat()
    bounds = doc.documentLayout().blockBoundingRect(block)
    offset = fragment.position() - block.position()
    line = block.layout().lineForTextPosition(offset)
    x = float(line.cursorToX(offset)[0])  # type: ignore[index]
    scale = doc.documentLayout().paintDevice().logicalDpiX() / CSS_DPI
    return QRectF(
        bounds.x() + line.x() + x,
        bounds.y() + line.y(),
        image.width() * scale,
        image.height() * scale,
    )


def _page(doc: QTextDocument, y: float) -> int:
    return int(y // doc.pageSize().height())


def _top(doc: QTextDocument, block: QTextBlock) -> float:
    return float(doc.documentLayout().blockBoundingRect(block).top())


def pages_filled(doc: QTextDocument) -> list[float]:
    """The share of each page its blocks (table cells and charts included) fill, top down."""
    layout = doc.documentLayout()
    page_h = doc.pageSize().height()
    bottoms = [page * page_h for page in range(doc.pageCount())]
    block = doc.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        last = min(_page(doc, rect.bottom() - 1e-6), len(bottoms) - 1)
        for page in range(max(0, _page(doc, rect.top())), last + 1):  # on it, or running onto it
            bottoms[page] = max(bottoms[page], min(rect.bottom(), (page + 1) * page_h))
        block = block.next()
    return [bottom / page_h - page for page, bottom in enumerate(bottoms)]


def page_filled(doc: QTextDocument, page: int) -> float:
    """The share of page ``page`` its blocks fill, top down (`pages_filled`)."""
    return pages_filled(doc)[page]


def _forced_breaks(doc: QTextDocument) -> Iterator[QTextBlock]:
    """The blocks that start a page of their own (a section: a scenario, the comparison)."""
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().pageBreakPolicy() & ALWAYS_BEFORE:
            yield block
        block = block.next()


def section_pages(doc: QTextDocument) -> set[int]:
    """The pages a section starts (a block that starts a page of its own)."""
    return {_page(doc, _top(doc, b)) for b in _forced_breaks(doc)}


def _set_break(block: QTextBlock, policy: QTextFormat.PageBreakFlag) -> None:
    fmt = QTextBlockFormat(block.blockFormat())
    fmt.setPageBreakPolicy(policy)
    QTextCursor(block).setBlockFormat(fmt)


def _set_chart_height(block: QTextBlock, fragment: QTextFragment, height: float) -> None:
    """Give the chart ``fragment`` of ``block`` ``height`` CSS pixels, its own kept in the
    format (`OWN_HEIGHT`); its drawing takes the rect it is given (`chart_rect`)."""
    image = fragment.charFormat().toImageFormat()
    image.setProperty(OWN_HEIGHT, image.height())
    image.setHeight(height)
    _set_format(block, fragment, image)


def _set_format(block: QTextBlock, fragment: QTextFragment, image: QTextImageFormat) -> None:
    cursor = QTextCursor(block)
    cursor.setPosition(fragment.position())
    cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
    cursor.setCharFormat(image)


def _own_chart_height(block: QTextBlock) -> None:
    """Give each chart of ``block`` shrunk by `_set_chart_height` its own height back (the
    property stays: it is not shrunk again)."""
    for fragment in list(_charts_in(block)):
        image = fragment.charFormat().toImageFormat()
        if image.hasProperty(OWN_HEIGHT):
            image.setHeight(float(image.property(OWN_HEIGHT)))
            _set_format(block, fragment, image)


def _in_turn(*mends: Callable[[], None]) -> None:
    """Each mend, in the order given."""
    for mend in mends:
        mend()


def _relayout(doc: QTextDocument, position: int = 0, end: int | None = None) -> None:
    """Lay the document out again from ``position`` to ``end`` (None: its end): Qt's own
    relayout after a format change left later pages' text where the old layout put it, off
    the page drawn. Past ``end`` Qt only moves the lines it laid out before."""
    end = doc.characterCount() if end is None else min(end, doc.characterCount())
    doc.markContentsDirty(position, end - position)


def _block_end(block: QTextBlock) -> int:
    return block.position() + block.length()


def _last_page(doc: QTextDocument, block: QTextBlock) -> int:
    return _page(doc, doc.documentLayout().blockBoundingRect(block).bottom() - 1e-6)


def _lines_on(doc: QTextDocument, block: QTextBlock, page: int) -> int:
    """How many of ``block``'s lines are on ``page`` (Qt moves a line that does not fit to
    the next page, its block still starting on the page before)."""
    top = doc.documentLayout().blockBoundingRect(block).top()
    layout = block.layout()
    lines = (layout.lineAt(i) for i in range(layout.lineCount()))
    return sum(1 for line in lines if _page(doc, top + line.y()) == page)


def _is_heading(block: QTextBlock) -> bool:
    return block.isValid() and bool(block.blockFormat().headingLevel())


def _first_of_headings(block: QTextBlock) -> QTextBlock:
    """The first of the headings run that ends at ``block`` (a section's and its first
    subsection's travel together)."""
    while _is_heading(block.previous()):
        block = block.previous()
    return block


@dataclass(frozen=True)
class Fault:
    """A place where the page breaks badly, and how to mend it."""

    position: int
    kind: str
    mend: Callable[[], None]


def _table_led_by(block: QTextBlock) -> QTextTable | None:
    """The table ``block`` (a heading) leads in, with no more than its introduction between
    them (`table_lead`), or None."""
    after = block.next()
    for _ in range(LEAD_BLOCKS):
        if not after.isValid():
            return None
        table: QTextTable | None = QTextCursor(after).currentTable()
        if table is not None:
            return table if table_lead(table) == block else None
        after = after.next()
    return None


def _heading_before(block: QTextBlock) -> QTextBlock | None:
    """The heading that introduces the chart in ``block``: the nearest one before it with no
    other chart in between."""
    previous = block.previous()
    while previous.isValid():
        if previous.blockFormat().headingLevel():
            return previous
        if any(True for _ in _charts_in(previous)):
            return None
        previous = previous.previous()
    return None


class _Scan:
    """One pass down the document from a settled place, to the first fault after it.

    The page bottoms its blocks reach are kept as it goes, so a section's start knows how
    full the page before it is without reading the document again."""

    def __init__(self, doc: QTextDocument, ours: set[int], mended: set[tuple[str, int]]):
        self.doc = doc
        self.ours = ours  # blocks this module starts a page with: no section to flow
        self.mended = mended
        self.page_h = doc.pageSize().height()
        self.bottoms: dict[int, float] = {}
        self.until: int | None = None

    def first_fault(self, since: int, until: int | None = None) -> Fault | None:
        """The first fault from ``since`` in blocks that start before ``until`` (a table's
        rows from there on are not mended: they may run on in the report, beyond the
        document)."""
        self.until = until
        block = self.doc.findBlock(since)
        seen_tables: set[int] = set()
        while block.isValid() and (until is None or block.position() < until):
            found = self._at(block, seen_tables)
            if found is not None and (found.kind, found.position) not in self.mended:
                return found
            block = block.next()
        return None

    def _reach(self, block: QTextBlock) -> tuple[int, int]:
        """Note how far down its pages ``block`` reaches; its first and last page."""
        rect = self.doc.documentLayout().blockBoundingRect(block)
        first, last = _page(self.doc, rect.top()), _page(self.doc, rect.bottom() - 1e-6)
        for page in range(first, last + 1):
            end = min(rect.bottom(), (page + 1) * self.page_h)
            self.bottoms[page] = max(self.bottoms.get(page, end), end)
        return first, last

    def _filled(self, page: int) -> float:
        if page not in self.bottoms:  # the scan began below it
            return page_filled(self.doc, page)
        return self.bottoms[page] / self.page_h - page

    def _at(self, block: QTextBlock, seen_tables: set[int]) -> Fault | None:
        page, _ = self._reach(block)
        table: QTextTable | None = QTextCursor(block).currentTable()  # None outside tables
        if table is not None:
            if table.firstPosition() in seen_tables:
                return None
            seen_tables.add(table.firstPosition())
            return self._crossing(table)
        breaks = block.blockFormat().pageBreakPolicy() & ALWAYS_BEFORE
        section = breaks and block.position() not in self.ours and page > 0
        if (
            section
            and self._filled(page - 1) < MOSTLY_BLANK  # after a mostly blank page
            and not self._opening_table_kept_whole(block, page)
        ):
            return Fault(block.position(), "flow", partial(_set_break, block, AUTO))
        apart = self._heading_apart(block)
        if apart is not None and (shrink := self._shrink(block)) is not None:
            return Fault(block.position(), "chart", shrink)
        heading = apart or self._heading_alone(block, page)
        if heading is not None and not heading.blockFormat().pageBreakPolicy() & ALWAYS_BEFORE:
            mend = partial(self._break, heading)
            if apart is not None:  # a chart shrunk in vain goes over at its own height
                mend = partial(_in_turn, partial(_own_chart_height, block), mend)
            return Fault(heading.position(), "heading", mend)
        if self._widowed(block, page):
            start = _first_of_headings(block.previous()) if _is_heading(block.previous()) else block
            return Fault(start.position(), "widow", partial(self._break, start))
        intro = self._introduction_apart(block, page)
        if intro is not None:
            start = _first_of_headings(intro.previous()) if _is_heading(intro.previous()) else intro
            return Fault(start.position(), "introduction", partial(self._break, start))
        return None

    def _opening_table_kept_whole(self, block: QTextBlock, page: int) -> bool:
        """Whether the section ``block`` opens, on ``page``, leads straight into a table that
        is whole on that page but would not fit in the room left on the page before: the
        section keeps its page rather than flow up and break its table (QA: the two-scenario
        report's "Scenarios compared" followed the last scenario's charts and its last three
        rows, the hosted API's, went over under a repeated header). A table longer than a
        page breaks wherever it starts, and flows up as before."""
        table = _table_led_by(block)
        if table is None or (self.until is not None and table.lastPosition() >= self.until):
            return False
        layout = self.doc.documentLayout()
        bottom = layout.frameBoundingRect(table).bottom()
        if _page(self.doc, bottom - 1) != page:
            return False
        scale = layout.paintDevice().logicalDpiY() / CSS_DPI
        height = bottom - _top(self.doc, block) + block.blockFormat().topMargin() * scale
        room = (1 - self._filled(page - 1)) * self.page_h - self.doc.documentMargin()
        return height > room

    def _introduction_apart(self, block: QTextBlock, page: int) -> QTextBlock | None:
        """The sentence that introduces the list ``block`` opens (a paragraph ending in a
        colon), left on an earlier page than it (QA: the DeepSeek-V3.2 report's page 2 ended
        "Goal-seeks at half the time-per-token target (25 ms) and at half as much budget
        again ($2.31 M/year):", its two answers opening page 3); else None."""
        listed = block.textList()
        if listed is None or listed.item(0) != block:
            return None
        intro = block.previous()
        if (
            not introduces(intro)
            or intro.textList() is not None
            or QTextCursor(intro).currentTable() is not None
            or intro.blockFormat().pageBreakPolicy() & ALWAYS_BEFORE
        ):
            return None
        return intro if _last_page(self.doc, intro) < page else None

    def _widowed(self, block: QTextBlock, page: int) -> bool:
        """Whether ``block``, a paragraph, leaves its last line alone atop the next page (QA:
        the last line of the bill's sources opened the scenario's page)."""
        layout = block.layout()
        if (
            layout.lineCount() < 2
            or block.blockFormat().pageBreakPolicy() & ALWAYS_BEFORE
            or QTextCursor(block).currentTable() is not None
            or any(True for _ in _charts_in(block))
        ):
            return False
        return _lines_on(self.doc, block, page) > 0 and (
            _lines_on(self.doc, block, _last_page(self.doc, block)) == 1
            and _last_page(self.doc, block) > page
        )

    def _crossing(self, table: QTextTable) -> Fault | None:
        runs_on = self.until is not None and table.lastPosition() >= self.until
        if runs_on and fits_on_the_next_page(self.doc, table):
            # Whole, it might not fit on a page: whether it starts the next one is not known.
            return Fault(table_lead(table).position(), UNDECIDED, _nothing)
        # The heading Qt left behind goes over first: a split decided before it moved was
        # stale once it had (QA: the three-scenario report's page 16 held two assumptions,
        # split off above a part split before the heading went over).
        apart = self._lead_apart(table)
        if apart is not None or not crosses(self.doc, table):
            return apart
        row = crossing_row(self.doc, table)
        at = break_row(self.doc, table, row)
        if at >= table.rows():
            # Every row is on the page the table starts on and only the frame's foot (its
            # border and margin) runs past the page's end: split there, the second part held
            # the header alone on a page (the two-scenario DeepSeek-V3 report's page 13).
            # Qt still draws the header again atop the next page, over what starts it (the
            # two-scenario report's bill over "Power sheet: ..."): the margin under the table
            # goes, where it has one (`words.ROOM_AFTER`), and the foot with it.
            apart = self._lead_apart(table)
            if apart is None and table.format().bottomMargin() > 0:
                return Fault(table.firstPosition(), "foot", partial(_no_margin_below, table))
            return apart
        if runs_on and table.cellAt(at, 0).firstPosition() >= cast(int, self.until):
            return None  # a row whose page the document after this one settles
        mend = partial(keep_whole, self.doc, table, row)
        return Fault(table.firstPosition(), f"table, row {row}", mend)

    def _lead_apart(self, table: QTextTable) -> Fault | None:
        """The heading (and introduction), or the sentence that leads the table in, left at a
        page's foot while Qt started its table, too long for the room left, on the next page
        (QA: the checklist's heading and first line ended the page before its ten rows; the
        three-scenario report's "Against 1,292 measurements ...:" ended page 17, its table
        opened page 18)."""
        lead = table_lead(table)
        table_page = _page(self.doc, self.doc.documentLayout().frameBoundingRect(table).top())
        leads_in = _is_heading(lead) or introduces(lead)
        apart = leads_in and _page(self.doc, _top(self.doc, lead)) < table_page
        if not apart or lead.blockFormat().pageBreakPolicy() & ALWAYS_BEFORE:
            return None
        return Fault(lead.position(), "lead", partial(self._break, lead))

    def _heading_apart(self, block: QTextBlock) -> QTextBlock | None:
        """The heading left on an earlier page than its chart in ``block``: Qt moves a chart
        that does not fit to the next page but leaves its heading and introduction behind."""
        for fragment in _charts_in(block):
            heading = _heading_before(block)
            chart_page = _page(self.doc, chart_rect(self.doc, block, fragment).top())
            if heading is not None and _page(self.doc, _top(self.doc, heading)) < chart_page:
                return _first_of_headings(heading)
        return None

    def _shrink(self, block: QTextBlock) -> Callable[[], None] | None:
        """The mend that fits ``block``'s one chart, pushed to the next page, into the room
        left on the page its block starts on, at `SHORTEST_CHART` of its height or more;
        None where it would need less or has been shrunk already."""
        charts = list(_charts_in(block))
        if len(charts) != 1 or block.layout().lineCount() != 1:
            return None
        image = charts[0].charFormat().toImageFormat()
        if image.hasProperty(OWN_HEIGHT):
            return None
        scale = self.doc.documentLayout().paintDevice().logicalDpiY() / CSS_DPI
        top = _top(self.doc, block)
        line = block.layout().lineAt(0)
        page_end = (_page(self.doc, top) + 1) * self.page_h - self.doc.documentMargin()
        # The line holds the chart on its baseline, the font's descent under it; Qt keeps
        # the block's bottom margin on the page too.
        under = (
            line.height() - image.height() * scale
        ) + block.blockFormat().bottomMargin() * scale
        room = page_end - top - under - 2.0
        if room < SHORTEST_CHART * image.height() * scale:
            return None
        return partial(_set_chart_height, block, charts[0], room / scale)

    def _heading_alone(self, block: QTextBlock, page: int) -> QTextBlock | None:
        """``block``, a heading near a page's foot: its text starts on the next page, or
        fewer than `LINES_UNDER_A_HEADING` of its lines are on this one before it runs on
        (QA: "Values that do not bear on this plan" and its first line ended page 8)."""
        after = block.next()
        if not _is_heading(block) or _is_heading(after) or not after.isValid():
            return None
        table: QTextTable | None = QTextCursor(after).currentTable()
        if table is not None:  # it goes with all that leads the table in (`table_lead`)
            return table_lead(table) if page < _page(self.doc, _top(self.doc, after)) else None
        # Its block may start here with its first line moved over (`_lines_on`).
        runs_on = _last_page(self.doc, after) > page
        runs_on &= _lines_on(self.doc, after, page) < LINES_UNDER_A_HEADING
        return _first_of_headings(block) if runs_on else None

    def _break(self, block: QTextBlock) -> None:
        """Start a page with ``block``. Directly after a table whose frame ends at a page's
        very foot, Qt has already turned the page (the table's foot reached into its bottom
        margin) while the block still starts above its end: a break then turns another, and
        left a blank page (QA: the Qwen3.5 report's page 4, between the bill of materials and
        its power sheet, whose heading straddled the page's end unbroken). There a hair-high
        empty block before it lets Qt set it at the top of the page it has turned to."""
        table = QTextCursor(block.previous()).currentTable()
        _set_break(block, ALWAYS_BEFORE)
        if table is not None:
            _relayout(self.doc, table.firstPosition(), self.until)
            table_ends = _page(
                self.doc, self.doc.documentLayout().frameBoundingRect(table).bottom()
            )
            if _page(self.doc, _top(self.doc, block)) > table_ends + 1:
                _set_break(block, AUTO)
                at = block.position()
                QTextCursor(block).insertBlock(block.blockFormat(), block.charFormat())
                plain_gap(self.doc.findBlock(at))
                block = self.doc.findBlock(at + 1)
        self.ours.add(block.position())


def paginate(doc: QTextDocument, step: Step = unwatched) -> None:
    """Mend the first fault in document order, lay out again, until none is left; then give
    a nearly empty last page its section (see the module's docstring). ``step`` is told the
    share of the document mended so far after each mend."""
    mend_faults(doc, step)
    fill_the_last_page(doc)


def mend_faults(
    doc: QTextDocument,
    step: Step = unwatched,
    starts_a_page: int | None = None,
    until: Callable[[], QTextBlock] | None = None,
) -> int | None:
    """Mend the first fault in document order and lay out again, until none is left (at most
    `MOST_FIXES`) in the blocks that start before the block ``until`` finds (it is found
    again after each mend, which may move a table's rows into a table of their own).
    ``starts_a_page``: the position of a block that starts a page whatever the page before
    it holds (a document that opens with a lead page standing for the report before it:
    `sections.lay_out_sections`).

    The position before which the pages are settled when a table that runs on past
    ``until``'s block might start the next page whole (mended no further); else None."""
    ours: set[int] = set() if starts_a_page is None else {starts_a_page}
    mended: set[tuple[str, int]] = set()
    since = 0
    for _ in range(MOST_FIXES):
        end = None if until is None else until()
        fault = _Scan(doc, ours, mended).first_fault(since, None if end is None else end.position())
        if fault is None:
            break
        if fault.kind == UNDECIDED:
            return fault.position
        mended.add((fault.kind, fault.position))
        fault.mend()
        since = max(0, fault.position - 1)
        # Up to the block at `until`, not past it: what follows is laid out and mended by
        # the window after (`sections`). A plan of 1,000 scenarios' window of its comparison
        # and warnings laid out the 2 MB of worked figures after them again at every mend.
        _relayout(doc, since, None if until is None else _block_end(until()))
        step("Laying out the pages", since / max(1, doc.characterCount()))
    return None


def _no_margin_below(table: QTextTable) -> None:
    """Take the bottom margin from under ``table``."""
    fmt = table.format()
    fmt.setBottomMargin(0)
    table.setFormat(fmt)


def _nothing() -> None:
    """The mend of a fault that is not judged here."""


def _places_to_break(doc: QTextDocument, page: int) -> list[QTextBlock]:
    """The blocks outside tables that start on ``page`` where a new page may begin: a
    heading (the first of a run of headings), or a paragraph that no heading leads."""
    found = []
    block = doc.begin().next()
    while block.isValid():
        if (
            not _is_heading(block.previous())
            and QTextCursor(block).currentTable() is None
            and QTextCursor(block.previous()).currentTable() is None
            and _page(doc, _top(doc, block)) == page
        ):
            found.append(block)
        block = block.next()
    return found


def fill_the_last_page(doc: QTextDocument) -> None:
    """When the last page would hold a few lines only (QA: the default report's page 11 held
    the end of the worked figures), start it earlier: at the last heading or paragraph of the
    page before whose move leaves that page at least half filled and the last page no longer
    nearly empty, at the same page count (a section whole where it can be)."""
    pages = doc.pageCount()
    if pages < 2 or page_filled(doc, pages - 1) >= NEARLY_EMPTY:
        return
    places = _places_to_break(doc, pages - 2)
    headings_first = sorted(reversed(places), key=lambda b: not _is_heading(b))
    for block in headings_first:
        _set_break(block, ALWAYS_BEFORE)
        _relayout(doc, block.position())
        filled = pages_filled(doc)
        if len(filled) == pages and filled[-1] >= NEARLY_EMPTY and filled[-2] >= MOSTLY_BLANK:
            return
        _set_break(block, AUTO)
        _relayout(doc, block.position())
