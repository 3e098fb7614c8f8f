"""The encoder GPUs of a plan's embeddings workload, bought with the plan's servers.

A planner buys them beside the GPUs answering questions, on the plan's GPU type: they are
counted in its GPUs bought, servers, racks, power and yearly cost, and so in its cost per
million tokens. An encoder fits on one GPU and each of its GPUs works alone, so they first
take GPUs the answering servers hold beyond what the answering model needs (an automatic GPU
count leaves them free rather than filling them with more replicas: `fill_servers`), and
only the rest take further servers.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import Catalog, ServerSpec
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.explain import Figure, figure
from aisle_desktop.sizing.planning.embeddings import embeddings_plan
from aisle_desktop.sizing.planning.facility import servers_needed


@dataclass(frozen=True, slots=True)
class EncoderPool:
    """The encoder GPUs, the answering servers' free GPUs they took first, and the servers
    bought for the rest."""

    gpus: int = 0
    in_answering_servers: int = 0
    added_servers: int = 0


def encoder_gpus(catalog: Catalog, scenario: Scenario, server: ServerSpec) -> int:
    """The GPUs the plan's embeddings workload needs on `server`'s GPUs (0 without one)."""
    emb = scenario.workload.embeddings
    if emb is None:
        return 0
    return embeddings_plan(emb, catalog.model(emb.model_id), catalog.gpu(server.gpu_id)).gpus


def encoder_pool(
    catalog: Catalog, scenario: Scenario, server: ServerSpec, answering: tuple[int, int]
) -> EncoderPool:
    """Where the encoder GPUs go, beside ``answering`` (the GPUs answering questions and the
    whole servers holding them): the servers' free GPUs first, then servers of their own."""
    gpus = encoder_gpus(catalog, scenario, server)
    used, servers = answering
    free = max(0, servers * server.gpus_per_server - used)
    taken = min(gpus, free)
    return EncoderPool(gpus, taken, servers_needed(gpus - taken, server.gpus_per_server))


def encoder_pool_figures(pool: EncoderPool, server: ServerSpec) -> dict[str, Figure]:
    """The servers bought for the encoder GPUs the answering servers have no room for (none
    without an embeddings workload)."""
    if not pool.gpus:
        return {}
    beyond = pool.gpus - pool.in_answering_servers
    return {"embedding_servers": _added_servers(pool, beyond, server)}


def _added_servers(pool: EncoderPool, beyond: int, server: ServerSpec) -> Figure:
    return figure(
        pool.added_servers,
        "servers",
        "ceil((encoder GPUs - GPUs free in the answering servers) / GPUs per server): the "
        "encoder takes GPUs the answering model leaves free first; these servers are counted "
        "in the plan's servers, racks, power and costs",
        {
            "encoder GPUs": (pool.gpus, "GPUs"),
            "free GPUs of the answering servers they take": (pool.in_answering_servers, "GPUs"),
            "GPUs per server": (server.gpus_per_server, "GPUs"),
        },
        worked=(
            "ratio",
            {
                "encoder GPUs beyond the answering servers": (beyond, "GPUs"),
                f"GPUs per {server.name}": (server.gpus_per_server, "GPUs/server"),
            },
        ),
        finish="ceil",
    )
