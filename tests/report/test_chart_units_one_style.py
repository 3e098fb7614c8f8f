"""The marks' figures on one chart read in one style: where one is shortened for room, every
one is, as far (QA: the 405B preset's cost chart read "break-even" over "4.72 B/mo" beside
"planned 6.06 billion tokens a month")."""

from __future__ import annotations

from pathlib import Path

from aisle_desktop.cli.main import main
from aisle_desktop.load_marks import shortened, shortened_level
from tests.pdf_pages import page_texts
from tests.report.conftest import needs_poppler

PLANNED = "planned 6.06 billion tokens a month"


def test_a_label_is_shortened_as_far_as_another_was() -> None:
    assert shortened_level(PLANNED, [PLANNED]) == 0
    assert shortened_level(PLANNED, ["planned", "6.06 billion tokens a month"]) == 0
    assert shortened_level(PLANNED, ["planned", "6.06 B tokens/mo"]) == 1
    assert shortened_level(PLANNED, ["planned", "6.06 B/mo"]) == 2
    assert shortened(PLANNED, 2) == "planned 6.06 B/mo"
    assert shortened("pools 100 in flight", 2) == "pools 100 in flight"  # nothing to shorten
    assert shortened("planned", 2) == "planned"


def test_the_405b_cost_chart_reads_its_marks_in_one_style(gui_app: object, tmp_path: Path) -> None:
    needs_poppler()
    out = tmp_path / "405b.pdf"
    assert main(["report", "--preset", "llama-405b-fp8", "-o", str(out)]) in (0, 1)
    [page] = [text for text in page_texts(out) if "Cost a year against volume" in text]
    assert "planned 6.06 B/mo" in page
    assert "4.72 B/mo" in page
    assert "billion tokens a month" not in page
