"""The scenarios compared side by side say what each would cost on its hosted API and where
owning pays, as each scenario's own pages do (QA: the plan summary weighed every scenario
against a hosted API; "Scenarios compared" had no row of it)."""

from __future__ import annotations

import re

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report
from aisle_desktop.report.compare import NO_API
from aisle_desktop.report.plan_pages import comparison_html


def _row(html: str, label: str) -> list[str]:
    """The cells after ``label`` in its row of the comparison's table."""
    row = re.search(rf"<tr><td>(?:<b>)?{re.escape(label)}(?:</b>)?</td>(.*?)</tr>", html)
    assert row is not None, label
    return re.findall(r"<td>(.*?)</td>", row.group(1))


def test_each_scenario_is_compared_with_its_hosted_api(catalog: Catalog) -> None:
    """The 8B chat: $2.30 k/year on Llama 3.1 8B Instruct Turbo, owning cheaper above 811 k
    requests/day (its Results table); the agentic coding plan's Qwen2.5 32B has no hosted
    price of its size class."""
    names = ("llama-8b-chat", "agentic-coding")
    report = build_report(catalog, Plan(scenarios=[preset_scenario(p) for p in names]), "APIs")
    html = comparison_html(report)
    assert _row(html, "Hosted API compared") == [
        "Llama 3.1 8B Instruct Turbo (Together AI) (2025-06-01)",
        NO_API,
    ]
    assert _row(html, "Hosted API, same load, a year") == ["$2.30 k/year", "–"]
    assert _row(html, "Owning is cheaper above") == ["811 k requests/day", "–"]
