"""The power sheet: per rack, what it holds, draws, heats, weighs and how it is fed.

Facilities staff plan a rack by its nameplate draw (circuits and breakers are sized for the
maximum, not the average), its heat (every watt drawn becomes heat: 1 W = 3.412 BTU/h) and its
weight on the floor. Servers fill racks in order, as many per rack as both space and the power
limit allow (`facility.server_layout`; rack-scale trays by their own rack), so the last rack may
hold fewer.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from aisle_desktop.catalog import Catalog, ServerSpec
from aisle_desktop.formatting import count
from aisle_desktop.plan import PowerFeed
from aisle_desktop.sizing.planning.facility import Layout
from aisle_desktop.sizing.planning.rack_packing import servers_per_rack

BTU_PER_H_PER_W = 3.412  # 1 W = 3.412 BTU/h (NIST SP 811 conversion factor)
# An empty server weighs about this per rack unit when its datasheet weight is not in the
# catalog: a DGX H100 is 130.45 kg in 8U (DGX H100 datasheet), a DGX B200 142 kg in 10U.
KG_PER_RACK_UNIT_ESTIMATE = 16.0
RACK_PART, PDU_PART = "rack-42u", "pdu-3ph"


@dataclass(frozen=True)
class RackRow:
    """One rack of the plan."""

    rack: int
    servers: int
    average_kw: float
    nameplate_kw: float
    heat_btu_per_h: float
    weight_kg: float
    circuits_per_feed: int
    pdus: int


@dataclass(frozen=True)
class PowerSheet:
    """Every rack, and how the count was reached."""

    racks: tuple[RackRow, ...]
    racks_by_power: int
    racks_by_space: int
    binding: str
    feed: str
    weight_note: str

    @property
    def total_pdus(self) -> int:
        return sum(r.pdus for r in self.racks)

    def racks_rule(self) -> str:
        """How the rack count was reached, in a sentence."""
        decides = "power" if self.binding == "rack power" else "space"
        return (
            f"{count(self.racks_by_power, 'rack')} by power, {self.racks_by_space:,} by space: "
            f"{decides} decides"
        )


def server_weight_kg(server: ServerSpec) -> tuple[float, str]:
    """The datasheet weight, else an estimate from the server's height; and which it is."""
    if server.weight_kg is not None:
        return server.weight_kg, f"{server.name}: {server.weight_kg:g} kg (datasheet)"
    estimate = server.rack_units * KG_PER_RACK_UNIT_ESTIMATE
    return estimate, (
        f"{server.name}: about {estimate:g} kg, estimated at {KG_PER_RACK_UNIT_ESTIMATE:g} kg "
        "per rack unit (no datasheet weight in the catalog)"
    )


def power_sheet(
    catalog: Catalog,
    server: ServerSpec,
    layout: Layout,
    server_average_w: float,
    feed: PowerFeed,
) -> PowerSheet:
    """Fill racks in order with up to ``layout.servers_per_rack`` servers each."""
    server_kg, weight_note = server_weight_kg(server)
    rack_kg = (catalog.part(RACK_PART).weight_kg or 0.0) if RACK_PART in catalog.parts else 0.0
    empty = RackRow(0, 0, 0.0, 0.0, 0.0, rack_kg, 0, 0)
    one = _ServerKind(server.nameplate_power_w, server_average_w, server_kg)
    rows = tuple(
        _with_servers(catalog, dataclasses.replace(empty, rack=index + 1), one, held, feed)
        for index, held in enumerate(servers_per_rack(layout))
    )
    return PowerSheet(
        racks=rows,
        racks_by_power=layout.racks_by_power,
        racks_by_space=layout.racks_by_units,
        binding=layout.binding,
        feed=feed.describe(),
        weight_note=weight_note,
    )


def with_racks_after(sheet: PowerSheet, more: PowerSheet) -> PowerSheet:
    """`sheet` with `more`'s racks after its own, numbered on (an encoder pool's servers of
    their own type beyond the answering servers' racks stand in racks of their own)."""
    if not more.racks:
        return sheet
    first = len(sheet.racks)
    moved = tuple(dataclasses.replace(r, rack=first + r.rack) for r in more.racks)
    by_power = sheet.racks_by_power + more.racks_by_power
    by_space = sheet.racks_by_space + more.racks_by_space
    return dataclasses.replace(
        sheet,
        racks=sheet.racks + moved,
        racks_by_power=by_power,
        racks_by_space=by_space,
        binding=_binding(sheet.binding, by_power, by_space),
        weight_note=f"{sheet.weight_note}; {more.weight_note}",
    )


def _binding(first: str, by_power: int, by_space: int) -> str:
    """What decides the racks of both kinds together: power where it asks for more racks,
    else space (a rack-scale system's own racks stay as they are)."""
    if by_power > by_space:
        return "rack power"
    return "rack units" if first == "rack power" else first


@dataclass(frozen=True)
class _ServerKind:
    """One kind of server as a rack's feed and floor see it."""

    nameplate_w: float
    average_w: float
    weight_kg: float


def _with_servers(
    catalog: Catalog, row: RackRow, kind: _ServerKind, servers: int, feed: PowerFeed
) -> RackRow:
    """`row` with `servers` more of `kind`: their draw, heat and weight, and the circuits and
    PDUs the rack's new nameplate needs."""
    pdu_kg = (catalog.part(PDU_PART).weight_kg or 0.0) if PDU_PART in catalog.parts else 0.0
    nameplate_w = row.nameplate_kw * 1e3 + servers * kind.nameplate_w
    circuits = max(1, math.ceil(nameplate_w / feed.usable_w))
    pdus = 2 * circuits  # one PDU per circuit, on each of the A and B feeds
    return dataclasses.replace(
        row,
        servers=row.servers + servers,
        average_kw=row.average_kw + servers * kind.average_w / 1e3,
        nameplate_kw=nameplate_w / 1e3,
        heat_btu_per_h=nameplate_w * BTU_PER_H_PER_W,
        weight_kg=row.weight_kg + servers * kind.weight_kg + (pdus - row.pdus) * pdu_kg,
        circuits_per_feed=circuits,
        pdus=pdus,
    )


def with_servers_beside(
    catalog: Catalog,
    sheet: PowerSheet,
    beside: tuple[ServerSpec, tuple[int, ...], float],
    feed: PowerFeed,
) -> PowerSheet:
    """`sheet` with servers of another kind in its first racks' spare room (`beside`: the
    server, how many in each rack in order, one's average draw): the encoder's own servers
    beside the answering ones (`rack_packing`)."""
    server, per_rack, average_w = beside
    if not any(per_rack):
        return sheet
    kg, note = server_weight_kg(server)
    kind = _ServerKind(server.nameplate_power_w, average_w, kg)
    rows = tuple(
        _with_servers(catalog, row, kind, per_rack[i], feed) if i < len(per_rack) else row
        for i, row in enumerate(sheet.racks)
    )
    return dataclasses.replace(sheet, racks=rows, weight_note=f"{sheet.weight_note}; {note}")
