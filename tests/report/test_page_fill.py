"""No page of the report is nearly empty, a table that fits on a page is not broken, and a
table longer than a page breaks between rows, never inside one (QA: the default report's 11th
page held three lines of the worked figures; the checklist's ten rows broke seven and three;
an assumption's row ran from one page's foot, unbordered, onto the next)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPdfWriter, QTextCursor, QTextDocument, QTextTable

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report
from aisle_desktop.report.fonts import load_fonts
from aisle_desktop.report.pages import laid_out, report_document, set_page
from aisle_desktop.report.paginate import (
    MOSTLY_BLANK,
    NEARLY_EMPTY,
    introduces,
    pages_filled,
    paginate,
)
from aisle_desktop.report.pdf import RESOLUTION_DPI, page_layout
from aisle_desktop.report.slots import CSS_DPI, ChartSlots
from aisle_desktop.report.table_breaks import (
    crosses,
    crossing_row,
    row_span,
    table_lead,
    tables,
)
from aisle_desktop.report.words import table as report_table
from tests.report.one_document import one_document


def _writer(tmp_path: Path) -> QPdfWriter:
    writer = QPdfWriter(str(tmp_path / "layout.pdf"))
    writer.setResolution(RESOLUTION_DPI)  # as the PDF is written
    writer.setPageLayout(page_layout("A4"))
    return writer


@pytest.fixture(scope="module")
def default_doc(
    tmp_path_factory: pytest.TempPathFactory, catalog: Catalog, gui_app: object
) -> QTextDocument:
    report = build_report(catalog, Plan(scenarios=[preset_scenario("llama-70b-rag")]), "rag")
    writer = _writer(tmp_path_factory.mktemp("fill"))
    doc, _slots = one_document(report, writer)
    return doc


def _page_of(doc: QTextDocument, text: str) -> int:
    block = doc.find(text).block()
    return int(doc.documentLayout().blockBoundingRect(block).top() // doc.pageSize().height())


def test_no_page_of_the_default_report_is_nearly_empty(default_doc: QTextDocument) -> None:
    filled = pages_filled(default_doc)
    # 11 before the values no figure reads were listed apart, 10 after; 11 again at 20 mm
    # margins (15 mm before), with room above each section's heading and below each table;
    # 12 with the note that vLLM 0.32, the newest, runs with values fitted on older releases
    assert len(filled) == 12
    assert min(filled) >= NEARLY_EMPTY, filled
    # The worked figures' section is read whole on the last page, its heading with it.
    assert _page_of(default_doc, "How the key figures add up") == len(filled) - 1


def test_tables_that_fit_a_page_are_whole_and_no_row_breaks(default_doc: QTextDocument) -> None:
    page_h = default_doc.pageSize().height()
    for table in tables(default_doc.rootFrame()):
        assert crossing_row(default_doc, table) is None
    checklist = _page_of(default_doc, "Checklist for the conversation with the AI team")
    for item in ("Which model, and why", "Data residency", "Who owns updates"):
        assert _page_of(default_doc, item) == checklist  # all ten rows under their heading
    bill = next(
        t
        for t in tables(default_doc.rootFrame())
        if "Item and why" in t.cellAt(0, 0).firstCursorPosition().block().text()
    )
    assert not crosses(default_doc, bill)
    top, _ = row_span(default_doc, bill, 0)
    assert top // page_h == _page_of(default_doc, "Bill of materials: Llama 3.1 70B RAG assistant")


def _row_gaps(doc: QTextDocument, table: QTextTable) -> list[float]:
    """The room between each row's text and the next row's (the last row's: the table's
    foot, above its bottom margin), in lines of the table's first cell."""
    layout = doc.documentLayout()
    line = layout.blockBoundingRect(table.cellAt(0, 0).firstCursorPosition().block())
    spans = [row_span(doc, table, r) for r in range(table.rows())]
    device = layout.paintDevice()
    per_px = device.logicalDpiY() / 96 if device is not None else 1.0  # CSS px to the page's
    foot = layout.frameBoundingRect(table).bottom() - table.format().bottomMargin() * per_px
    ends = [top for top, _ in spans[1:]] + [foot]
    return [(end - bottom) / line.height() for (_, bottom), end in zip(spans, ends, strict=True)]


