"""Paint a report onto any paged device: a QPdfWriter for Export PDF, a QPrinter for Print.

The text is one QTextDocument laid out at the device's resolution (so point sizes are true
on paper), paginated by Qt and drawn page by page; charts are painted over the room their
placeholders reserved; each page gets a footer with the plan's provenance and its number.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPainter,
    QPen,
    QTextDocument,
)

from aisle_desktop.report.assumptions_table import assumptions_html
from aisle_desktop.report.checklist import checklist_html
from aisle_desktop.report.decision_pages import purchase_html, swings_html
from aisle_desktop.report.fonts import ensure_gui_app, load_fonts
from aisle_desktop.report.methodology import methodology_html
from aisle_desktop.report.model import Report
from aisle_desktop.report.paginate import chart_fragments, chart_rect, paginate
from aisle_desktop.report.plan_pages import comparison_html, warnings_html
from aisle_desktop.report.progress import Step, part_of, unwatched
from aisle_desktop.report.scenario_pages import scenario_html, worked_html
from aisle_desktop.report.slots import CSS_DPI, ChartDraw, ChartSlots
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


# The share of the pages' work that laying them out takes: mending the page breaks of a plan of
# 20 scenarios took some 30 s of CPU, drawing its 87 pages some 2 s.
LAID_OUT_SHARE = 0.9


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
    report: Report, device: QPagedPaintDevice, family: str, step: Step = unwatched
) -> tuple[QTextDocument, ChartSlots]:
    """The report's document paginated for ``device``: sections flowed onto mostly blank
    pages, tables and their rows kept whole, headings kept with their charts, and a last page
    that would hold a few lines given the section they end."""
    step("Laying out the pages", 0.0)
    doc, slots = _document(report, device, family)
    paginate(doc, step)
    return doc, slots


@dataclass(frozen=True)
class LaidOutReport:
    """A report's pages laid out for one device's page and resolution, ready to draw.

    Laying out is nearly all of a report's work (a plan of 20 scenarios: some 40 s, drawing
    its pages a few), so Print Preview lays the pages out on the pages thread and only draws
    them on the GUI thread, where Qt's preview asks for them."""

    report: Report
    doc: QTextDocument
    charts: list[PlacedChart]
    family: str
    page_layout: QPageLayout
    dots_per_inch: int

    def suits(self, device: QPagedPaintDevice) -> bool:
        """Whether these pages were laid out for `device`'s page and resolution (a preview
        whose page set-up the planner changed needs them laid out again)."""
        return (
            device.pageLayout().isEquivalentTo(self.page_layout)
            and device.logicalDpiX() == self.dots_per_inch
        )


def lay_out_report(
    device: QPagedPaintDevice, report: Report, step: Step = unwatched
) -> LaidOutReport:
    """``report``'s pages laid out for ``device`` (nothing drawn on it yet). Needs a
    QGuiApplication (created offscreen if there is none)."""
    ensure_gui_app()
    family = load_fonts()
    doc, slots = laid_out(report, device, family, step)
    return LaidOutReport(
        report, doc, placed_charts(doc, slots), family, device.pageLayout(), device.logicalDpiX()
    )


def draw_pages(device: QPagedPaintDevice, laid: LaidOutReport, step: Step = unwatched) -> int:
    """Paint every page laid out in ``laid`` on ``device``; the page count. The caller starts
    no painter of its own."""
    doc = laid.doc
    page_h = doc.pageSize().height()
    pages = doc.pageCount()
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("cannot start painting on the output device")
    try:
        for index in range(pages):
            step(f"Drawing page {index + 1} of {pages}", index / pages)
            if index:
                device.newPage()
            top = index * page_h
            painter.save()
            painter.translate(0, -top)
            doc.drawContents(painter, QRectF(0, top, device.width(), page_h))
            for chart in laid.charts:
                if top <= chart.rect.top() < top + page_h:
                    chart.draw(painter, chart.rect)
            painter.restore()
            _footer(painter, laid.report, laid.family, index + 1, pages)
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
