"""How old the catalog prices a plan relies on are, and the warning when one is stale.

A plan is costed with dated catalog snapshots: the server's reference price (and the
encoder's own server's, when it has servers of their own), electricity and
colocation, and the hosted API it is compared with (and the hosted encoder its embeddings
are priced at). GPU street prices and API prices move by
tens of percent within a year, so a plan that relies on a price older than a year says which
one and how old, and the planner can refresh it or enter their own. A price the planner
entered is theirs to date; it is never flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aisle_desktop.catalog import Catalog, ServerSpec
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.planning.hosted_api import api_is_compared, compared_api
from aisle_desktop.sizing.planning.hosted_embeddings import embeddings_api_for
from aisle_desktop.sizing.planning.result import PlanWarning

# Older than this, a catalog price is flagged. A year is how often the shipped catalog is
# refreshed at the least, and longer than any one list price has held since 2023.
MAX_PRICE_AGE_DAYS = 365


@dataclass(frozen=True, slots=True)
class DatedPrice:
    """One catalog price a plan relies on, named the way a planner knows it."""

    label: str
    as_of: date


def prices_relied_on(catalog: Catalog, scenario: Scenario, server: ServerSpec) -> list[DatedPrice]:
    """The catalog prices this plan's costs use (those the planner entered are left out)."""
    costs = scenario.costs
    prices = catalog.prices
    out = []
    if costs.server_price_usd is None and server.price_as_of is not None:
        out.append(DatedPrice(f"{server.name} price", server.price_as_of))
    emb = scenario.workload.embeddings
    own = catalog.servers.get(emb.server_id) if emb and emb.server_id else None
    if own is not None and own.price_as_of is not None:  # the encoder's own servers
        out.append(DatedPrice(f"{own.name} price", own.price_as_of))
    if costs.electricity_usd_per_kwh is None:
        out.append(DatedPrice("electricity price", prices.electricity_date))
    if costs.colocation_usd_per_kw_month is None:
        out.append(DatedPrice("colocation price", prices.colocation_date))
    api = compared_api(catalog, scenario)
    entered_api = (
        costs.api_input_usd_per_mtok is not None and costs.api_output_usd_per_mtok is not None
    )
    if api is not None and not entered_api:
        out.append(DatedPrice(f"{api.name} API price", api.as_of))
    encoder = embeddings_api_for(catalog, scenario)
    if encoder is not None and api_is_compared(catalog, scenario):
        out.append(DatedPrice(f"{encoder.name} embeddings price", encoder.as_of))
    return out


def stale_prices(
    relied_on: list[DatedPrice], today: date, max_age_days: int = MAX_PRICE_AGE_DAYS
) -> list[DatedPrice]:
    """The prices older than `max_age_days` on `today`, oldest first."""
    stale = [p for p in relied_on if (today - p.as_of).days > max_age_days]
    return sorted(stale, key=lambda p: p.as_of)


def price_age_warning(
    catalog: Catalog, scenario: Scenario, server: ServerSpec, today: date
) -> PlanWarning | None:
    """A warning naming every catalog price of this plan older than a year, with its date."""
    stale = stale_prices(prices_relied_on(catalog, scenario, server), today)
    if not stale:
        return None
    listed = "; ".join(f"{p.label} ({p.as_of.isoformat()})" for p in stale)
    return PlanWarning(
        code="stale-prices",
        severity="warning",
        message=f"Catalog prices older than a year on {today.isoformat()}: {listed}. "
        "Prices move quickly; check them or enter your own in the cost settings.",
    )