@pytest.mark.parametrize("report", ["default_doc", "three_doc"])
def test_no_table_row_is_drawn_taller_than_its_text(
    report: str, request: pytest.FixtureRequest
) -> None:
    """QA: page 7's last assumption (support a year) was a blank row down to the page's foot:
    Qt broke the table after it and drew the row down to its break. Every table is on one
    page, every row ends within two lines of its text (a table that ends
    a page keeps a line of room below), and no page is left blank."""
    doc: QTextDocument = request.getfixturevalue(report)
    for table in tables(doc.rootFrame()):
        # Whole on its page, or its rows are and only its frame's foot runs past the page's
        # end: such a table stays where it is (`test_a_table_whose_rows_fit_its_page_...`).
        assert not crosses(doc, table) or _only_its_foot_over(doc, table)
        gaps = _row_gaps(doc, table)
        tallest = gaps.index(max(gaps))
        assert gaps[tallest] < 2.0, table.cellAt(tallest, 0).firstCursorPosition().block().text()
    assert min(pages_filled(doc)) >= NEARLY_EMPTY


def _paged(html: str, writer: QPdfWriter) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setHtml(html)
    doc.setPageSize(QSizeF(writer.width(), writer.height()))
    return doc


ROW = "<tr><td>row {n}</td><td>{text}</td></tr>"
HEAD = "<thead><tr><th>Name</th><th>Text</th></tr></thead>"


def _table(rows: int, lines: int) -> str:
    text = "<br>".join(f"line {k}" for k in range(lines))
    body = "".join(ROW.format(n=n, text=text) for n in range(rows))
    return f"<table border=1 cellspacing=0>{HEAD}{body}</table>"


def test_a_long_table_breaks_between_rows_under_its_header(tmp_path: Path, gui_app: object) -> None:
    """120 rows of six lines run over several pages: each row is read whole on one page, in
    order; a part split off starts a page under the header row (Qt repeats it atop each page
    a part runs onto)."""
    doc = _paged(f"<h2>Long</h2>{_table(120, 6)}", _writer(tmp_path))
    crossed = crossing_row(doc, next(tables(doc.rootFrame())))
    assert crossed is not None  # as laid out by Qt, a row runs over a page's end
    paginate(doc)
    parts = list(tables(doc.rootFrame()))
    assert len(parts) >= 2  # split before the row that crossed
    rows = [
        part.cellAt(r, 0).firstCursorPosition().block().text()
        for part in parts
        for r in range(1, part.rows())
    ]
    assert rows == [f"row {n}" for n in range(120)]
    for part in parts:
        assert part.cellAt(0, 0).firstCursorPosition().block().text() == "Name"
        assert not crosses(doc, part)  # a page each: Qt never breaks it between rows


def test_a_table_that_fits_a_page_moves_whole_with_its_heading(
    tmp_path: Path, gui_app: object
) -> None:
    writer = _writer(tmp_path)
    for lines in range(40, 120):  # filler enough that the page ends inside the table
        filler = "".join(f"<p>filler {n}</p>" for n in range(lines))
        doc = _paged(f"{filler}<h3>Checklist</h3>{_table(6, 2)}<p>after</p>", writer)
        (table,) = tables(doc.rootFrame())
        page_h = doc.pageSize().height()
        first = row_span(doc, table, 0)[0] // page_h
        if crosses(doc, table) and row_span(doc, table, 3)[0] // page_h == first:
            break  # three rows or more on the page the table starts on, the rest on the next
    else:
        raise AssertionError("no filler length broke the table")
    paginate(doc)
    (table,) = tables(doc.rootFrame())
    assert not crosses(doc, table) and table.rows() == 7
    assert _page_of(doc, "Checklist") == first + 1
    assert row_span(doc, table, 0)[0] // page_h == first + 1
    # A section that starts a page ("Scenarios compared") flows onto the page before when that
    # one is mostly blank (a scenario's last charts), where its table then fits whole (6 rows,
    # 30 rows); a table that would break there (40 rows) keeps the section's page, whole (QA:
    # the two-scenario report's comparison followed the charts and its last three rows, the
    # hosted API's, went over under a repeated header).
    filler = "".join(f"<p>filler {n}</p>" for n in range(14))
    section = '<h2 style="page-break-before: always">Compared</h2><p>Rows differ.</p>'
    for rows, page in ((6, 0), (30, 0), (40, 1)):
        doc = _paged(f"<h2>Charts</h2>{filler}{section}{_table(rows, 1)}<p>after</p>", writer)
        assert pages_filled(doc)[0] < MOSTLY_BLANK
        paginate(doc)
        (table,) = tables(doc.rootFrame())
        assert table.rows() == 1 + rows and not crosses(doc, table)
        assert _page_of(doc, "Compared") == page == row_span(doc, table, 0)[0] // page_h


