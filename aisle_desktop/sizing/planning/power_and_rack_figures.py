"""Power and rack figures: what a server and the room draw, and the racks by space and power."""

from __future__ import annotations

import math
from typing import Protocol

from aisle_desktop.catalog import Catalog, ServerSpec
from aisle_desktop.formatting import count
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.explain import Assumption, Combine, Figure, figure
from aisle_desktop.sizing.planning.encoder_servers import OwnEncoderServers
from aisle_desktop.sizing.planning.facility import Layout, Power


class GpuUse(Protocol):
    """The GPUs a plan runs replicas on (a split's, or the pools')."""

    @property
    def gpus(self) -> int: ...


def facility_figures(
    catalog: Catalog,
    scenario: Scenario,
    calibration: Calibration,
    server: ServerSpec,
    placed: tuple[GpuUse, Layout],
    watts: Power,
    encoder_gpus: int = 0,
    own_encoders: OwnEncoderServers | None = None,
) -> dict[str, Figure]:
    """Power and racks; ``placed`` is what uses the GPUs (the split chosen, or the pools)
    and the servers' layout, which holds the `encoder_gpus` of an embeddings workload too
    (`encoder_pool`): they draw the working share while the service runs, as replicas do.
    `own_encoders`, an encoder pool on servers of its own type, adds its servers' draw to the
    totals (the server figures stay the answering server's; its own are figures apart)."""
    choice, layout = placed
    gpu = catalog.gpu(server.gpu_id)
    cost, prices = calibration.cost, catalog.prices
    sources = [
        Assumption(
            name="gpu_average_power_fraction",
            value=cost.gpu_average_power_fraction,
            source=calibration.assumption("gpu_average_power_fraction").source,
        ),
        Assumption(
            name="gpu_idle_power_fraction",
            value=prices.gpu_idle_power_fraction,
            source=f"catalog prices, {prices.gpu_idle_date}: nvidia-smi of GPUs no process "
            "uses reads about a tenth of TDP (DGX H100 69-72 W of 700 W; catalog notes)",
        ),
    ]
    servers = layout.servers
    per_server = "" if servers == 1 else f" ÷ {servers} servers"
    busy = choice.gpus
    idle = servers * server.gpus_per_server - busy - encoder_gpus
    working_w = gpu.tdp_w * cost.gpu_average_power_fraction
    gpu_terms = {
        f"{busy} GPUs running replicas × {gpu.tdp_w:g} W TDP × "
        f"{cost.gpu_average_power_fraction:g} average share{per_server}": (
            busy * working_w / servers / 1e3,
            "kW",
        ),
    }
    if encoder_gpus:
        gpu_terms[
            f"{count(encoder_gpus, 'encoder GPU')} × {gpu.tdp_w:g} W TDP × "
            f"{cost.gpu_average_power_fraction:g} average share{per_server}"
        ] = (encoder_gpus * working_w / servers / 1e3, "kW")
    running = "replicas or the encoder" if encoder_gpus else "replicas"
    totals = (
        _answering_totals(scenario, layout, watts)
        if own_encoders is None
        else {
            **_encoder_server_figures(own_encoders, calibration),
            **_totals_with_encoders(scenario, layout, watts, own_encoders),
        }
    )
    if idle:
        gpu_terms[
            f"{idle} idle GPUs × {gpu.tdp_w:g} W TDP × "
            f"{prices.gpu_idle_power_fraction:g} idle share{per_server}"
        ] = (watts.floor_gpus_w / servers / 1e3, "kW")
    return {
        "server_average_kw": figure(
            watts.server_average_w / 1e3,
            "kW",
            f"server average = (GPUs running {running} × TDP × average share + idle GPUs × "
            "TDP × idle share) ÷ servers + base (CPUs, fans, NICs). Every GPU a server holds "
            "counts; a replica added on GPUs bought anyway shares the load and steps whenever "
            "it holds a request, each step reading all its weights, so it draws the working "
            "share too",
            {
                "GPUs per server": (server.gpus_per_server, "GPUs"),
                "GPUs running replicas": (busy, "GPUs"),
                **({"encoder GPUs (embeddings)": (encoder_gpus, "GPUs")} if encoder_gpus else {}),
                "TDP": (gpu.tdp_w, "W"),
                "base": (server.base_power_w, "W"),
            },
            sources,
            worked=("sum", {**gpu_terms, "base": (server.base_power_w / 1e3, "kW")}),
        ),
        "server_nameplate_kw": figure(
            watts.server_nameplate_w / 1e3,
            "kW",
            "vendor maximum; size circuits on it",
            worked=(
                "sum",
                {"vendor nameplate (catalog)": (watts.server_nameplate_w / 1e3, "kW")},
            ),
        ),
        **totals,
        **_rack_figures(scenario, server, layout),
    }


