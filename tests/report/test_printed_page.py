"""The printed page as a planner holds it, read from the PDF's own text: nothing in the margins,
no figure or date broken over two lines, the bills' sources after the Assumptions and a power
sheet's notes with its table.

QA, reading every preset's report: the text ran to 15 mm from the paper's edge; at 20 mm
margins, "1.56 M requests/day" broke after "requests/da" in the key figures and "2026-06-30"
after "2026-06-3" in the bill; the bill's 15 lines of source addresses and the power sheet's
notes ran onto the next page, atop the first scenario's heading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aisle_desktop.cli.main import main
from aisle_desktop.report.decision_pages import BILL_SOURCES
from aisle_desktop.report.pdf import MARGIN_MM
from aisle_desktop.report.slots import CSS_DPI, DOCUMENT_MARGIN_PX
from tests.pdf_pages import page_texts
from tests.report.conftest import needs_poppler, pdf_words, poppler

POINTS_PER_MM = 72 / 25.4
# How far a word's box may reach past the margin: pdftotext boxes a word by its glyphs' full
# advance, a point or two wider than the text laid out to the margin.
SLACK_PT = 2.5
# The end of a line that breaks a figure or a date: "requests/da", "k/ye", "2026-06-3".
BROKEN_END = re.compile(r"(/(d|da|y|ye|yea)|\b\d{4}-\d{2}-\d?)$")


@pytest.fixture(scope="module")
def expert_parallel_pdf(tmp_path_factory: pytest.TempPathFactory, gui_app: object) -> Path:
    """The report with the longest key figures of the presets ("193 k requests/day (a
    same-size model's price)"; "1.34 M requests/day (beyond capacity; another model's price)"
    when Llama 3.1 8B's API priced it) and a bill of three racks (four, and 1.56 M
    requests/day, on 56 GPUs under calibration 2026.12.28)."""
    path = tmp_path_factory.mktemp("printed") / "ep.pdf"
    assert main(["report", "--preset", "deepseek-v3.2-ep", "-o", str(path)]) == 0
    return path


def test_every_word_stands_inside_the_margins(expert_parallel_pdf: Path) -> None:
    needs_poppler()
    margin = MARGIN_MM * POINTS_PER_MM
    words = pdf_words(expert_parallel_pdf)
    assert len({page for page, *_ in words}) > 10
    outside = [
        (page, text, round(x0), round(x1))
        for page, width, x0, _, x1, _, text in words
        if x0 < margin - SLACK_PT or x1 > width - margin + SLACK_PT
    ]
    assert outside == []
    # The text column, footer included, starts the document's margin in from the page's.
    column = margin + DOCUMENT_MARGIN_PX * 72 / CSS_DPI
    assert min(x0 for _, _, x0, *_ in words) == pytest.approx(column, abs=SLACK_PT)


def test_no_figure_or_date_breaks_over_two_lines(expert_parallel_pdf: Path) -> None:
    needs_poppler()
    lines = poppler("pdftotext", str(expert_parallel_pdf), "-").splitlines()
    assert [line for line in lines if BROKEN_END.search(line.strip())] == []
    text = " ".join(" ".join(lines).split())
    assert "193 k requests/day" in text and "2026-06-30" in text


def test_the_bills_sources_follow_the_assumptions_and_the_power_notes_their_table(
    expert_parallel_pdf: Path,
) -> None:
    pages = [" ".join(text.split()) for text in page_texts(expert_parallel_pdf)]
    sources = next(n for n, text in enumerate(pages) if f"{BILL_SOURCES} (1) NVIDIA" in text)
    bill = next(n for n, text in enumerate(pages) if "Bill of materials: " in text)
    assumptions = next(n for n, text in enumerate(pages) if "Assumptions Every default" in text)
    assert bill < assumptions <= sources
    # The bill's heading and this sentence may end the page before its table.
    assert (
        f"Each price's source is listed after the Assumptions, under {BILL_SOURCES}."
        in pages[bill - 1] + pages[bill]
    )
    assert not any("https://" in text for text in pages[:assumptions])
    # The power sheet's notes are its table's last row: on the page of its last rack's row.
    power = next(n for n, text in enumerate(pages) if "Power sheet: " in text)
    assert (
        "3 2 16.2 kW 28.6 kW 97,583 BTU/h 494 kg 4 8 3 racks by power, 2 by space" in (pages[power])
    )
