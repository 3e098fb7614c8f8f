"""A plan's comparison and warnings are laid out in pieces of a table or a row each, to the
pages they had when laid out a heading at a time (QA: a plan of 1,000 scenarios sat some 14
minutes at 66-67%, a Stop waiting over 2 s, while its 167 comparison tables and its warnings
table, 1.3 MB of text with no heading that starts a page, were laid out again at each
page-break mend)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPdfWriter, QTextDocument

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import PRESETS, Plan, preset_scenario
from aisle_desktop.report import Report, build_report
from aisle_desktop.report.fonts import load_fonts
from aisle_desktop.report.pages import pieces_html, report_document, report_pieces, set_page
from aisle_desktop.report.paginate import page_filled
from aisle_desktop.report.pdf import RESOLUTION_DPI, page_layout
from aisle_desktop.report.plan_pages import warnings_html
from aisle_desktop.report.sections import WINDOW_PIECES, lay_out_sections
from aisle_desktop.report.slots import CSS_DPI, ChartSlots
from aisle_desktop.report.words import CUT, PIECE_START, table

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


@pytest.fixture
def a4(gui_app: object) -> Iterator[tuple[QPdfWriter, ChartSlots]]:
    """An A4 page as the report's PDF lays it out (into a buffer kept while it is used), and
    its chart slots."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(page_layout("A4"))
    yield writer, ChartSlots(writer.width() * CSS_DPI / writer.logicalDpiX())


def _pages(
    pieces: list[str], writer: QPdfWriter, slots: ChartSlots
) -> tuple[list[Placed], list[str]]:
    """Every block of the pages laid out from ``pieces``, and the first piece of each
    document laid out (where each layout window opened)."""
    family = load_fonts()
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
    a4: tuple[QPdfWriter, ChartSlots], twenty: Report
) -> None:
    """The report's comparison and warnings, from the comparison's heading (it starts a page)
    to the assumptions': where the windows open here depends on where the prose puts the page
    breaks (the test below sets them): the pages must be the same wherever that is.

    Only there do the two cuts differ: every piece before opens on a heading, the same in
    both, and a window is laid out from the piece it opens at on, so the scenarios' 70 pages
    before it were laid out twice alike (most of the test's time)."""
    writer, slots = a4
    pieces = report_pieces(twenty, slots, load_fonts())
    first = next(n for n, piece in enumerate(pieces) if "Scenarios compared</h2>" in piece)
    end = next(n for n, piece in enumerate(pieces) if "Assumptions</h2>" in piece)
    assert all(piece.startswith(("<h1", "<h2", "<h3")) for piece in pieces[:first])
    pieces = pieces[first:end]
    before, opened_before = _pages(_at_headings_only(pieces), writer, slots)
    after, opened_after = _pages(pieces, writer, slots)
    assert max(page for _, page, _, _ in after) > 10
    assert after == before
    assert any(piece.startswith("<tr") for piece in opened_after)
    assert not any(piece.startswith(("<tr", "<p")) for piece in opened_before)


# A comparison's tables, each with its caption, in the test below: as many as a layout window
# starts with, so that the first window holds captions only after the section's heading.
TABLES = WINDOW_PIECES
# The warnings' rows after them, twelve lines each: a table of some four pages.
WARNING_ROWS = 20
# How much of a page a table and its caption fill there: more than the two thirds a table
# leaves on the page before it when it starts the next page whole (`table_breaks`), so that
# each table after the first starts a page, its caption with it.
TABLE_SHARE = 0.8


def _caption_and_table(number: int, rows: int) -> str:
    """The comparison's ``number``th table of six scenarios and ``rows`` figures, with its
    caption, as `plan_pages.comparison_html` writes them."""
    names = [f"Scenario {6 * number + n}" for n in range(1, 7)]
    figures = [["Output tokens a second", *["1,234 tokens/s"] * 6]] * rows
    return (
        f"<p class=muted>{PIECE_START}Scenarios {6 * number + 1} to {6 * number + 6} of "
        f"{6 * TABLES}:</p>{table(['Figure', *names], figures)}"
    )


