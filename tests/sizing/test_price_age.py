"""A plan that relies on catalog prices older than a year says which ones, with their dates."""

from __future__ import annotations

from datetime import date

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.plan.scenario import Costs
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning.plan_costs import automatic_api, compared_api
from aisle_desktop.sizing.planning.price_age import (
    DatedPrice,
    price_age_warning,
    prices_relied_on,
    stale_prices,
)
from aisle_desktop.sizing.planning.size import size_scenario
from aisle_desktop.sizing.planning.splits_to_try import server_for


def _scenario(**costs: object) -> Scenario:
    base = preset_scenario("llama-70b-rag")
    return base.model_copy(update={"costs": Costs.model_validate(costs)})


def test_a_price_is_stale_only_past_a_year() -> None:
    prices = [
        DatedPrice("a", date(2025, 12, 4)),  # exactly 365 days before: still fresh
        DatedPrice("b", date(2025, 12, 3)),  # 366 days: stale
        DatedPrice("c", date(2024, 6, 1)),
    ]
    stale = stale_prices(prices, date(2026, 12, 4))
    assert [p.label for p in stale] == ["c", "b"]  # oldest first
    assert stale_prices(prices, date(2026, 12, 4), max_age_days=800) == [prices[2]]


def test_the_plan_relies_on_server_power_and_api_prices(catalog: Catalog) -> None:
    scenario = _scenario()
    server = server_for(catalog, scenario)
    relied = {p.label: p.as_of for p in prices_relied_on(catalog, scenario, server)}
    p = catalog.prices
    api = catalog.hosted_api("together-llama-3.1-70b")
    assert relied == {
        f"{server.name} price": server.price_as_of,
        "electricity price": p.electricity_date,
        "colocation price": p.colocation_date,
        f"{api.name} API price": api.as_of,
    }


def test_prices_the_planner_entered_are_not_flagged(catalog: Catalog) -> None:
    scenario = _scenario(
        server_price_usd=280_000,
        electricity_usd_per_kwh=0.1,
        colocation_usd_per_kw_month=150,
        api_input_usd_per_mtok=0.5,
        api_output_usd_per_mtok=0.8,
    )
    server = server_for(catalog, scenario)
    assert prices_relied_on(catalog, scenario, server) == []
    assert price_age_warning(catalog, scenario, server, date(2040, 1, 1)) is None


def test_warning_names_each_stale_entry_and_its_date(catalog: Catalog) -> None:
    scenario = _scenario()
    server = server_for(catalog, scenario)
    api = catalog.hosted_api("together-llama-3.1-70b")
    assert (server.price_as_of, api.as_of) == (date(2026, 6, 30), date(2025, 6, 1))
    # On the day the catalog was refreshed only the API price, last checked mid-2025, is old.
    warning = price_age_warning(catalog, scenario, server, date(2026, 12, 4))
    assert warning is not None and warning.code == "stale-prices"
    assert warning.severity == "warning"
    assert warning.message == (
        "Catalog prices older than a year on 2026-12-04: "
        "Llama 3.1 70B Instruct Turbo (Together AI) API price (2025-06-01). "
        "Prices move quickly; check them or enter your own in the cost settings."
    )
    # Seven months on, the server and power prices are more than a year old too.
    later = price_age_warning(catalog, scenario, server, date(2027, 7, 2))
    assert later is not None
    listed = later.message.split(": ", 1)[1].split(". Prices move")[0].split("; ")
    assert listed == [
        f"{api.name} API price (2025-06-01)",
        "colocation price (2025-12-31)",
        "electricity price (2026-04-26)",
        f"{server.name} price (2026-06-30)",
    ]


def test_a_freshly_priced_plan_has_no_warning(catalog: Catalog) -> None:
    scenario = _scenario(api_input_usd_per_mtok=0.5, api_output_usd_per_mtok=0.8)
    scenario = scenario.model_copy(
        update={"hardware": scenario.hardware.model_copy(update={"gpu_id": "b300"})}
    )
    server = server_for(catalog, scenario)
    assert server.price_as_of is not None and server.price_as_of >= date(2026, 1, 1)
    assert price_age_warning(catalog, scenario, server, date(2026, 12, 4)) is None


@pytest.mark.parametrize("today", [None, date(2026, 12, 4)])
def test_size_scenario_adds_the_warning_only_when_given_a_day(
    catalog: Catalog, today: date | None
) -> None:
    result = size_scenario(catalog, _scenario(), CURRENT_CALIBRATION, today)
    codes = [w.code for w in result.warnings]
    assert ("stale-prices" in codes) == (today is not None)
    assert codes.count("stale-prices") <= 1


def test_an_api_price_of_another_model_is_flagged(catalog: Catalog) -> None:
    """The catalog prices no hosted Qwen3.5 397B: the automatic comparison falls back to the
    first API listed (Llama 3.1 8B), and the plan says so; the 70B plan, priced by its own
    model's API, does not."""
    qwen = size_scenario(catalog, preset_scenario("qwen3.5-assistant-b200"), CURRENT_CALIBRATION)
    (note,) = [w for w in qwen.warnings if w.code == "api-another-model"]
    assert note.severity == "warning"
    assert note.message.startswith(
        "The catalog has no hosted price for Qwen3.5 397B-A17B: the API comparison uses "
        "Llama 3.1 8B Instruct Turbo (Together AI), another model."
    )
    llama = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    assert "api-another-model" not in {w.code for w in llama.warnings}


def test_the_stale_price_warning_goes_before_the_notes(catalog: Catalog) -> None:
    """The window, the report and `size` list what to check before what is good to know."""
    scenario = preset_scenario("llama-70b-rag")
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION, today=date(2026, 12, 4))
    kinds = [w.severity for w in result.warnings]
    assert kinds[0] == "warning" and result.warnings[0].code == "stale-prices"
    assert kinds == sorted(kinds, key=["critical", "warning", "info"].index)


def test_automatic_api_is_the_models_own_else_the_first_listed(catalog: Catalog) -> None:
    """What "Automatic" stands for, whatever the plan chose: the 70B's own Together price; for
    Qwen3.5 397B, which has none, the first LLM API listed (Llama 3.1 8B)."""
    own = automatic_api(catalog, "llama-3.1-70b")
    assert own is not None and own.id == "together-llama-3.1-70b"
    other = automatic_api(catalog, preset_scenario("qwen3.5-assistant-b200").workload.model_id)
    assert other is not None and other.id == "together-llama-3.1-8b"
    chosen = _scenario(hosted_api_id="together-deepseek-r1")
    assert compared_api(catalog, chosen) == catalog.hosted_api("together-deepseek-r1")
    assert automatic_api(catalog, chosen.workload.model_id) == own
