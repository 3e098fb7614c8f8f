"""Memory figures a planner reads: each GPU's weights, KV room, runtime and free memory,
the requests that fit at once, and the cache one long conversation takes."""

from __future__ import annotations

import math
from collections.abc import Sequence

from aisle_desktop.catalog import LayerGroup, ModelSpec, component_name
from aisle_desktop.sizing.calibration import GB
from aisle_desktop.sizing.engine import (
    Deployment,
    conversation_bytes,
    conversation_parts,
    growing_bytes_per_token,
    kv_bytes_per_token,
    layer_groups,
    round_up_to_block,
)
from aisle_desktop.sizing.explain import Assumption, Combine, Figure, Finish, figure
from aisle_desktop.sizing.planning.cache_arithmetic import conversation_part_name, per_token_name
from aisle_desktop.sizing.planning.capacity import ReplicaCapacity


def memory_figures(cap: ReplicaCapacity, model: ModelSpec) -> dict[str, Figure]:
    """One GPU's memory as the engine divides it (weights, KV room, runtime, free), the
    requests that fit at once and one long conversation's cache. Whether a model fits, and
    how many answers run at once, is decided from these: each shows the gigabytes it was
    worked from, so a planner can check them against the GPU's datasheet and the model's
    card. The order of the entries is the order of `size --json`'s figures."""
    dep, mem = cap.dep, cap.memory
    kv_elem = dep.execution.kv_bytes_per_element
    per_token = kv_bytes_per_token(model, kv_elem)
    usable, weights, runtime = mem.usable_bytes / GB, mem.weights_bytes / GB, mem.runtime_bytes / GB
    return {
        "weights_per_gpu_gb": figure(
            mem.weights_bytes / GB,
            "GB",
            "weights per GPU = model weights / (TP × PP); model weights = each part at the "
            "precision the checkpoint stores it in (a plan that quantizes keeps embeddings "
            "and LM head 16-bit)",
            {
                "model weights": (dep.weights.total_bytes / GB, "GB"),
                **_weight_parts(dep),
                "TP": (dep.tp, "GPUs"),
                "PP": (dep.pp, "stages"),
                "bits per weight": (dep.execution.bits_per_weight, "bit"),
            },
            worked=_weights_worked(dep),
            worked_out=("model weights", *_weight_parts(dep)),
        ),
        "kv_cache_per_gpu_gb": _kv_room_figure(cap),
        "runtime_per_gpu_gb": figure(
            runtime,
            "GB",
            "CUDA context, activations, CUDA graphs and all-reduce buffers",
            {"GPUs per replica": (dep.gpus, "GPUs")},
            worked=("sum", {"calibrated runtime memory per GPU": (runtime, "GB")}),
        ),
        "free_per_gpu_gb": figure(
            mem.free_bytes / GB,
            "GB",
            "free = usable - weights - runtime - KV room",
            {"usable memory": (usable, "GB")},
            worked=(
                "sum",
                {
                    "usable": (usable, "GB"),
                    "weights": (-weights, "GB"),
                    "runtime": (-runtime, "GB"),
                    "KV room": (-mem.kv_room_bytes / GB, "GB"),
                },
            ),
            finish="at_least_zero",
        ),
        "kv_bytes_per_token": figure(
            per_token,
            "B",
            "MLA: layers × (kv_lora_rank + rope dim) × bytes; else 2 × layers × KV heads × "
            "head dim × bytes",
            {
                "layers": (model.num_layers, "layers"),
                "KV heads": (model.num_key_value_heads, "heads"),
                "head dim": (model.head_dim, "elements"),
                "KV bytes per element": (kv_elem, "B"),
            },
            worked=("sum", _growing_terms(model, kv_elem)),
        ),
        "max_sequences_per_replica": _sequences_figure(cap, per_token),
        "conversation_at_max_context_gb": figure(
            float(conversation_bytes(model, kv_elem, model.max_context_tokens)) / GB,
            "GB",
            "cache of one conversation at the model's full context = KV per token × context "
            "+ what does not grow (sliding windows, linear-attention state)",
            {"KV per token": (per_token, "B"), "max context": (model.max_context_tokens, "tokens")},
            worked=(
                "sum",
                {
                    name: (value / GB, "GB")
                    for name, value in _conversation_terms(
                        layer_groups(model), kv_elem, float(model.max_context_tokens)
                    )
                },
            ),
            worked_out=("KV per token",),
        ),
        "conversation_128k_gb": conversation_figure(cap, model, CONVERSATION_TOKENS),
    }


