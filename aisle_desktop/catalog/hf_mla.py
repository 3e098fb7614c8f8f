"""Readers for the MLA families: DeepSeek-V3/V3.1, Kimi K2, DeepSeek-V3.2 and GLM-5 (MLA with
a sparse-attention indexer), and DeepSeek-V4 (compressed KV with a sliding window).

Parameter counts follow the reference modules (DeepSeek's ``inference/model.py``, the
transformers ``modeling_deepseek_v3`` and ``modeling_glm_moe_dsa``): the main model only; the
MTP layers are counted apart, since the makers leave them out of the headline total
(DeepSeek-V3: 671 B + 14 B of MTP).
"""

from __future__ import annotations

from typing import Any

from aisle_desktop.catalog.hf_arch import FamilyArch, MtpFound, group_layers, mla_summary
from aisle_desktop.catalog.hf_keys import Keys
from aisle_desktop.catalog.param_blocks import (
    Tally,
    ffn,
    mla_attention,
    routed_experts,
    sparse_indexer,
)
from aisle_desktop.catalog.param_count import MoeShape
from aisle_desktop.catalog.schema_layers import LayerGroup


def _moe_layers(k: Keys, layers: int) -> list[bool]:
    """Which layers are MoE: ``mlp_layer_types`` (GLM-5.1+), else after first_k_dense_replace."""
    types = k.data.get("mlp_layer_types")
    if isinstance(types, list) and len(types) >= layers:
        return [t == "sparse" for t in types[:layers]]
    dense = k.dense_layers_first(layers)
    return [i >= dense for i in range(layers)]


def _indexed_layers(k: Keys, layers: int) -> list[bool]:
    """Layers with their own indexer (weights and keys); the others reuse the top-k of the
    last layer that has one and keep no keys (GLM-5.2's IndexShare).

    ``indexer_types`` names each layer "full" or "shared"; without it the schedule comes from
    ``index_topk_pattern`` ("S" shares) or from ``index_topk_freq`` and
    ``index_skip_topk_offset``: layer i shares when max(i - offset + 1, 0) % freq != 0, the
    rule vLLM builds its indexers by and transformers' GlmMoeDsaConfig derives its default
    ``indexer_types`` from. Where a config gives both, they must agree, or it is refused.
    """
    schedule = _index_schedule(k, layers)
    types = k.data.get("indexer_types")
    if isinstance(types, list) and len(types) >= layers:
        named = [t != "shared" for t in types[:layers]]
        if schedule is not None and named != schedule:
            layer = next(i for i in range(layers) if named[i] != schedule[i])
            raise k.fail(
                "indexer_types",
                f"disagrees with index_topk_freq and index_skip_topk_offset at layer {layer}",
            )
        return named
    pattern = k.data.get("index_topk_pattern")
    if isinstance(pattern, str) and len(pattern) >= layers:
        return [c != "S" for c in pattern[:layers]]
    return schedule if schedule is not None else [True] * layers


def _index_schedule(k: Keys, layers: int) -> list[bool] | None:
    """Which layers run their own indexer by ``index_topk_freq`` (1 or absent: every layer;
    None then) and ``index_skip_topk_offset`` (required beside a frequency above 1: engines
    default it differently)."""
    freq = k.get_int("index_topk_freq", default=1)
    if freq == 1:
        return None
    if not k.has("index_skip_topk_offset"):
        raise k.fail("index_skip_topk_offset", f"is needed beside index_topk_freq {freq}")
    offset = k.get_count("index_skip_topk_offset")
    return [max(i - offset + 1, 0) % freq == 0 for i in range(layers)]


