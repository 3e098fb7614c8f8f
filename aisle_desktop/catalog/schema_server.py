"""Servers (and racks sold as one unit) that hold GPUs: space, power and a dated price."""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator

from aisle_desktop.catalog.schema_common import (
    Entry,
    Frozen,
    IsoDate,
    PositiveFloat,
    PositiveInt,
    Slug,
)


class RackScale(Frozen):
    """A server that is one tray of a rack-scale system (GB300 NVL72: 18 trays in 48U).

    The NVLink domain spans the trays only inside their own rack, so a room holds and powers
    such trays by the rack: a rack takes `servers_per_rack` trays whatever the room's usual
    rack height, and draws their nameplate power together. Each tray's power and price carry
    its share of the rack's switch trays, power shelves and pumps.
    """

    servers_per_rack: PositiveInt = Field(le=64)
    rack_units: PositiveInt = Field(le=60)


class ServerSpec(Entry):
    """One orderable system. Prices are reference estimates with their date, never quotes."""

    name: str = Field(min_length=1)
    gpu_id: Slug
    gpus_per_server: PositiveInt
    rack_units: PositiveInt
    nameplate_power_w: PositiveFloat
    typical_power_w: PositiveFloat
    base_power_w: float = Field(ge=0)
    price_usd: PositiveFloat | None
    price_as_of: IsoDate | None
    weight_kg: PositiveFloat | None = None
    ships_with_nics: bool = False
    rack_scale: RackScale | None = None

    @field_validator("typical_power_w")
    @classmethod
    def _typical_within_nameplate(cls, value: float, info: ValidationInfo) -> float:
        nameplate = info.data.get("nameplate_power_w")
        if nameplate is not None and value > nameplate:
            raise ValueError(f"must not exceed nameplate_power_w ({nameplate}), got {value}")
        return value

    @field_validator("price_as_of")
    @classmethod
    def _price_needs_date(cls, value: object, info: ValidationInfo) -> object:
        if info.data.get("price_usd") is not None and value is None:
            raise ValueError(
                "is required when price_usd is given (a price without a date misleads)"
            )
        return value

    @field_validator("rack_scale")
    @classmethod
    def _trays_fit_their_rack(cls, value: RackScale | None, info: ValidationInfo) -> object:
        units = info.data.get("rack_units")
        if (
            value is not None
            and units is not None
            and value.servers_per_rack * units > value.rack_units
        ):
            raise ValueError(
                f"{value.servers_per_rack} servers of {units}U do not fit a "
                f"{value.rack_units}U rack"
            )
        return value

    @property
    def gpus_per_rack_scale_domain(self) -> int | None:
        """GPUs a whole rack-scale system holds (None for an ordinary server)."""
        if self.rack_scale is None:
            return None
        return self.gpus_per_server * self.rack_scale.servers_per_rack
