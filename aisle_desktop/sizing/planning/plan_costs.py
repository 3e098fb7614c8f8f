"""Cost figures: yearly TCO, cost per million tokens, and the hosted-API comparison."""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import Catalog, ServerSpec
from aisle_desktop.formatting import grouped, with_unit
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.explain import Assumption, Figure, figure
from aisle_desktop.sizing.planning.cost import (
    HOURS_PER_YEAR,
    YearlyCost,
    api_cost_per_request_usd,
    break_even_requests_per_year,
    serving_hours_a_year,
    yearly_cost,
)
from aisle_desktop.sizing.planning.demand import (
    SECONDS_PER_HOUR,
    Demand,
    active_hours_per_year,
    served_share,
)
from aisle_desktop.sizing.planning.facility import Power
from aisle_desktop.sizing.planning.hosted_api import compared_api


@dataclass(frozen=True, slots=True)
class Prices:
    electricity_usd_per_kwh: float
    colocation_usd_per_kw_month: float
    server_price_usd: float
    api_name: str
    api_input_usd_per_mtok: float
    api_output_usd_per_mtok: float
    sources: list[Assumption]
    # False when no hosted API is compared (none chosen, none entered, none comparable in
    # the catalog): the API figures are then left out, not shown at $0.
    api_compared: bool = True


def resolve_prices(catalog: Catalog, scenario: Scenario, server: ServerSpec) -> Prices:
    """The planner's figures where given, else the dated catalog ones (named with dates)."""
    costs = scenario.costs
    p = catalog.prices
    chosen = compared_api(catalog, scenario)
    api_in = costs.api_input_usd_per_mtok
    api_out = costs.api_output_usd_per_mtok
    if api_in is not None and api_out is not None:
        name = "the API prices entered"
    elif chosen is not None:
        api_in = chosen.input_usd_per_mtok if api_in is None else api_in
        api_out = (chosen.output_usd_per_mtok or 0.0) if api_out is None else api_out
        provider = "" if chosen.provider in chosen.name else f"{chosen.provider}, "
        name = f"{chosen.name} ({provider}{chosen.as_of})"
    else:
        api_in, api_out, name = 0.0, 0.0, "no hosted API"
    electricity = costs.electricity_usd_per_kwh
    colo = costs.colocation_usd_per_kw_month
    price = costs.server_price_usd if costs.server_price_usd is not None else server.price_usd
    if price is None:
        raise SizingError(
            f"the catalog has no price for {server.name}; enter a server price to cost the plan"
        )
    sources = [
        Assumption(
            name="electricity_usd_per_kwh",
            value=p.electricity_usd_per_kwh if electricity is None else electricity,
            unit="USD/kWh",
            source="entered"
            if electricity is not None
            else f"catalog prices, {p.electricity_date}",
        ),
        Assumption(
            name="colocation_usd_per_kw_month",
            value=p.colocation_usd_per_kw_month if colo is None else colo,
            unit="USD/kW-month",
            source="entered" if colo is not None else f"catalog prices, {p.colocation_date}",
        ),
        Assumption(
            name="server_price_usd",
            value=price,
            unit="USD",
            source="entered"
            if costs.server_price_usd is not None
            else f"{server.name} reference price, {server.price_as_of}",
        ),
    ]
    return Prices(
        electricity_usd_per_kwh=p.electricity_usd_per_kwh if electricity is None else electricity,
        colocation_usd_per_kw_month=p.colocation_usd_per_kw_month if colo is None else colo,
        server_price_usd=price,
        api_name=name,
        api_input_usd_per_mtok=api_in,
        api_output_usd_per_mtok=api_out,
        sources=sources,
        api_compared=name != "no hosted API",
    )


def plan_yearly_cost(
    scenario: Scenario, calibration: Calibration, prices: Prices, servers: int, watts: Power
) -> YearlyCost:
    """What `servers` drawing `watts` cost a year at the plan's prices and calibration."""
    ca = calibration.cost
    return yearly_cost(
        servers,
        prices.server_price_usd,
        ca.network_storage_overhead_fraction,
        scenario.costs.amortisation_years,
        watts.facility_average_w,
        watts.facility_idle_w,
        active_hours_per_year(scenario.workload.load),
        prices.electricity_usd_per_kwh,
        watts.it_nameplate_w,
        prices.colocation_usd_per_kw_month,
        ca.support_fraction_per_year,
    )