def read_mla(k: Keys) -> FamilyArch:
    """DeepSeek-V3 / V3.1 / V3.2, Kimi K2 / K2.5, GLM-5 (``glm_moe_dsa``)."""
    layers = k.layer_count("num_hidden_layers")
    hidden = k.get_int("hidden_size")
    heads = k.get_int("num_attention_heads")
    kv_lora = k.get_int("kv_lora_rank")
    rope = k.get_int("qk_rope_head_dim")
    nope = k.get_int("qk_nope_head_dim")
    v_dim = k.get_int("v_head_dim")
    q_lora = k.opt_int("q_lora_rank")
    vocab = k.get_int("vocab_size")
    tied = k.flag("tie_word_embeddings", False)
    experts = k.get_int("n_routed_experts", "num_experts")
    per_token = k.get_int("num_experts_per_tok")
    shared = k.get_int("n_shared_experts", default=1)
    expert_width = k.get_int("moe_intermediate_size")
    dense_width = k.get_int("intermediate_size")
    sparse = k.has("index_topk")

    attention = mla_attention(hidden, heads, q_lora, kv_lora, nope, rope, v_dim)
    indexer = 0
    if sparse:
        indexer = sparse_indexer(
            hidden, q_lora or hidden, k.get_int("index_n_heads"), k.get_int("index_head_dim")
        )
    moe_flags = _moe_layers(k, layers)
    indexed = _indexed_layers(k, layers) if sparse else [False] * layers
    moe_layers = sum(moe_flags)
    expert = ffn(hidden, expert_width)
    shared_ffn = ffn(hidden, expert_width * shared)
    router = hidden * experts
    tally = Tally().embeddings(vocab, hidden, tied)
    per_layer: list[dict[str, Any]] = []
    for i in range(layers):
        tally = tally.add(always=attention + 2 * hidden + (indexer if indexed[i] else 0))
        if moe_flags[i]:
            tally = tally.add(always=router, feed_forward=shared_ffn)
        else:
            tally = tally.add(feed_forward=ffn(hidden, dense_width))
        per_layer.append(_cache(k, kv_lora, rope, indexed[i]))
    routed, active = routed_experts(moe_layers, experts, per_token, expert)
    tally = tally.add(routed_total=routed, routed_active=active)

    mtp = None
    mtp_layers = k.mtp_depth("num_nextn_predict_layers")
    if mtp_layers:
        moe_block = router + shared_ffn + experts * expert
        block = attention + indexer + moe_block + 2 * hidden * hidden
        # GLM-5.2's MTP layer ships an indexer but, with index_share_for_mtp_iteration, reuses
        # the top-k the model picked (xLLM's DSA top-k share plan): no indexer keys of its own.
        own_index = sparse and not k.flag("index_share_for_mtp_iteration", False)
        mtp = MtpFound(
            num_layers=mtp_layers,
            params=mtp_layers * (block + 5 * hidden),
            cache=LayerGroup.model_validate(
                {"count": mtp_layers, **_cache(k, kv_lora, rope, own_index)}
            ),
        )
    return FamilyArch(
        num_layers=layers,
        hidden=hidden,
        heads=heads,
        kv_heads=k.get_int("num_key_value_heads", default=heads),
        head_dim=v_dim,
        dense_intermediate=dense_width if moe_layers < layers else expert_width,
        vocab=vocab,
        tied=tied,
        tally=tally,
        attention=mla_summary(kv_lora, rope),
        moe=MoeShape(experts, per_token, shared, moe_layers, expert_width, expert_width),
        layers=group_layers(per_layer) if sparse else None,
        mtp=mtp,
    )


def _cache(k: Keys, kv_lora: int, rope: int, indexed: bool) -> dict[str, Any]:
    if not k.has("index_topk"):
        return {"kind": "full", "kv_lora_rank": kv_lora, "qk_rope_head_dim": rope}
    layer: dict[str, Any] = {
        "kind": "sparse",
        "kv_lora_rank": kv_lora,
        "qk_rope_head_dim": rope,
        "index_topk": k.get_int("index_topk"),
        "index_head_dim": k.get_int("index_head_dim"),
        "index_heads": k.get_int("index_n_heads"),
    }
    if not indexed:  # top-k borrowed from the layer before: no indexer keys of its own
        del layer["index_head_dim"], layer["index_heads"]
    return layer


def _v4_attention(k: Keys, hidden: int, heads: int, head_dim: int) -> int:
    """Low-rank queries, one shared K=V head of `head_dim`, grouped low-rank output, sinks."""
    q_lora = k.get_int("q_lora_rank")
    o_lora = k.get_int("o_lora_rank")
    o_groups = k.get_int("o_groups")
    query = hidden * q_lora + q_lora + q_lora * heads * head_dim
    key_value = hidden * head_dim + head_dim
    output = heads * head_dim * o_lora + o_groups * o_lora * hidden
    return query + key_value + output + heads


