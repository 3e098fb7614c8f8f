"""A sentence that introduces a list (ending in a colon) starts a page with the list rather
than end the page before it (QA: the DeepSeek-V3.2 report's page 2 ended "Goal-seeks at half
the time-per-token target (25 ms) and at half as much budget again ($2.31 M/year):", its two
answers opening page 3)."""

from __future__ import annotations

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QTextDocument

from aisle_desktop.report.pages import STYLE
from aisle_desktop.report.paginate import paginate

INTRO = "Goal-seeks at half the time-per-token target and at half as much budget again:"
LIST = "<ul><li>At TPOT 25 ms it is 56 GPUs.</li><li>$2.31 M/year serves 4,098 users.</li></ul>"


def _pages(lines: int) -> tuple[QTextDocument, int, int]:
    """A document of ``lines`` one-line paragraphs, the introduction and its list; the pages
    the introduction and the list's first item start on."""
    doc = QTextDocument()
    doc.setDefaultStyleSheet(STYLE)
    filler = "".join(f"<p>Line {n}.</p>" for n in range(lines))
    doc.setHtml(f"<html><body>{filler}<p>{INTRO}</p>{LIST}</body></html>")
    doc.setPageSize(QSizeF(500, 300))
    return doc, _page(doc, INTRO), _page(doc, "At TPOT")


def _page(doc: QTextDocument, text: str) -> int:
    block = doc.find(text).block()
    return int(doc.documentLayout().blockBoundingRect(block).top() // doc.pageSize().height())


def test_an_introduction_at_a_pages_foot_goes_over_with_its_list(gui_app: object) -> None:
    # the fewest lines above that leave the introduction at the foot of page 1, its list below
    lines = next(n for n in range(1, 60) if _pages(n)[1:] == (0, 1))
    doc, _, _ = _pages(lines)
    paginate(doc)
    assert (_page(doc, INTRO), _page(doc, "At TPOT")) == (1, 1)
