"""The planner's notes travel with the plan onto the summary page."""

from __future__ import annotations

from datetime import date

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report
from aisle_desktop.report.plan_pages import warnings_html
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


def test_report_warns_of_year_old_prices_on_the_day_it_is_made(
    catalog: Catalog, three_plan: Plan
) -> None:
    made_late = build_report(catalog, three_plan, "Three options", created=date(2026, 12, 4))
    rag = next(r for s, r in made_late.sized if s.name == "Llama 3.1 70B RAG assistant")
    stale = next(w for w in rag.warnings if w.code == "stale-prices")
    assert "Llama 3.1 70B Instruct Turbo (Together AI) API price (2025-06-01)" in stale.message
    html = warnings_html(made_late)
    assert "Catalog prices older than a year on 2026-12-04" in html
    assert "get current quotes (or enter them)" in html
    made_early = build_report(catalog, three_plan, "Three options", created=date(2026, 5, 31))
    for _, result in made_early.sized:
        assert "stale-prices" not in {w.code for w in result.warnings}


def test_report_says_what_a_precision_other_than_the_checkpoint_asks(catalog: Catalog) -> None:
    """A DeepSeek-V3 plan at BF16: the checkpoint ships FP8, so the report says the weights
    need converting first, and what such a warning means."""
    scenario = preset_scenario("deepseek-v3")
    widened = scenario.model_copy(
        update={"workload": scenario.workload.model_copy(update={"weight_precision": "bf16"})}
    )
    report = build_report(catalog, Plan(scenarios=[widened]), "Widened")
    ((_, result),) = report.sized
    note = next(w for w in result.warnings if w.code == "checkpoint-precision")
    assert note.message.startswith("DeepSeek-V3 ships FP8 weights; this plan sizes them at BF16")
    html = warnings_html(report)
    assert "which needs them converted to BF16 first: 2.0 times the weight memory" in html
    assert "widening costs memory and buys none" in html
