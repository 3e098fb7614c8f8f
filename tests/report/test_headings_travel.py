"""A heading never ends a page parted from what it heads: a section's heading and its one-line
introduction go with the subheading and table they lead in, and a group's heading row in a
table goes over with its rows (QA: "Bill of materials and power" and its one line ended page 2
of the DeepSeek-V3 report and of a plan in pools, their bill on page 3; "Capacity" ended the
default report's page 4, its figures on page 5)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextDocument

from aisle_desktop.report.paginate import pages_filled, paginate
from aisle_desktop.report.table_breaks import break_row, crossing_row, opens_a_group, tables
from aisle_desktop.report.words import table as report_table
from tests.report.test_page_fill import _broken_as, _page_of, _table, _writer

SECTION = (
    "<h2>Bill of materials and power</h2><p>Each price's source is listed after the "
    "Assumptions.</p><h3>Bill of materials: Plan</h3>"
)


def _table_page(doc: QTextDocument) -> int:
    cell = next(tables(doc.rootFrame())).cellAt(1, 0).firstCursorPosition().block()
    return int(doc.documentLayout().blockBoundingRect(cell).top() // doc.pageSize().height())


def test_a_sections_heading_and_introduction_go_with_its_first_table(
    tmp_path: Path, gui_app: object
) -> None:
    def headings_above_a_broken_table(doc: QTextDocument) -> bool:
        table = next(tables(doc.rootFrame()))
        heading = _page_of(doc, "Bill of materials and power")
        return crossing_row(doc, table) is not None and heading == _page_of(doc, "Plan")

    doc, _ = _broken_as(
        _writer(tmp_path), f"{SECTION}{_table(8, 3)}<p>after</p>", headings_above_a_broken_table
    )
    paginate(doc)
    pages = {_page_of(doc, "Bill of materials and power"), _page_of(doc, "Each price")}
    assert pages == {_page_of(doc, "Plan")} == {_table_page(doc)}


GROUPS = 16


def _grouped_rows() -> list[list[str]]:
    rows = []
    for group in range(GROUPS):
        rows.append([f"<b>Group {group}</b>", ""])
        rows += [[f"figure {group}.{n}", f"{n}.0 ms<br>80%: 1 ms – 9 ms"] for n in range(4)]
    return rows


def test_a_groups_heading_row_goes_over_with_its_rows(tmp_path: Path, gui_app: object) -> None:
    def breaks_under_a_group_heading(doc: QTextDocument) -> bool:
        table = next(tables(doc.rootFrame()))
        row = break_row(doc, table, crossing_row(doc, table))
        return 1 < row < table.rows() and opens_a_group(table, row - 1)

    body = f"<h3>Results</h3>{report_table(['Figure', 'Value'], _grouped_rows())}<p>after</p>"
    doc, _ = _broken_as(_writer(tmp_path), body, breaks_under_a_group_heading)
    paginate(doc)
    parts = list(tables(doc.rootFrame()))
    assert len(parts) >= 2
    assert not any(opens_a_group(part, part.rows() - 1) for part in parts)


def test_a_long_table_qt_pushed_from_its_heading_splits_once_it_has_gone_over(
    tmp_path: Path, gui_app: object
) -> None:
    """QA: the three-scenario report's "Assumptions" ended page 13, Qt having started its
    long table on page 14; the table was split where it crossed before the heading went
    over, and again after, which left page 16 holding two of its rows."""

    def heading_left_behind(doc: QTextDocument) -> bool:
        return _page_of(doc, "Assumptions") < _table_page(doc)

    intro = "Every default the figures rest on, " * 8
    body = f"<h3>Assumptions</h3><p>{intro}</p>{_table(60, 6)}<p>after</p>"
    doc, _ = _broken_as(_writer(tmp_path), body, heading_left_behind)
    paginate(doc)
    assert _page_of(doc, "Assumptions") == _table_page(doc)
    filled = pages_filled(doc)
    assert min(filled[:-1]) > 0.8, filled
