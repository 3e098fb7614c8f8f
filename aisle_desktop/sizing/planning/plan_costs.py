"""Cost figures: yearly TCO, cost per million tokens, and the hosted-API comparison
(`hosted_figures`)."""

from __future__ import annotations

from aisle_desktop.formatting import bill_money, grouped, percent, with_unit
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.explain import Figure, figure
from aisle_desktop.sizing.planning.cost import (
    HOURS_PER_YEAR,
    MONTHS_PER_YEAR,
    YearlyCost,
    serving_hours_a_year,
    yearly_cost,
)
from aisle_desktop.sizing.planning.demand import (
    SECONDS_PER_HOUR,
    Demand,
    active_hours_per_year,
    served_share,
)
from aisle_desktop.sizing.planning.encoder_servers import OwnEncoderServers, with_encoder_cost
from aisle_desktop.sizing.planning.facility import Power
from aisle_desktop.sizing.planning.hosted_figures import hosted_api_figures
from aisle_desktop.sizing.planning.plan_prices import Prices

# The plan's "Model server price" in the capex explanation: what each server of the type the
# model runs on costs (the encoder's too when it runs in them), not an encoder server of its
# own type, which has its own price. "server price" left a planner with encoder servers
# guessing which it was.
MODEL_SERVER_PRICE = "model server price"


def plan_yearly_cost(
    scenario: Scenario,
    calibration: Calibration,
    prices: Prices,
    servers: int,
    watts: Power,
    server_price_usd: float | None = None,
) -> YearlyCost:
    """What `servers` drawing `watts` cost a year at the plan's prices and calibration (at
    `server_price_usd` a server when given: an encoder pool's own servers)."""
    ca = calibration.cost
    return yearly_cost(
        servers,
        prices.server_price_usd if server_price_usd is None else server_price_usd,
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


def _energy_figure(
    scenario: Scenario, prices: Prices, facility_w: tuple[float, float], usd: float
) -> Figure:
    """Energy a year, the serving hours and the idle ones apart, so a planner sees why a
    service open office hours costs less to power than one open around the clock.
    ``facility_w`` is the facility's draw (while serving, idle) of every server bought."""
    serving_h = serving_hours_a_year(active_hours_per_year(scenario.workload.load))
    idle_h = HOURS_PER_YEAR - serving_h
    price = prices.electricity_usd_per_kwh
    serving_kw, idle_kw = facility_w[0] / 1e3, facility_w[1] / 1e3
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
        worked_out=("facility draw while serving", "facility draw idle"),
    )


