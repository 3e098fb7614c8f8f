"""The charts' planned figures read with the unit their axis measures, as the window's do
(QA: the report's charts read "planned 28.7", a number with no unit, under a plot whose axis
title lies below it): "planned about 29 in flight" (its count said as the figures say it,
"about 29 requests"), "planned 6.12 billion tokens a month"."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.main import main
from aisle_desktop.load_marks import name_alone, name_forms
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report.model import build_report
from aisle_desktop.report.scenario_charts import cost_chart, latency_chart, throughput_chart
from tests.report.conftest import needs_poppler, poppler


def test_the_default_plan_s_charts_name_their_marks_with_units(catalog: Catalog) -> None:
    report = build_report(catalog, Plan(scenarios=[preset_scenario("llama-70b-rag")]), "x")
    curves = report.scenarios[0].curves
    assert curves is not None
    load = [
        "planned about 29 in flight",
        "pools about 27 in flight",
        "pools' limit about 169 in flight",
    ]
    assert [m.label for m in throughput_chart(curves).marks] == load
    assert [m.label for m in latency_chart(curves).marks if m.axis == "x"] == load
    assert [m.label for m in cost_chart(curves).marks] == [
        "planned 6.12 billion tokens a month",
        "break-even 16.5 billion tokens a month",
    ]


def test_a_name_short_of_room_keeps_its_unit_in_fewer_letters_never_a_bare_number() -> None:
    """Beside a line with little room the name goes over its figure, then over its figure in
    fewer letters; never over its number alone (the Qwen3.5 preset's "pools" over "100", 12
    mm from the axis, was a number no axis placed): a figure with no fewer letters moves."""
    assert name_forms("pools 100 in flight") == [
        ["pools 100 in flight"],
        ["pools", "100 in flight"],
    ]
    assert name_forms("break-even 16.5 billion tokens a month") == [
        ["break-even 16.5 billion tokens a month"],
        ["break-even", "16.5 billion tokens a month"],
        ["break-even", "16.5 B tokens/mo"],
        ["break-even", "16.5 B/mo"],
        ["break-even", "16.5 B"],  # as the axis's ticks read it, over "Tokens a month"
    ]
    assert name_forms("planned 57.6 M tokens a month")[-1] == ["planned", "57.6 M"]
    assert name_forms("planned about 29 in flight") == [
        ["planned about 29 in flight"],
        ["planned", "about 29 in flight"],
    ]
    assert name_alone("planned about 29 in flight") == "planned"
    assert name_forms("usable memory") == [["usable memory"]]
    assert name_alone("planned 6.12 billion tokens a month") == "planned"


def test_the_qwen_report_s_marks_keep_their_units(gui_app: object, tmp_path: Path) -> None:
    """Where the room beside its line is short, each mark's figure still reads with its unit:
    the Qwen3.5 preset's throughput and latency charts read "planned about 110 in flight" and
    "pools about 102 in flight", its cost chart "planned" over "73.9 B/mo" (its figure in fewer
    letters, the axis below reading "Tokens a month"), never a bare number."""
    needs_poppler()
    path = tmp_path / "qwen.pdf"
    assert main(["report", "--preset", "qwen3.5-assistant-b200", "-o", str(path)]) == 0
    text = " ".join(unicodedata.normalize("NFKC", poppler("pdftotext", str(path), "-")).split())
    assert text.count("planned about 110 in flight") == 2
    assert text.count("pools about 102 in flight") == 2
    assert "planned 73.9 B/mo" in text
    for bare in ("planned 110 ", "pools 102 ", "planned 73.9 "):
        at = [m.end() for m in re.finditer(re.escape(bare), text)]
        # "separate pools 100 %": a table cell's name and its share, read on in the text.
        assert all(text[end:].startswith(("in flight", "B/mo", "%")) for end in at), bare


def test_the_printed_charts_read_planned_in_flight(gui_app: object, tmp_path: Path) -> None:
    needs_poppler()
    path = tmp_path / "default.pdf"
    assert main(["report", "--preset", "llama-70b-rag", "-o", str(path)]) == 0
    text = " ".join(unicodedata.normalize("NFKC", poppler("pdftotext", str(path), "-")).split())
    assert text.count("planned about 29 in flight") == 2  # the throughput and latency charts
    assert "planned 6.12 billion tokens a month" in text
