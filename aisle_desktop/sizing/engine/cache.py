"""What a sequence keeps and reads, layer kind by layer kind (SIZING.md section 1).

Memory per sequence is a part that grows with the context plus a constant state: full and
sparse layers keep every token, compressed layers one entry per `compression_ratio` tokens,
sliding-window layers at most their window, linear-attention and state-space layers a fixed
state whatever the length. Decode reads and attention FLOPs follow the same kinds: a sparse
layer reads the `index_topk` tokens its indexer picks (and every indexer key), a linear layer
reads and rewrites its state and nothing per past token.

Every function takes floats or numpy arrays for token counts. Figures are per layer group on
one GPU of a TP group: K/V heads split over TP (never below one head per GPU: engines replicate
them), MLA latents and indexer keys replicated on every rank, linear-attention heads split.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from aisle_desktop.catalog import AttentionSpec, LayerGroup, ModelSpec
from aisle_desktop.sizing.engine.arraymath import (
    Number,
    as_float,
    ceil,
    elementwise_max,
    elementwise_min,
    given,
)

SIXTEEN_BIT_BYTES = 2.0
# A linear layer's decode step reads its state and writes the updated one back.
STATE_PASSES_PER_STEP = 2.0


def layer_groups(model: ModelSpec) -> tuple[LayerGroup, ...]:
    """The model's layers by kind; older entries describe them through `attention` alone."""
    if model.layers is not None:
        return tuple(model.layers)
    return _groups_of_attention(
        model.attention, model.num_layers, model.num_key_value_heads, model.head_dim
    )


# A GPU comparison resolves some 800 replicas of one model: its groups are built once. Kept
# by value (an older entry's frozen attention and three counts: the same groups whatever
# catalog asks), at most 256 small entries; building them again for each replica (9 us)
# would cost the comparison about 3%.
@functools.lru_cache(maxsize=256)
def _groups_of_attention(
    attention: AttentionSpec, num_layers: int, kv_heads: int, head_dim: int
) -> tuple[LayerGroup, ...]:
    """Full (or latent) layers and sliding-window layers, from an older entry's attention."""
    sliding = attention.num_sliding_window_layers
    latent = attention.kind == "mla"
    shape = LayerGroup(
        kind="full",
        count=num_layers,
        kv_heads=None if latent else kv_heads,
        head_dim=None if latent else head_dim,
        kv_lora_rank=attention.kv_lora_rank if latent else None,
        qk_rope_head_dim=attention.qk_rope_head_dim if latent else None,
    )
    groups = []
    if num_layers > sliding:
        groups.append(shape.model_copy(update={"count": num_layers - sliding}))
    if sliding:
        window = attention.sliding_window_tokens
        groups.append(
            shape.model_copy(update={"kind": "sliding", "count": sliding, "window_tokens": window})
        )
    return tuple(groups)


def stage_share(model: ModelSpec, pp: int) -> float:
    """Share of the layers on the busiest pipeline stage."""
    return ceil(model.num_layers / pp) / model.num_layers  # type: ignore[no-any-return]


def entry_elements_per_gpu(group: LayerGroup, tp: int) -> float:
    """Elements of one cached token (or compressed entry) of one layer on one GPU."""
    if group.is_latent or group.kind == "linear":
        return float(group.entry_elements)
    heads = given(group.kv_heads, 1)
    return elementwise_max(1.0, heads / tp) * float(group.key_and_value_width)  # type: ignore[no-any-return]


def _linear_split(group: LayerGroup, tp: int) -> float:
    return as_float(elementwise_min(tp, given(group.key_heads, 1)))  # type: ignore[no-any-return]


def state_bytes_per_layer(group: LayerGroup, tp: int) -> float:
    """A linear layer's fixed state on one GPU: recurrent state in its dtype, conv at 16 bits."""
    if group.kind != "linear":
        return 0.0
    recurrent = group.recurrent_state_elements * group.state_bytes_per_element
    conv = group.conv_state_elements * SIXTEEN_BIT_BYTES
    return (recurrent + conv) / _linear_split(group, tp)


def _compressed_entries(group: LayerGroup, tokens: Number) -> Number:
    return tokens / given(group.compression_ratio, 1)


