"""The same figure reads the same wherever a planner meets it: the headline, the table of
every figure, the Budget swings tab, `size`, and the report's decision and scenario pages.
All of them write it through `sizing.figure_text` (or `yearly_text` for a yearly sum that is
not a result's figure): "$174 k/year", never "$174 k a year" in one place and "$174 k/year"
in another."""

from __future__ import annotations

from html import unescape

from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.size_cmd import summary_text
from aisle_desktop.plan import Plan
from aisle_desktop.report import build_report
from aisle_desktop.report.decision_pages import decision_html
from aisle_desktop.report.summary_page import scenario_summary
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, as_read

# The default plan's yearly cost and its hosted API's (tests/sizing, worked there).
TCO, API = "$174 k/year", "$64.6 k/year"


def _figure_row(window: MainWindow, name: str) -> str:
    item = window.figure_table.item_for(name)
    assert item is not None
    return item.text(1)


def test_the_yearly_costs_read_the_same_in_window_size_and_report(
    window: MainWindow, qtbot: QtBot, catalog: Catalog
) -> None:
    panel = window.results_panel
    assert (panel.value_text("tco_per_year_usd"), panel.value_text("api_cost_per_year_usd")) == (
        TCO,
        API,
    )
    assert _figure_row(window, "tco_per_year_usd") == TCO
    assert _figure_row(window, "api_cost_per_year_usd") == API
    with qtbot.waitSignal(window.service.budget_swings, timeout=RESULT_TIMEOUT_MS * 2):
        window.curves_panel.setCurrentWidget(window.budget_view)
    assert as_read(window.budget_view.headline.text()).startswith(
        f"The plan: 8 GPUs bought, 6 needed, {TCO}."
    )
    result = panel._result
    assert result is not None
    size = summary_text(result)
    assert f"Total cost a year                            {TCO}\n" in size
    assert f"Hosted API, same load, a year                {API}\n" in size
    report = build_report(catalog, Plan(scenarios=[window.controller.scenario]), "x")
    decision = unescape(decision_html(report))
    assert f"no blocking problem: {TCO}, $2.37/M tokens." in decision
    assert f"<td>{TCO}</td>" in decision  # the costs table's yearly cost
    summary = unescape(scenario_summary(report.scenarios[0]))
    assert f"owning costs <b>{TCO}</b> in all" in summary
    assert f"would cost <b>{API}</b>" in summary
