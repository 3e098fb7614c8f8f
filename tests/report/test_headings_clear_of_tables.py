"""A heading right after a table stands as far under the table's last row as under any other
table (QA: "Power sheet: ...", "Results", "Tail latency" and "Sources of the bills' prices
and figures" stood 2.5 pt under the row above, where headings after other tables stand 10 pt
under it). Qt reads a table whose last cell is empty without the empty block it puts after
other tables, and sets the block after it with no top margin; such a table keeps the room in
its bottom margin (`words.ROOM_AFTER`); the report is still laid out a few headings at a time
(`sections.grown`, test_report_windows)."""

from __future__ import annotations

from pathlib import Path

from tests.report.conftest import needs_poppler, pdf_words

# At least this far under the words above (points): a heading after a table whose last cell
# holds text stands 10 pt under its last row, after a paragraph 7.7 pt; these stood 2.5 pt.
CLEAR_PT = 9.0
# The first word of each heading that followed a table ending in an empty cell, the second.
HEADINGS = (("Power", "sheet:"), ("Results", None), ("Tail", "latency"), ("Sources", "of"))


def _heading_tops(words: list[tuple[int, float, float, float, float, float, str]]) -> list:
    """(page, top, text) of each word that opens one of `HEADINGS` at a heading's size."""
    found = []
    for k, (page, _, _, top, _, bottom, text) in enumerate(words):
        follows = words[k + 1][6] if k + 1 < len(words) else None
        for first, second in HEADINGS:
            # A heading's words stand taller than the body's 9 pt text.
            if text == first and (second is None or follows == second) and bottom - top > 11.2:
                found.append((page, top, text))
    return found


def test_a_heading_after_a_table_stands_clear_of_its_last_row(
    three_pdf: tuple[Path, int],
) -> None:
    needs_poppler()
    words = pdf_words(three_pdf[0])
    headings = _heading_tops(words)
    # a power sheet, a Results and a Tail latency a scenario, the sources once
    assert sorted(text for _, _, text in headings) == sorted(
        ["Power"] * 3 + ["Results"] * 3 + ["Tail"] * 3 + ["Sources"]
    )
    for page, top, text in headings:
        above = [bottom for p, _, _, _, _, bottom, _ in words if p == page and bottom < top]
        if above:  # not at the page's top
            assert top - max(above) >= CLEAR_PT, (text, page, top - max(above))


# The first two words of each paragraph that follows a table in every report.
PARAGRAPHS = (("GPU", "counts"), ("Against", "1,296"), ("Treat", "throughput"))


def test_a_paragraph_after_a_table_stands_clear_of_its_last_row(
    three_pdf: tuple[Path, int],
) -> None:
    """QA: "Against 1,296 measurements ..." and "Treat throughput as good ..." stood 6.2 pt
    under the accuracy tables' last rows (1.4 pt under their border), "GPU counts are ..."
    under the budget's swings; a paragraph under a paragraph stands 3.9 pt under it, and a
    table's border wants more room than that."""
    needs_poppler()
    words = pdf_words(three_pdf[0])
    found = []
    for k, (page, _, _, top, _, _, text) in enumerate(words[:-1]):
        starts_a_line = k == 0 or words[k - 1][3] < top - 1 or words[k - 1][0] != page
        if starts_a_line and (text, words[k + 1][6]) in PARAGRAPHS:
            above = [bottom for p, _, _, _, _, bottom, _ in words if p == page and bottom < top]
            found.append(text)
            if above:  # not at the page's top
                assert top - max(above) >= CLEAR_PT, (text, page, top - max(above))
    assert sorted(found) == ["Against", "GPU", "Treat"]