def held_bytes_per_layer(group: LayerGroup, kv_bytes: float, tokens: Number, tp: int) -> Number:
    """Bytes one sequence of `tokens` keeps in one layer of this group on one GPU."""
    entry = entry_elements_per_gpu(group, tp) * kv_bytes
    index = group.index_elements * kv_bytes
    if group.kind == "full":
        return entry * tokens
    if group.kind == "sliding":
        return entry * elementwise_min(tokens, given(group.window_tokens, 0))
    if group.kind == "sparse":
        return (entry + index) * tokens
    if group.kind == "compressed":
        window = entry * elementwise_min(tokens, given(group.window_tokens, 0))
        return (entry + index) * _compressed_entries(group, tokens) + window
    return state_bytes_per_layer(group, tp) + 0.0 * tokens


def read_bytes_per_layer(group: LayerGroup, kv_bytes: float, tokens: Number, tp: int) -> Number:
    """Bytes one decode step of one sequence at context `tokens` reads in one layer."""
    entry = entry_elements_per_gpu(group, tp) * kv_bytes
    index = group.index_elements * kv_bytes
    if group.kind == "sparse":
        topk = given(group.index_topk, 0)
        return entry * elementwise_min(tokens, topk) + index * tokens
    if group.kind == "compressed":
        entries = _compressed_entries(group, tokens)
        attended = (
            elementwise_min(entries, group.index_topk) if group.index_topk is not None else entries
        )
        window = entry * elementwise_min(tokens, given(group.window_tokens, 0))
        return entry * attended + index * entries + window
    if group.kind == "linear":
        return STATE_PASSES_PER_STEP * state_bytes_per_layer(group, tp) + 0.0 * tokens
    return held_bytes_per_layer(group, kv_bytes, tokens, tp)


def attended_tokens(group: LayerGroup, tokens: Number) -> Number:
    """Past tokens (or compressed entries) one query token attends to in one layer."""
    if group.kind == "full":
        return tokens
    if group.kind == "sliding":
        return elementwise_min(tokens, given(group.window_tokens, 0))
    if group.kind == "sparse":
        return elementwise_min(tokens, given(group.index_topk, 0))
    if group.kind == "compressed":
        entries = _compressed_entries(group, tokens)
        attended = (
            elementwise_min(entries, group.index_topk) if group.index_topk is not None else entries
        )
        return attended + elementwise_min(tokens, given(group.window_tokens, 0))
    return 0.0 * tokens


def attention_flops_per_layer(
    group: LayerGroup, query_heads: int, tokens: Number, tp: int, expanded_head_dim: int = 0
) -> Number:
    """FLOPs of attention for one query token at context `tokens` in one layer on one GPU.

    Scores cost 2 FLOPs per head, key dimension and attended token, the weighted sum 2 per
    value dimension (MLA attends in its latent space). The indexer scores every indexed token
    with its own heads; a linear layer updates and reads its key x value state once per token.

    A prefill (`expanded_head_dim`, the model's per-head key and value width) runs MLA in its
    expanded form where that is cheaper: the latents are projected up to per-head keys
    (head width plus the rotary part) and values, as vLLM's, SGLang's and TensorRT-LLM's MLA
    prefill kernels do, so a DeepSeek-V3 query costs 2 x (192 + 128) FLOPs per head and
    attended token instead of the latent form's 2 x (576 + 512) that decode runs.
    """
    heads_per_gpu = query_heads / tp
    if group.kind == "linear":
        return 4.0 * group.recurrent_state_elements / _linear_split(group, tp) + 0.0 * tokens
    if group.is_latent:
        flops_per_head = 4.0 * group.entry_elements
        if expanded_head_dim:
            rotary = given(group.qk_rope_head_dim, 0)
            expanded = 2.0 * (2 * expanded_head_dim + rotary)
            flops_per_head = min(flops_per_head, expanded)
    else:
        flops_per_head = 2.0 * group.key_and_value_width
    flops = heads_per_gpu * flops_per_head * attended_tokens(group, tokens)
    if group.index_topk is not None:
        indexed = tokens if group.kind == "sparse" else _compressed_entries(group, tokens)
        flops = flops + 2.0 * given(group.index_heads, 1) / tp * group.index_elements * indexed
    return flops