def _energy_figure(scenario: Scenario, prices: Prices, watts: Power, usd: float) -> Figure:
    """Energy a year, the serving hours and the idle ones apart, so a planner sees why a
    service open office hours costs less to power than one open around the clock."""
    serving_h = serving_hours_a_year(active_hours_per_year(scenario.workload.load))
    idle_h = HOURS_PER_YEAR - serving_h
    price = prices.electricity_usd_per_kwh
    serving_kw, idle_kw = watts.facility_average_w / 1e3, watts.facility_idle_w / 1e3
    return figure(
        usd,
        "USD/year",
        "(facility draw while serving × service hours + facility draw idle × other hours) × "
        "electricity price. Outside the service's hours the servers stay on with the model "
        "loaded, every GPU at its idle share of TDP",
        {
            "facility draw while serving": (serving_kw, "kW"),
            "facility draw idle": (idle_kw, "kW"),
            "service hours a year": (serving_h, "h"),
            "other hours a year": (idle_h, "h"),
            "electricity price": (price, "USD/kWh"),
        },
        [a for a in prices.sources if a.name == "electricity_usd_per_kwh"],
        worked=(
            "sum",
            {
                f"serving {grouped(serving_h)} h × {with_unit(serving_kw, 'kW')}": (
                    serving_kw * serving_h * price,
                    "USD/year",
                ),
                f"idle {grouped(idle_h)} h × {with_unit(idle_kw, 'kW')}": (
                    idle_kw * idle_h * price,
                    "USD/year",
                ),
            },
        ),
    )


def _answers_only(scenario: Scenario) -> str:
    """What the hosted side leaves out of a plan with an embeddings workload: its own cost
    counts the encoder GPUs, the API's prices the answers alone (words.api_name reads the API's
    name from the brackets after this, so no bracket here)."""
    if scenario.workload.embeddings is None:
        return ""
    return ", the answers only: the embeddings are not priced on the hosted side"


