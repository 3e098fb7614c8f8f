"""Handing a prompt's KV cache from a prefill worker to a decode worker (disaggregated serving).

After prefill, the decode worker that takes the request needs the prompt's cache on each of its
GPUs before it can decode. Every prefill GPU sends its part to the decode GPU that holds the
same part, all pairs at once (NIXL / UCX point-to-point writes), so the transfer takes what one
decode GPU receives over one GPU's link: its share of the prompt's cache (K/V heads split over
its attention ranks' GPUs, a latent cache whole on each), not the whole cache over one wire.
Where the engine sends from the prefill GPUs that hold the prompt, a copy to each decode GPU
they serve, one after another (`kv_copies_from_prompt_gpus`; TensorRT-LLM's cache formatters),
the sender's link carries more when the decode worker's group is the wider: a prefill rank of
data-parallel attention holds the prompt on one GPU and sends a latent cache whole to each GPU
of a tensor-parallel decode worker.

The link is the scale-up fabric when a prefill worker and a decode worker fit together in one
NVLink domain (8 GPUs of a DGX-class server, 72 of an NVL72 rack), else the scale-out network;
between an NVL72 rack's trays, the network too where the engine's connector cannot send its
cache over the rack's NVLink (`kv_link`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aisle_desktop.catalog import GpuSpec
from aisle_desktop.labels import LINK_LABELS
from aisle_desktop.sizing.engine.arraymath import Number, elementwise_max
from aisle_desktop.sizing.engine.deployment import (
    GPUS_PER_SERVER_TYPICAL,
    NETWORK_ALLREDUCE_LATENCY_US,
    RACK_SCALE_TRAY_GPUS,
    Deployment,
)
from aisle_desktop.sizing.engine.memory import conversation_bytes
from aisle_desktop.sizing.engine.replica_memo import kept_by_replica

# Scale-out per GPU: one 400 Gb/s adapter per GPU (the catalog's nic-400g part; DGX H100,
# H200 and B200 carry eight single-port ConnectX-7 for eight GPUs), 50 GB/s one way.
SCALE_OUT_GBPS_PER_GPU = 50.0
# Fabrics a KV cache can be written over directly between GPUs of one domain (named in a
# link's label as `LINK_LABELS` names every kind of link).
SCALE_UP_KINDS = frozenset({"nvlink", "nvlink-bridge", "infinity-fabric"})


@dataclass(frozen=True, slots=True)
class KvLink:
    """The path one prefill GPU writes its part of a prompt's cache over."""

    label: str
    gbps_per_gpu: float  # GB/s one way, one GPU
    latency_us: float


def one_domain(gpu: GpuSpec, prefill_worker_gpus: int, decode_worker_gpus: int) -> bool:
    """Whether a prefill worker and a decode worker fit together in one scale-up domain."""
    link = gpu.interconnect
    together = prefill_worker_gpus + decode_worker_gpus
    return link.kind in SCALE_UP_KINDS and together <= link.scale_up_domain_gpus


def kv_link(
    gpu: GpuSpec,
    prefill_worker_gpus: int,
    decode_worker_gpus: int,
    trays_over_network: float = 0.0,
) -> KvLink:
    """NVLink (one direction: half the catalog's bidirectional figure) when a prefill worker and
    a decode worker fit in one scale-up domain, else the network.

    Each tray of a multi-node NVLink domain (an NVL72 rack) is its own host, and a connector
    whose cache UCX cannot export across the domain writes it between trays over the network
    adapters: `trays_over_network` (the era's `cross_tray_kv_over_network`) is the share of
    the cache's bytes that go so when the two workers cannot share a tray."""
    if not one_domain(gpu, prefill_worker_gpus, decode_worker_gpus):
        return network_link("network (workers in different servers or racks)")
    link = gpu.interconnect
    domain = f"both workers in one {link.scale_up_domain_gpus}-GPU domain"
    nvlink = own_link(gpu, f"{LINK_LABELS[link.kind]} ({domain})")
    if trays_over_network <= 0 or not apart_trays(gpu, prefill_worker_gpus, decode_worker_gpus):
        return nvlink
    network = network_link(
        f"network (workers on different trays of one {link.scale_up_domain_gpus}-GPU domain)"
    )
    return blended_link(network, nvlink, trays_over_network)


