"""The planner's notes travel with the plan onto the summary page."""

from __future__ import annotations

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report
from aisle_desktop.report.summary_page import summary_html


def test_notes_appear_on_the_summary_page(catalog: Catalog) -> None:
    plan = Plan(
        notes="Model agreed with the AI team.\nBudget <= $400 k.",
        scenarios=[preset_scenario("llama-8b-chat")],
    )
    html = summary_html(build_report(catalog, plan, "Noted plan"))
    assert "Planner's notes" in html
    assert "Model agreed with the AI team." in html and "Budget &lt;= $400 k." in html


def test_no_notes_no_heading(catalog: Catalog) -> None:
    plan = Plan(scenarios=[preset_scenario("llama-8b-chat")])
    assert "Planner's notes" not in summary_html(build_report(catalog, plan, "Plain plan"))
