"""A figure in the PDF never breaks between its number and its unit: the band of a pools
plan's output tokens read "694 tokens/s – 1.69 k tokens/" and "s" on the next line (QA)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from tests.report.conftest import needs_poppler, poppler


@pytest.fixture(scope="module")
def pools_pdf(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog, gui_app: object) -> Path:
    from aisle_desktop.report import build_report, write_report_pdf

    scenario = preset_scenario("llama-70b-rag")
    scenario = scenario.model_copy(
        update={"hardware": scenario.hardware.model_copy(update={"serving": "disaggregated"})}
    )
    path = tmp_path_factory.mktemp("pools") / "pools.pdf"
    write_report_pdf(build_report(catalog, Plan(scenarios=[scenario]), "Pools"), path)
    return path


def test_no_unit_is_cut_at_a_line_end(pools_pdf: Path) -> None:
    needs_poppler()
    text = poppler("pdftotext", "-layout", str(pools_pdf), "-")
    assert "tokens/s –" in text.replace("\u00a0", " ")  # the band is there
    cut = [line for line in text.splitlines() if re.search(r"(tokens|requests|TB)/\s*$", line)]
    assert cut == []


NBSP, JOINER = "\u00a0", "\u2060"


def test_money_and_rates_are_kept_whole_and_other_words_still_wrap() -> None:
    from aisle_desktop.formatting import figures_unbroken

    sentence = (
        "would serve the same load for $64.6 k/year, $115 k/year less than owning, above "
        "361 k requests/day; $2.44/M tokens at $0.146/kWh on 3.35 TB/s, 8 GB, 70.6 B, $330 k; "
        "see docs/calibration.md"
    )
    assert figures_unbroken(sentence) == (
        f"would serve the same load for $64.6{NBSP}k/{JOINER}year, $115{NBSP}k/{JOINER}year "
        f"less than owning, above 361{NBSP}k{NBSP}requests/{JOINER}day; $2.44/{JOINER}M{NBSP}"
        f"tokens at $0.146/{JOINER}kWh on 3.35{NBSP}TB/{JOINER}s, 8 GB, 70.6 B, $330{NBSP}k; "
        "see docs/calibration.md"
    )


def test_no_money_figure_is_cut_at_a_line_end(rag_pdf: Path) -> None:
    """The default plan's recommendation read "$115 k/" then "year" (QA), and the budget's
    swings "$179" then "k/year" in their table's narrow cells."""
    needs_poppler()
    text = poppler("pdftotext", str(rag_pdf), "-").replace(NBSP, " ")  # in reading order
    assert "$110 k/year less than owning" in text  # the sentence that broke is there
    lines = [line.strip() for line in text.splitlines()]
    ends_cut = [line for line in lines if re.search(r"(\b[kMB]|requests|tokens)/$", line)]
    starts_cut = [line for line in lines if re.match(r"[kMB]/\w", line)]
    assert (ends_cut, starts_cut) == ([], [])
