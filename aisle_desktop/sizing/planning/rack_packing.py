"""Encoder servers in the answering servers' racks, where space and power allow.

A planner racks the answering servers first, as many a rack as space and the rack's power
limit allow (`facility.rack_layout`); a rack so filled often keeps rack units and watts to
spare (a 42U, 40 kW rack powers three 8U DGX H100 of 10.2 kW and keeps 18U and 9.4 kW
over). An encoder server of its own type (a 2U box of L4s or L40S) goes into that room
before it takes a rack of its own. Rack-scale systems (GB300 NVL72) fill their racks with
their own trays, switches and power shelves, so neither kind shares a rack with them.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from aisle_desktop.catalog import ServerSpec
from aisle_desktop.sizing.planning.facility import Layout


@dataclass(frozen=True, slots=True)
class Rack:
    """A rack's height and power limit, the room's."""

    rack_units: int
    power_limit_w: float


@dataclass(frozen=True, slots=True)
class RoomBeside:
    """The encoder servers one kind of answering rack takes: `racks` racks each holding
    `answering` answering servers, with the rack units and watts they leave, the encoder
    servers that room holds by each, and how many went into each rack."""

    racks: int
    answering: int
    units_left: int
    watts_left: float
    fit_by_units: int
    fit_by_power: int
    encoders_each: int

    @property
    def encoders(self) -> int:
        return self.racks * self.encoders_each


# Racks in order as runs of racks alike: (how many each holds, how many racks), a run a row,
# so that a plan of a million racks is a few runs, not a million numbers.
Runs = tuple[tuple[int, int], ...]


def servers_per_rack(layout: Layout) -> Runs:
    """The servers in the racks of a layout, filled in order (the last may hold fewer; racks
    counted by power beyond the servers' hold none)."""
    return filled_in_order(layout.servers, layout.servers_per_rack, layout.racks)


def filled_in_order(items: int, each: int, racks: int) -> Runs:
    """`items` put `each` a rack into `racks` racks in order, as runs of racks alike."""
    full = min(racks, items // each) if each else 0
    part = min(items - full * each, each) if full < racks else 0
    runs = [(each, full), (part, 1 if part else 0), (0, racks - full - (1 if part else 0))]
    return joined(runs)


def joined(runs: list[tuple[int, int]]) -> Runs:
    """Runs without empty ones, neighbours alike made one."""
    out: list[tuple[int, int]] = []
    for held, racks in runs:
        if racks <= 0:
            continue
        if out and out[-1][0] == held:
            out[-1] = (held, out[-1][1] + racks)
        else:
            out.append((held, racks))
    return tuple(out)


def shares_racks(server: ServerSpec) -> bool:
    """Whether a server can stand beside another kind in a rack (a rack-scale system cannot)."""
    return server.rack_scale is None


def encoders_beside(
    answering: tuple[ServerSpec, Layout], encoder: ServerSpec, encoders: int, rack: Rack
) -> tuple[RoomBeside, ...]:
    """Where `encoders` encoder servers fit in the answering servers' racks, rack by rack in
    order: in each, as many as its rack units and its power limit still hold (by nameplate,
    as racks are counted), up to the encoder servers there are. Racks alike (the same number
    of answering servers, the same room) are grouped; none when either kind is rack-scale."""
    server, layout = answering
    if not (encoders and shares_racks(server) and shares_racks(encoder)):
        return ()
    out: list[RoomBeside] = []
    left = encoders
    for held, racks in servers_per_rack(layout):
        units = max(0, rack.rack_units - held * server.rack_units)
        watts = max(0.0, rack.power_limit_w - held * server.nameplate_power_w)
        by_units = units // encoder.rack_units
        by_power = math.floor(watts / encoder.nameplate_power_w)
        for placed, alike in filled_in_order(left, min(by_units, by_power), racks):
            left -= placed * alike
            last = out[-1] if out else None
            if last is not None and (last.answering, last.encoders_each) == (held, placed):
                out[-1] = dataclasses.replace(last, racks=last.racks + alike)
            else:
                out.append(RoomBeside(alike, held, units, watts, by_units, by_power, placed))
    return tuple(out)


def placed_beside(room: tuple[RoomBeside, ...]) -> int:
    """The encoder servers standing in the answering servers' racks."""
    return sum(r.encoders for r in room)


def encoders_per_answering_rack(room: tuple[RoomBeside, ...]) -> Runs:
    """The encoder servers in the answering racks, in rack order, as runs of racks alike."""
    return joined([(r.encoders_each, r.racks) for r in room])