def _kv_room_figure(cap: ReplicaCapacity) -> Figure:
    """The KV room: the engine's share of the memory, of what the weights and runtime leave or
    of the whole, as its release sets it, with that share's source. The one figure that
    differs most from engine to engine, so the formula is written the engine's way."""
    dep, mem = cap.dep, cap.memory
    engine = dep.engine
    frac = float(dep.memory_fraction)
    room_formula = (
        f"KV room = {frac:.3g} × (usable - weights - runtime)"
        if engine.memory_fraction_of == "free_after_weights"
        else f"KV room = {frac:.3g} × usable - weights - runtime"
    )
    how = (
        "default"
        if engine.memory_reserve is None
        else "default: what its reserve for activations and CUDA graphs leaves of this GPU"
    )
    source = Assumption(
        name="memory_fraction",
        value=frac,
        unit="share",
        source=f"{engine.name} {how} ({engine.sources[0]})",
    )
    usable, weights, runtime = mem.usable_bytes / GB, mem.weights_bytes / GB, mem.runtime_bytes / GB
    room_terms: tuple[Combine, dict[str, tuple[float, str]]] = (
        (
            "product",
            {
                "share": (frac, "share"),
                "usable - weights - runtime": (usable - weights - runtime, "GB"),
            },
        )
        if engine.memory_fraction_of == "free_after_weights"
        else (
            "sum",
            {
                f"the engine's {frac:.3g} share of usable": (frac * usable, "GB"),
                "weights": (-weights, "GB"),
                "runtime": (-runtime, "GB"),
            },
        )
    )
    return figure(
        mem.kv_room_bytes / GB,
        "GB",
        room_formula,
        {
            "usable memory": (mem.usable_bytes / GB, "GB"),
            "weights": (mem.weights_bytes / GB, "GB"),
            "runtime": (mem.runtime_bytes / GB, "GB"),
        },
        [source],
        worked=room_terms,
        finish="at_least_zero",
    )


def _weight_parts(dep: Deployment) -> dict[str, tuple[float, str]]:
    """The model's weights part by part, each named with the precision it is held in
    ("routed experts at MXFP4": 60.9 GB, "attention at BF16": 1.94 GB)."""
    return {
        f"{component_name(dep.model, part.component)} at {part.precision.upper()}": (
            part.bytes / GB,
            "GB",
        )
        for part in dep.weights.parts
        if part.params > 0
    }


def _weights_worked(dep: Deployment) -> tuple[Combine, dict[str, tuple[float, str]]]:
    """One GPU's share of the weights: all split evenly ("model weights 72.7 GB / 2 GPUs",
    the division written out: it read "model weights / 2 GPUs 36.3 GB"), or, added up, under
    data-parallel attention the dense layers split over the attention group and the experts
    over every GPU, and a draft model split over the last stage's TP group."""
    w = dep.weights
    if not dep.attention_data_parallel and dep.speculation is None:
        return "ratio", {"model weights": (w.total_bytes / GB, "GB"), "GPUs": (dep.gpus, "GPUs")}
    if dep.attention_data_parallel:
        terms = {
            f"embeddings and dense layers / (attention TP {dep.attention_tp} × PP {dep.pp})": (
                (w.embedding_bytes + w.dense_bytes) / (dep.attention_tp * dep.pp) / GB,
                "GB",
            ),
            f"experts / {dep.gpus} GPUs": (w.expert_bytes / dep.gpus / GB, "GB"),
        }
    else:
        terms = {f"model weights / {dep.gpus} GPUs": (w.total_bytes / dep.gpus / GB, "GB")}
    if dep.speculation is not None:
        terms[f"draft weights / TP {dep.tp}"] = (
            dep.speculation.draft_weight_bytes / dep.tp / GB,
            "GB",
        )
    return "sum", terms


def _growing_terms(model: ModelSpec, kv_elem: float) -> dict[str, tuple[float, str]]:
    """Bytes each further token adds, layer kind by layer kind (kinds that stop growing,
    sliding windows and linear states, add none and are left out)."""
    groups = [g for g in layer_groups(model) if g.kind != "ffn"]
    names = [per_token_name(g, kv_elem) for g in groups]
    terms = {
        name: (growing_bytes_per_token([group], kv_elem), "B")
        for name, group in zip(names, groups, strict=True)
    }
    return {k: v for k, v in terms.items() if v[0]} or {
        "no layer grows with the context": (0.0, "B")
    }


