"""The report as one document, paginated in one go: the pages `sections.lay_out_sections`
lays out a few headings at a time must be these (`test_report_windows`), and the tests of
how pages break read them whole."""

from __future__ import annotations

from PySide6.QtGui import QPagedPaintDevice, QTextDocument

from aisle_desktop.report import Report
from aisle_desktop.report.fonts import load_fonts
from aisle_desktop.report.pages import report_document, report_pieces, set_page
from aisle_desktop.report.paginate import paginate
from aisle_desktop.report.slots import CSS_DPI, ChartSlots


def one_document(report: Report, device: QPagedPaintDevice) -> tuple[QTextDocument, ChartSlots]:
    """``report`` laid out for ``device`` as one document, its page breaks mended."""
    family = load_fonts()
    slots = ChartSlots(device.width() * CSS_DPI / device.logicalDpiX())
    doc = report_document("".join(report_pieces(report, slots, family)), slots, device, family)
    set_page(doc, device)
    paginate(doc)
    doc.setParent(None)  # kept beyond the device
    return doc, slots
