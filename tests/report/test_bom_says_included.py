"""`bom` says a part the server's price covers is "included", as the report's bill does (QA:
it read "NVIDIA H100 SXM5 80GB  @ included", "at included", where the report's Unit price
column reads "included" and its Total "–")."""

from __future__ import annotations

import re
from html import unescape

import pytest

from aisle_desktop.catalog import load_catalog
from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report.decision_pages import purchase_html
from aisle_desktop.report.model import build_report

GPUS = "NVIDIA H100 SXM5 80GB"


def test_bom_and_the_report_say_the_servers_gpus_are_included(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["bom", "--preset", "llama-70b-rag"]) == 0
    out = capsys.readouterr().out
    assert "@ included" not in out
    assert f"GPUs                  8 GPUs         {GPUS}  included\n" in out
    # A priced line keeps its unit price and total.
    assert "NVIDIA DGX H100 (8x H100 SXM5 80GB)  @ $300,000 = $300,000\n" in out
    report = build_report(load_catalog(), Plan(scenarios=[preset_scenario("llama-70b-rag")]), "x")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", unescape(purchase_html(report)), re.S)
    at = next(i for i, cell in enumerate(cells) if cell.startswith(GPUS))
    assert cells[at + 1 : at + 4] == ["8 GPUs", "included", "–"]
