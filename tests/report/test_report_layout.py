"""How charts sit on paper: a heading travels with the chart it introduces (or the chart takes
the room under it), and load axes read from 0."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QSizeF, QUrl
from PySide6.QtGui import QImage, QPdfWriter, QTextDocument

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report, write_report_pdf
from aisle_desktop.report.charts import LineChart, Series, x_range
from aisle_desktop.report.pages import placed_charts
from aisle_desktop.report.paginate import (
    MOSTLY_BLANK,
    SHORTEST_CHART,
    page_filled,
    paginate,
    section_pages,
)
from aisle_desktop.report.pdf import RESOLUTION_DPI, page_layout
from aisle_desktop.report.slots import SCHEME, ChartSlots
from aisle_desktop.report.table_breaks import table_lead, tables
from tests.report.conftest import needs_poppler, poppler
from tests.report.one_document import one_document


def _page(y: float, doc: QTextDocument) -> int:
    return int(y // doc.pageSize().height())


def _document_with_a_late_chart(filler_lines: int) -> tuple[QTextDocument, ChartSlots, str]:
    """A page of filler, then a heading and its introduction, then a chart 60 mm tall."""
    writer = QPdfWriter("/dev/null")
    writer.setResolution(300)
    slots = ChartSlots(writer.width() * 96 / writer.logicalDpiX())
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    chart = slots.tag(lambda painter, rect: None, 60)
    filler = "".join(f"<p>line {n}</p>" for n in range(filler_lines))
    heading = "What swings the budget"
    blank = QImage(1, 1, QImage.Format.Format_ARGB32)
    for name in slots.draws:
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), blank)
    doc.setHtml(f"{filler}<h2>{heading}</h2><p>Each choice, one step lower.</p><p>{chart}</p>")
    doc.setPageSize(QSizeF(writer.width(), writer.height()))
    return doc, slots, heading


def _heading_top(doc: QTextDocument, heading: str) -> float:
    block = doc.find(heading).block()
    return doc.documentLayout().blockBoundingRect(block).top()


def _late_charts() -> list[int]:
    """The filler lengths that leave the heading at the first page's foot and its chart
    pushed over, the most room left under the heading first."""
    found = []
    for filler_lines in range(30, 90):
        doc, slots, heading = _document_with_a_late_chart(filler_lines)
        chart_top = placed_charts(doc, slots)[0].rect.top()
        if _page(_heading_top(doc, heading), doc) == 0 < _page(chart_top, doc):
            found.append(filler_lines)
    assert found, "no filler length left the heading behind its chart"
    return found


def test_a_heading_moves_to_the_page_its_chart_was_pushed_to(gui_app: object) -> None:
    """The least room left under the heading: the chart would shrink past `SHORTEST_CHART`,
    so it goes over whole, at its own height, and its heading with it."""
    doc, slots, heading = _document_with_a_late_chart(_late_charts()[-1])
    own = placed_charts(doc, slots)[0].rect.height()
    paginate(doc)
    chart = placed_charts(doc, slots)[0].rect
    assert _page(_heading_top(doc, heading), doc) == _page(chart.top(), doc) == 1
    assert chart.height() == own


def test_a_chart_a_little_too_tall_takes_the_room_under_its_heading(gui_app: object) -> None:
    """The most room left under the heading: the chart shrinks to it, no less than
    `SHORTEST_CHART` of its height, and stays on the heading's page (QA: the three-scenario
    report's budget swings chart took its heading to page 3, leaving page 2 half blank)."""
    doc, slots, heading = _document_with_a_late_chart(_late_charts()[0])
    own = placed_charts(doc, slots)[0].rect.height()
    paginate(doc)
    chart = placed_charts(doc, slots)[0].rect
    assert _page(_heading_top(doc, heading), doc) == _page(chart.bottom() - 1, doc) == 0
    assert SHORTEST_CHART * own <= chart.height() < own


def test_a_table_after_a_chart_is_not_led_by_the_charts_heading(gui_app: object) -> None:
    """A heading, its introduction, a chart and a table: the heading leads the chart, so a
    table that starts the next page leaves them where they are."""
    doc = QTextDocument()
    doc.setHtml(
        f'<h2>What swings the budget</h2><p>Each choice.</p><p><img src="{SCHEME}:0"></p>'
        "<table><tr><td>Choice</td></tr></table>"
    )
    table = next(tables(doc.rootFrame()))
    lead = table_lead(table)
    assert lead.blockFormat().headingLevel() == 0 and lead.text() == "\ufffc"


def test_a_heading_on_its_charts_page_stays_where_it_is(gui_app: object) -> None:
    doc, slots, heading = _document_with_a_late_chart(3)
    before = _heading_top(doc, heading)
    paginate(doc)
    assert _heading_top(doc, heading) == before
    assert _page(placed_charts(doc, slots)[0].rect.top(), doc) == 0


