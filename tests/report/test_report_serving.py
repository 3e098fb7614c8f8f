"""The report says, per scenario, whether separate prefill and decode pools would need fewer
GPUs, in the worked figures at its end (the window shows the same sentence)."""

from __future__ import annotations

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report
from aisle_desktop.report.scenario_pages import worked_html


def test_each_scenario_says_whether_disaggregated_serving_needs_fewer_gpus(
    catalog: Catalog,
) -> None:
    plan = Plan(scenarios=[preset_scenario("llama-70b-rag")])
    report = build_report(catalog, plan, "Serving")
    (printed,) = report.scenarios
    assert printed.serving is not None and printed.serving.winner == "aggregated"
    html = worked_html(report)
    assert (
        "<b>Separate prefill and decode GPUs?</b> No: 6 GPUs serving prompts and answers "
        "together (before filling whole servers) against 8 GPUs in two pools (4 prefill "
        "workers of TP 1 x PP 1, 2 decode workers of TP 2 x PP 1" in html
    )