def _sequences_figure(cap: ReplicaCapacity, per_token_bytes: float) -> Figure:
    """Requests that fit at once: what the KV room holds, unless the engine's cap is lower.
    Its inputs carry the cache a token takes and the GPUs it is split over, from which the
    cache of one sequence on one GPU is made (2,256 tokens × 328 kB / TP 2 = 0.37 GB)."""
    dep, mem = cap.dep, cap.memory
    waste = dep.assumptions.paging_waste_fraction
    room = mem.kv_room_bytes / GB
    per_sequence = mem.kv_bytes_per_sequence / GB
    by_memory = math.floor(room * (1 - waste) / per_sequence) if per_sequence > 0 else 0
    ranks = dep.attention_ranks
    tokens, block = cap.input_tokens + cap.output_tokens, dep.engine.kv_block_tokens
    worked: tuple[Combine, dict[str, tuple[float, str]]]
    finish: Finish | None = None
    if ranks * by_memory != mem.max_sequences:
        worked = (
            "product",
            {
                "attention groups": (ranks, "groups"),
                "engine's cap on running requests": (mem.max_sequences / ranks, "sequences"),
            },
        )
    elif ranks == 1 and per_sequence > 0:
        worked = (
            "ratio",
            {
                "KV room × (1 - paging waste)": (room * (1 - waste), "GB"),
                "KV per sequence per GPU": (per_sequence, "GB"),
            },
        )
        finish = "floor"
    else:
        worked = (
            "product",
            {
                "attention groups": (ranks, "groups"),
                "sequences each group's KV room holds": (by_memory, "sequences"),
            },
        )
    return figure(
        mem.max_sequences,
        "sequences",
        "floor(KV room × (1 - paging waste) / KV bytes of one full-length sequence per GPU), "
        "capped by the engine, per attention group",
        {
            "KV room": (room, "GB"),
            "KV per sequence per GPU": (per_sequence, "GB"),
            "paging waste": (waste, "share"),
            "tokens per sequence": (tokens, "tokens"),
            f"tokens held: {tokens:,} rounded up to whole {block:,}-token KV blocks": (
                float(round_up_to_block(tokens, block)),
                "tokens",
            ),
            "KV per token (whole model)": (per_token_bytes, "B"),
            "attention TP (GPUs the K/V heads are split over)": (dep.attention_tp, "GPUs"),
            "PP (stages the layers are split over)": (dep.pp, "stages"),
        },
        worked=worked,
        finish=finish,
        # The cache per token is Aisle's arithmetic on the model's card: "328 kB", as the KV
        # cache per token figure reads, not every figure of 327.68 kB.
        worked_out=("KV room", "KV per sequence per GPU", "KV per token (whole model)"),
    )


# The conversation length a planner asks about most: a long chat or agent session.
CONVERSATION_TOKENS = 131_072


def conversation_figure(cap: ReplicaCapacity, model: ModelSpec, tokens: int) -> Figure:
    """Memory of one long conversation, layer kind by layer kind, at the plan's KV precision.

    Full and sparse layers keep every token, compressed layers one entry per few tokens,
    sliding-window layers their window, linear-attention and state-space layers a fixed state;
    so the figure shows which layers hold the memory, not one formula for all of them.
    """
    dep = cap.dep
    kv_elem = dep.execution.kv_bytes_per_element
    parts = conversation_parts(layer_groups(model), kv_elem, float(tokens))
    worked = _conversation_terms(layer_groups(model), kv_elem, float(tokens))
    if dep.speculation is not None:  # the draft keeps its own KV for the same conversation
        draft = conversation_parts(dep.speculation.cache, kv_elem, float(tokens))
        parts += [(f"{name} of the draft", value) for name, value in draft]
        draft_worked = _conversation_terms(dep.speculation.cache, kv_elem, float(tokens))
        worked += [(f"the draft's {name}", value) for name, value in draft_worked]
    total = sum(value for _, value in parts)
    inputs = {name: (value / GB, "GB") for name, value in parts}
    inputs["KV bytes per element"] = (kv_elem, "B")
    return figure(
        total / GB,
        "GB",
        f"one {tokens:,}-token conversation = sum over layer kinds: full and sparse layers "
        "keep every token (sparse adds an indexer key), compressed layers one entry per "
        "ratio, sliding-window layers their window, linear-attention layers a fixed state",
        inputs,
        worked=("sum", {name: (value / GB, "GB") for name, value in worked}),
    )


def _conversation_terms(
    groups: Sequence[LayerGroup], kv_elem: float, tokens: float
) -> list[tuple[str, float]]:
    """`conversation_parts`, each named by the arithmetic that makes it
    (`cache_arithmetic.conversation_part_name`)."""
    kinds = [g for g in groups if g.kind != "ffn"]
    parts = conversation_parts(kinds, kv_elem, tokens)
    return [
        (conversation_part_name(group, kv_elem, tokens), value)
        for group, (_, value) in zip(kinds, parts, strict=True)
    ]
