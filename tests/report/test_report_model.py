"""The report's content sizes each scenario once: its pages, tails and decision share it."""

from __future__ import annotations

import dataclasses

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import model as report_model
from aisle_desktop.report.model import build_report
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import SizedScenarios
from tests.split_searches import SplitSearches


def test_each_scenario_of_a_report_is_searched_once(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the `report` command builds it: the decision's swings start from the same results."""
    # A memory of its own, as the command's report starts (not the one the report tests share).
    monkeypatch.setattr(report_model, "SizedScenarios", SizedScenarios)
    scenarios = [preset_scenario("llama-8b-chat"), preset_scenario("llama-70b-rag")]
    searches = SplitSearches(monkeypatch)
    report = build_report(catalog, Plan(scenarios=scenarios), "Two")
    assert report.decision is not None and report.decision.swings is not None
    assert [searches.scenarios.count(s) for s in scenarios] == [1, 1]


def test_a_memory_for_another_catalog_is_not_used(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = preset_scenario("llama-8b-chat")
    on_screen = SizedScenarios(catalog, CURRENT_CALIBRATION)
    shown = on_screen.result(scenario)
    no_gpus = SizedScenarios(dataclasses.replace(catalog, gpus={}), CURRENT_CALIBRATION)
    report = build_report(catalog, Plan(scenarios=[scenario]), "Mine", sized=on_screen)
    assert report.scenarios[0].result is shown
    report = build_report(catalog, Plan(scenarios=[scenario]), "Mine", sized=no_gpus)
    assert report.scenarios[0].result is not None  # sized anew against the plan's catalog
