"""Where separate prefill and decode pools go: whole servers per pool, unless one holds both.

A pool is scaled, drained and upgraded as a unit (Dynamo and llm-d deploy each pool as its own
set of workers), so each pool gets servers of its own, rounded up to whole servers, and no
server mixes a few prefill GPUs with a few decode GPUs of another pool's servers. The one
exception is a plan whose two pools together fit in one server: splitting them would buy a
second server for nothing, and both pools then share that server's NVLink.

Where the pools are decides the link their KV cache crosses: inside one server (or an NVLink
domain larger than a server, as in an NVL72 rack) the scale-up fabric, else the network. Two
workers in one server that no fabric joins (PCIe cards such as the L40S) exchange it over the
server's PCIe: the plan said "over network (workers in different servers or racks)" beside
"both pools in one server".
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import GpuSpec, ServerSpec
from aisle_desktop.labels import LINK_LABELS
from aisle_desktop.sizing.engine.kv_transfer import (
    KvLink,
    kv_link,
    network_link,
    one_domain,
    own_link,
)
from aisle_desktop.sizing.planning.facility import servers_needed


@dataclass(frozen=True, slots=True)
class PoolServers:
    """The servers each pool takes; `shared` when one server holds both pools."""

    prefill: int
    decode: int
    shared: bool
    gpus_per_server: int = 0

    @property
    def total(self) -> int:
        return 1 if self.shared else self.prefill + self.decode

    @property
    def gpus_bought(self) -> int:
        """Every GPU of the pools' servers (gpu_counts.py: the GPUs bought)."""
        return self.total * self.gpus_per_server

    def describe(self, server_name: str) -> str:
        """``both pools in one NVIDIA DGX H100 (8x H100 SXM5 80GB)``, or each pool's servers."""
        if self.shared:
            return f"both pools in one {server_name}"
        return (
            f"prefill pool in {self.prefill:,} and decode pool in {self.decode:,} × {server_name} "
            "(whole servers per pool)"
        )


def place_pools(prefill_gpus: int, decode_gpus: int, gpus_per_server: int) -> PoolServers:
    """Whole servers per pool, unless both pools fit in one server."""
    if prefill_gpus + decode_gpus <= gpus_per_server:
        return PoolServers(1, 1, True, gpus_per_server)
    return PoolServers(
        servers_needed(prefill_gpus, gpus_per_server),
        servers_needed(decode_gpus, gpus_per_server),
        False,
        gpus_per_server,
    )


def pools_link(
    gpu: GpuSpec,
    server: ServerSpec,
    prefill_worker_gpus: int,
    decode_worker_gpus: int,
    shared: bool,
    trays_over_network: float = 0.0,
) -> KvLink:
    """The link a prompt's cache crosses from a prefill worker to a decode worker.

    Sharing a server, the two workers are as close as their sizes allow (`kv_link`), and
    without a fabric joining them still inside the server (`in_server_link`). In servers of
    their own they are at least a whole server apart, so they share the scale-up fabric only
    where its domain spans more than one server (an NVL72 rack of trays), and between its trays
    only as far as the engine's connector sends a cache over it (`trays_over_network`).
    """
    if shared:
        if one_domain(gpu, prefill_worker_gpus, decode_worker_gpus):
            return kv_link(gpu, prefill_worker_gpus, decode_worker_gpus, trays_over_network)
        return in_server_link(gpu)
    apart = max(server.gpus_per_server, prefill_worker_gpus)
    return kv_link(gpu, apart, decode_worker_gpus, trays_over_network)


def in_server_link(gpu: GpuSpec) -> KvLink:
    """Two workers in one server that no scale-up fabric joins. A PCIe card writes its part of
    the cache to the other GPU over the server's PCIe (NIXL's CUDA IPC path, GPU to GPU) at
    its link's rate one way (the catalog's figure is both ways: an L40S's Gen4 x16 64 GB/s
    carries 32 each way). Other GPUs (a bridge joining NVL cards in pairs, Gaudi's on-chip
    RoCE ports) write it through their network ports, at the scale-out rate, without leaving
    the server."""
    if gpu.interconnect.kind == "pcie":
        return own_link(gpu, f"{LINK_LABELS['pcie']} (both workers in one server, no NVLink)")
    return network_link("network ports (both workers in one server, no scale-up link joins them)")
