"""A plan's comparison and warnings are laid out in pieces of a table or a row each, to the
pages they had when laid out a heading at a time (QA: a plan of 1,000 scenarios sat some 14
minutes at 66-67%, a Stop waiting over 2 s, while its 167 comparison tables and its warnings
table, 1.3 MB of text with no heading that starts a page, were laid out again at each
page-break mend)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPdfWriter, QTextDocument

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import PRESETS, Plan, preset_scenario
from aisle_desktop.report import Report, build_report
from aisle_desktop.report.fonts import load_fonts
from aisle_desktop.report.pages import pieces_html, report_document, report_pieces, set_page
from aisle_desktop.report.pdf import RESOLUTION_DPI, page_layout
from aisle_desktop.report.plan_pages import warnings_html
from aisle_desktop.report.sections import lay_out_sections
from aisle_desktop.report.slots import CSS_DPI, ChartSlots
from aisle_desktop.report.words import PIECE_START

SCENARIOS = 20
# A block on a page: its text, page, top on the page and height.
Placed = tuple[str, int, float, float]


@pytest.fixture(scope="module")
def twenty(catalog: Catalog) -> Report:
    """A plan of 20 scenarios: the presets in turn, each round's answers longer."""
    ids = sorted(PRESETS)
    scenarios = []
    for number in range(SCENARIOS):
        base = preset_scenario(ids[number % len(ids)])
        longer = base.workload.output_tokens + 10 * (number // len(ids))
        workload = base.workload.model_copy(update={"output_tokens": longer})
        name = f"{base.name} {number + 1}"
        scenarios.append(base.model_copy(update={"workload": workload, "name": name}))
    return build_report(catalog, Plan(name="Twenty", scenarios=scenarios), "Twenty")


def _at_headings_only(pieces: list[str]) -> list[str]:
    """The pieces as they were cut before: before each heading, never at a table's caption
    or a row (a piece that opens on neither goes with the piece before, unmarked)."""
    joined: list[str] = []
    for piece in pieces:
        if joined and not piece.startswith(("<h2", "<h3")):
            joined[-1] += piece.replace(PIECE_START, "", 1)
        else:
            joined.append(piece)
    return joined


def _pages(report: Report, cut: Callable[[list[str]], list[str]]) -> tuple[list[Placed], list[str]]:
    """Every block of ``report``'s pages laid out from its pieces as ``cut`` gives them, and
    the first piece of each document laid out."""
    family = load_fonts()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(page_layout("A4"))
    slots = ChartSlots(writer.width() * CSS_DPI / writer.logicalDpiX())
    pieces = cut(report_pieces(report, slots, family))
    opened: list[str] = []

    def make(first: int, last: int) -> QTextDocument:
        opened.append(pieces[first])
        return report_document(pieces_html(pieces, first, last), slots, writer, family)

    runs = lay_out_sections(
        [len(p) for p in pieces], make, lambda doc: set_page(doc, writer), lambda _d, _s: None
    )
    placed: list[Placed] = []
    page0 = 0
    for run in runs:
        page_h = run.doc.pageSize().height()
        block = run.doc.begin()
        while block.isValid():
            rect = run.doc.documentLayout().blockBoundingRect(block)
            page = int(rect.top() // page_h)
            if run.first_page <= page < run.end_page:
                at = page - run.first_page + page0
                placed.append((block.text(), at, rect.top() - page * page_h, rect.height()))
            block = block.next()
        page0 += run.page_count
    return placed, opened


def test_twenty_scenarios_read_page_for_page_as_laid_out_a_heading_at_a_time(
    gui_app: object, twenty: Report
) -> None:
    before, opened_before = _pages(twenty, _at_headings_only)
    after, opened_after = _pages(twenty, lambda pieces: pieces)
    assert max(page for _, page, _, _ in after) > 80
    assert after == before
    # Laid out a table or a row at a time: windows opened at a comparison table's caption and
    # at a row of the warnings, where no window could open before.
    caption = f"<p class=muted>{PIECE_START}Scenarios "
    assert any(piece.startswith(caption) for piece in opened_after)
    assert any(piece.startswith("<tr") for piece in opened_after)
    assert not any(piece.startswith(("<tr", "<p")) for piece in opened_before)


def test_a_warning_of_many_scenarios_is_read_in_rows_of_ten(twenty: Report) -> None:
    """Every one of the 20 scenarios uses a catalog price older than a year: two rows under
    the same heading, ten names each, what it means said once, at the end."""
    rows = re.findall(
        r"<tr><td>(?:<a [^>]*></a>)?<b>([^<]+)</b></td><td>(.*?)</td></tr>", warnings_html(twenty)
    )
    stale = [(head, cell) for head, cell in rows if "Catalog prices older than a year" in cell]
    assert [head for head, _ in stale] == ["Check", "Check"]
    assert [cell.count("Catalog prices older than a year") for _, cell in stale] == [10, 10]
    assert ["What it means" in cell for _, cell in stale] == [False, True]
