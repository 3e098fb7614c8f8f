"""Money and facility assumptions: energy, colocation, PUE, overheads and hosted API prices.

All are dated snapshots a user can override; the report prints them with their date.
"""

from __future__ import annotations

from datetime import date

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


class AllInPowerReference(Entry):
    """IT power per GPU that a public cost model assumes for a GPU in its usual server.

    "All-in" is the GPU at full power plus its share of CPUs, fans, NICs and switches, before
    cooling (PUE). Aisle does not size with it: it is a cross-check on the servers' figures.
    """

    name: str = Field(min_length=1)
    gpu_id: Slug
    kw_per_gpu: float = Field(ge=0.01, le=10)


class PricesSpec(Frozen):
    """The single prices object (prices.json is one object, not a list of entries)."""

    as_of: IsoDate
    sources: Sources
    notes: str = ""
    electricity_usd_per_kwh: UsdPerKwh
    electricity_as_of: IsoDate | None = None
    colocation_usd_per_kw_month: UsdPerKwMonth
    colocation_as_of: IsoDate | None = None
    pue_presets: list[PuePreset] = Field(min_length=1)
    network_storage_overhead_fraction: float = Field(ge=0, le=1)
    support_fraction_per_year: float = Field(ge=0, le=1)
    amortisation_years: Years
    rack_power_limit_kw_presets: list[RackPowerPreset] = Field(min_length=1)
    rack_units_per_rack: RackUnits
    # What a GPU no replica uses draws, as a share of its TDP: servers come whole, and a
    # GPU left idle is powered all the same, at a tenth or so of its rating (notes, sources).
    gpu_idle_power_fraction: float = Field(ge=0, le=1)
    gpu_idle_as_of: IsoDate | None = None
    hosted_apis: list[HostedApiPrice] = Field(default_factory=list)
    all_in_power_references: list[AllInPowerReference] = Field(default_factory=list)

    @property
    def electricity_date(self) -> date:
        """When the electricity price held (the whole snapshot's date if not given apart)."""
        return self.electricity_as_of or self.as_of

    @property
    def gpu_idle_date(self) -> date:
        """When the idle-draw readings were taken (the snapshot's date if not given apart)."""
        return self.gpu_idle_as_of or self.as_of

    @property
    def colocation_date(self) -> date:
        """When the colocation price held (the whole snapshot's date if not given apart)."""
        return self.colocation_as_of or self.as_of
