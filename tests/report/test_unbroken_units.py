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
