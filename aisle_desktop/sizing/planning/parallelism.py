"""Split a GPU budget into replicas of TP x PP, and pick the cheapest that meets the targets.

TP must divide the attention heads; a TP group must stay inside one server, or one NVLink
domain where that spans servers (else every all-reduce crosses the network). Inside a PCIe
server TP 4 and 8 are allowed but pay PCIe all-reduces (sizing/deployment.py), so they win
only where they need fewer GPUs than replicas or PP, typically to meet a tight TPOT target;
on a tie the split with more capacity wins, as everywhere. Every split that survives those
rules is sized, and the one needing the fewest GPUs wins.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from aisle_desktop.catalog import GpuSpec, ModelSpec
from aisle_desktop.sizing.engine import Deployment, check_parallelism
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.planning.capacity import ReplicaCapacity

TP_CHOICES = (1, 2, 4, 8, 16, 32, 64, 72)
PP_CHOICES = (1, 2, 3, 4, 6, 8, 12, 16)
MAX_GPUS_PER_REPLICA = 128


def candidate_splits(
    model: ModelSpec,
    gpu: GpuSpec,
    gpus_per_server: int,
    fixed_tp: int | None,
    fixed_pp: int | None,
) -> list[tuple[int, int]]:
    """(TP, PP) pairs worth sizing for this model on this GPU, smallest replicas first."""
    tp_limit = max(gpu.interconnect.scale_up_domain_gpus, gpus_per_server, 1)
    splits = []
    for tp in (fixed_tp,) if fixed_tp else TP_CHOICES:
        if not fixed_tp and tp > tp_limit:
            continue
        for pp in (fixed_pp,) if fixed_pp else PP_CHOICES:
            if tp * pp > MAX_GPUS_PER_REPLICA and not (fixed_tp and fixed_pp):
                continue
            try:
                check_parallelism(model, tp, pp)
            except SizingError:
                continue
            splits.append((tp, pp))
    if not splits and (fixed_tp or fixed_pp):
        raise SizingError(split_refusal(model, tp_limit, fixed_tp, fixed_pp))
    return sorted(splits, key=lambda s: (s[0] * s[1], s[1]))


def _or_list(values: list[int]) -> str:
    """``1, 2, 4 or 8``."""
    words = [str(v) for v in values]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def split_refusal(model: ModelSpec, tp_limit: int, tp: int | None, pp: int | None) -> str:
    """Why the Tensor or Pipeline parallel the planner typed cannot run ``model``, in the
    window's field names, with the values that would (``tp_limit``: the GPUs a TP group may
    span here, a server's or an NVLink domain's)."""
    heads, kv_heads = model.num_attention_heads, model.num_key_value_heads
    if tp is not None:
        uneven = [f"{heads} attention heads"] if heads % tp else []
        if tp < kv_heads and kv_heads % tp:
            uneven.append(f"{kv_heads} KV heads")
        if uneven:
            working = [d for d in TP_CHOICES if d <= tp_limit and not heads % d]
            working = [d for d in working if d >= kv_heads or not kv_heads % d]
            return (
                f"Tensor parallel {tp} cannot split {model.name}: its {' and '.join(uneven)} "
                f"do not divide evenly among {tp} GPUs, and each GPU must hold an equal share. "
                f"Choose Tensor parallel {_or_list(working)} (within one server of "
                f"{tp_limit} GPUs), or tick Automatic"
            )
    if pp is not None and pp > model.num_layers:
        return (
            f"Pipeline parallel {pp} exceeds the {model.num_layers} layers of {model.name}: "
            "each GPU of the pipeline needs at least one layer. Choose at most "
            f"{model.num_layers}, or tick Automatic"
        )
    return "no tensor/pipeline split of this model suits this GPU; set TP and PP by hand"


@dataclass(frozen=True, slots=True)
class SplitChoice:
    capacity: ReplicaCapacity
    replicas: int
    meets_demand: bool
    replicas_needed: int | None = None  # spare included; None when the targets are unreachable
    # Replicas beyond those the demand needs, run on GPUs the whole servers already hold
    # (`server_use.fill_servers`); included in ``replicas``.
    whole_server_replicas: int = 0

    @property
    def gpus(self) -> int:
        return self.replicas * self.capacity.dep.gpus

    @property
    def gpus_needed(self) -> int:
        """The GPUs of the replicas the demand needs (its spare included). Replicas beyond
        them, added to fill whole servers or set by the planner, share the same load."""
        needed = self.replicas_needed
        replicas = self.replicas if needed is None else min(self.replicas, needed)
        return replicas * self.capacity.dep.gpus

    @property
    def capacity_rate_per_s(self) -> float:
        """Requests a second all replicas answer within the latency targets (0 if none)."""
        at = self.capacity.at_targets
        return float(at.requests_per_s) * self.replicas if at is not None else 0.0


def choose_split(
    deployments: Iterable[Deployment],
    size: Callable[[Deployment], ReplicaCapacity],
    replicas_needed: Callable[[ReplicaCapacity], int | None],
    fixed_gpu_count: int | None,
    min_replicas: int = 1,
    fill: Callable[[SplitChoice], SplitChoice] = lambda choice: choice,
) -> tuple[SplitChoice | None, list[ReplicaCapacity]]:
    """The split needing the fewest GPUs (automatic count), or, for a fixed GPU count, the
    split that serves the demand, else the one with the most capacity within targets; and
    the capacity of every split sized.

    Deployments come smallest first. With an automatic count, once a plan meets the demand,
    a split whose smallest plan (`min_replicas` of it) needs more GPUs cannot win, nor can any
    after it (they are no smaller, and the best plan's GPUs only fall): the search ends there,
    and the deployments left are not even resolved (`deployments` may be a generator).

    With an automatic count each split is compared as it would run: `fill` adds the replicas
    the GPUs of its whole servers can hold (`server_use.fill_servers`). Two splits needing the
    same GPUs then differ by what the GPUs bought serve: TP 2 on 7 GPUs free runs 3 replicas and
    leaves one idle where TP 1 runs 7 (walk45: gpt-oss-120b on H200, 985 against 1,077 users).
    """
    best: SplitChoice | None = None
    sized: list[ReplicaCapacity] = []
    for dep in deployments:
        if (
            fixed_gpu_count is None
            and best is not None
            and best.meets_demand
            and dep.gpus * min_replicas > best.gpus_needed
        ):
            break
        cap = size(dep)
        sized.append(cap)
        choice = _choice(cap, replicas_needed, fixed_gpu_count)
        if choice is not None and fixed_gpu_count is None:
            choice = fill(choice)
        if choice is not None and (best is None or _better(choice, best, fixed_gpu_count)):
            best = choice
    return best, sized


def _choice(
    cap: ReplicaCapacity,
    replicas_needed: Callable[[ReplicaCapacity], int | None],
    fixed_gpu_count: int | None,
) -> SplitChoice | None:
    if not cap.memory.fits:
        return None
    needed = replicas_needed(cap)
    if fixed_gpu_count is not None:
        replicas = fixed_gpu_count // cap.dep.gpus
        if replicas < 1:
            return None
        return SplitChoice(cap, replicas, needed is not None and replicas >= needed, needed)
    replicas = needed if needed is not None else 1
    return SplitChoice(cap, replicas, needed is not None, needed)


def _better(a: SplitChoice, b: SplitChoice, fixed_gpu_count: int | None) -> bool:
    fixed = fixed_gpu_count is not None
    if a.meets_demand != b.meets_demand:
        return a.meets_demand
    if fixed or not a.meets_demand:
        return a.capacity_rate_per_s > b.capacity_rate_per_s * (1 + 1e-9)
    if a.gpus_needed != b.gpus_needed:
        return a.gpus_needed < b.gpus_needed
    return a.capacity_rate_per_s > b.capacity_rate_per_s


def replicas_for_rate(peak_rate: float, rate_per_replica: float, utilization: float) -> int:
    return max(1, math.ceil(peak_rate / (utilization * rate_per_replica)))
