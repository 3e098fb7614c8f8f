"""The encoder GPUs of a plan's embeddings workload, bought with the plan's servers.

A planner buys them beside the GPUs answering questions: they are counted in its servers,
racks, power and yearly cost, and so in its cost per million tokens. By default they are of
the plan's GPU type: an encoder fits on one GPU and each of its GPUs works alone, so they
first take GPUs the answering servers hold beyond what the answering model needs (an
automatic GPU count leaves them free rather than filling them with more replicas:
`fill_servers`), and only the rest take further servers. A plan that names the encoder's own
servers (`EmbeddingsWorkload.server_id`, an L4 or L40S box beside H100s) buys them whole for
the encoder alone, at that GPU's datasheet throughput (`encoder_servers` prices and powers
them).
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import Catalog, GpuSpec, ServerSpec
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
    # The encoder's own server type, when the plan names one; None: the answering servers'.
    own_server: ServerSpec | None = None


def encoder_server(catalog: Catalog, scenario: Scenario, server: ServerSpec) -> ServerSpec:
    """The server type the encoder runs on: the plan's own choice for it, else `server`, the
    answering model's."""
    emb = scenario.workload.embeddings
    if emb is None or emb.server_id is None:
        return server
    return catalog.server(emb.server_id)


def encoder_gpu(catalog: Catalog, scenario: Scenario, server: ServerSpec) -> GpuSpec:
    """The GPU type the encoder runs on (the answering model's, unless the plan names one)."""
    return catalog.gpu(encoder_server(catalog, scenario, server).gpu_id)


def encoder_gpus(catalog: Catalog, scenario: Scenario, server: ServerSpec) -> int:
    """The GPUs the plan's embeddings workload needs on its encoder GPU type (0 without one)."""
    emb = scenario.workload.embeddings
    if emb is None:
        return 0
    gpu = encoder_gpu(catalog, scenario, server)
    return embeddings_plan(emb, catalog.model(emb.model_id), gpu).gpus


def encoder_gpus_beside(catalog: Catalog, scenario: Scenario, server: ServerSpec) -> int:
    """The encoder GPUs that share the answering servers' type and so their free GPUs (none
    when the encoder has servers of its own)."""
    emb = scenario.workload.embeddings
    if emb is not None and emb.server_id is not None:
        return 0
    return encoder_gpus(catalog, scenario, server)


def encoder_pool(
    catalog: Catalog, scenario: Scenario, server: ServerSpec, answering: tuple[int, int]
) -> EncoderPool:
    """Where the encoder GPUs go, beside ``answering`` (the GPUs answering questions and the
    whole servers holding them): the servers' free GPUs first, then servers of their own; or,
    when the plan names the encoder's own server type, whole servers of that type alone."""
    gpus = encoder_gpus(catalog, scenario, server)
    own = encoder_server(catalog, scenario, server)
    emb = scenario.workload.embeddings
    if emb is not None and emb.server_id is not None:
        return EncoderPool(gpus, 0, servers_needed(gpus, own.gpus_per_server), own)
    used, servers = answering
    free = max(0, servers * server.gpus_per_server - used)
    taken = min(gpus, free)
    return EncoderPool(gpus, taken, servers_needed(gpus - taken, server.gpus_per_server))


def encoder_pool_figures(pool: EncoderPool, server: ServerSpec) -> dict[str, Figure]:
    """The servers bought for the encoder GPUs the answering servers have no room for, or for
    all of them on the encoder's own server type (none without an embeddings workload)."""
    if not pool.gpus:
        return {}
    if pool.own_server is not None:
        return {"embedding_servers": _own_servers(pool, pool.own_server)}
    beyond = pool.gpus - pool.in_answering_servers
    return {"embedding_servers": _added_servers(pool, beyond, server)}


def _own_servers(pool: EncoderPool, own: ServerSpec) -> Figure:
    return figure(
        pool.added_servers,
        "servers",
        f"ceil(encoder GPUs / GPUs per server): the encoder has servers of its own ({own.name}), "
        "counted in the plan's servers, racks, power and costs at their own draw and price",
        {
            "encoder GPUs": (pool.gpus, "GPUs"),
            "GPUs per server": (own.gpus_per_server, "GPUs"),
        },
        worked=(
            "ratio",
            {
                "encoder GPUs": (pool.gpus, "GPUs"),
                f"GPUs per {own.name}": (own.gpus_per_server, "GPUs/server"),
            },
        ),
        finish="ceil",
    )


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
