"""Paint a report onto any paged device: a QPdfWriter for Export PDF, a QPrinter for Print.

The text is laid out at the device's resolution (so point sizes are true on paper) a few
headings at a time (`sections`), its page breaks mended; each document is kept as text and
formats only, its layout freed, until every page is counted; then each is laid out again, to
the same pages, and drawn page by page, its charts painted over the room their placeholders
reserved and each page given a footer with the plan's provenance and "Page N of M".
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPainter,
    QPen,
    QTextCursor,
    QTextDocument,
)

from aisle_desktop.report.assumptions_table import assumptions_html
from aisle_desktop.report.checklist import checklist_html
from aisle_desktop.report.decision_pages import bill_sources_html, purchase_html, swings_html
from aisle_desktop.report.fonts import ensure_gui_app, load_fonts
from aisle_desktop.report.methodology import methodology_html
from aisle_desktop.report.model import Report
from aisle_desktop.report.paginate import chart_fragments, chart_rect
from aisle_desktop.report.plan_pages import comparison_html, warnings_html
from aisle_desktop.report.progress import Step, part_of, unwatched
from aisle_desktop.report.running_head import SEPARATOR, Heading, RunningHead, heads_of_pages
from aisle_desktop.report.scenario_pages import scenario_html, worked_html
from aisle_desktop.report.sections import SectionPages, lay_out_sections
from aisle_desktop.report.slots import CSS_DPI, SCHEME, ChartDraw, ChartSlots, column_inset
from aisle_desktop.report.summary_page import summary_html
from aisle_desktop.report.words import (
    CUT,
    PIECE_START,
    figures_whole,
    paragraphs_clear_of_tables,
)

FOOTER_MM = 9.0
STYLE = """
body { font-size: 9pt; color: #222222; }
h1 { font-size: 18pt; color: #1a237e; margin-bottom: 2px; }
h2 { font-size: 13pt; color: #1a237e; margin-top: 14px; margin-bottom: 6px; }
h3 { font-size: 10pt; margin-top: 10px; margin-bottom: 3px; }
p { margin-top: 5px; margin-bottom: 5px; }
li { margin-bottom: 2px; }
.muted { color: #555555; }
.small { color: #555555; font-size: 8pt; }
.sources { color: #555555; font-size: 7.5pt; }
.ok { color: #1b5e20; font-weight: bold; }
.warn { color: #8a5a00; font-weight: bold; }
.bad { color: #b71c1c; font-weight: bold; }
table.grid { border-collapse: collapse; border-color: #b0b7c0; border-style: solid; }
th { background-color: #e8eaf6; font-weight: bold; }
td, th { border-width: 1px; border-style: solid; border-color: #b0b7c0; }
table.grid td, table.grid th { font-size: 8.5pt; }
.source { font-size: 7.5pt; }
"""


@dataclass(frozen=True)
class PlacedChart:
    """A chart's drawing and the rectangle its placeholder took in the laid-out document."""

    rect: QRectF
    draw: ChartDraw


# The share of the pages' work that laying them out takes: a plan of 20 scenarios' 90 pages
# took some 3 s of CPU to lay out (`sections`), 1.4 s to lay out again and draw.
LAID_OUT_SHARE = 0.7
# The share of laying out that writing the pages' HTML takes: some 3 s of CPU against 5
# minutes for a plan of 1,000 scenarios, 0.05 s against 3 s for 20.
WRITTEN_SHARE = 0.02


def report_html(report: Report, slots: ChartSlots, family: str) -> str:
    """The whole report as one HTML document, charts as placeholders in ``slots``."""
    return f"<html><body>{''.join(report_pieces(report, slots, family))}</body></html>"


# Before each heading of a section or a subsection: where `report_pieces` cuts, and at each
# `words.CUT` (a table's caption, a row of a long table).
_BEFORE_A_HEADING = re.compile(r"(?=<h[23][ >])")
# A chart's placeholder image (`slots.ChartSlots.tag`), by its name.
_CHART_IMAGE = re.compile(rf'<img src="({SCHEME}:\d+)"')
# A piece's heading tag, where its anchor goes (`words.PIECE`): a page-break mend that splits
# the table before a heading may leave the heading's block without its heading level.
_HEADING_TAG = re.compile(r"^(<h[23][^>]*>)")
# A table's opening tag and header rows, which a run of pieces opening on its row repeats.
_TABLE_OPENING = re.compile(r"<table[^>]*><thead>.*?</thead>")


def report_pieces(
    report: Report, slots: ChartSlots, family: str, step: Step = unwatched
) -> list[str]:
    """The report's body as HTML cut before each heading of a section or subsection (none
    is in a table) and at each `words.CUT`, for `sections.lay_out_sections`; charts as
    placeholders in ``slots``.

    Written a section or a scenario at a time, ``step`` told before each: a plan of 1,000
    scenarios took some 3 s of CPU to write, a Stop waiting all of it."""
    writers: list[Callable[[], str]] = [
        partial(summary_html, report),
        partial(swings_html, report, slots, family),
        partial(purchase_html, report),
    ]
    writers += [partial(scenario_html, report, item, slots, family) for item in report.scenarios]
    writers += [partial(comparison_html, report), partial(warnings_html, report)]
    writers += [partial(assumptions_html, report), partial(bill_sources_html, report)]
    writers += [partial(checklist_html, report)]
    writers += [methodology_html, partial(worked_html, report)]
    pieces: list[str] = []
    for number, write in enumerate(writers):
        step("Laying out the pages", number / len(writers))
        for cut, run in enumerate(paragraphs_clear_of_tables(figures_whole(write())).split(CUT)):
            for at, piece in enumerate(_BEFORE_A_HEADING.split(run)):
                opens = (cut and not at) or _BEFORE_A_HEADING.match(piece)
                if piece and pieces and not opens:
                    pieces[-1] += piece  # what follows a heading's section, with it
                elif piece:
                    pieces.append(_HEADING_TAG.sub(rf"\1{PIECE_START}", piece, count=1))
    return pieces


def pieces_html(pieces: Sequence[str], first: int, last: int) -> str:
    """Pieces ``first`` to ``last`` of `report_pieces` as one run of HTML. A run that opens
    on a table's row opens with that table's opening tag and header rows, as the table goes
    on when a page-break mend splits it before that row (`table_breaks.split_before`)."""
    body = "".join(pieces[first : last + 1])
    if body.startswith("<tr"):
        tables = (
            found
            for piece in reversed(pieces[:first])
            for found in _TABLE_OPENING.findall(piece)[-1:]
        )
        body = next(tables) + body
    return body


def report_document(
    body: str, slots: ChartSlots, device: QPagedPaintDevice, family: str
) -> QTextDocument:
    """``body`` as a document laid out for ``device`` (once its page is set: `set_page`)."""
    doc = QTextDocument()
    # No undo: the page-break mends are never undone, and their undo steps (tables split row
    # by row, blocks moved) are kept until the document goes.
    doc.setUndoRedoEnabled(False)
    doc.documentLayout().setPaintDevice(device)
    font = QFont(family)
    font.setPointSizeF(9)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(STYLE)
    blank = QImage(1, 1, QImage.Format.Format_ARGB32)
    blank.fill(0)
    # Only the charts ``body`` holds: every document kept each chart of the report as a
    # resource, and a plan of 1,000 scenarios' 4,000 charts took some 1.5 MB in each of its
    # layout windows' copies, held until they are drawn (about 1 GB at the peak).
    for name in set(_CHART_IMAGE.findall(body)):
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), blank)
    doc.setHtml(f"<html><body>{body}</body></html>")
    return doc


def set_page(doc: QTextDocument, device: QPagedPaintDevice) -> None:
    """Give ``doc`` the page of ``device`` less its footer: Qt lays it out from now on.

    The page's height is a whole number of 64ths of a device pixel, the unit Qt lays pages
    out in (rounding a page's height down to it): page N is then drawn from where Qt laid it
    out, N times the height, not a little higher each page (page 89 of a plan of 20
    scenarios: 1.2 device pixels); the layout is the same."""
    footer = FOOTER_MM / 25.4 * device.logicalDpiY()
    doc.setPageSize(QSizeF(device.width(), math.floor((device.height() - footer) * 64) / 64))


def placed_charts(doc: QTextDocument, slots: ChartSlots) -> list[PlacedChart]:
    """Where each chart placeholder ended up after layout (document coordinates)."""
    return [
        PlacedChart(
            chart_rect(doc, block, fragment),
            slots.draws[fragment.charFormat().toImageFormat().name()],
        )
        for block, fragment in chart_fragments(doc)
    ]


def footer_text(report: Report) -> str:
    """Date, Aisle version, catalog date, calibration and plan hash: where the page came
    from (the footer's second line, under the plan's name)."""
    return (
        f"{report.created.isoformat()} · Aisle {report.version} · "
        f"catalog {report.catalog_as_of.isoformat()} · calibration {report.calibration.id} · "
        f"plan {report.plan_hash}"
    )


def headings_of(doc: QTextDocument) -> list[Heading]:
    """The headings of ``doc`` (laid out), in order, where they stand on it; none in a table."""
    layout = doc.documentLayout()
    found = []
    block = doc.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level and not QTextCursor(block).currentTable():
            rect = layout.blockBoundingRect(block)
            found.append(Heading(level, rect.top(), rect.bottom(), " ".join(block.text().split())))
        block = block.next()
    return found


def page_heads(
    doc: QTextDocument, pages: range, start: RunningHead
) -> tuple[list[RunningHead], RunningHead]:
    """The section in force at the top of each of ``pages`` of ``doc`` (laid out), and at its
    end (`running_head.heads_of_pages`)."""
    page_h = doc.pageSize().height()
    tops = [index * page_h for index in pages]
    return heads_of_pages(headings_of(doc), tops, pages.stop * page_h, start)


def draw_footer(
    painter: QPainter, report: Report, family: str, page: int, pages: int, section: str = ""
) -> None:
    """The footer of page ``page`` of ``pages``: the plan's name, the ``section`` the page is
    in (`running_head`) and the page's number, and under them where the page came from. On
    one line, a plan name as short as "Llama 3.1 70B RAG assistant" was cut to make room for
    the provenance once the margins were 20 mm; on a line of its own only a name longer than
    the page is cut, and never the provenance. The section takes what room the name leaves,
    shortened at its end, and gives way whole when under a fifth of the line is left."""
    device = painter.device()
    font = QFont(family)
    font.setPointSizeF(7)
    painter.setFont(font)
    metrics = QFontMetricsF(font, device)
    y = device.height() - metrics.descent()  # the provenance's baseline
    above = y - metrics.lineSpacing()  # the name's and the number's
    rule = above - metrics.height() * 1.3
    # Within the text column, as the tables (it reached past their edges by 1 mm each side).
    left = column_inset(device)
    right = device.width() - left
    painter.setPen(QPen(QColor("#b0b7c0"), device.logicalDpiY() / 254))
    painter.drawLine(QPointF(left, rule), QPointF(right, rule))
    painter.setPen(QColor("#555555"))
    number = f"Page {page} of {pages}"
    width = metrics.horizontalAdvance(number)
    room = right - left - width * 1.5
    name = metrics.elidedText(report.plan_name, Qt.TextElideMode.ElideRight, room)
    left_over = room - metrics.horizontalAdvance(name + SEPARATOR)
    if section and left_over >= (right - left) / 5:
        name += SEPARATOR + metrics.elidedText(section, Qt.TextElideMode.ElideRight, left_over)
    painter.drawText(QPointF(left, above), name)
    painter.drawText(QPointF(right - width, above), number)
    painter.drawText(QPointF(left, y), footer_text(report))


def laid_out(
    report: Report, device: QPagedPaintDevice, family: str, step: Step = unwatched
) -> tuple[Iterator[SectionPages], ChartSlots]:
    """The report's pages for ``device`` in documents of a few headings each
    (`sections.lay_out_sections`, one at a time), paginated: sections flowed onto mostly
    blank pages, tables and their rows kept whole, headings kept with their charts, and a last
    page that would hold a few lines given the section they end."""
    slots = ChartSlots(device.width() * CSS_DPI / device.logicalDpiX())
    pieces = report_pieces(report, slots, family, part_of(step, 0.0, WRITTEN_SHARE))

    def make(first: int, last: int) -> QTextDocument:
        return report_document(pieces_html(pieces, first, last), slots, device, family)

    sizes = [len(piece) for piece in pieces]
    runs = lay_out_sections(
        sizes, make, lambda doc: set_page(doc, device), part_of(step, WRITTEN_SHARE, 1.0)
    )
    return runs, slots


def _unlaid_copy(doc: QTextDocument) -> QTextDocument:
    """``doc``'s text, formats, page size and resources without its layout (the layout is
    made again, to the same lines, when a paint device asks for it)."""
    copy = doc.clone()
    copy.setParent(None)  # PySide ties a clone to its original's wrapper; it outlives it
    # Qt's clone pastes the text into an empty document, whose first block keeps its own
    # formats: a lead block's bottom margin (`sections`) was lost, and the block after it set
    # higher on its page.
    first = QTextCursor(copy.begin())
    first.setBlockFormat(doc.begin().blockFormat())
    first.setBlockCharFormat(doc.begin().charFormat())
    return copy


@dataclass(frozen=True)
class LaidOutPages:
    """One document's share of the report's pages, from `first_page` up to `end_page`
    (`SectionPages`), and the charts placed on it, held as text and formats only.

    Its layout is made again for drawing (`laid_out_for`) and freed page run by page run: a
    page's layout at 300 dpi takes some 0.4 MB, its text and formats some 30 kB, and a plan
    of 1,000 scenarios held every one of its 3,900 pages' layouts (3 GB) until the first page,
    whose footer says how many pages there are, was drawn. Laying out a mended document again
    costs a sixth of laying it out and mending it (0.45 s against 3 s of CPU for 90 pages)."""

    content: QTextDocument
    first_page: int
    end_page: int
    charts: list[PlacedChart]

    @property
    def page_count(self) -> int:
        """How many of the report's pages this document holds."""
        return self.end_page - self.first_page

    def laid_out_for(self, device: QPagedPaintDevice) -> QTextDocument:
        """The document laid out again for ``device`` (lazily, as its pages are asked for),
        to the pages it had: its page breaks are already mended in its text and formats."""
        doc = _unlaid_copy(self.content)
        doc.documentLayout().setPaintDevice(device)
        doc.setPageSize(self.content.pageSize())
        return doc


@dataclass(frozen=True)
class LaidOutReport:
    """A report's pages laid out for one device's page and resolution, ready to draw; their
    count is known before the first is drawn, whose footer says how many there are."""

    report: Report
    runs: list[LaidOutPages]
    family: str

    @property
    def page_count(self) -> int:
        """The report's pages."""
        return sum(run.page_count for run in self.runs)


def lay_out_report(
    device: QPagedPaintDevice, report: Report, step: Step = unwatched
) -> LaidOutReport:
    """``report``'s pages laid out for ``device`` (nothing drawn on it yet), each document's
    layout freed once its pages and charts are known. Needs a QGuiApplication (created
    offscreen if there is none)."""
    ensure_gui_app()
    family = load_fonts()
    runs, slots = laid_out(report, device, family, step)
    return LaidOutReport(report, [kept_pages(run, slots) for run in runs], family)


def kept_pages(run: SectionPages, slots: ChartSlots) -> LaidOutPages:
    """A document's pages as they are kept to draw (`LaidOutPages`): its text and formats,
    its layout freed, and its charts where the measured layout placed them."""
    charts = placed_charts(run.doc, slots)
    return LaidOutPages(_unlaid_copy(run.doc), run.first_page, run.end_page, charts)


def draw_page(painter: QPainter, doc: QTextDocument, index: int, charts: list[PlacedChart]) -> None:
    """Paint page ``index`` of ``doc`` (laid out for the painter's device) with the charts
    placed on it; no footer."""
    device = painter.device()
    page_h = doc.pageSize().height()
    top = index * page_h
    painter.save()
    painter.translate(0, -top)
    doc.drawContents(painter, QRectF(0, top, device.width(), page_h))
    for chart in charts:
        if top <= chart.rect.top() < top + page_h:
            chart.draw(painter, chart.rect)
    painter.restore()


def draw_pages(device: QPagedPaintDevice, laid: LaidOutReport, step: Step = unwatched) -> int:
    """Paint every page laid out in ``laid`` on ``device``, each document laid out again for
    it and freed once its pages are drawn; the page count. The caller starts no painter of
    its own."""
    pages = laid.page_count
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("cannot start painting on the output device")
    try:
        number = 0
        head = RunningHead()
        names = [item.name for item in laid.report.scenarios]
        for run in laid.runs:
            doc = run.laid_out_for(device)
            heads, head = page_heads(doc, range(run.first_page, run.end_page), head)
            for index, page_head in zip(range(run.first_page, run.end_page), heads, strict=True):
                step(f"Drawing page {number + 1} of {pages}", number / pages)
                if number:
                    device.newPage()
                draw_page(painter, doc, index, run.charts)
                number += 1
                section = page_head.words(names, laid.report.plan_name)
                draw_footer(painter, laid.report, laid.family, number, pages, section)
            del doc  # its layout, before the next document's
    finally:
        painter.end()
    return pages


def render_report(device: QPagedPaintDevice, report: Report, step: Step = unwatched) -> int:
    """Lay out and paint every page of ``report`` on ``device`` (QPdfWriter or QPrinter); the
    page count.

    The device's page size, margins and resolution are used as set. ``step`` is told how the
    layout and the pages go (`LAID_OUT_SHARE` of the work is the layout).
    """
    laid = lay_out_report(device, report, part_of(step, 0.0, LAID_OUT_SHARE))
    return draw_pages(device, laid, part_of(step, LAID_OUT_SHARE, 1.0))
