"""How well the plan uses what it buys: GPUs are bought in whole servers, and a small model on
a few of a large server's GPUs may need a far smaller (cheaper) GPU.

With an automatic GPU count, GPUs the servers hold beyond what the demand needs run further
replicas of the chosen split (`fill_servers`): they are paid for already, so they add capacity
and headroom for nothing. The split search itself still picks the split needing the fewest
GPUs, so filling never changes which split wins. A GPU count the planner set is kept as set;
GPUs left over then sit idle, and a note says what they could carry.
"""

from __future__ import annotations

import dataclasses

from aisle_desktop.catalog import Catalog, ServerSpec
from aisle_desktop.formatting import count, whole_percent
from aisle_desktop.sizing.calibration import GB
from aisle_desktop.sizing.planning.facility import servers_needed
from aisle_desktop.sizing.planning.parallelism import SplitChoice
from aisle_desktop.sizing.planning.result import PlanWarning

# "Much smaller": the whole plan on at most this share of one server's GPUs, its weights on
# at most this share of one GPU's memory (Qwen2.5 7B at BF16 on 2 of a B300 server's 8 GPUs
# holds 15 GB of 275 GB each).
SMALL_SHARE_OF_SERVER = 0.25
SMALL_SHARE_OF_MEMORY = 0.25
# A smaller GPU named as a candidate holds the weights with this much room again for KV cache.
CANDIDATE_ROOM = 2.0
MAX_CANDIDATES = 3


def fill_servers(choice: SplitChoice, gpus_per_server: int, encoder_gpus: int = 0) -> SplitChoice:
    """The chosen split with as many more replicas as the GPUs of the servers it needs can run.

    Only a plan that meets the demand is filled: one that misses the targets gains nothing a
    planner could sign. The split is kept (its replicas all alike, sized once), and a replica
    that would need GPUs from another server is not added (no server is bought for it). The
    `encoder_gpus` of an embeddings workload are kept free first (`encoder_pool`): an encoder
    GPU a planner needs comes before a replica the load does not.
    """
    if not choice.meets_demand:
        return choice
    held = choice.gpus + encoder_gpus
    installed = servers_needed(held, gpus_per_server) * gpus_per_server
    more = (installed - held) // choice.capacity.dep.gpus
    if more <= 0:
        return choice
    return dataclasses.replace(choice, replicas=choice.replicas + more, whole_server_replicas=more)


def whole_server_note(
    server: ServerSpec, choice: SplitChoice, encoder_gpus: int = 0
) -> PlanWarning | None:
    """Say that, and why, the plan runs more replicas than the demand needs (beside the
    `encoder_gpus` of an embeddings workload, which the servers hold too)."""
    more = choice.whole_server_replicas
    if more <= 0:
        return None
    needed = choice.replicas - more
    per_replica = choice.capacity.dep.gpus
    servers = servers_needed(choice.gpus + encoder_gpus, server.gpus_per_server)
    encoders = f" and the embeddings {count(encoder_gpus, 'GPU')}" if encoder_gpus else ""
    gain = choice.replicas / needed - 1.0
    return PlanWarning(
        code="whole-server-replicas",
        severity="info",
        message=f"GPUs come in whole servers: the load needs "
        f"{count(needed, 'replica')} of {choice.capacity.dep.layout_label} "
        f"({count(needed * per_replica, 'GPU')}){encoders}, and it takes {servers:,} × "
        f"{server.name}, which {'holds' if servers == 1 else 'hold'} "
        f"{count(servers * server.gpus_per_server, 'GPU')}, so Aisle "
        f"runs {count(more, 'more replica', 'more replicas')} on GPUs already bought: "
        f"{whole_percent(gain)} more capacity and headroom at no extra hardware cost (their GPUs "
        "draw the working share of power, not the idle floor). Set the GPU "
        f"count to {needed * per_replica:,} to leave those GPUs idle instead.",
    )


def spare_gpus_warning(
    server: ServerSpec, choice: SplitChoice, encoder_gpus: int = 0
) -> PlanWarning | None:
    """Whole servers hold more GPUs than the plan uses (its replicas and the `encoder_gpus`
    of an embeddings workload): how many sit idle, and what they could carry (more replicas
    of the same split, for no more hardware)."""
    per_server = server.gpus_per_server
    used = choice.gpus + encoder_gpus
    servers = servers_needed(used, per_server)
    spare = servers * per_server - used
    if spare <= 0:
        return None
    per_replica = choice.capacity.dep.gpus
    more = spare // per_replica
    use = (
        f"they could run {count(more, 'more replica', 'more replicas')} of "
        f"{choice.capacity.dep.layout_label} at no extra hardware cost "
        f"(set the GPU count to {servers * per_server})"
        if more
        else "too few for another replica of this split"
    )
    return PlanWarning(
        code="spare-gpus-in-servers",
        severity="info",
        message=f"GPUs come in whole servers: {count(servers, 'server')} of {server.name} "
        f"{'holds' if servers == 1 else 'hold'} {servers * per_server} GPUs and the plan uses "
        f"{used}, so {spare} {'sits' if spare == 1 else 'sit'} idle (bought all the same, "
        f"and powered at {'its' if spare == 1 else 'their'} idle draw); {use}.",
    )


def smaller_gpu_warning(
    catalog: Catalog, server: ServerSpec, choice: SplitChoice
) -> PlanWarning | None:
    """The whole plan takes a small share of one large server and of each GPU's memory: a
    smaller GPU would likely do; name a few that hold the weights with room to spare."""
    dep, memory = choice.capacity.dep, choice.capacity.memory
    needed = choice.gpus_needed
    if (
        needed > server.gpus_per_server * SMALL_SHARE_OF_SERVER
        or memory.weights_bytes > SMALL_SHARE_OF_MEMORY * memory.usable_bytes
    ):
        return None
    weights_gb = memory.weights_bytes * dep.gpus / GB
    candidates = sorted(
        (
            g
            for g in catalog.gpus.values()
            if weights_gb * CANDIDATE_ROOM <= g.memory_gb < dep.gpu.memory_gb / 2
        ),
        key=lambda g: g.memory_gb,
    )[:MAX_CANDIDATES]
    named = (
        f" GPUs such as {', '.join(g.name for g in candidates)} hold its weights twice over; the"
        if candidates
        else " The"
    )
    return PlanWarning(
        code="smaller-gpu-would-do",
        severity="info",
        message=f"A much smaller GPU would do: the load needs {needed} of the "
        f"{server.gpus_per_server} {dep.gpu.name} in one {server.name}, and the model's "
        f"{weights_gb:.0f} GB of weights fill under a quarter of each GPU's memory.{named} "
        "GPUs tab sizes this workload on each.",
    )


def server_use_warnings(
    catalog: Catalog, server: ServerSpec, choice: SplitChoice, encoder_gpus: int = 0
) -> list[PlanWarning]:
    """What the planner should know about how the plan uses its servers' GPUs (its replicas'
    and an embeddings workload's `encoder_gpus`)."""
    found = (
        whole_server_note(server, choice, encoder_gpus),
        spare_gpus_warning(server, choice, encoder_gpus),
        smaller_gpu_warning(catalog, server, choice),
    )
    return [w for w in found if w is not None]
