"""The progress of laying out a report moves with its text, not with its pieces (QA: a plan of
1,000 scenarios sat at 30% for minutes while the first page's costs table, a row a scenario
and some 40 pages in one piece, had its page breaks mended: by pieces, that table was a
six-thousandth of the report)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPdfWriter, QTextDocument

from aisle_desktop.report import load_fonts
from aisle_desktop.report.pages import report_document, set_page
from aisle_desktop.report.pdf import RESOLUTION_DPI, page_layout
from aisle_desktop.report.sections import WINDOW_PIECES, lay_out_sections
from aisle_desktop.report.slots import ChartSlots

TABLE_ROWS = 300
SECTIONS = 2 * WINDOW_PIECES


def _pieces() -> list[str]:
    """A long table under the first heading, then short sections of a page each."""
    rows = "".join(f"<tr><td>Scenario {n}</td><td>{n} GPUs</td></tr>" for n in range(TABLE_ROWS))
    table = f"<h2>What it costs</h2><table><tr><th>Scenario</th><th>GPUs</th></tr>{rows}</table>"
    section = '<h2 style="page-break-before: always">Scenario {}</h2><p>Its figures.</p>'
    return [table, *(section.format(n) for n in range(SECTIONS))]


def test_the_progress_moves_through_a_long_table(gui_app: object) -> None:
    pieces = _pieces()
    family = load_fonts()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(page_layout("A4"))
    slots = ChartSlots(writer.width())
    made: list[int] = []
    told: list[tuple[int, float]] = []  # the documents made so far, and the share told

    def make(first: int, last: int) -> QTextDocument:
        made.append(first)
        return report_document("".join(pieces[first : last + 1]), slots, writer, family)

    sizes = [len(piece) for piece in pieces]
    runs = list(
        lay_out_sections(
            sizes,
            make,
            lambda doc: set_page(doc, writer),
            lambda _d, s: told.append((len(made), s)),
        )
    )
    assert sum(run.page_count for run in runs) > 5  # the table took pages of its own
    table_share = sizes[0] / sum(sizes)
    assert table_share > 0.6
    # While the first window (the table and the sections after it) was mended, the progress
    # went as far as the table's share of the text, and on by the sections after it; by
    # pieces it stopped at the window's share of the pieces (12 of 25).
    first_window = [share for documents, share in told if documents == 1]
    assert max(first_window) > table_share > WINDOW_PIECES / len(pieces)
    assert len({round(share, 2) for share in first_window}) > 5  # it moved, step by step
    shares = [share for _documents, share in told]
    assert shares == sorted(shares) and shares[-1] > 0.95
