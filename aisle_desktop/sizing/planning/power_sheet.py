"""The power sheet: per rack, what it holds, draws, heats, weighs and how it is fed.

Facilities staff plan a rack by its nameplate draw (circuits and breakers are sized for the
maximum, not the average), its heat (every watt drawn becomes heat: 1 W = 3.412 BTU/h) and its
weight on the floor. Servers fill racks in order, as many per rack as both space and the power
limit allow (`facility.server_layout`; rack-scale trays by their own rack), so the last rack may
hold fewer.

Racks alike are kept as runs ("racks 1 to 1,285,120 each hold two servers"): a plan of millions
of servers has millions of racks, and a row a rack took the bill and every sheet of it a minute
to build and minutes to lay out.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from aisle_desktop.catalog import Catalog, ServerSpec
from aisle_desktop.formatting import count
from aisle_desktop.plan import PowerFeed
from aisle_desktop.sizing.planning.facility import Layout
from aisle_desktop.sizing.planning.rack_packing import Runs, servers_per_rack

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
class RackRun:
    """Racks numbered `each.rack` to `last` that hold and draw alike, as `each` does."""

    each: RackRow
    last: int

    @property
    def first(self) -> int:
        return self.each.rack

    @property
    def racks(self) -> int:
        return self.last - self.each.rack + 1


class EveryRack(Sequence[RackRow]):
    """A power sheet's racks one by one, made from its runs as they are read."""

    def __init__(self, runs: tuple[RackRun, ...]) -> None:
        self._runs = runs

    def __len__(self) -> int:
        return self._runs[-1].last if self._runs else 0

    @overload
    def __getitem__(self, index: int) -> RackRow: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[RackRow]: ...
    def __getitem__(self, index: int | slice) -> RackRow | Sequence[RackRow]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        number = index + 1 + (len(self) if index < 0 else 0)
        for run in self._runs:
            if run.first <= number <= run.last:
                return dataclasses.replace(run.each, rack=number)
        raise IndexError(index)

    def __iter__(self) -> Iterator[RackRow]:
        for run in self._runs:
            for number in range(run.first, run.last + 1):
                yield dataclasses.replace(run.each, rack=number)


@dataclass(frozen=True)
class PowerSheet:
    """Every rack, as runs of racks alike, and how the count was reached."""

    runs: tuple[RackRun, ...]
    racks_by_power: int
    racks_by_space: int
    binding: str
    feed: str
    weight_note: str

    @property
    def racks(self) -> Sequence[RackRow]:
        """Rack by rack: a million racks are a million rows, so read `runs` where it can."""
        return EveryRack(self.runs)

    @property
    def rack_count(self) -> int:
        return self.runs[-1].last if self.runs else 0

    @property
    def total_pdus(self) -> int:
        return sum(r.racks * r.each.pdus for r in self.runs)

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
    runs, first = [], 1
    for held, racks in servers_per_rack(layout):
        each = _with_servers(catalog, dataclasses.replace(empty, rack=first), one, held, feed)
        runs.append(RackRun(each, first + racks - 1))
        first += racks
    return PowerSheet(
        runs=tuple(runs),
        racks_by_power=layout.racks_by_power,
        racks_by_space=layout.racks_by_units,
        binding=layout.binding,
        feed=feed.describe(),
        weight_note=weight_note,
    )


def with_racks_after(sheet: PowerSheet, more: PowerSheet) -> PowerSheet:
    """`sheet` with `more`'s racks after its own, numbered on (an encoder pool's servers of
    their own type beyond the answering servers' racks stand in racks of their own)."""
    if not more.runs:
        return sheet
    first = sheet.rack_count
    moved = tuple(
        RackRun(dataclasses.replace(r.each, rack=first + r.first), first + r.last)
        for r in more.runs
    )
    by_power = sheet.racks_by_power + more.racks_by_power
    by_space = sheet.racks_by_space + more.racks_by_space
    return dataclasses.replace(
        sheet,
        runs=sheet.runs + moved,
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
    beside: tuple[ServerSpec, Runs, float],
    feed: PowerFeed,
) -> PowerSheet:
    """`sheet` with servers of another kind in its first racks' spare room (`beside`: the
    server, how many in each rack in order, one's average draw): the encoder's own servers
    beside the answering ones (`rack_packing`)."""
    server, per_rack, average_w = beside
    if not any(held for held, _ in per_rack):
        return sheet
    kg, note = server_weight_kg(server)
    kind = _ServerKind(server.nameplate_power_w, average_w, kg)
    runs = []
    for run in sheet.runs:
        first = run.first
        for held, racks in _racks_from(per_rack, first, run.last):
            each = dataclasses.replace(run.each, rack=first)
            if held:
                each = _with_servers(catalog, each, kind, held, feed)
            runs.append(RackRun(each, first + racks - 1))
            first += racks
    return dataclasses.replace(sheet, runs=tuple(runs), weight_note=f"{sheet.weight_note}; {note}")


def _racks_from(per_rack: Runs, first: int, last: int) -> Runs:
    """The runs of `per_rack` (from rack 1 on) that cover racks `first` to `last`, racks past
    its end holding none."""
    out, start = [], 1
    for held, racks in per_rack:
        overlap = min(last, start + racks - 1) - max(first, start) + 1
        if overlap > 0:
            out.append((held, overlap))
        start += racks
    covered = sum(racks for _, racks in out)
    out.append((0, last - first + 1 - covered))
    return tuple((held, racks) for held, racks in out if racks > 0)
