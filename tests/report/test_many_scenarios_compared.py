"""QA: a plan of 200 scenarios' "Scenarios compared" was one table of 201 columns, each name
a letter a line, and Qt cut it off at the 41st scenario: 159 were never shown. Scenarios are
compared six a table, each table saying which it holds; every scenario is in one."""

from __future__ import annotations

import re

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import PRESETS, Plan, preset_scenario
from aisle_desktop.report import build_report
from aisle_desktop.report.plan_pages import SCENARIOS_A_TABLE, comparison_html


def test_every_scenario_is_compared_in_tables_of_six(catalog: Catalog) -> None:
    plan = Plan(scenarios=[preset_scenario(p) for p in sorted(PRESETS)])
    html = comparison_html(build_report(catalog, plan, "Eight"))
    tables = html.split("<table")[1:]
    assert SCENARIOS_A_TABLE == 6 and len(tables) == 2
    assert "Scenarios 1 to 6 of 8:" in html and "Scenarios 7 to 8 of 8:" in html
    headers = [re.findall(r"<th[^>]*>(.*?)</th>", t) for t in tables]
    assert [len(h) for h in headers] == [7, 3]  # the figures' names, then the scenarios
    named = [name for h in headers for name in h[1:]]
    assert named == [preset_scenario(p).name for p in sorted(PRESETS)]


def test_a_few_scenarios_are_one_table_without_a_caption(catalog: Catalog) -> None:
    plan = Plan(scenarios=[preset_scenario("llama-70b-rag"), preset_scenario("llama-8b-chat")])
    html = comparison_html(build_report(catalog, plan, "Two"))
    assert html.count("<table") == 1 and "Scenarios 1 to" not in html
