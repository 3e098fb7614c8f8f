"""The report's pages are drawn from documents laid out again, one at a time, and read as the
report laid out whole (QA: a plan of 1,000 scenarios held every laid-out page, 3 GB, until the
first was drawn, because its footer says how many pages there are)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPainter, QPdfWriter, QTextDocument

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan
from aisle_desktop.report import build_report, pdf_bytes
from aisle_desktop.report.fonts import load_fonts
from aisle_desktop.report.pages import draw_footer, draw_page, page_heads, placed_charts
from aisle_desktop.report.pdf import RESOLUTION_DPI, page_layout
from aisle_desktop.report.running_head import RunningHead
from aisle_desktop.report.sections import lay_out_sections
from tests.pdf_pages import page_texts
from tests.report.one_document import one_document


def test_the_pdf_reads_page_by_page_as_the_report_laid_out_whole(
    gui_app: object, catalog: Catalog, three_plan: Plan, tmp_path: Path
) -> None:
    report = build_report(catalog, three_plan, "Three")
    data, pages = pdf_bytes(report)
    # The report as it was drawn before: one document, every page laid out and held, then drawn.
    whole_pdf = tmp_path / "whole.pdf"
    writer = QPdfWriter(str(whole_pdf))
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(page_layout("A4"))
    whole, slots = one_document(report, writer)
    charts = placed_charts(whole, slots)
    # The section each page is in, read off the whole: as the documents of a few sections
    # each carry it from one to the next.
    heads, _ = page_heads(whole, range(whole.pageCount()), RunningHead())
    names = [item.name for item in report.scenarios]
    painter = QPainter(writer)
    for index in range(whole.pageCount()):
        if index:
            writer.newPage()
        draw_page(painter, whole, index, charts)
        section = heads[index].words(names)
        draw_footer(painter, report, load_fonts(), index + 1, whole.pageCount(), section)
    painter.end()
    texts = page_texts(data)
    assert len(texts) == pages == whole.pageCount() > 10
    assert texts == page_texts(whole_pdf)
    assert all(f"Page {n} of {pages}" in text for n, text in enumerate(texts, start=1))


def test_each_window_is_given_before_the_next_is_laid_out(gui_app: object) -> None:
    """Sections come out one at a time, so a window's layout can be freed before the next
    is made: the first comes out before the last piece is laid out."""
    heading = '<h2 style="page-break-before: always">Section {}</h2><p>{}</p>'
    pieces = [heading.format(n, "Its text. " * 200) for n in range(60)]
    made: list[int] = []

    def make(first: int, last: int) -> QTextDocument:
        made.append(last)
        doc = QTextDocument()
        doc.setHtml("".join(pieces[first : last + 1]))
        return doc

    def set_up(doc: QTextDocument) -> None:
        doc.setPageSize(QSizeF(400, 600))

    runs = lay_out_sections([len(p) for p in pieces], make, set_up, lambda _d, _s: None)
    first = next(runs)
    assert first.page_count > 0 and max(made) < len(pieces) - 1
    rest = list(runs)
    assert max(made) == len(pieces) - 1
    assert first.page_count + sum(run.page_count for run in rest) >= len(pieces)
