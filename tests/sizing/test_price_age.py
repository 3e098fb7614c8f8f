"""A plan that relies on catalog prices older than a year says which ones, with their dates."""

from __future__ import annotations

from datetime import date

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.plan.scenario import Costs
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning.hosted_api import automatic_api, compared_api
from aisle_desktop.sizing.planning.price_age import (
    DatedPrice,
    price_age_warning,
    prices_relied_on,
    stale_prices,
)
from aisle_desktop.sizing.planning.size import size_scenario
from aisle_desktop.sizing.planning.splits_to_try import server_for
from tests.sizing.scenario_edits import with_parts


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


def test_an_api_price_of_a_same_size_model_is_named(catalog: Catalog) -> None:
    """The catalog prices no hosted Qwen3.5 397B-A17B: the automatic comparison takes the API
    of the model nearest its size (Llama 4 Maverick, 401 B parameters, 17.2 B active), never
    the first API listed (Llama 3.1 8B, a fiftieth of its size), and names it; the 70B plan,
    priced by its own model's API, says nothing."""
    qwen = size_scenario(catalog, preset_scenario("qwen3.5-assistant-b200"), CURRENT_CALIBRATION)
    (note,) = [w for w in qwen.warnings if w.code == "api-same-size-model"]
    assert note.severity == "info"
    assert note.message.startswith(
        "The catalog has no hosted price for Qwen3.5 397B-A17B: the API comparison uses "
        "Llama 4 Maverick Instruct FP8 (Together AI), priced for Llama 4 Maverick 17B-128E, a "
        "model of its size class (401 B parameters, 17.2 B active, against 396 B parameters, "
        "17.3 B active)."
    )
    llama = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    assert not [w for w in llama.warnings if w.code.startswith("api-")]


def test_no_comparable_api_leaves_the_comparison_out_and_says_so(catalog: Catalog) -> None:
    """Qwen2.5 32B: no hosted price for it or for a dense model of 21.8 B to 49.1 B parameters.
    The API figures are left out rather than priced from Llama 3.1 8B's $0.18 a million."""
    result = size_scenario(catalog, preset_scenario("agentic-coding"), CURRENT_CALIBRATION)
    (note,) = [w for w in result.warnings if w.code == "api-none-comparable"]
    assert note.severity == "warning"
    assert note.message == (
        "No hosted API is compared: the catalog has no hosted price for Qwen2.5 32B or for a "
        "model of its size class (21.8 B to 49.1 B parameters). Choose a hosted API or enter "
        "its prices in the cost settings to compare."
    )
    assert not {"api_cost_per_year_usd", "break_even_requests_per_day"} & set(result.figures)
    assert "cost_per_million_tokens_usd" in result.figures
    chosen = with_parts(
        preset_scenario("agentic-coding"), costs={"hosted_api_id": "together-qwen2.5-72b"}
    )
    priced = size_scenario(catalog, chosen, CURRENT_CALIBRATION)
    assert "api_cost_per_year_usd" in priced.figures
    assert not [w for w in priced.warnings if w.code.startswith("api-")]


def test_the_stale_price_warning_goes_before_the_notes(catalog: Catalog) -> None:
    """The window, the report and `size` list what to check before what is good to know."""
    scenario = preset_scenario("llama-70b-rag")
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION, today=date(2026, 12, 4))
    kinds = [w.severity for w in result.warnings]
    assert kinds[0] == "warning" and result.warnings[0].code == "stale-prices"
    assert kinds == sorted(kinds, key=["critical", "warning", "info"].index)


def test_automatic_api_is_the_models_own_else_its_size_class_else_none(
    catalog: Catalog,
) -> None:
    """What "Automatic" stands for, whatever the plan chose: the 70B's own Together price; for
    Qwen3.5 397B, which has none, the API of the model nearest its size within 1.5 times its
    total and active parameters (Llama 4 Maverick); for Kimi K2 (1.03 T, 32.9 B active) none,
    DeepSeek-V3's 671 B being 1.53 times smaller."""
    own = automatic_api(catalog, "llama-3.1-70b")
    assert own is not None and own.id == "together-llama-3.1-70b"
    other = automatic_api(catalog, preset_scenario("qwen3.5-assistant-b200").workload.model_id)
    assert other is not None and other.id == "together-llama-4-maverick"
    assert automatic_api(catalog, "kimi-k2") is None
    chosen = _scenario(hosted_api_id="together-deepseek-r1")
    assert compared_api(catalog, chosen) == catalog.hosted_api("together-deepseek-r1")
    assert automatic_api(catalog, chosen.workload.model_id) == own
