"""Servers, racks and power (SIZING.md section 5).

A GPU server draws two to three times what a CPU rack was planned for, so racks are counted
twice, by rack units and by the rack's power limit, and the larger count binds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from aisle_desktop.catalog import Catalog, ServerSpec
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration


@dataclass(frozen=True, slots=True)
class Layout:
    servers: int
    racks: int
    racks_by_units: int
    racks_by_power: int
    servers_per_rack: int
    binding: str  # "rack units", "rack power" or "rack-scale system"


def servers_needed(gpus: int, gpus_per_server: int) -> int:
    return math.ceil(gpus / gpus_per_server)


def rack_layout(
    servers: int,
    server_rack_units: int,
    server_nameplate_w: float,
    rack_units_per_rack: int,
    rack_power_limit_w: float,
) -> Layout:
    """Racks by space and by power; a server larger than a rack's power limit gets its own."""
    per_rack_by_units = max(1, rack_units_per_rack // server_rack_units)
    per_rack_by_power = max(1, math.floor(rack_power_limit_w / server_nameplate_w))
    per_rack = min(per_rack_by_units, per_rack_by_power)
    by_units = math.ceil(servers / per_rack_by_units)
    by_power = math.ceil(servers / per_rack_by_power)
    return Layout(
        servers=servers,
        racks=max(by_units, by_power),
        racks_by_units=by_units,
        racks_by_power=by_power,
        servers_per_rack=per_rack,
        binding="rack power" if by_power > by_units else "rack units",
    )


def rack_scale_layout(servers: int, servers_per_rack: int) -> Layout:
    """Racks of a rack-scale system (GB300 NVL72): its trays come in whole racks of their own.

    The room's rack height and power limit do not decide how many trays share a rack: the
    NVLink spine does. Whether the room can power such a rack is a warning, not a layout.
    """
    racks = math.ceil(servers / servers_per_rack)
    return Layout(
        servers=servers,
        racks=racks,
        racks_by_units=racks,
        racks_by_power=racks,
        servers_per_rack=servers_per_rack,
        binding="rack-scale system",
    )


def server_layout(
    server: ServerSpec, servers: int, rack_units_per_rack: int, rack_power_limit_w: float
) -> Layout:
    """The racks these servers need: whole racks of their own for a rack-scale system, else
    by the room's rack height and power limit."""
    if server.rack_scale is not None:
        return rack_scale_layout(servers, server.rack_scale.servers_per_rack)
    return rack_layout(
        servers,
        server.rack_units,
        server.nameplate_power_w,
        rack_units_per_rack,
        rack_power_limit_w,
    )


@dataclass(frozen=True, slots=True)
class Power:
    server_average_w: float  # the mean over the servers bought
    server_nameplate_w: float
    it_average_w: float
    it_nameplate_w: float
    facility_average_w: float
    facility_idle_w: float  # every GPU at its idle floor, outside the service's hours
    busy_gpus_w: float  # the GPUs running replicas, all servers, on average
    floor_gpus_w: float  # every GPU bought that runs no replica, at its idle floor


def power(
    servers: int,
    gpus_per_server: int,
    floor_gpus: int,
    gpu_tdp_w: float,
    gpu_fractions: tuple[float, float],
    server_base_w: float,
    server_nameplate_w: float,
    pue: float,
) -> Power:
    """Average draw while serving (the GPUs running replicas at their average share of TDP,
    the ``floor_gpus`` bought that run none at their idle share, plus the rest of each
    server), the draw outside the service's hours (servers stay on with the model loaded, so
    every GPU idles), nameplate for circuits, and the facility's draws including cooling
    (PUE). ``gpu_fractions`` is (average while serving, idle)."""
    busy_fraction, idle_fraction = gpu_fractions
    busy_w = (servers * gpus_per_server - floor_gpus) * gpu_tdp_w * busy_fraction
    floor_w = floor_gpus * gpu_tdp_w * idle_fraction
    it_average = busy_w + floor_w + servers * server_base_w
    it_idle = servers * gpus_per_server * gpu_tdp_w * idle_fraction + servers * server_base_w
    return Power(
        server_average_w=it_average / servers,
        server_nameplate_w=server_nameplate_w,
        it_average_w=it_average,
        it_nameplate_w=server_nameplate_w * servers,
        facility_average_w=it_average * pue,
        facility_idle_w=it_idle * pue,
        busy_gpus_w=busy_w,
        floor_gpus_w=floor_w,
    )


def servers_power(
    catalog: Catalog,
    scenario: Scenario,
    calibration: Calibration,
    server: ServerSpec,
    servers: int,
    busy_gpus: int,
) -> Power:
    """The draw of `servers` whose `busy_gpus` serve the load (replicas, or both pools, spares
    included) at the average share of TDP and whose other GPUs idle at their floor, plus each
    server's base. A busy GPU draws the working share however light its load: the load is
    spread over every replica or worker, and a memory-bound step reads all of its weights
    however few requests share it."""
    gpu = catalog.gpu(server.gpu_id)
    return power(
        servers,
        server.gpus_per_server,
        servers * server.gpus_per_server - busy_gpus,
        gpu.tdp_w,
        (calibration.cost.gpu_average_power_fraction, catalog.prices.gpu_idle_power_fraction),
        server.base_power_w,
        server.nameplate_power_w,
        scenario.costs.pue,
    )
