"""Paint a report onto any paged device: a QPdfWriter for Export PDF, a QPrinter for Print.

The text is one QTextDocument laid out at the device's resolution (so point sizes are true
on paper), paginated by Qt and drawn page by page; charts are painted over the room their
placeholders reserved; each page gets a footer with the plan's provenance and its number.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPainter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFragment,
)

from aisle_desktop.report.assumptions_table import assumptions_html
from aisle_desktop.report.checklist import checklist_html
from aisle_desktop.report.decision_pages import purchase_html, swings_html
from aisle_desktop.report.fonts import ensure_gui_app, load_fonts
from aisle_desktop.report.methodology import methodology_html
from aisle_desktop.report.model import Report
from aisle_desktop.report.plan_pages import comparison_html, warnings_html
from aisle_desktop.report.scenario_pages import scenario_html, worked_html
from aisle_desktop.report.slots import CSS_DPI, SCHEME, ChartDraw, ChartSlots
from aisle_desktop.report.summary_page import summary_html
from aisle_desktop.report.words import figures_whole

FOOTER_MM = 9.0
STYLE = """
body { font-size: 9pt; color: #222222; }
h1 { font-size: 18pt; color: #1a237e; margin-bottom: 2px; }
h2 { font-size: 13pt; color: #1a237e; margin-top: 4px; margin-bottom: 6px; }
h3 { font-size: 10pt; margin-top: 10px; margin-bottom: 3px; }
p { margin-top: 2px; margin-bottom: 5px; }
li { margin-bottom: 2px; }
.muted { color: #555555; }
.small { color: #555555; font-size: 7pt; }
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


def report_html(report: Report, slots: ChartSlots, family: str) -> str:
    """The whole report as one HTML document, charts as placeholders in ``slots``."""
    parts = [summary_html(report), swings_html(report, slots, family), purchase_html(report)]
    parts += [scenario_html(report, item, slots, family) for item in report.scenarios]
    parts += [comparison_html(report), warnings_html(report), assumptions_html(report)]
    parts += [checklist_html(report), methodology_html(), worked_html(report)]
    return figures_whole(f"<html><body>{''.join(parts)}</body></html>")


def _document(
    report: Report, device: QPagedPaintDevice, family: str
) -> tuple[QTextDocument, ChartSlots]:
    dpi = device.logicalDpiX()
    slots = ChartSlots(device.width() * CSS_DPI / dpi)
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    font = QFont(family)
    font.setPointSizeF(9)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(STYLE)
    html = report_html(report, slots, family)
    blank = QImage(1, 1, QImage.Format.Format_ARGB32)
    blank.fill(0)
    for name in slots.draws:
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), blank)
    doc.setHtml(html)
    footer = FOOTER_MM / 25.4 * device.logicalDpiY()
    doc.setPageSize(QSizeF(device.width(), device.height() - footer))
    return doc, slots


def _charts_in(block: QTextBlock) -> Iterator[QTextFragment]:
    """The chart placeholders in one block of text."""
    it = block.begin()
    while not it.atEnd():
        fmt = it.fragment().charFormat()
        if fmt.isImageFormat() and fmt.toImageFormat().name().startswith(SCHEME):
            yield it.fragment()
        it += 1


def _chart_fragments(doc: QTextDocument) -> Iterator[tuple[QTextBlock, QTextFragment]]:
    """Each chart placeholder in ``doc`` with the block that holds it, in document order."""
    block = doc.begin()
    while block.isValid():
        for fragment in _charts_in(block):
            yield block, fragment
        block = block.next()


def _chart_rect(doc: QTextDocument, block: QTextBlock, fragment: QTextFragment) -> QRectF:
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


def placed_charts(doc: QTextDocument, slots: ChartSlots) -> list[PlacedChart]:
    """Where each chart placeholder ended up after layout (document coordinates)."""
    return [
        PlacedChart(
            _chart_rect(doc, block, fragment),
            slots.draws[fragment.charFormat().toImageFormat().name()],
        )
        for block, fragment in _chart_fragments(doc)
    ]


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


def keep_headings_with_charts(doc: QTextDocument) -> None:
    """Start a heading on its chart's page when the chart did not fit under it.

    Qt moves a chart that does not fit to the next page but leaves its heading and
    introduction behind, so a page would end in a title over blank paper and the next begin
    with a chart nobody named. A page break before the heading carries them over together.
    """
    layout = doc.documentLayout()
    page_h = doc.pageSize().height()
    for block, fragment in list(_chart_fragments(doc)):
        heading = _heading_before(block)
        if heading is None:
            continue
        heading_page = int(layout.blockBoundingRect(heading).top() // page_h)
        chart_page = int(_chart_rect(doc, block, fragment).top() // page_h)
        if heading_page < chart_page:
            fmt = heading.blockFormat()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(heading).setBlockFormat(fmt)
            # Lay the whole document out again: Qt's incremental relayout after a format
            # change left later pages' text where the old layout put it, off the page drawn.
            doc.markContentsDirty(0, doc.characterCount())


# A page whose text and charts fill less than this share of it reads as mostly blank.
MOSTLY_BLANK = 0.5


def _forced_breaks(doc: QTextDocument) -> Iterator[QTextBlock]:
    """The blocks that start a page of their own (a section: a scenario, the comparison)."""
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
            yield block
        block = block.next()


def page_filled(doc: QTextDocument, page: int) -> float:
    """The share of page ``page`` its blocks (table cells and charts included) fill, top down."""
    layout = doc.documentLayout()
    page_h = doc.pageSize().height()
    top, bottom = page * page_h, page * page_h
    block = doc.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        if rect.top() < top + page_h and rect.bottom() > top:  # on it, or running onto it
            bottom = max(bottom, min(rect.bottom(), top + page_h))
        block = block.next()
    return (bottom - top) / page_h


def section_pages(doc: QTextDocument) -> set[int]:
    """The pages a section starts (a block that starts a page of its own)."""
    layout = doc.documentLayout()
    page_h = doc.pageSize().height()
    return {int(layout.blockBoundingRect(b).top() // page_h) for b in _forced_breaks(doc)}


def flow_onto_blank_pages(doc: QTextDocument) -> None:
    """Let a section that starts a page begin on the page before when that one is mostly
    blank: the last scenario's cost chart stood alone on a page, the comparison starting the
    next. A page stays mostly blank only where a section starts (and the document ends)."""
    layout = doc.documentLayout()
    page_h = doc.pageSize().height()
    for block in list(_forced_breaks(doc)):
        page = int(layout.blockBoundingRect(block).top() // page_h)
        if page == 0 or page_filled(doc, page - 1) >= MOSTLY_BLANK:
            continue
        fmt = block.blockFormat()
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
        QTextCursor(block).setBlockFormat(fmt)
        doc.markContentsDirty(0, doc.characterCount())  # lay out again whole (see below)


def footer_text(report: Report) -> str:
    """Plan name, date, Aisle version, catalog date, calibration and plan hash: what the page
    came from."""
    return (
        f"{report.plan_name} · {report.created.isoformat()} · Aisle {report.version} · "
        f"catalog {report.catalog_as_of.isoformat()} · calibration {report.calibration.id} · "
        f"plan {report.plan_hash}"
    )


def _footer(painter: QPainter, report: Report, family: str, page: int, pages: int) -> None:
    device = painter.device()
    font = QFont(family)
    font.setPointSizeF(7)
    painter.setFont(font)
    metrics = QFontMetricsF(font, device)
    y = device.height() - metrics.descent()
    painter.setPen(QPen(QColor("#b0b7c0"), device.logicalDpiY() / 254))
    painter.drawLine(
        QPointF(0, y - metrics.height() * 1.3), QPointF(device.width(), y - metrics.height() * 1.3)
    )
    painter.setPen(QColor("#555555"))
    number = f"Page {page} of {pages}"
    width = metrics.horizontalAdvance(number)
    room = device.width() - width * 1.5
    text = footer_text(report)
    if metrics.horizontalAdvance(text) > room:
        # A long plan name gives way, never the date, version, catalog, calibration or hash
        # that say where the page came from.
        rest = text.removeprefix(report.plan_name)
        name = metrics.elidedText(
            report.plan_name, Qt.TextElideMode.ElideRight, room - metrics.horizontalAdvance(rest)
        )
        text = metrics.elidedText(name + rest, Qt.TextElideMode.ElideRight, room)
    painter.drawText(QPointF(0, y), text)
    painter.drawText(QPointF(device.width() - width, y), number)


def laid_out(
    report: Report, device: QPagedPaintDevice, family: str
) -> tuple[QTextDocument, ChartSlots]:
    """The report's document paginated for ``device``: sections flowed onto mostly blank
    pages, headings kept with their charts."""
    doc, slots = _document(report, device, family)
    flow_onto_blank_pages(doc)
    keep_headings_with_charts(doc)
    return doc, slots


def render_report(device: QPagedPaintDevice, report: Report) -> int:
    """Paint every page of ``report`` on ``device`` (QPdfWriter or QPrinter); the page count.

    The device's page size, margins and resolution are used as set; the caller starts no
    painter of its own. Needs a QGuiApplication (created offscreen if there is none).
    """
    ensure_gui_app()
    family = load_fonts()
    doc, slots = laid_out(report, device, family)
    charts = placed_charts(doc, slots)
    page_h = doc.pageSize().height()
    pages = doc.pageCount()
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("cannot start painting on the output device")
    try:
        for index in range(pages):
            if index:
                device.newPage()
            top = index * page_h
            painter.save()
            painter.translate(0, -top)
            doc.drawContents(painter, QRectF(0, top, device.width(), page_h))
            for chart in charts:
                if top <= chart.rect.top() < top + page_h:
                    chart.draw(painter, chart.rect)
            painter.restore()
            _footer(painter, report, family, index + 1, pages)
    finally:
        painter.end()
    return pages
