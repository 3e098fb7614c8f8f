"""Memory per GPU: weights, KV cache, runtime, and how many sequences fit (SIZING.md s.1)."""

from __future__ import annotations

from dataclasses import dataclass, field

from aisle_desktop.catalog import (
    ComponentPrecisions,
    MemoryReserve,
    ModelSpec,
    WeightComponent,
    component_params,
)
from aisle_desktop.sizing.engine.arraymath import (
    Number,
    as_int,
    ceil,
    choose,
    elementwise_max,
    elementwise_min,
    floor,
)
from aisle_desktop.sizing.engine.cache import (
    growing_bytes_per_token,
    held_bytes_per_sequence,
    layer_groups,
    stage_share,
)


@dataclass(frozen=True, slots=True)
class WeightPart:
    """One component's weights: how many, at which precision, and their bytes."""

    component: WeightComponent
    params: float
    precision: str
    bits_per_weight: float

    @property
    def bytes(self) -> float:
        return self.params * self.bits_per_weight / 8


@dataclass(frozen=True, slots=True)
class WeightBytes:
    """Bytes of a whole model's weights, split the way engines place and read them."""

    embedding_bytes: float  # embedding table and LM head
    dense_bytes: float  # attention, shared experts, dense MLPs, norms: read on every step
    expert_bytes: float  # routed MoE experts: read only where the batch's tokens go
    parts: tuple[WeightPart, ...] = ()  # each component, as the plan's checkpoint stores it

    @property
    def total_bytes(self) -> float:
        return self.embedding_bytes + self.dense_bytes + self.expert_bytes


def weight_parts(
    model: ModelSpec, precisions: ComponentPrecisions, bits_of: dict[str, float]
) -> tuple[WeightPart, ...]:
    """Each component's weights at the precision the plan's checkpoint stores it in
    (`bits_of`: bits per weight of each precision id named)."""
    params = component_params(model)
    return tuple(
        WeightPart(component, params[component], precision, bits_of[precision])
        for component, precision in precisions.precisions
    )


def weight_bytes(parts: tuple[WeightPart, ...]) -> WeightBytes:
    """Weights by where engines place and read them. A checkpoint's own lists decide each
    component (gpt-oss: MXFP4 experts, BF16 attention, embeddings and LM head; about 65 GB,
    not the 62 GB of 4.25 bits everywhere but the embeddings); a plan that quantizes keeps
    the embeddings and LM head at 16 bits, which is why Llama 3.1 70B at FP8 weighs about
    72.7 GB rather than 70.6 GB."""
    by = {part.component: part.bytes for part in parts}
    return WeightBytes(
        embedding_bytes=by["embeddings"] + by["lm_head"],
        dense_bytes=by["attention"] + by["feed_forward"],
        expert_bytes=by["routed_experts"],
        parts=parts,
    )


def kv_bytes_per_token(model: ModelSpec, kv_bytes_per_element: float) -> float:
    """KV bytes each further token of context adds, whole model (the part that grows).

    Sliding windows and linear-attention states do not grow; `conversation_bytes` adds them.
    """
    return growing_bytes_per_token(layer_groups(model), kv_bytes_per_element)


def conversation_bytes(model: ModelSpec, kv_bytes_per_element: float, tokens: Number) -> Number:
    """Cache and state one conversation of `tokens` holds, whole model on one GPU."""
    return held_bytes_per_sequence(layer_groups(model), kv_bytes_per_element, tokens, tp=1)


def kv_bytes_per_sequence_per_gpu(
    model: ModelSpec, kv_bytes_per_element: float, tokens: Number, tp: int, pp: int
) -> Number:
    """Cache and state one sequence of `tokens` holds on one GPU of a TP x PP replica."""
    return held_bytes_per_sequence(
        layer_groups(model), kv_bytes_per_element, tokens, tp, stage_share(model, pp)
    )


@dataclass(frozen=True, slots=True)
class MemoryBreakdown:
    """Where one GPU's memory goes, and what that allows (per element when the sequence
    lengths are an array)."""

    usable_bytes: float
    weights_bytes: float
    runtime_bytes: float
    kv_room_bytes: float
    kv_bytes_per_sequence: Number
    max_sequences: Number  # a whole number (ints for an array)

    @property
    def free_bytes(self) -> Number:
        return elementwise_max(
            0.0, self.usable_bytes - self.weights_bytes - self.runtime_bytes - self.kv_room_bytes
        )

    @property
    def fits(self) -> Number:
        """One request of the full length must fit; else the engine refuses to start."""
        per_sequence = self.kv_bytes_per_sequence
        return (self.kv_room_bytes >= per_sequence) & (per_sequence > 0) & (self.max_sequences >= 1)


