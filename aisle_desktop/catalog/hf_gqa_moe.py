"""Readers for grouped-query families with their own layouts: Gemma 4 (sliding and global
layers of different widths, a dense MLP beside the experts) and MiniMax M2 / M3 (M3 adds
block-sparse attention with an indexer on most layers)."""

from __future__ import annotations

from typing import Any

from aisle_desktop.catalog.hf_arch import (
    FamilyArch,
    MtpFound,
    flag_list,
    gqa_summary,
    group_layers,
    string_list,
)
from aisle_desktop.catalog.hf_keys import Keys
from aisle_desktop.catalog.param_blocks import Tally, ffn, gqa_attention, routed_experts
from aisle_desktop.catalog.param_count import MoeShape
from aisle_desktop.catalog.schema_layers import LayerGroup


def read_gemma4(k: Keys) -> FamilyArch:
    """Gemma 4: sliding-window layers (``head_dim``, ``num_key_value_heads``) and global layers
    (``global_head_dim``, ``num_global_key_value_heads``, V taken from the K projection); the
    26B-A4B runs a dense MLP and 128 routed experts side by side in every layer."""
    layers = k.layer_count("num_hidden_layers")
    if k.get_count("num_kv_shared_layers") or k.get_count("hidden_size_per_layer_input"):
        raise k.fail(
            "num_kv_shared_layers",
            "cross-layer KV sharing and per-layer inputs (Gemma 4 E2B/E4B) are not modelled",
        )
    if k.flag("use_double_wide_mlp", False):
        raise k.fail("use_double_wide_mlp", "double-wide MLPs are not modelled")
    hidden = k.get_int("hidden_size")
    heads = k.get_int("num_attention_heads")
    local_kv = k.get_int("num_key_value_heads")
    local_dim = k.get_int("head_dim")
    global_kv = k.get_int("num_global_key_value_heads", default=local_kv)
    global_dim = k.get_int("global_head_dim", default=local_dim)
    k_eq_v = k.flag("attention_k_eq_v", False)
    window = k.get_int("sliding_window")
    vocab = k.get_int("vocab_size")
    tied = k.flag("tie_word_embeddings", True)
    width = k.get_int("intermediate_size")
    kinds = string_list(k, "layer_types", layers, {"sliding_attention", "full_attention"})
    if kinds is None:
        raise k.fail("layer_types", "is missing")
    local = gqa_attention(hidden, heads, local_kv, local_dim, qk_norm=True)
    global_ = gqa_attention(
        hidden, heads, global_kv, global_dim, qk_norm=True, values_from_keys=k_eq_v
    )
    moe = None
    experts = k.opt_int("num_experts") if k.flag("enable_moe_block", False) else None
    expert, moe_always = 0, 0
    if experts:
        per_token = k.get_int("top_k_experts", "num_experts_per_tok")
        expert_width = k.get_int("moe_intermediate_size", "expert_intermediate_size")
        expert = ffn(hidden, expert_width)
        moe_always = hidden * experts + hidden + experts + 3 * hidden
        moe = MoeShape(experts, per_token, 0, layers, expert_width, expert_width)
    tally = Tally().embeddings(vocab, hidden, tied)
    per_layer: list[dict[str, Any]] = []
    for kind in kinds:
        mixer = global_ if kind == "full_attention" else local
        tally = tally.add(
            always=mixer + moe_always + 4 * hidden + 1, feed_forward=ffn(hidden, width)
        )
        if kind == "full_attention":
            per_layer.append({"kind": "full", "kv_heads": global_kv, "head_dim": global_dim})
        else:
            per_layer.append(
                {
                    "kind": "sliding",
                    "kv_heads": local_kv,
                    "head_dim": local_dim,
                    "window_tokens": window,
                }
            )
    if moe:
        routed, active = routed_experts(layers, moe.num_experts, moe.experts_per_token, expert)
        tally = tally.add(routed_total=routed, routed_active=active)
    summary = gqa_summary(heads, local_kv)
    summary["sliding_window_tokens"] = window
    summary["num_sliding_window_layers"] = kinds.count("sliding_attention")
    return FamilyArch(
        num_layers=layers,
        hidden=hidden,
        heads=heads,
        kv_heads=local_kv,
        head_dim=local_dim,
        dense_intermediate=width,
        vocab=vocab,
        tied=tied,
        tally=tally,
        attention=summary,
        moe=moe,
        layers=group_layers(per_layer),
    )


_SPARSE_KEYS = {
    "sparse_attention_freq",
    "sparse_block_size",
    "sparse_index_dim",
    "sparse_num_index_heads",
    "sparse_topk_blocks",
    "sparse_local_block",
    "sparse_init_block",
    "sparse_score_type",
    "sparse_disable_index_value",
    "use_sparse_attention",
}


