"""A sentence that introduces a list (ending in a colon) starts a page with the list rather
than end the page before it (QA: the DeepSeek-V3.2 report's page 2 ended "Goal-seeks at half
the time-per-token target (25 ms) and at half as much budget again ($2.31 M/year):", its two
answers opening page 3)."""

from __future__ import annotations

from pathlib import Path

from aisle_desktop.cli.main import main
from tests.pdf_pages import page_texts
from tests.report.conftest import needs_poppler


def test_the_goal_seeks_introduction_is_on_its_answers_page(
    gui_app: object, tmp_path: Path
) -> None:
    needs_poppler()
    out = tmp_path / "ep.pdf"
    assert main(["report", "--preset", "deepseek-v3.2-ep", "-o", str(out)]) in (0, 1)
    pages = page_texts(out)
    [page] = [text for text in pages if "Goal-seeks at half" in text]
    assert "At TPOT 25 ms it is 56 GPUs" in page
    assert len(pages) == 12