def apart_trays(gpu: GpuSpec, prefill_worker_gpus: int, decode_worker_gpus: int) -> bool:
    """Whether the two workers, inside one multi-node NVLink domain, are too many GPUs to
    share one of its trays (so their cache crosses between hosts)."""
    multi_node = gpu.interconnect.scale_up_domain_gpus > GPUS_PER_SERVER_TYPICAL
    return multi_node and prefill_worker_gpus + decode_worker_gpus > RACK_SCALE_TRAY_GPUS


def blended_link(slow: KvLink, fast: KvLink, slow_share: float) -> KvLink:
    """`slow` for `slow_share` of the bytes and `fast` for the rest: the time of each byte adds,
    so the rates blend harmonically and the latencies by share; `slow`'s label from a
    share of 1/2."""
    inverse = slow_share / slow.gbps_per_gpu + (1.0 - slow_share) / fast.gbps_per_gpu
    latency_us = slow_share * slow.latency_us + (1.0 - slow_share) * fast.latency_us
    label = slow.label if slow_share >= 0.5 else fast.label
    return KvLink(label, 1.0 / inverse, latency_us)


def own_link(gpu: GpuSpec, label: str) -> KvLink:
    """The GPU's own link, one direction: half the catalog's bidirectional figure."""
    link = gpu.interconnect
    return KvLink(label, link.link_bandwidth_gbps / 2.0, link.allreduce_latency_us)


def network_link(label: str) -> KvLink:
    """The GPU's network adapter."""
    return KvLink(label, SCALE_OUT_GBPS_PER_GPU, NETWORK_ALLREDUCE_LATENCY_US)


def kv_transfer_bytes_per_gpu(decode: Deployment, input_tokens: Number) -> Number:
    """What one decode GPU receives: the prompt's cache as that GPU holds it."""
    if isinstance(input_tokens, np.ndarray):
        return decode.sequence_bytes_per_gpu(input_tokens)
    return _prompt_bytes_per_gpu(decode, type(input_tokens), input_tokens)


@kept_by_replica(max_answers=64)
def _prompt_bytes_per_gpu(decode: Deployment, _kind: type, input_tokens: float) -> Number:
    """`sequence_bytes_per_gpu` of one prompt length, kept by the decode replica: the pools'
    search asks it for each prefill layout paired with the decode layout (some 2,000 times a
    keystroke on the default plan, each walking every layer group). Keyed by the length's
    type too: 2,000 and 2,000.0 are one key to a dict, and each keeps its own answer."""
    return decode.sequence_bytes_per_gpu(input_tokens)


def prompt_kv_bytes(decode: Deployment, input_tokens: Number) -> Number:
    """The prompt's whole cache, all layers, every head once (what the pools exchange)."""
    return conversation_bytes(decode.model, decode.execution.kv_bytes_per_element, input_tokens)


def kv_bytes_sent_per_prefill_gpu(
    prefill: Deployment, decode: Deployment, input_tokens: Number
) -> Number:
    """What one prefill GPU holding the prompt sends when each decode GPU of the request's
    group gets its part from those GPUs: the bytes the decode group holds (its attention GPUs
    times its stages, each GPU's share) over the prefill group's GPUs. A latent cache, whole on
    every decode GPU, goes out once per decode GPU; heads split over the decode group add up
    to the cache once."""
    receivers = decode.attention_tp * decode.pp
    senders = prefill.attention_tp * prefill.pp
    return receivers * kv_transfer_bytes_per_gpu(decode, input_tokens) / senders


def kv_transfer_s(
    prefill: Deployment, decode: Deployment, link: KvLink, input_tokens: Number
) -> Number:
    """Seconds from the end of prefill until the decode worker holds the prompt's cache: what
    one decode GPU receives over one GPU's link, or, where the engine sends a copy to each
    decode GPU from the prefill GPUs that hold the prompt (`kv_copies_from_prompt_gpus`), what
    one of those sends in turn, the larger."""
    received = kv_transfer_bytes_per_gpu(decode, input_tokens)
    copies = decode.assumptions.kv_copies_from_prompt_gpus
    sent = copies * kv_bytes_sent_per_prefill_gpu(prefill, decode, input_tokens)
    per_gpu_bytes = elementwise_max(received, sent)
    return link.latency_us * 1e-6 + per_gpu_bytes / (link.gbps_per_gpu * 1e9)
