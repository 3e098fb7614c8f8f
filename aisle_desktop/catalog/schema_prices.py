"""Money and facility assumptions: energy, colocation, PUE, overheads and hosted API prices.

All are dated snapshots a user can override; the report prints them with their date.
"""

from __future__ import annotations

from pydantic import Field

from aisle_desktop.catalog.ranges import (
    RackKw,
    RackUnits,
    UsdPerKwh,
    UsdPerKwMonth,
    UsdPerMtok,
    Years,
)
from aisle_desktop.catalog.schema_common import (
    Entry,
    Frozen,
    IsoDate,
    Slug,
    Sources,
)


class PuePreset(Frozen):
    """A named power usage effectiveness (facility watts per IT watt)."""

    id: Slug
    name: str = Field(min_length=1)
    pue: float = Field(ge=1.0, le=3.0)
    notes: str = ""


class RackPowerPreset(Frozen):
    """A named per-rack power budget (what the room's circuits and cooling allow)."""

    id: Slug
    name: str = Field(min_length=1)
    limit_kw: RackKw
    notes: str = ""


class HostedApiPrice(Entry):
    """List price of a hosted model API, to compare owning hardware against renting tokens."""

    name: str = Field(min_length=1)
    provider: str = Field(min_length=1)
    kind: str = Field(default="llm", pattern="^(llm|embedding)$")
    comparable_model_id: Slug | None
    input_usd_per_mtok: UsdPerMtok
    output_usd_per_mtok: UsdPerMtok | None


class PricesSpec(Frozen):
    """The single prices object (prices.json is one object, not a list of entries)."""

    as_of: IsoDate
    sources: Sources
    notes: str = ""
    electricity_usd_per_kwh: UsdPerKwh
    colocation_usd_per_kw_month: UsdPerKwMonth
    pue_presets: list[PuePreset] = Field(min_length=1)
    network_storage_overhead_fraction: float = Field(ge=0, le=1)
    support_fraction_per_year: float = Field(ge=0, le=1)
    amortisation_years: Years
    rack_power_limit_kw_presets: list[RackPowerPreset] = Field(min_length=1)
    rack_units_per_rack: RackUnits
    hosted_apis: list[HostedApiPrice] = Field(default_factory=list)