def _lines_of(doc: QTextDocument, text: str) -> list[int]:
    """The page of each line of the paragraph that starts with `text`."""
    block = doc.find(text).block()
    top = doc.documentLayout().blockBoundingRect(block).top()
    page_h = doc.pageSize().height()
    layout = block.layout()
    return [int((top + layout.lineAt(i).y()) // page_h) for i in range(layout.lineCount())]


def _broken_as(
    writer: QPdfWriter, body: str, broke: Callable[[QTextDocument], bool]
) -> tuple[QTextDocument, int]:
    """`body` after the first count of filler lines (and a gap of a few pixels more above
    it) at which Qt breaks the page as `broke` says, laid out and not yet paginated; and that
    count. Lines alone step a whole line at a time: on a page a whole number of them high
    (A4 at 20 mm margins), `body` would start at the same place on every page."""
    for lines in range(30, 140):
        for gap_px in range(0, 24, 3):
            filler = "".join(f"<p>filler {n}</p>" for n in range(lines))
            spaced = f'<p style="margin-top: {gap_px}px">gap</p>'
            doc = _paged(filler + spaced + body, writer)
            if broke(doc):
                return doc, lines
    raise AssertionError("no filler length broke the page there")


LONG = "Long paragraph " + "words that wrap " * 60


def _one_line_under_its_heading(doc: QTextDocument) -> bool:
    lines = _lines_of(doc, "Long paragraph")
    return lines.count(lines[0]) == 1 and _page_of(doc, "Values apart") == lines[0]


def _last_line_alone(doc: QTextDocument) -> bool:
    lines = _lines_of(doc, "Long paragraph")
    return lines[-1] > lines[-2]


@pytest.mark.parametrize(
    ("body", "broke"),
    [
        # QA: "Values that do not bear on this plan" and one line of its text ended page 8.
        (f"<h3>Values apart</h3><p>{LONG}</p>", _one_line_under_its_heading),
        # QA: the last line of the bill's sources opened the scenario's page.
        (f"<p>{LONG}</p><p>after</p>", _last_line_alone),
    ],
)
def test_a_heading_keeps_two_lines_and_a_paragraph_its_last_line(
    tmp_path: Path, gui_app: object, body: str, broke: Callable[[QTextDocument], bool]
) -> None:
    """The paragraph goes over whole: after its heading left with one line of it, or after
    its last line alone on the next page."""
    doc, _ = _broken_as(_writer(tmp_path), body, broke)
    paginate(doc)
    lines = _lines_of(doc, "Long paragraph")
    assert lines[0] == lines[-1]
    if broke is _one_line_under_its_heading:
        assert _page_of(doc, "Values apart") == lines[0]


def test_the_key_figures_are_printed_at_8_pt_at_least(default_doc: QTextDocument) -> None:
    """QA: "How the key figures add up" was set in 7 pt, too small on paper."""
    heading = default_doc.find("How the key figures add up")
    block = default_doc.find("Total cost a year:", heading).block()
    it = block.begin()
    sizes = set()
    while not it.atEnd():
        sizes.add(it.fragment().charFormat().font().pointSizeF())
        it += 1
    assert sizes and min(sizes) >= 8.0, sizes


def test_a_tables_last_row_never_goes_over_alone(tmp_path: Path, gui_app: object) -> None:
    """QA: a scenario's results ran their last row onto the page of its charts, alone under
    the repeated header; the row before it goes over with it."""
    writer = _writer(tmp_path)
    body = f"<h3>Results</h3>{_table(24, 3)}<p>after</p>"

    def last_row_crosses_or_alone(doc: QTextDocument) -> bool:
        table = next(tables(doc.rootFrame()))
        page_h = doc.pageSize().height()
        last, before = (row_span(doc, table, r)[1] // page_h for r in (24, 23))
        return crossing_row(doc, table) == 24 or (last > before and not crosses_at_all(doc))

    def crosses_at_all(doc: QTextDocument) -> bool:
        return crossing_row(doc, next(tables(doc.rootFrame()))) is not None

    doc, _ = _broken_as(writer, body, last_row_crosses_or_alone)
    paginate(doc)
    parts = list(tables(doc.rootFrame()))
    assert len(parts) >= 2 and parts[-1].rows() == 1 + 2  # its header and the last two rows
    assert parts[-1].cellAt(2, 0).firstCursorPosition().block().text() == "row 23"
    assert all(not crosses(doc, part) for part in parts)


def test_an_engine_releases_defaults_read_in_three_lines(default_doc: QTextDocument) -> None:
    """QA: page 8's "vLLM 0.19: engine defaults" ran down seven lines of the narrow Value
    column beside a one-line link; its value takes the Source column's width too, the
    source on the line below."""
    block = default_doc.find("memory it takes:").block()
    table = QTextCursor(block).currentTable()
    assert table is not None
    cell = table.cellAt(QTextCursor(block))
    assert (cell.column(), cell.columnSpan()) == (1, 2)
    assert "docs.vllm.ai" in block.text()  # its source, below it in the same cell
    assert block.layout().lineCount() == 3


def test_a_row_spanning_columns_keeps_its_span_where_its_table_splits(
    tmp_path: Path, gui_app: object
) -> None:
    """A table split between pages copies a cell that spans two columns once, spanning
    them, not once per column."""
    head = "<thead><tr><th>Name</th><th>Value</th><th>Source</th></tr></thead>"
    rows = "".join(
        f"<tr><td>row {n}</td><td colspan=2>wide {n}<br>line<br>line</td></tr>"
        if n % 5 == 0
        else f"<tr><td>row {n}</td><td>value {n}<br>line</td><td>source {n}<br>line</td></tr>"
        for n in range(120)
    )
    doc = _paged(f"<table border=1 cellspacing=0>{head}{rows}</table>", _writer(tmp_path))
    paginate(doc)
    parts = list(tables(doc.rootFrame()))
    assert len(parts) >= 2
    spans = [
        (part.cellAt(r, 1).firstCursorPosition().block().text(), part.cellAt(r, 1).columnSpan())
        for part in parts[1:]
        for r in range(1, part.rows())
        if part.cellAt(r, 1).firstCursorPosition().block().text().startswith("wide")
    ]
    assert spans and all(span == 2 for _, span in spans)
    assert all(text.count("wide") == 1 for text, _ in spans)
    assert doc.toPlainText().count("wide 100") == 1


@pytest.fixture(scope="module")
def three_doc(
    tmp_path_factory: pytest.TempPathFactory, catalog: Catalog, three_plan: Plan, gui_app: object
) -> QTextDocument:
    report = build_report(catalog, three_plan, "Three options")
    doc, _slots = one_document(report, _writer(tmp_path_factory.mktemp("three")))
    return doc


def test_the_warnings_follow_the_scenarios_compared_on_their_page(
    three_doc: QTextDocument,
) -> None:
    """QA: the three-scenario report's "Scenarios compared" page was half blank, the warnings
    starting a page of their own and then moved whole past it; they run on from the
    comparison, and the page is not left half blank. With the hosted-API rows the table took
    four fifths of the page, its figures' names wrapped over two lines, and the warnings went
    to the next; their names on one line, the warnings' heading and first row follow it.
    Where the comparison runs on from the last scenario's cost chart and fills its page (the
    power sheets grouped their alike racks), the warnings start the next page."""
    compared = _page_of(three_doc, "Scenarios compared")
    warnings = _page_of(three_doc, "Warnings, explained")
    filled = pages_filled(three_doc)
    assert warnings in (compared, compared + 1)
    assert filled[compared] >= 0.9


def test_every_heading_is_on_the_page_its_table_starts(three_doc: QTextDocument) -> None:
    """QA: the checklist's heading and its first line ended one page, its ten rows started the
    next; so did a scenario's "Tail latency" and its table, and the sentence leading in the
    2025-26 accuracy table ("Against 1,292 measurements ...:", pages 17 and 18)."""
    layout = three_doc.documentLayout()
    page_h = three_doc.pageSize().height()
    apart = []
    for table in tables(three_doc.rootFrame()):
        lead = table_lead(table)
        heading_page = layout.blockBoundingRect(lead).top() // page_h
        table_page = layout.frameBoundingRect(table).top() // page_h
        if (lead.blockFormat().headingLevel() or introduces(lead)) and heading_page != table_page:
            apart.append(lead.text())
    assert apart == []


def test_a_heading_at_a_pages_foot_goes_over_with_its_tables_first_row(
    tmp_path: Path, gui_app: object
) -> None:
    """A long table whose first row does not fit under its heading near a page's foot starts
    the next page with the heading above it (QA: 1,000 scenarios' "Warnings, explained" stood
    alone on a page, its table starting the page after)."""
    writer = _writer(tmp_path)
    for lines in range(40, 160):  # filler enough that the first row runs onto the next page
        filler = "".join(f"<p>filler {n}</p>" for n in range(lines))
        doc = _paged(f"{filler}<h2>Warnings</h2>{_table(8, 30)}", writer)
        (table,) = tables(doc.rootFrame())
        if crossing_row(doc, table) == 1:
            break
    else:
        raise AssertionError("no filler length ran the first row onto the next page")
    page = _page_of(doc, "Warnings")
    paginate(doc)
    first = next(tables(doc.rootFrame()))
    assert _page_of(doc, "Warnings") == page + 1
    assert row_span(doc, first, 1)[0] // doc.pageSize().height() == page + 1


# An assumption's row as the report's Assumptions table writes it: its name, its value, its
# source a size smaller, its date.
ASSUMPTION_ROW = [
    "Speed of matrix arithmetic, times the engine catalog's",
    "1.05 times with SGLang 0.5",
    "<span class=source>fitted to the 2025-26 lines: docs/\u200bcalibration.md</span>",
    "2026-12-07",
]
# The table frame's foot below its last row (its bottom margin), in device pixels: the two-
# scenario DeepSeek-V3 report's Assumptions table ran 52 px of border and margin past its page.
FOOT_PX = 10.0


def _assumptions_after(gap_px: float, writer: QPdfWriter) -> QTextDocument:
    """The report's Assumptions heading and a table of 15 rows, on the report's fonts and
    style, after a few lines and a gap of `gap_px` CSS pixels; laid out, not paginated."""
    rows = [[f"{n}. {ASSUMPTION_ROW[0]}", *ASSUMPTION_ROW[1:]] for n in range(15)]
    body = (
        "<p>Before.</p>" * 3
        + f'<p style="margin-top: {gap_px}px">gap</p><h3>Assumptions</h3>'
        + report_table(["Assumption", "Value", "Source", "Date"], rows, [34, 19, 35, 12])
        + "<p>after</p>"
    )
    slots = ChartSlots(writer.width() * CSS_DPI / writer.logicalDpiX())
    doc = report_document(body, slots, writer, load_fonts())
    (table,) = tables(doc.rootFrame())
    fmt = table.format()
    fmt.setBottomMargin(FOOT_PX)
    table.setFormat(fmt)
    set_page(doc, writer)
    return doc


def _only_the_foot_over(doc: QTextDocument) -> bool:
    """Every row on the page the table starts on, its frame's foot past that page's end."""
    (table,) = tables(doc.rootFrame())
    return _only_its_foot_over(doc, table)


def _only_its_foot_over(doc: QTextDocument, table: QTextTable) -> bool:
    """Every row of `table` on the page it starts on, its frame's foot past that page's end."""
    page_h = doc.pageSize().height()
    first = row_span(doc, table, 0)[0] // page_h
    last = row_span(doc, table, table.rows() - 1)[1]
    return crosses(doc, table) and (last - 1) // page_h == first


def test_a_table_whose_rows_fit_its_page_is_not_split_for_its_frames_foot(
    tmp_path: Path, gui_app: object
) -> None:
    """QA, the two-scenario DeepSeek-V3 report: its Assumptions table had all 15 rows on page
    12 and only its frame's foot past the page's end; split there, page 13 held the header
    row alone (4% filled). Such a table stays whole, where it is, without the margin under it:
    Qt drew its header again atop the next page, over the heading there (the two-scenario
    report's bill of materials over "Power sheet: Llama 3.1 70B RAG assistant")."""
    writer = _writer(tmp_path)
    first = _assumptions_after(0.0, writer)
    (table,) = tables(first.rootFrame())
    room = first.pageSize().height() - first.documentLayout().frameBoundingRect(table).bottom()
    near = int(2 * room * CSS_DPI / writer.logicalDpiY())  # the gap that fills it, in half px
    for half_px in range(max(0, near - 20), near + 40):  # half a CSS pixel at a time
        doc = _assumptions_after(half_px / 2, writer)
        if _only_the_foot_over(doc):
            break
    else:
        raise AssertionError("no gap left only the table's foot past the page's end")
    (before,) = tables(doc.rootFrame())
    page_h = doc.pageSize().height()
    page = row_span(doc, before, 0)[0] // page_h
    paginate(doc)
    parts = list(tables(doc.rootFrame()))
    assert len(parts) == 1 and parts[0].rows() == 16  # its header and the 15 rows, whole
    header_top, _ = row_span(doc, parts[0], 0)
    _, last_bottom = row_span(doc, parts[0], 15)
    assert header_top // page_h == page == (last_bottom - 1) // page_h
    assert not crosses(doc, parts[0]) and parts[0].format().bottomMargin() == 0


def _report_pages_filled(catalog: Catalog, preset: str, writer: QPdfWriter) -> list[float]:
    """How full each page of a preset's report is, laid out as the PDF is (a few headings at
    a time, `sections`)."""
    report = build_report(catalog, Plan(scenarios=[preset_scenario(preset)]), preset)
    runs, _slots = laid_out(report, writer, load_fonts())
    return [share for r in runs for share in pages_filled(r.doc)[r.first_page : r.end_page]]


@pytest.mark.parametrize("preset", ["qwen3.5-assistant-b200", "deepseek-v3.2-ep", "llama-405b-fp8"])
def test_no_page_of_a_preset_report_is_blank_or_nearly_empty(
    preset: str, catalog: Catalog, tmp_path: Path, gui_app: object
) -> None:
    """QA: the Qwen3.5 report's page 4 was blank: its bill of materials ended at page 3's very
    foot, where Qt had turned the page already, and the power sheet's heading, given a page of
    its own, was set a page further (`paginate._Scan._break`). The DeepSeek-V3.2 report's last
    page held 28% of a page, the tail of its worked figures. The Llama 3.1 405B report's page 9
    was blank (report35): its Assumptions table, split twice, had a part a page tall whose
    frame's foot alone reached the next page, and the part after started the page after that
    (`table_breaks._no_blank_page_between`)."""
    filled = _report_pages_filled(catalog, preset, _writer(tmp_path))
    assert min(filled) >= NEARLY_EMPTY, filled