def _warning_row(number: int) -> list[str]:
    """The ``number``th row of the warnings: twelve scenarios' catalog prices older than a year."""
    said = (
        f"<b>Scenario {12 * number + n}</b>: Catalog prices older than a year." for n in range(12)
    )
    return ["<b>Check</b>", "<br>".join(said)]


def _page_share(html: str, writer: QPdfWriter, slots: ChartSlots) -> float:
    """How much of its first page ``html`` fills, laid out alone."""
    doc = report_document(html, slots, writer, load_fonts())
    set_page(doc, writer)
    return page_filled(doc, 0)


def _rows_for_a_share(share: float, writer: QPdfWriter, slots: ChartSlots) -> int:
    """How many figures a comparison table holds for it and its caption to fill ``share`` of
    a page, measured on the report's own fonts and margins (not where any prose ends)."""
    one, eleven = (_page_share(_caption_and_table(0, n), writer, slots) for n in (1, 11))
    return 1 + round((share - one) / ((eleven - one) / 10))


def test_layout_windows_open_at_a_tables_caption_and_at_a_row(
    a4: tuple[QPdfWriter, ChartSlots],
) -> None:
    """Pieces whose page breaks the test sets: comparison tables that each start a page with
    their caption, then a warnings table of several pages. The pieces laid out a table or a
    row at a time read page for page as when laid out a heading at a time, and layout windows
    open at a caption and at a row, where no window could open before."""
    writer, slots = a4
    rows = _rows_for_a_share(TABLE_SHARE, writer, slots)
    share = _page_share(_caption_and_table(0, rows), writer, slots)
    assert 2 / 3 < share < 0.95
    compared = (
        f'<h2 style="page-break-before: always">{PIECE_START}Scenarios compared</h2>'
        "<p class=muted>Rows in bold differ between scenarios.</p>"
        + "".join(CUT + _caption_and_table(n, rows) for n in range(TABLES))
    )
    warnings = f"<h2>{PIECE_START}Warnings, explained</h2>" + table(
        ["How serious", "Warning"], [_warning_row(n) for n in range(WARNING_ROWS)], [18, 82], True
    )
    pieces = compared.split(CUT) + warnings.split(CUT)
    assert len(pieces) == 1 + TABLES + WARNING_ROWS
    before, opened_before = _pages(_at_headings_only(pieces), writer, slots)
    after, opened_after = _pages(pieces, writer, slots)
    assert after == before
    captions = [page for text, page, _, _ in after if text.endswith(f"of {6 * TABLES}:")]
    assert len(set(captions)) == TABLES  # each table with its caption on a page of its own
    assert any(
        piece.startswith(f"<p class=muted>{PIECE_START}Scenarios ") for piece in opened_after
    )
    assert any(piece.startswith("<tr") for piece in opened_after)
    assert not any(piece.startswith(("<tr", "<p")) for piece in opened_before)


def test_a_warning_of_many_scenarios_is_read_in_rows_of_ten(twenty: Report) -> None:
    """17 of the 20 scenarios use a catalog price older than a year (the three agentic-coding
    ones compare no hosted API, and their server's price is recent): two rows under the same
    heading, ten names and seven, what it means said once, at the end."""
    rows = re.findall(
        r"<tr><td>(?:<a [^>]*></a>)?<b>([^<]+)</b></td><td>(.*?)</td></tr>", warnings_html(twenty)
    )
    stale = [(head, cell) for head, cell in rows if "Catalog prices older than a year" in cell]
    assert [head for head, _ in stale] == ["Check", "Check"]
    assert [cell.count("Catalog prices older than a year") for _, cell in stale] == [10, 7]
    assert ["What it means" in cell for _, cell in stale] == [False, True]