def _minimax_sparse(k: Keys, layers: int) -> tuple[list[int], dict[str, Any]]:
    """MiniMax M3's block-sparse attention: which layers use it and what they keep and read.

    Each query reads its top ``sparse_topk_blocks`` blocks plus the initial and local blocks
    (``sparse_block_size`` tokens each); the indexer keeps one ``sparse_index_dim`` key per
    token.
    """
    config = k.data.get("sparse_attention_config")
    if not isinstance(config, dict) or not config.get("use_sparse_attention", False):
        return [0] * layers, {}
    unknown = sorted(set(config) - _SPARSE_KEYS)
    if unknown:
        raise k.fail(
            "sparse_attention_config", f"has keys Aisle does not understand: {', '.join(unknown)}"
        )
    flags = config.get("sparse_attention_freq")
    if not isinstance(flags, list) or len(flags) < layers:
        raise k.fail("sparse_attention_config", "sparse_attention_freq must list every layer")
    sparse = k.nested("sparse_attention_config")
    block = sparse.get_int("sparse_block_size", default=128)
    blocks = sparse.get_count("sparse_topk_blocks")
    blocks += sparse.get_count("sparse_local_block") + sparse.get_count("sparse_init_block")
    index = {
        "index_topk": max(1, blocks * block),
        "index_head_dim": sparse.get_int("sparse_index_dim", default=128),
        "index_heads": sparse.get_int("sparse_num_index_heads", default=1),
    }
    return [int(bool(f)) for f in flags[:layers]], index


def read_gqa_moe(k: Keys) -> FamilyArch:
    """Grouped-query attention over MoE layers: MiniMax M2 (every layer MoE), MiniMax M3
    (dense first layers, a shared expert, block-sparse attention) and GLM-4.5/4.6
    (``glm4_moe``: dense first layers, a shared expert, attention biases); MTP modules of one
    transformer layer each."""
    layers = k.layer_count("num_hidden_layers")
    attn_types = k.get_list("attn_type_list")
    if attn_types is not None and any(t != 1 for t in attn_types):
        raise k.fail("attn_type_list", "lightning (linear) attention layers are not modelled")
    hidden = k.get_int("hidden_size")
    heads = k.get_int("num_attention_heads")
    kv_heads = k.get_int("num_key_value_heads")
    head_dim = k.head_dim(hidden, heads)
    vocab = k.get_int("vocab_size")
    tied = k.flag("tie_word_embeddings", False)
    experts = k.get_int("num_local_experts", "n_routed_experts")
    per_token = k.get_int("num_experts_per_tok")
    width = k.get_int("moe_intermediate_size", "intermediate_size")
    shared_width = (
        k.get_count("shared_intermediate_size") if k.has("shared_intermediate_size") else width
    )
    shared = k.get_count("n_shared_experts") if shared_width else 0
    moe_flags = flag_list(k, "moe_layer_freq", layers)
    if moe_flags is None:
        dense = k.dense_layers_first(layers)
        moe_flags = [int(i >= dense) for i in range(layers)]
    dense_width = k.get_int("dense_intermediate_size", default=width)
    per_layer_norm = k.get_str("qk_norm_type", "per_head") == "per_layer"
    attention = gqa_attention(
        hidden, heads, kv_heads, head_dim, output_gate=k.flag("attention_output_gate", False)
    )
    if k.flag("attention_bias", False):
        attention += (heads + 2 * kv_heads) * head_dim
    if k.flag("use_qk_norm", False):
        attention += (heads + kv_heads) * head_dim if per_layer_norm else 2 * head_dim
    sparse_flags, index = _minimax_sparse(k, layers)
    index_params = 0
    if index:
        index_params = hidden * (index["index_heads"] + 1) * index["index_head_dim"]
        index_params += hidden * index["index_heads"]
    expert = ffn(hidden, width)
    router = hidden * experts + experts
    shared_ffn = shared * ffn(hidden, shared_width)
    full_cache: dict[str, Any] = {"kind": "full", "kv_heads": kv_heads, "head_dim": head_dim}
    tally = Tally().embeddings(vocab, hidden, tied)
    per_layer: list[dict[str, Any]] = []
    for i in range(layers):
        mlp = shared_ffn if moe_flags[i] else ffn(hidden, dense_width)
        mixer = attention + (index_params if sparse_flags[i] else 0)
        tally = tally.add(
            always=mixer + (router if moe_flags[i] else 0) + 2 * hidden, feed_forward=mlp
        )
        per_layer.append(
            {**full_cache, "kind": "sparse", **index} if sparse_flags[i] else full_cache
        )
    moe_layers = sum(moe_flags)
    routed, active = routed_experts(moe_layers, experts, per_token, expert)
    tally = tally.add(routed_total=routed, routed_active=active)
    mtp = None
    # The MTP depth the checkpoint carries: `num_nextn_predict_layers` where the config gives
    # it. MiniMax-M3's config also says num_mtp_modules 7, but its checkpoint carries one
    # module, model.mtp.layers.0 (NVIDIA NeMo AutoModel's minimax_m3_vl.mtp; NVIDIA's NVFP4
    # export's config says 1). MiniMax-M2.5 gives num_mtp_modules alone.
    modules = k.mtp_depth("num_nextn_predict_layers", "num_mtp_modules")
    modules = modules if k.flag("use_mtp", True) else 0
    if modules:
        moe_block = router + shared_ffn + experts * expert
        block = attention + moe_block + 2 * hidden + 2 * hidden * hidden
        mtp = MtpFound(
            num_layers=modules,
            params=modules * (block + 3 * hidden),
            cache=LayerGroup.model_validate({"count": modules, **full_cache}),
        )
    return FamilyArch(
        num_layers=layers,
        hidden=hidden,
        heads=heads,
        kv_heads=kv_heads,
        head_dim=head_dim,
        dense_intermediate=dense_width if moe_layers < layers else width,
        vocab=vocab,
        tied=tied,
        tally=tally,
        attention=gqa_summary(heads, kv_heads),
        moe=MoeShape(experts, per_token, shared, moe_layers, width, shared_width or width),
        layers=group_layers(per_layer) if index else None,
        mtp=mtp,
    )