def _v4_compressor(hidden: int, dim: int, ratio: int) -> int:
    """Learned pooling of `ratio` tokens into one entry; ratio-4 windows overlap (twice the
    width)."""
    width = dim * (2 if ratio == 4 else 1)
    return 2 * hidden * width + ratio * width + dim


def _v4_layer_cache(k: Keys, ratio: int, latent: int, rope: int) -> dict[str, Any]:
    window = k.get_int("sliding_window")
    base = {"kv_lora_rank": latent, "qk_rope_head_dim": rope, "window_tokens": window}
    if ratio == 0:
        return {"kind": "sliding", **base}
    layer = {"kind": "compressed", "compression_ratio": ratio, **base}
    if ratio == 4:
        layer["index_topk"] = k.get_int("index_topk")
        layer["index_head_dim"] = k.get_int("index_head_dim")
        layer["index_heads"] = k.get_int("index_n_heads")
    return layer


def read_deepseek_v4(k: Keys) -> FamilyArch:
    """DeepSeek-V4: per layer a compression ratio (0: window only, 4: compressed with a sparse
    indexer, 128: heavily compressed), a 128-token window everywhere, hyper-connections."""
    layers = k.layer_count("num_hidden_layers")
    hidden = k.get_int("hidden_size")
    heads = k.get_int("num_attention_heads")
    head_dim = k.get_int("head_dim")
    rope = k.get_int("qk_rope_head_dim")
    vocab = k.get_int("vocab_size")
    tied = k.flag("tie_word_embeddings", False)
    experts = k.get_int("n_routed_experts")
    per_token = k.get_int("num_experts_per_tok")
    shared = k.get_int("n_shared_experts", default=1)
    width = k.get_int("moe_intermediate_size")
    hc = k.get_int("hc_mult", default=1)
    ratios = k.get_list("compress_ratios")
    if ratios is None or len(ratios) < layers or any(r not in (0, 4, 128) for r in ratios):
        raise k.fail("compress_ratios", f"must give 0, 4 or 128 for each of the {layers} layers")
    index_heads = k.get_int("index_n_heads")
    index_dim = k.get_int("index_head_dim")
    q_lora = k.get_int("q_lora_rank")
    latent = head_dim - rope

    attention = _v4_attention(k, hidden, heads, head_dim)
    hyper = 2 * ((2 + hc) * hc * hc * hidden + (2 + hc) * hc + 3) if hc > 1 else 0
    expert = ffn(hidden, width)
    shared_ffn = ffn(hidden, width * shared)
    router = hidden * experts
    tally = Tally().embeddings(vocab, hidden, tied).add(always=hc * hc * hidden if hc > 1 else 0)
    per_layer = []
    for ratio in ratios[:layers]:
        extra = _v4_compressor(hidden, head_dim, ratio) if ratio else 0
        if ratio == 4:
            indexer = q_lora * index_heads * index_dim + hidden * index_heads
            extra += indexer + _v4_compressor(hidden, index_dim, ratio)
        tally = tally.add(
            always=attention + extra + hyper + 2 * hidden + router, feed_forward=shared_ffn
        )
        per_layer.append(_v4_layer_cache(k, ratio, latent, rope))
    routed, active = routed_experts(layers, experts, per_token, expert)
    tally = tally.add(routed_total=routed, routed_active=active)

    mtp_layers = k.mtp_depth("num_nextn_predict_layers")
    mtp = None
    if mtp_layers:
        mtp_ratio = int(ratios[layers]) if len(ratios) > layers else 0
        moe_block = router + shared_ffn + experts * expert
        block = attention + hyper + moe_block + 2 * hidden * hidden
        mtp = MtpFound(
            num_layers=mtp_layers,
            params=mtp_layers * (block + 5 * hidden),
            cache=LayerGroup.model_validate(
                {"count": mtp_layers, **_v4_layer_cache(k, mtp_ratio, latent, rope)}
            ),
        )
    return FamilyArch(
        num_layers=layers,
        hidden=hidden,
        heads=heads,
        kv_heads=k.get_int("num_key_value_heads", default=1),
        head_dim=head_dim,
        dense_intermediate=width,
        vocab=vocab,
        tied=tied,
        tally=tally,
        attention=mla_summary(latent, rope),
        moe=MoeShape(experts, per_token, shared, layers, width, width),
        layers=group_layers(per_layer),
        mtp=mtp,
    )