def _answering_totals(scenario: Scenario, layout: Layout, watts: Power) -> dict[str, Figure]:
    """All servers' and the facility's draw when the answering servers are all there is."""
    return {
        "it_average_kw": figure(
            watts.it_average_w / 1e3,
            "kW",
            "servers × server average",
            {"servers": (layout.servers, "servers")},
            worked=(
                "product",
                {
                    "servers": (layout.servers, "servers"),
                    "server average": (watts.server_average_w / 1e3, "kW"),
                },
            ),
        ),
        "it_nameplate_kw": figure(
            watts.it_nameplate_w / 1e3,
            "kW",
            "servers × nameplate",
            {"servers": (layout.servers, "servers")},
            worked=(
                "product",
                {
                    "servers": (layout.servers, "servers"),
                    "server nameplate": (watts.server_nameplate_w / 1e3, "kW"),
                },
            ),
        ),
        "facility_kw": figure(
            watts.facility_average_w / 1e3,
            "kW",
            "facility = IT average × PUE",
            {"PUE": (scenario.costs.pue, "×")},
            worked=(
                "product",
                {"IT average": (watts.it_average_w / 1e3, "kW"), "PUE": (scenario.costs.pue, "×")},
            ),
        ),
    }


def _encoder_server_figures(own: OwnEncoderServers, calibration: Calibration) -> dict[str, Figure]:
    """What one of the encoder's own servers draws, and the racks they stand in."""
    server, gpu, watts = own.server, own.gpu, own.watts
    share = calibration.cost.gpu_average_power_fraction
    idle = own.gpus_installed - own.encoder_gpus
    per_server = "" if own.servers == 1 else f" ÷ {own.servers} servers"
    terms = {
        f"{count(own.encoder_gpus, 'encoder GPU')} × {gpu.tdp_w:g} W TDP × {share:g} average "
        f"share{per_server}": (watts.busy_gpus_w / own.servers / 1e3, "kW"),
    }
    if idle:
        terms[f"{idle} idle GPUs at their idle share{per_server}"] = (
            watts.floor_gpus_w / own.servers / 1e3,
            "kW",
        )
    return {
        "encoder_server_average_kw": figure(
            watts.server_average_w / 1e3,
            "kW",
            f"{server.name}, the encoder's own: (encoder GPUs × TDP × average share + idle GPUs "
            "× TDP × idle share) ÷ servers + base",
            {
                "GPUs per server": (server.gpus_per_server, "GPUs"),
                "encoder GPUs": (own.encoder_gpus, "GPUs"),
                "TDP": (gpu.tdp_w, "W"),
                "base": (server.base_power_w, "W"),
            },
            worked=("sum", {**terms, "base": (server.base_power_w / 1e3, "kW")}),
        ),
        **_encoders_beside_figure(own),
        "encoder_racks": figure(
            own.layout.racks,
            "racks",
            "ceil(encoder servers the answering servers' racks have no room for / servers a "
            "rack holds): racks of their own, by space and by the rack power limit as the "
            "answering servers (the larger count)",
            {
                "encoder servers": (own.servers, "servers"),
                "in the answering servers' racks": (own.in_answering_racks, "servers"),
                "servers a rack holds": (own.layout.servers_per_rack, "servers/rack"),
            },
            worked=(
                "ratio",
                {
                    "encoder servers beyond the answering racks": (own.layout.servers, "servers"),
                    "servers a rack holds": (own.layout.servers_per_rack, "servers/rack"),
                },
            ),
            finish="ceil",
        ),
    }


def _encoders_beside_figure(own: OwnEncoderServers) -> dict[str, Figure]:
    """How many encoder servers stand in the room the answering servers' racks leave: in each,
    as many as the rack units and the rack power limit left over hold (none beside a
    rack-scale system, whose racks are its own)."""
    if not own.beside:
        return {}
    server = own.server
    terms: dict[str, tuple[float, str]] = {
        f"{count(room.racks, 'rack')} of {count(room.answering, 'answering server')}: "
        f"{room.units_left} U and {room.watts_left / 1e3:.3g} kW left, room for "
        f"min({room.fit_by_units:,}, {room.fit_by_power:,}) each": (room.encoders, "servers")
        for room in own.beside
    }
    return {
        "encoder_servers_beside": figure(
            own.in_answering_racks,
            "servers",
            "encoder servers in the answering servers' racks: in each, up to min(floor(rack "
            "units left / encoder server units), floor(rack power left / encoder server "
            "nameplate)), until every encoder server has a place",
            {
                "encoder servers": (own.servers, "servers"),
                "encoder server": (server.rack_units, "U"),
                "encoder server nameplate": (server.nameplate_power_w / 1e3, "kW"),
            },
            worked=("sum", terms),
        )
    }


