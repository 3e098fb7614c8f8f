"""Whatever a warning's wording, every page is drawn as it was measured, and nothing on it is
cut: the report is measured a few headings at a time (`sections`, its page breaks mended on a
layout made piece by piece) and drawn from each document laid out again whole
(`pages.LaidOutPages.laid_out_for`). Where the two layouts parted, a line the measure kept on
a page would be drawn on the page after, which the next document draws instead: lost (QA: a
twenty-scenario report with another warning wording put a page break differently at page 88
in two layouts; the one drawn must be the one measured).

The plan holds every preset once (8 scenarios, some 45 pages: its warnings table runs over
pages and is laid out a row at a time), and the no-comparable-API warning of its agentic
coding scenario (the DeepSeek-V3.2 scenario's newest-release warning until the catalog listed
SGLang 0.5.22) is worded at three lengths, each moving every page after the warnings. The pages
must also be those laid out a heading at a time (`test_bounded_pieces`): at page 88 of the
twenty-scenario report the two parted where a long table was split before the heading Qt had
left at the foot of the page before went over, the split then stale (`paginate._crossing`
now moves such a heading first)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPdfWriter, QTextBlock, QTextDocument

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import PRESETS, Plan, preset_scenario
from aisle_desktop.report import Report, build_report
from aisle_desktop.report.fonts import load_fonts
from aisle_desktop.report.pages import kept_pages, laid_out, placed_charts, report_pieces
from aisle_desktop.report.pdf import RESOLUTION_DPI, page_layout
from tests.report.test_bounded_pieces import _at_headings_only, _pages

CODE = "api-none-comparable"
# Words added to the warning's message: none, a line's worth, a paragraph's worth.
LONGER_BY = (0, 14, 60)
# A block on a page: its text, page, top on the page and height.
Placed = tuple[str, int, float, float]


@pytest.fixture(scope="module")
def every_preset(catalog: Catalog) -> Report:
    plan = Plan(name="Every preset", scenarios=[preset_scenario(p) for p in sorted(PRESETS)])
    return build_report(catalog, plan, "Every preset")


def _longer_warning(report: Report, words: int) -> Report:
    """``report`` with the no-comparable-API warning's message ``words`` words longer."""

    def longer(item: object) -> object:
        result = getattr(item, "result", None)
        if result is None:
            return item
        warnings = [
            w.model_copy(update={"message": w.message + " More words to read." * (words // 4)})
            if w.code == CODE
            else w
            for w in result.warnings
        ]
        return dataclasses.replace(item, result=result.model_copy(update={"warnings": warnings}))  # type: ignore[type-var]

    return dataclasses.replace(report, scenarios=tuple(longer(s) for s in report.scenarios))  # type: ignore[arg-type]


def _blocks(doc: QTextDocument) -> Iterator[QTextBlock]:
    block = doc.begin()
    while block.isValid():
        yield block
        block = block.next()


def _placed(doc: QTextDocument, first_page: int, end_page: int) -> list[Placed]:
    """The blocks that start on pages ``first_page`` to ``end_page`` of ``doc``."""
    page_h = doc.pageSize().height()
    found = []
    for block in _blocks(doc):
        rect = doc.documentLayout().blockBoundingRect(block)
        page = int(rect.top() // page_h)
        if first_page <= page < end_page:
            found.append((block.text(), page, rect.top() - page * page_h, rect.height()))
    return found


def _cut(doc: QTextDocument, first_page: int, end_page: int) -> list[str]:
    """What of the pages ``first_page`` to ``end_page`` of ``doc`` a page's end cuts: a line
    of text running from one page onto the next, or a block starting on them and ending on
    a page that another document draws."""
    page_h = doc.pageSize().height()
    cut = []
    for block in _blocks(doc):
        top = doc.documentLayout().blockBoundingRect(block).top()
        layout = block.layout()
        for k in range(layout.lineCount()):
            line = layout.lineAt(k)
            start, end = top + line.y(), top + line.y() + line.height() - 1e-3
            page, last = int(start // page_h), int(end // page_h)
            if first_page <= page < end_page and (last != page or last >= end_page):
                cut.append(f"page {page}: {block.text()[:60]!r}, line {k + 1}")
    return cut


@pytest.mark.parametrize("words", LONGER_BY)
def test_every_page_is_drawn_as_measured_and_nothing_is_cut(
    gui_app: object, every_preset: Report, words: int
) -> None:
    report = _longer_warning(every_preset, words)
    said = [w.message for _, r in report.sized for w in r.warnings if w.code == CODE]
    assert len(said) == 1 and said[0].count("More words to read.") == words // 4
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(page_layout("A4"))
    runs, slots = laid_out(report, writer, load_fonts())
    pages, text = 0, []
    by_pieces: list[Placed] = []
    for run in runs:
        kept = kept_pages(run, slots)  # as `lay_out_report` keeps it to draw
        doc = kept.laid_out_for(writer)  # as `draw_pages` lays it out again
        measured = _placed(run.doc, run.first_page, run.end_page)
        assert _placed(doc, run.first_page, run.end_page) == measured, f"after page {pages}"
        assert [c.rect for c in placed_charts(doc, slots)] == [c.rect for c in kept.charts]
        assert _cut(doc, run.first_page, run.end_page) == [], f"after page {pages}"
        page_h = doc.pageSize().height()
        for chart in kept.charts:
            page = int(chart.rect.top() // page_h)
            if run.first_page <= page < run.end_page:
                assert int((chart.rect.bottom() - 1e-3) // page_h) == page
        text += [placed[0] for placed in measured]
        by_pieces += [(t, page - run.first_page + pages, top, h) for t, page, top, h in measured]
        pages += run.page_count
    assert pages > 35
    # And as laid out a heading at a time (the page-88 parting: a table split before the
    # heading Qt left at the page's foot went over, since mended in `paginate._crossing`).
    pieces = report_pieces(report, slots, load_fonts())
    by_headings, _ = _pages(_at_headings_only(pieces), writer, slots)
    assert by_pieces == by_headings
    # The warning is drawn whole, once (its block's text, whatever its line breaks).
    whole = " ".join(" ".join(text).replace("\u00a0", " ").replace("\u2060", "").split())
    assert whole.count(" ".join(said[0].split())) == 1
