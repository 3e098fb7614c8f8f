"""The servers a plan buys: those of its GPU type (answering, with the encoder GPUs that share
them) and the encoder's servers of its own type, with their racks and draw.

Both ways of serving (replicas together, or separate prefill and decode pools) buy servers
the same way once their GPU count is known, so they share this.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aisle_desktop.catalog import Catalog, ServerSpec
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.planning.encoder_pool import EncoderPool, encoder_pool
from aisle_desktop.sizing.planning.encoder_servers import OwnEncoderServers, own_encoder_servers
from aisle_desktop.sizing.planning.facility import Layout, Power, server_layout, servers_power


@dataclass(frozen=True, slots=True)
class ServersBought:
    """The plan's servers: its own GPU type's in racks, their draw, and the encoder's."""

    encoders: EncoderPool  # the embeddings workload's GPUs and where they go (none without)
    own_encoders: OwnEncoderServers | None  # the encoder's servers of its own type, if any
    layout: Layout  # the servers of the plan's GPU type in racks
    watts: Power  # what the servers of the plan's GPU type draw

    @property
    def added_beside(self) -> int:
        """Servers of the plan's type bought for encoder GPUs the answering ones lack room for."""
        return self.encoders.added_servers if self.own_encoders is None else 0

    @property
    def encoders_beside(self) -> int:
        """The encoder GPUs in servers of the plan's type (none on servers of their own)."""
        return self.encoders.gpus if self.own_encoders is None else 0

    @property
    def servers(self) -> int:
        """Every server bought: the plan's type's and the encoder's own."""
        own = self.own_encoders
        return self.layout.servers + (own.servers if own is not None else 0)

    @property
    def racks(self) -> int:
        """Every rack: the plan's type's (holding the encoder servers they have room for), and
        the racks of the encoder servers beyond that room."""
        own = self.own_encoders
        return self.layout.racks + (own.layout.racks if own is not None else 0)


def servers_bought(
    catalog: Catalog,
    scenario: Scenario,
    calibration: Calibration,
    server: ServerSpec,
    answering: tuple[int, int],
) -> ServersBought:
    """The servers bought for ``answering`` (the GPUs answering questions and the whole
    servers of `server`'s type holding them) and for the embeddings workload's encoder."""
    encoders = encoder_pool(catalog, scenario, server, answering)
    gpus, servers = answering
    if encoders.own_server is None:
        servers += encoders.added_servers
        gpus += encoders.gpus
    hw = scenario.hardware
    layout = server_layout(server, servers, hw.rack_units_per_rack, hw.rack_power_limit_kw * 1e3)
    watts = servers_power(catalog, scenario, calibration, server, servers, gpus)
    own = own_encoder_servers(catalog, scenario, calibration, encoders, (server, layout))
    return ServersBought(encoders, own, layout, watts)


def bought_fields(bought: ServersBought) -> dict[str, Any]:
    """What a result says of the servers bought and the encoder's GPUs among them."""
    fields: dict[str, Any] = {
        "servers": bought.servers,
        "encoder_gpus": bought.encoders.gpus,
        "encoder_servers": bought.encoders.added_servers,
        "racks": bought.racks,
    }
    own = bought.own_encoders
    if own is not None:
        fields |= {
            "encoder_gpu_name": own.gpu.shown_name,
            "encoder_server_name": own.server.name,
            "encoder_gpus_installed": own.gpus_installed,
        }
    return fields
