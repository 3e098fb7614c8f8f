"""A heading right after a table stands clear of it, as headings after text do, and a
heading with its short introduction goes over with the paragraph they lead in (report35:
"Power sheet: ..." touched the bill's "Paid every year" row, 2.6 pt under it; "How the key
figures add up" and its two lines ended a page whose next held its figures)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report, write_report_pdf
from tests.report.conftest import needs_poppler, pdf_words, poppler

# At least this far under what stands above it (points): a heading after a paragraph stands
# some 10 pt under it; one after a table stood 2.6 pt under its last row.
CLEAR_PT = 8.0


def test_a_heading_after_a_table_stands_clear_of_its_last_row(
    three_pdf: tuple[Path, int],
) -> None:
    needs_poppler()
    words = pdf_words(three_pdf[0])
    headings = [
        (page, top)
        for (page, _, _, top, _, _, text), following in pairwise(words)
        if text == "Power" and following[6] == "sheet:"
    ]
    assert len(headings) == 3  # one a scenario
    for page, top in headings:
        above = max(bottom for p, _, _, _, _, bottom, _ in words if p == page and bottom < top)
        assert top - above >= CLEAR_PT, (page, top - above)


def test_a_heading_and_its_introduction_go_over_with_what_they_lead_in(
    catalog: Catalog, gui_app: object, tmp_path: Path
) -> None:
    needs_poppler()
    path = tmp_path / "agentic.pdf"
    plan = Plan(scenarios=[preset_scenario("agentic-coding")])
    pages = write_report_pdf(build_report(catalog, plan, "Agentic"), path)
    texts = poppler("pdftotext", str(path), "-").split("\f")[:pages]
    [page] = [text for text in texts if "How the key " in text and " add up" in text]
    assert "GPUs needed, spare included:" in page