def reserved_memory_fraction(
    reserve: MemoryReserve,
    gpu_memory_mib: Number,
    budget_tokens: Number,
    cuda_graph_max_batch: Number,
    worker_gpus: Number,
    attention_ranks: Number,
) -> Number:
    """Share of the device an engine that works its fraction out gives weights and KV: what
    its reserve for activations, CUDA graphs and parallel buffers leaves (SGLang 0.5: about
    0.84 of an 80 GB H100 at TP 1, 0.91 of a 141 GB H200, 0.86 of a B200 with its 16,384-token
    budget). Per element for stacked replicas."""
    r = reserve
    reserved = (
        r.fixed_mib
        + r.mib_per_budget_token * elementwise_max(budget_tokens, r.min_budget_tokens)
        + r.mib_per_cuda_graph_batch * cuda_graph_max_batch
        + r.mib_per_eight_gpus * worker_gpus / 8
    )
    ranks = choose(attention_ranks > 1, attention_ranks, 0)
    per_batch = r.attention_dp_mib_per_graph_batch + choose(
        cuda_graph_max_batch > r.attention_dp_large_graph_batch,
        r.attention_dp_large_graph_mib_per_batch,
        0.0,
    )
    reserved = reserved + per_batch * cuda_graph_max_batch * ranks
    large_gpu = gpu_memory_mib > r.least_above_gib * 1024
    reserved = choose(large_gpu, elementwise_max(reserved, r.least_mib), reserved)
    return (gpu_memory_mib - reserved) / gpu_memory_mib


def kv_room_bytes(
    usable_bytes: float,
    weights_bytes: float,
    runtime_bytes: float,
    memory_fraction: float,
    fraction_of_free: Number,
) -> Number:
    """Memory the engine gives the KV cache (per element for arrays: replicas stacked for
    `predict`).

    vLLM and SGLang take a fraction of the whole device and put weights inside it; TensorRT-LLM
    takes a fraction of what is free after weights and activations (`fraction_of_free`, per
    element for stacked replicas of both kinds of engine).
    """
    of_free = elementwise_max(0.0, memory_fraction * (usable_bytes - weights_bytes - runtime_bytes))
    of_device = elementwise_max(0.0, memory_fraction * usable_bytes - weights_bytes - runtime_bytes)
    return choose(fraction_of_free, of_free, of_device)


def max_sequences(
    kv_room: float,
    kv_bytes_per_sequence: Number,
    paging_waste_fraction: float,
    engine_max_sequences: int,
) -> Number:
    """Sequences whose whole input + output fits in the KV room, capped by the engine."""
    holds = kv_bytes_per_sequence > 0
    per_sequence = choose(holds, kv_bytes_per_sequence, 1.0)
    by_memory = floor(kv_room * (1 - paging_waste_fraction) / per_sequence)
    return as_int(
        choose(holds, elementwise_max(0, elementwise_min(by_memory, engine_max_sequences)), 0)
    )


def round_up_to_block(tokens: Number, block_tokens: int) -> Number:
    """Paged KV is allocated in whole blocks."""
    block = elementwise_max(1, block_tokens)
    return ceil(tokens / block) * block


# Sequence lengths one replica's memo keeps: a predicted file's lines ask a few lengths each,
# the same ones again and again; past this many it starts afresh rather than grow with a file.
FIT_MEMO_LENGTHS = 1024


@dataclass(slots=True)
class FitMemo:
    """What `fit.memory_breakdown` worked out for one replica, kept by the replica
    (`Deployment.fit_memo`): a new replica starts empty, and the memo goes with the replica,
    so nothing the sizing worked out outlives the sizing that asked for it."""

    # By (sequence tokens, sequence cap): the breakdown of one length.
    breakdowns: dict[tuple[float, int], MemoryBreakdown] = field(default_factory=dict)
    # (weights, runtime, KV room) bytes per GPU, once worked out.
    fixed_bytes: tuple[float, float, float] | None = None