def _tco_terms(
    scenario: Scenario,
    calibration: Calibration,
    prices: Prices,
    nameplate_w: float,
    yearly: YearlyCost,
) -> dict[str, tuple[float, str]]:
    """The yearly cost's parts, each but energy (a figure of its own) named by the numbers
    that make it: the TCO read "capex / years $110 k/year + ... + colocation $23.9 k/year +
    support $33.0 k/year", with neither the years, the colocation price nor the support
    share in sight. `nameplate_w` is every server's bought, the encoder's own included."""
    # Exact amounts, as a bill states them: "$104,500 / 3 years", not "$105 k / 3 years"
    # beside the $34.83 k it makes.
    capex = bill_money(yearly.capex_usd)
    nameplate = f"{nameplate_w / 1e3:,.6g} kW"
    colocation = f"${prices.colocation_usd_per_kw_month:,.6g}/kW-month"
    support = percent(calibration.cost.support_fraction_per_year)
    return {
        f"capex {capex} / {scenario.costs.amortisation_years:g} years": (
            yearly.amortisation_usd,
            "USD/year",
        ),
        "energy": (yearly.energy_usd, "USD/year"),
        f"colocation {nameplate} nameplate × {colocation} × {MONTHS_PER_YEAR:g} months": (
            yearly.colocation_usd,
            "USD/year",
        ),
        f"support {support} × capex {capex}": (yearly.support_usd, "USD/year"),
    }


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
    own_encoders: OwnEncoderServers | None = None,
) -> dict[str, Figure]:
    """Costs of a plan serving `capacity_rate_per_s` requests a second within its targets
    (all replicas, or both pools) with `servers` drawing `watts`. The share served compares
    that capacity with `within_targets`, the demand its users make when answered within the
    targets (users who think between questions ask less often when answers come slowly, so
    the planned load of an overloaded plan understates it); `planned` when not given.
    `encoder_servers` of the `servers` hold an embeddings workload's encoder (`encoder_pool`):
    paid for and powered like the rest, so the cost per million tokens answered carries them,
    and the explanations say so. `own_encoders`, the encoder's servers of its own type, are
    not among `servers`: their yearly cost, at their own price and draw, is added to it."""
    ca = calibration.cost
    answering = plan_yearly_cost(scenario, calibration, prices, servers, watts)
    encoding = (
        None
        if own_encoders is None
        else plan_yearly_cost(
            scenario,
            calibration,
            prices,
            own_encoders.servers,
            own_encoders.watts,
            own_encoders.price_usd,
        )
    )
    yearly = with_encoder_cost(answering, encoding)
    inp, out = scenario.workload.prompt.input_tokens, scenario.workload.output_tokens
    load = scenario.workload.load
    tco = yearly.total_usd
    capacity_rate = capacity_rate_per_s
    offered = planned if within_targets is None else within_targets
    share = served_share(offered, capacity_rate)
    # All of the planned load when the capacity covers it; else the share of what is offered
    # within the targets (for think-time users, the capacity itself).
    served_rate = planned.average_rate_per_s if share >= 1.0 else offered.average_rate_per_s * share
    hours = planned.active_hours_per_year
    requests_per_year = served_rate * hours * SECONDS_PER_HOUR
    tokens_per_year = requests_per_year * (inp + out)
    busiest = (
        offered.average_rate_per_s if offered.peak_rate_per_s is None else offered.peak_rate_per_s
    )
    servers_term = (
        f"servers ({servers - encoder_servers:,} answering + {encoder_servers:,} for embeddings)"
        if encoder_servers
        else "servers"
    )
    with_encoders = (
        "; the TCO includes the encoder servers for embeddings"
        if encoder_servers or own_encoders
        else ""
    )
    facility_w = (watts.facility_average_w, watts.facility_idle_w)
    nameplate_w = watts.it_nameplate_w
    if own_encoders is not None:
        facility_w = (
            facility_w[0] + own_encoders.watts.facility_average_w,
            facility_w[1] + own_encoders.watts.facility_idle_w,
        )
        nameplate_w += own_encoders.watts.it_nameplate_w
    owning = {
        "capex_usd": _capex_figure(
            calibration, prices, (servers, servers_term), yearly, own_encoders
        )
        if own_encoders is not None
        else figure(
            yearly.capex_usd,
            "USD",
            "servers × model server price × (1 + network/storage share)",
            {
                servers_term: (servers, "servers"),
                MODEL_SERVER_PRICE: (prices.server_price_usd, "USD"),
                "network/storage share": (ca.network_storage_overhead_fraction, "share"),
            },
            # Capex rests on the server's price alone; energy and colocation are yearly costs.
            [a for a in prices.sources if a.name == "server_price_usd"],
            worked=(
                "product",
                {
                    servers_term: (servers, "servers"),
                    MODEL_SERVER_PRICE: (prices.server_price_usd, "USD"),
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
            worked=("sum", _tco_terms(scenario, calibration, prices, nameplate_w, yearly)),
            worked_out=("amortisation", "energy", "colocation", "support"),
        ),
        "energy_per_year_usd": _energy_figure(scenario, prices, facility_w, yearly.energy_usd),
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
            worked_out=("capacity within targets", "demand at the busiest time"),
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
            worked_out=("average requests/s served",),
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
            worked_out=("TCO", "tokens a year"),
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
            worked_out=("TCO", "requests served a year"),
        ),
    }
    # The load asked for, served or not: what the hosted API is priced on where the plan
    # serves none of it within its targets (`hosted_figures.priced_requests`).
    offered_per_year = planned.average_rate_per_s * hours * SECONDS_PER_HOUR
    return {
        **owning,
        **hosted_api_figures(
            scenario, prices, tco, (requests_per_year, offered_per_year), capacity_rate, hours
        ),
    }


def _capex_figure(
    calibration: Calibration,
    prices: Prices,
    answering: tuple[int, str],
    yearly: YearlyCost,
    own: OwnEncoderServers,
) -> Figure:
    """Capex of a plan whose encoder has servers of its own type: both kinds of server, each
    at its own price, with the same network and storage share."""
    share = calibration.cost.network_storage_overhead_fraction
    servers, servers_term = answering
    encoder_term = f"encoder servers ({own.server.name})"
    return figure(
        yearly.capex_usd,
        "USD",
        "(answering servers × model server price + encoder servers × encoder server price) × "
        "(1 + network/storage share)",
        {
            servers_term: (servers, "servers"),
            MODEL_SERVER_PRICE: (prices.server_price_usd, "USD"),
            encoder_term: (own.servers, "servers"),
            "encoder server price": (own.price_usd, "USD"),
            "network/storage share": (share, "share"),
        },
        [*(a for a in prices.sources if a.name == "server_price_usd"), own.price_source],
        worked=(
            "sum",
            {
                f"{servers:,} answering × {bill_money(prices.server_price_usd)} × {1 + share:g}": (
                    servers * prices.server_price_usd * (1 + share),
                    "USD",
                ),
                f"{own.servers:,} encoder × {bill_money(own.price_usd)} × {1 + share:g}": (
                    own.servers * own.price_usd * (1 + share),
                    "USD",
                ),
            },
        ),
    )
