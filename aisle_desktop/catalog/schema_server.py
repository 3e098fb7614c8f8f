"""Servers (and racks sold as one unit) that hold GPUs: space, power and a dated price."""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator

from aisle_desktop.catalog.schema_common import Entry, IsoDate, PositiveFloat, PositiveInt, Slug


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
