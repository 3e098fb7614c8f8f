"""The report laid out a few headings at a time has the pages of the report laid out as one
document: every block on the same page, at the same place on it, as tall, with the same page
break before it, and every chart where it was (QA: a plan of 20 scenarios took some 16 s of
CPU to lay out as one document, each of its 58 page-break mends laying out the rest again)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPdfWriter, QTextDocument

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report
from aisle_desktop.report.pages import lay_out_report, placed_charts
from aisle_desktop.report.pdf import RESOLUTION_DPI, page_layout
from tests.report.one_document import one_document

# A block: its text, page, top on that page, left, height and page break.
Placed = tuple[str, int, float, float, float, int]


def _blocks(doc: QTextDocument, first_page: int, end_page: int, page0: int) -> list[Placed]:
    """The blocks on pages ``first_page`` to ``end_page`` of ``doc``, numbered on from
    ``page0``."""
    page_h = doc.pageSize().height()
    found = []
    block = doc.begin()
    while block.isValid():
        rect = doc.documentLayout().blockBoundingRect(block)
        page = int(rect.top() // page_h)
        if first_page <= page < end_page:
            top = rect.top() - page * page_h
            policy = block.blockFormat().pageBreakPolicy().value
            at = (page - first_page + page0, top, rect.left(), rect.height())
            found.append((block.text(), *at, policy))
        block = block.next()
    return found


def _charts(
    doc: QTextDocument, rects: list[QRectF], first_page: int, end_page: int, page0: int
) -> list[tuple[int, float, float, float]]:
    """Each chart's page, top on it, left and height."""
    page_h = doc.pageSize().height()
    return [
        (int(r.top() // page_h) - first_page + page0, r.top() % page_h, r.left(), r.height())
        for r in rects
        if first_page <= int(r.top() // page_h) < end_page
    ]


@pytest.mark.parametrize(
    "presets", [("llama-70b-rag",), ("llama-70b-rag", "llama-8b-chat", "deepseek-v3")]
)
def test_the_pages_are_those_of_one_document(
    gui_app: object, catalog: Catalog, tmp_path: Path, presets: tuple[str, ...]
) -> None:
    report = build_report(catalog, Plan(scenarios=[preset_scenario(p) for p in presets]), "P")
    writer = QPdfWriter(str(tmp_path / "pages.pdf"))
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(page_layout("A4"))
    whole, slots = one_document(report, writer)
    laid = lay_out_report(writer, report)
    assert len(laid.runs) > 1  # laid out a few headings at a time
    blocks: list[Placed] = []
    charts: list[tuple[int, float, float, float]] = []
    page0 = 0
    for run in laid.runs:
        # Held as text and formats, laid out again to draw: the pages it was laid out to.
        doc = run.laid_out_for(writer)
        # the lead page and what stands on it are no page of the report's
        blocks += _blocks(doc, run.first_page, run.end_page, page0)
        rects = [chart.rect for chart in run.charts]
        charts += _charts(doc, rects, run.first_page, run.end_page, page0)
        again = [chart.rect for chart in placed_charts(doc, slots)]
        assert _charts(doc, again, run.first_page, run.end_page, 0) == _charts(
            doc, rects, run.first_page, run.end_page, 0
        )
        page0 += run.page_count
    assert page0 == laid.page_count == whole.pageCount()
    assert blocks == _blocks(whole, 0, whole.pageCount(), 0)
    whole_rects = [chart.rect for chart in placed_charts(whole, slots)]
    assert charts == _charts(whole, whole_rects, 0, whole.pageCount(), 0)