def _chart(xs: list[float]) -> LineChart:
    series = Series("tokens/s", np.array(xs), np.ones(len(xs)), "#000000")
    return LineChart("", "Requests in flight", "", [series], str, str)


def test_a_load_axis_starting_at_one_request_reads_from_zero() -> None:
    assert x_range(_chart([1.0, 50.0, 450.0])) == (0.0, 450.0)


def test_an_axis_far_from_zero_keeps_its_data_span() -> None:
    assert x_range(_chart([100.0, 200.0, 300.0])) == (100.0, 300.0)


def test_no_text_is_lost_when_a_heading_moves_to_its_charts_page(
    gui_app: object, catalog: Catalog, tmp_path: Path
) -> None:
    """The default report moves 'What swings the budget' to page 2. Qt's incremental relayout
    after that left later pages' text (the power sheet's heading and sources, the scenario's
    heading) where the old layout put it, and it was never drawn."""
    needs_poppler()
    path = tmp_path / "default.pdf"
    plan = Plan(scenarios=[preset_scenario("llama-70b-rag")])
    write_report_pdf(build_report(catalog, plan, "Llama 3.1 70B RAG assistant"), path)
    text = " ".join(poppler("pdftotext", str(path), "-").split())
    for heading in ("What swings the budget", "Power sheet: Llama 3.1 70B RAG assistant"):
        assert heading in text
    assert "Scenario: Llama 3.1 70B RAG assistant" in text
    assert "(11) NVIDIA AI Enterprise subscription" in text


def test_a_two_scenario_report_leaves_no_page_mostly_blank_mid_report(
    gui_app: object, catalog: Catalog, tmp_path: Path
) -> None:
    """Two DeepSeek-V3 scenarios (H200, B200): the second's cost chart stood alone on a page,
    the comparison starting the next. Now a page is mostly blank only where a section starts
    or at the end; the comparison follows the chart, and no text is lost."""
    h200 = preset_scenario("deepseek-v3").model_copy(update={"name": "On H200"})
    hardware = h200.hardware.model_copy(update={"gpu_id": "b200"})
    b200 = h200.model_copy(update={"name": "On B200", "hardware": hardware})
    report = build_report(catalog, Plan(scenarios=[h200, b200]), "two")
    writer = QPdfWriter(str(tmp_path / "layout.pdf"))
    writer.setResolution(RESOLUTION_DPI)  # as the PDF is written
    writer.setPageLayout(page_layout("A4"))
    doc, slots = one_document(report, writer)
    starts = section_pages(doc)
    last = doc.pageCount() - 1
    blank = [
        page for page in range(last) if page not in starts and page_filled(doc, page) < MOSTLY_BLANK
    ]
    assert blank == []
    page_h = doc.pageSize().height()
    comparison = doc.documentLayout().blockBoundingRect(doc.find("Scenarios compared").block())
    charts_above = [
        c.rect.top() for c in placed_charts(doc, slots) if c.rect.top() < comparison.top()
    ]
    chart_page = int(max(charts_above) // page_h)
    # The comparison follows the chart on its page, or starts the next one after a page the
    # chart and the text above it fill at least half (rows kept whole moved it down).
    assert chart_page == int(comparison.top() // page_h) or (
        page_filled(doc, chart_page) >= MOSTLY_BLANK
        and int(comparison.top() // page_h) == chart_page + 1
    )
    needs_poppler()
    path = tmp_path / "two.pdf"
    write_report_pdf(report, path)
    text = " ".join(poppler("pdftotext", str(path), "-").split())
    for heading in ("Scenarios compared", "Warnings, explained", "Scenario: On B200"):
        assert heading in text


def test_the_three_scenario_report_fills_page_two_with_the_budget_chart(
    gui_app: object, catalog: Catalog, three_plan: Plan
) -> None:
    """QA: page 2 was half blank, "What swings the budget" and its chart gone to page 3 for
    want of some 8 mm. The chart shrinks to the room (at least `SHORTEST_CHART` of its
    height) under its heading on page 2, and no page mid-report is mostly blank."""
    report = build_report(catalog, three_plan, "Three options")
    writer = QPdfWriter("/dev/null")
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(page_layout("A4"))
    doc, slots = one_document(report, writer)
    page_h = doc.pageSize().height()
    heading = doc.documentLayout().blockBoundingRect(doc.find("What swings the budget").block())
    tornado = next(c.rect for c in placed_charts(doc, slots) if c.rect.top() > heading.top())
    assert int(heading.top() // page_h) == int((tornado.bottom() - 1) // page_h) == 1
    starts = section_pages(doc)
    blank = [
        page
        for page in range(doc.pageCount() - 1)
        if page not in starts and page_filled(doc, page) < MOSTLY_BLANK
    ]
    assert blank == []
