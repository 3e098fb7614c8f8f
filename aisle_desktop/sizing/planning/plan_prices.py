"""The prices a plan is costed at: the planner's where given, else the catalog's, dated.

Electricity, colocation and the server's price for owning; the hosted API's prices for the
comparison (`hosted_api`: chosen, entered, or "Automatic"), and the hosted encoder's for an
embeddings workload (`hosted_embeddings`).
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import Catalog, HostedApiPrice, ServerSpec
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.explain import Assumption
from aisle_desktop.sizing.planning.hosted_api import api_label, compared_api
from aisle_desktop.sizing.planning.hosted_embeddings import embeddings_api_for


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
    # What the hosted side prices an embeddings workload at (`hosted_embeddings`); None
    # without one, or with no comparable hosted encoder (the API then prices the answers only).
    embeddings_api: HostedApiPrice | None = None


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
        name = api_label(chosen)
    else:
        api_in, api_out, name = 0.0, 0.0, "no hosted API"
    electricity = costs.electricity_usd_per_kwh
    colo = costs.colocation_usd_per_kw_month
    price = costs.server_price_usd if costs.server_price_usd is not None else server.price_usd
    if price is None:
        raise SizingError(
            f"the catalog has no price for {server.name}; enter a model server price to cost "
            "the plan"
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
        embeddings_api=embeddings_api_for(catalog, scenario),
    )
