"""Parts of a bill of materials besides the servers: network, storage, racks, power, software.

Each is priced per unit with the date the price held and where it comes from, like a server;
``yearly`` marks subscriptions paid every year rather than once.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from aisle_desktop.catalog.schema_common import Entry, IsoDate

PartKind = Literal["nic", "switch_port", "storage", "rack", "pdu", "software"]


class PartSpec(Entry):
    """One orderable part. Prices are reference estimates with their date, never quotes."""

    name: str = Field(min_length=1)
    kind: PartKind
    unit: str = Field(min_length=1)
    unit_price_usd: float = Field(ge=0)
    price_as_of: IsoDate
    yearly: bool = False
    weight_kg: float | None = Field(default=None, ge=0)
