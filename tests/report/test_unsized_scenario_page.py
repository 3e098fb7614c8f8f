"""A scenario that cannot be sized still reads in planner's words on its page: its load ("300
active users pausing 60 s", not the field name "active_users"), the split the planner set,
and why it was refused (QA: a TP 3 scenario)."""

from __future__ import annotations

from html import unescape

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report
from aisle_desktop.report.scenario_pages import inputs_rows
from aisle_desktop.report.summary_page import summary_html
from tests.sizing.scenario_edits import with_parts


def test_a_refused_split_reads_in_words_on_its_page(catalog: Catalog) -> None:
    tp3 = with_parts(preset_scenario("llama-70b-rag"), hardware={"tp": 3})
    report = build_report(catalog, Plan(scenarios=[tp3]), "TP 3")
    item = report.scenarios[0]
    assert item.result is None
    rows = dict((name, unescape(value)) for name, value in inputs_rows(report, item))
    assert rows["Load"] == "300 active users pausing 60 s"
    assert rows["Split (TP × PP)"] == "TP 3, PP chosen by Aisle"
    assert item.error is not None
    assert item.error.startswith(
        "Tensor parallel 3 cannot split Llama 3.1 70B: its 64 attention heads and 8 KV heads "
        "do not divide evenly among 3 GPUs"
    )
    assert f"Could not be sized: {item.error}" in unescape(summary_html(report))


def test_the_split_row_names_what_the_planner_set(catalog: Catalog) -> None:
    rag = preset_scenario("llama-70b-rag")
    set_both = with_parts(rag, hardware={"tp": 2, "pp": 2}).model_copy(update={"name": "Set"})
    report = build_report(catalog, Plan(scenarios=[rag, set_both]), "Splits")
    splits = [dict(inputs_rows(report, item))["Split (TP × PP)"] for item in report.scenarios]
    assert splits == ["chosen by Aisle", "TP 2 × PP 2"]