def _sum_groups(groups: Sequence[LayerGroup], share: float, per_layer: list[Number]) -> Number:
    total: Number = 0.0
    for group, value in zip(groups, per_layer, strict=True):
        total = total + group.count * share * value
    return total


def held_bytes_per_sequence(
    groups: Sequence[LayerGroup], kv_bytes: float, tokens: Number, tp: int, share: float = 1.0
) -> Number:
    """Bytes one sequence keeps on one GPU across the groups (`share`: the stage's layers)."""
    per_layer = [held_bytes_per_layer(g, kv_bytes, tokens, tp) for g in groups]
    return _sum_groups(groups, share, per_layer)


def read_bytes_per_sequence(
    groups: Sequence[LayerGroup], kv_bytes: float, tokens: Number, tp: int, share: float = 1.0
) -> Number:
    """Bytes one decode step of one sequence reads from its cache and state on one GPU."""
    per_layer = [read_bytes_per_layer(g, kv_bytes, tokens, tp) for g in groups]
    return _sum_groups(groups, share, per_layer)


def attention_flops_per_token(
    groups: Sequence[LayerGroup],
    query_heads: int,
    tokens: Number,
    tp: int,
    share: float = 1.0,
    expanded_head_dim: int = 0,
) -> Number:
    """Attention FLOPs of one query token at context `tokens` on one GPU (a prefill token's
    with `expanded_head_dim`, see attention_flops_per_layer)."""
    per_layer = [
        attention_flops_per_layer(g, query_heads, tokens, tp, expanded_head_dim) for g in groups
    ]
    return _sum_groups(groups, share, per_layer)


def growing_bytes_per_token(groups: Sequence[LayerGroup], kv_bytes: float) -> float:
    """The part that grows with the context: bytes each further token adds (whole model)."""
    total = 0.0
    for group in groups:
        entry = group.entry_elements * kv_bytes
        index = group.index_elements * kv_bytes
        if group.kind == "full":
            total += group.count * entry
        elif group.kind == "sparse":
            total += group.count * (entry + index)
        elif group.kind == "compressed":
            total += group.count * (entry + index) / (group.compression_ratio or 1)
    return total


def constant_bytes_per_sequence(groups: Sequence[LayerGroup], kv_bytes: float) -> float:
    """The part that stops growing: full sliding windows and linear states (whole model)."""
    total = 0.0
    for group in groups:
        if group.kind in ("sliding", "compressed"):
            total += group.count * group.entry_elements * kv_bytes * given(group.window_tokens, 0)
        elif group.kind == "linear":
            total += group.count * state_bytes_per_layer(group, tp=1)
    return total


def constant_bytes_per_sequence_16bit(groups: Sequence[LayerGroup]) -> float:
    """The constant part with every element, recurrent states included, at 16 bits."""
    total = 0.0
    for group in groups:
        if group.kind == "linear":
            elements = group.recurrent_state_elements + group.conv_state_elements
            total += group.count * elements * SIXTEEN_BIT_BYTES
    windows = [g for g in groups if g.kind != "linear"]
    return total + constant_bytes_per_sequence(windows, SIXTEEN_BIT_BYTES)


def describe_group(group: LayerGroup) -> str:
    """A planner's name for a group of layers, e.g. "15 full-attention layers"."""
    names = {
        "full": "full-attention",
        "sliding": f"sliding-window ({group.window_tokens or 0:,}-token)",
        "sparse": "sparse-attention",
        "compressed": f"compressed (1 entry per {group.compression_ratio or 1} tokens)",
        "linear": "linear-attention or state-space",
        "ffn": "MoE/MLP-only",
    }
    plural = "layer" if group.count == 1 else "layers"
    return f"{group.count} {names[group.kind]} {plural}"


def conversation_parts(
    groups: Sequence[LayerGroup], kv_bytes: float, tokens: float
) -> list[tuple[str, float]]:
    """(description, bytes) of one conversation's cache and state, group by group (TP 1)."""
    return [
        (describe_group(g), float(g.count * held_bytes_per_layer(g, kv_bytes, tokens, tp=1)))
        for g in groups
        if g.kind != "ffn"
    ]
