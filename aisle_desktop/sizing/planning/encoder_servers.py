"""An encoder pool on servers of its own type: their racks, draw and yearly cost.

A common RAG design puts the encoder on cheap inference cards (L4, L40S) beside the GPUs that
answer. Those servers are bought, racked, powered and paid for like the answering ones, but
at their own datasheet draw and catalog price, so they are worked out apart and added to the
plan's totals (`facility_figures`, `cost_figures` name both parts). The plan's "Model server
price" is the answering server's; the encoder's server is priced from the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import Catalog, GpuSpec, ServerSpec
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.explain import Assumption
from aisle_desktop.sizing.planning.cost import YearlyCost
from aisle_desktop.sizing.planning.encoder_pool import EncoderPool
from aisle_desktop.sizing.planning.facility import Layout, Power, server_layout, servers_power
from aisle_desktop.sizing.planning.rack_packing import (
    Rack,
    RoomBeside,
    encoders_beside,
    placed_beside,
)


@dataclass(frozen=True, slots=True)
class OwnEncoderServers:
    """The encoder's own servers: how many, where they stand, what they draw and cost."""

    server: ServerSpec
    gpu: GpuSpec
    encoder_gpus: int  # the GPUs the encoder needs
    servers: int  # every encoder server bought
    beside: tuple[RoomBeside, ...]  # those standing in the answering servers' racks
    layout: Layout  # the rest, in racks of their own
    watts: Power
    price_usd: float  # one server, from the catalog
    price_source: Assumption

    @property
    def in_answering_racks(self) -> int:
        """The encoder servers in the spare room of the answering servers' racks."""
        return placed_beside(self.beside)

    @property
    def gpus_installed(self) -> int:
        """Every GPU of the encoder's whole servers (idle ones too)."""
        return self.servers * self.server.gpus_per_server


def own_encoder_servers(
    catalog: Catalog,
    scenario: Scenario,
    calibration: Calibration,
    pool: EncoderPool,
    answering: tuple[ServerSpec, Layout],
) -> OwnEncoderServers | None:
    """The encoder pool's own servers, or None when it shares the answering servers' type (or
    the plan has no embeddings workload). They stand first in the room the `answering`
    servers' racks leave (`rack_packing`), the rest in racks of their own."""
    server = pool.own_server
    if server is None or not pool.gpus:
        return None
    if server.price_usd is None:
        raise SizingError(
            f"the catalog has no price for {server.name}, the encoder's servers; choose "
            "other encoder servers or add a price to the catalog entry"
        )
    hw = scenario.hardware
    rack = Rack(hw.rack_units_per_rack, hw.rack_power_limit_kw * 1e3)
    beside = encoders_beside(answering, server, pool.added_servers, rack)
    rest = pool.added_servers - placed_beside(beside)
    layout = server_layout(server, rest, rack.rack_units, rack.power_limit_w)
    watts = servers_power(catalog, scenario, calibration, server, pool.added_servers, pool.gpus)
    source = Assumption(
        name="encoder_server_price_usd",
        value=server.price_usd,
        unit="USD",
        source=f"{server.name} reference price, {server.price_as_of}",
    )
    return OwnEncoderServers(
        server,
        catalog.gpu(server.gpu_id),
        pool.gpus,
        pool.added_servers,
        beside,
        layout,
        watts,
        server.price_usd,
        source,
    )


def with_encoder_cost(answering: YearlyCost, encoder: YearlyCost | None) -> YearlyCost:
    """The plan's yearly cost: the answering servers' and, when it has its own, the encoder
    pool's, part by part."""
    if encoder is None:
        return answering
    return YearlyCost(
        capex_usd=answering.capex_usd + encoder.capex_usd,
        amortisation_usd=answering.amortisation_usd + encoder.amortisation_usd,
        energy_usd=answering.energy_usd + encoder.energy_usd,
        colocation_usd=answering.colocation_usd + encoder.colocation_usd,
        support_usd=answering.support_usd + encoder.support_usd,
    )