def cost_figures(
    scenario: Scenario,
    calibration: Calibration,
    capacity_rate_per_s: float,
    planned: Demand,
    prices: Prices,
    servers: int,
    watts: Power,
    within_targets: Demand | None = None,
    encoder_servers: int = 0,
) -> dict[str, Figure]:
    """Costs of a plan serving `capacity_rate_per_s` requests a second within its targets
    (all replicas, or both pools) with `servers` drawing `watts`. The share served compares
    that capacity with `within_targets`, the demand its users make when answered within the
    targets (users who think between questions ask less often when answers come slowly, so
    the planned load of an overloaded plan understates it); `planned` when not given.
    `encoder_servers` of the `servers` hold an embeddings workload's encoder (`encoder_pool`):
    paid for and powered like the rest, so the cost per million tokens answered carries them,
    and the explanations say so."""
    ca = calibration.cost
    yearly = plan_yearly_cost(scenario, calibration, prices, servers, watts)
    inp, out = scenario.workload.prompt.input_tokens, scenario.workload.output_tokens
    load = scenario.workload.load
    tco = yearly.total_usd
    per_request_api = api_cost_per_request_usd(
        inp, out, prices.api_input_usd_per_mtok, prices.api_output_usd_per_mtok
    )
    capacity_rate = capacity_rate_per_s
    offered = planned if within_targets is None else within_targets
    share = served_share(offered, capacity_rate)
    # All of the planned load when the capacity covers it; else the share of what is offered
    # within the targets (for think-time users, the capacity itself).
    served_rate = planned.average_rate_per_s if share >= 1.0 else offered.average_rate_per_s * share
    hours = planned.active_hours_per_year
    requests_per_year = served_rate * hours * SECONDS_PER_HOUR
    tokens_per_year = requests_per_year * (inp + out)
    capacity_api_year = capacity_rate * hours * SECONDS_PER_HOUR * per_request_api
    break_even = break_even_requests_per_year(tco, per_request_api)
    busiest = (
        offered.average_rate_per_s if offered.peak_rate_per_s is None else offered.peak_rate_per_s
    )
    servers_term = (
        f"servers ({servers - encoder_servers:,} answering + {encoder_servers:,} for embeddings)"
        if encoder_servers
        else "servers"
    )
    with_encoders = (
        "; the TCO includes the encoder servers for embeddings" if encoder_servers else ""
    )
    owning = {
        "capex_usd": figure(
            yearly.capex_usd,
            "USD",
            "servers × server price × (1 + network/storage share)",
            {
                servers_term: (servers, "servers"),
                "server price": (prices.server_price_usd, "USD"),
                "network/storage share": (ca.network_storage_overhead_fraction, "share"),
            },
            # Capex rests on the server's price alone; energy and colocation are yearly costs.
            [a for a in prices.sources if a.name == "server_price_usd"],
            worked=(
                "product",
                {
                    servers_term: (servers, "servers"),
                    "server price": (prices.server_price_usd, "USD"),
                    "(1 + network/storage share)": (1 + ca.network_storage_overhead_fraction, "×"),
                },
            ),
        ),
        "tco_per_year_usd": figure(
            tco,
            "USD/year",
            f"capex / years + energy + colocation + support{with_encoders}",
            {
                "amortisation": (yearly.amortisation_usd, "USD/year"),
                "energy": (yearly.energy_usd, "USD/year"),
                "colocation": (yearly.colocation_usd, "USD/year"),
                "support": (yearly.support_usd, "USD/year"),
            },
            prices.sources,
            worked=(
                "sum",
                {
                    "capex / years": (yearly.amortisation_usd, "USD/year"),
                    "energy": (yearly.energy_usd, "USD/year"),
                    "colocation": (yearly.colocation_usd, "USD/year"),
                    "support": (yearly.support_usd, "USD/year"),
                },
            ),
        ),
        "energy_per_year_usd": _energy_figure(scenario, prices, watts, yearly.energy_usd),
        "served_share": figure(
            share,
            "share",
            "capacity within targets / demand at the busiest time (at most 1)",
            {
                "capacity within targets": (capacity_rate, "requests/s"),
                "demand at the busiest time": (busiest, "requests/s"),
            },
            worked=(
                "ratio",
                {
                    "capacity within targets": (capacity_rate, "requests/s"),
                    "demand at the busiest time": (busiest, "requests/s"),
                },
            )
            if share < 1.0
            else ("sum", {"capacity covers the busiest time: all of it": (1.0, "share")}),
        ),
        "tokens_per_year": figure(
            tokens_per_year,
            "tokens/year",
            "average requests/s served × hours a day × days a year × 3600 × tokens per request",
            {
                "average requests/s served": (served_rate, "requests/s"),
                "hours a day": (load.working_hours_per_day, "h"),
                "days a year": (load.days_per_year, "days"),
                "tokens per request (input + output)": (inp + out, "tokens"),
            },
            worked=(
                "product",
                {
                    "requests served a year": (requests_per_year, "requests"),
                    "tokens per request": (inp + out, "tokens"),
                },
            ),
        ),
        "cost_per_million_tokens_usd": figure(
            tco / tokens_per_year * 1e6 if tokens_per_year else 0.0,
            "USD/M tokens",
            f"yearly TCO / tokens a year × 1,000,000 (input and output tokens){with_encoders}",
            {"TCO": (tco, "USD/year"), "tokens a year": (tokens_per_year, "tokens/year")},
            worked=(
                "ratio",
                {
                    "yearly TCO": (tco, "USD/year"),
                    "tokens a year": (tokens_per_year / 1e6, "M tokens/year"),
                },
            ),
        ),
        "cost_per_request_usd": figure(
            tco / requests_per_year if requests_per_year else 0.0,
            "USD",
            "yearly TCO / requests served a year",
            {"TCO": (tco, "USD/year"), "requests served a year": (requests_per_year, "requests")},
            worked=(
                "ratio",
                {
                    "yearly TCO": (tco, "USD/year"),
                    "requests served a year": (requests_per_year, "requests"),
                },
            )
            if requests_per_year
            else ("sum", {"no requests served": (0.0, "USD")}),
        ),
    }
    if not prices.api_compared:  # no hosted price to compare: no API figures at $0
        return owning
    return {
        **owning,
        "api_cost_per_year_usd": figure(
            requests_per_year * per_request_api,
            "USD/year",
            f"requests served a year × API cost per request{_answers_only(scenario)} "
            f"({prices.api_name})",
            {
                "requests served a year": (requests_per_year, "requests"),
                "API cost per request": (per_request_api, "USD"),
                "API input price": (prices.api_input_usd_per_mtok, "USD/M tokens"),
                "API output price": (prices.api_output_usd_per_mtok, "USD/M tokens"),
            },
            worked=(
                "product",
                {
                    "requests served a year": (requests_per_year, "requests"),
                    "API cost per request": (per_request_api, "USD"),
                },
            ),
        ),
        "api_cost_per_request_usd": figure(
            per_request_api,
            "USD",
            "input × input price + output × output price",
            {"input tokens": (inp, "tokens"), "output tokens": (out, "tokens")},
            worked=(
                "sum",
                {
                    f"{inp:,} input tokens × ${prices.api_input_usd_per_mtok:g}/M": (
                        inp * prices.api_input_usd_per_mtok / 1e6,
                        "USD",
                    ),
                    f"{out:,} output tokens × ${prices.api_output_usd_per_mtok:g}/M": (
                        out * prices.api_output_usd_per_mtok / 1e6,
                        "USD",
                    ),
                },
            ),
        ),
        "break_even_requests_per_day": figure(
            break_even / load.days_per_year if break_even != float("inf") else 0.0,
            "requests/day",
            "owning is cheaper above TCO / API cost per request, spread over the days a year",
            {
                "TCO": (tco, "USD/year"),
                "API cost per request": (per_request_api, "USD"),
                "days a year": (load.days_per_year, "days"),
            },
            worked=(
                "ratio",
                {
                    "yearly TCO": (tco, "USD/year"),
                    "API cost per request": (per_request_api, "USD"),
                    "days a year": (load.days_per_year, "days"),
                },
            )
            if break_even != float("inf")
            else ("sum", {"no API cost to break even with": (0.0, "requests/day")}),
        ),
        "break_even_duty_cycle": figure(
            tco / capacity_api_year if capacity_api_year else 0.0,
            "share",
            "TCO / API cost of the plan's full capacity within targets over its hours a year",
            {
                "TCO": (tco, "USD/year"),
                "capacity": (capacity_rate, "requests/s"),
                "hours a year": (hours, "h"),
                "API cost per request": (per_request_api, "USD"),
            },
            worked=(
                "ratio",
                {
                    "yearly TCO": (tco, "USD/year"),
                    "API cost of full capacity a year": (capacity_api_year, "USD/year"),
                },
            )
            if capacity_api_year
            else ("sum", {"no API cost to compare with": (0.0, "share")}),
        ),
    }