def _totals_with_encoders(
    scenario: Scenario, layout: Layout, watts: Power, own: OwnEncoderServers
) -> dict[str, Figure]:
    """All servers' and the facility's draw: the answering servers' and the encoder's own."""
    it_average = (watts.it_average_w + own.watts.it_average_w) / 1e3
    servers = (layout.servers, own.servers)
    return {
        "it_average_kw": _both_kinds(
            "average", servers, (watts.server_average_w, own.watts.server_average_w)
        ),
        "it_nameplate_kw": _both_kinds(
            "nameplate", servers, (watts.server_nameplate_w, own.watts.server_nameplate_w)
        ),
        "facility_kw": figure(
            it_average * scenario.costs.pue,
            "kW",
            "facility = IT average (answering and encoder servers) × PUE",
            {"PUE": (scenario.costs.pue, "×")},
            worked=(
                "product",
                {"IT average": (it_average, "kW"), "PUE": (scenario.costs.pue, "×")},
            ),
        ),
    }


def _rack_figures(scenario: Scenario, server: ServerSpec, layout: Layout) -> dict[str, Figure]:
    hw = scenario.hardware
    if server.rack_scale is not None:
        per_rack = server.rack_scale.servers_per_rack
        how = "ceil(servers / servers per rack-scale rack): its NVLink domain decides, not the room"
        inputs: dict[str, tuple[float, str]] = {
            "servers per rack": (per_rack, "servers/rack"),
            "rack": (server.rack_scale.rack_units, "U"),
        }
        worked = _racks_terms(layout.servers, per_rack, "servers per rack")
        return {
            "racks_by_units": figure(
                layout.racks_by_units, "racks", how, inputs, worked=worked, finish="ceil"
            ),
            "racks_by_power": figure(
                layout.racks_by_power,
                "racks",
                how,
                {**inputs, "rack nameplate": (per_rack * server.nameplate_power_w / 1e3, "kW")},
                worked=worked,
                finish="ceil",
            ),
        }
    by_units = max(1, hw.rack_units_per_rack // server.rack_units)
    by_power = max(1, math.floor(hw.rack_power_limit_kw * 1e3 / server.nameplate_power_w))
    return {
        "racks_by_units": figure(
            layout.racks_by_units,
            "racks",
            "ceil(servers / floor(rack units / server units))",
            {"rack units": (hw.rack_units_per_rack, "U"), "server": (server.rack_units, "U")},
            worked=_racks_terms(layout.servers, by_units, "servers a rack holds"),
            finish="ceil",
        ),
        "racks_by_power": figure(
            layout.racks_by_power,
            "racks",
            "ceil(servers / floor(rack power limit / server nameplate))",
            {
                "rack limit": (hw.rack_power_limit_kw, "kW"),
                "server nameplate": (server.nameplate_power_w / 1e3, "kW"),
            },
            worked=_racks_terms(layout.servers, by_power, "servers a rack can power"),
            finish="ceil",
        ),
    }


def _racks_terms(
    servers: int, per_rack: int, per_rack_name: str
) -> tuple[Combine, dict[str, tuple[float, str]]]:
    """Servers over servers a rack takes (rounded up by the caller's `finish`)."""
    return ("ratio", {"servers": (servers, "servers"), per_rack_name: (per_rack, "servers/rack")})


def _both_kinds(what: str, servers: tuple[int, int], per_server_w: tuple[float, float]) -> Figure:
    """All servers' `what` draw: the answering servers' and the encoder's own, each its
    count times one server's draw."""
    answering, encoding = servers
    answering_kw, encoding_kw = per_server_w[0] / 1e3, per_server_w[1] / 1e3
    return figure(
        answering * answering_kw + encoding * encoding_kw,
        "kW",
        f"answering servers × their {what} + encoder servers × theirs",
        {
            "answering servers": (answering, "servers"),
            "encoder servers": (encoding, "servers"),
        },
        worked=(
            "sum",
            {
                f"{count(answering, 'answering server')} × {answering_kw:.3g} kW": (
                    answering * answering_kw,
                    "kW",
                ),
                f"{count(encoding, 'encoder server')} × {encoding_kw:.3g} kW": (
                    encoding * encoding_kw,
                    "kW",
                ),
            },
        ),
    )
