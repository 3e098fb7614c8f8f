"""Readers for hybrids of attention with linear attention or state-space layers: Qwen3-Next
and Qwen3.5 (Gated DeltaNet), Nemotron-H / Nemotron 3 (Mamba-2), Kimi Linear (KDA + MLA).

A linear layer keeps a fixed state per sequence; its state dtype is what the checkpoint asks
engines to keep it in (``mamba_ssm_dtype``, ``mamba_ssm_cache_dtype``), bfloat16 otherwise.
"""

from __future__ import annotations

from typing import Any

from aisle_desktop.catalog.hf_arch import (
    FamilyArch,
    MtpFound,
    gqa_summary,
    group_layers,
    mla_summary,
    string_list,
)
from aisle_desktop.catalog.hf_keys import Keys
from aisle_desktop.catalog.param_blocks import (
    Tally,
    ffn,
    gated_deltanet,
    gqa_attention,
    mamba2,
    mla_attention,
    routed_experts,
)
from aisle_desktop.catalog.param_count import MoeShape
from aisle_desktop.catalog.schema_layers import LayerGroup
from aisle_desktop.strict_json import shown_value

_STATE_DTYPES = {"float32": "float32", "bfloat16": "bfloat16", "float16": "float16"}


def _state_dtype(k: Keys, *names: str) -> str:
    for name in names:
        value = k.get_str(name)
        if value:
            if value not in _STATE_DTYPES:
                raise k.fail(
                    name, f"must be float32, bfloat16 or float16, got {shown_value(value)}"
                )
            return _STATE_DTYPES[value]
    return "bfloat16"


def _qwen_layer_kinds(k: Keys, layers: int) -> list[str]:
    kinds = string_list(k, "layer_types", layers, {"linear_attention", "full_attention"})
    if kinds is not None:
        return kinds
    interval = k.get_int("full_attention_interval", default=4)
    return [
        "full_attention" if (i + 1) % interval == 0 else "linear_attention" for i in range(layers)
    ]


def read_qwen_hybrid(k: Keys) -> FamilyArch:
    """Qwen3-Next and Qwen3.5 (dense and MoE): three Gated DeltaNet layers per gated
    full-attention layer; MTP layers are full-attention layers of the same width."""
    layers = k.layer_count("num_hidden_layers")
    hidden = k.get_int("hidden_size")
    heads = k.get_int("num_attention_heads")
    kv_heads = k.get_int("num_key_value_heads")
    head_dim = k.get_int("head_dim")
    vocab = k.get_int("vocab_size")
    tied = k.flag("tie_word_embeddings", False)
    key_heads = k.get_int("linear_num_key_heads")
    value_heads = k.get_int("linear_num_value_heads")
    key_dim = k.get_int("linear_key_head_dim")
    value_dim = k.get_int("linear_value_head_dim")
    kernel = k.get_int("linear_conv_kernel_dim")
    gate = k.flag("attn_output_gate", True)
    full = gqa_attention(hidden, heads, kv_heads, head_dim, output_gate=gate, qk_norm=True)
    linear = gated_deltanet(hidden, key_heads, value_heads, key_dim, value_dim, kernel)

    experts = k.opt_int("num_experts")
    if not experts and not k.has("intermediate_size"):
        # Was "key intermediate_size: is missing" for a Qwen3.5 MoE config that lost its
        # num_experts, sending the planner to a key its kind never has.
        raise k.fail(
            "num_experts",
            "is missing, and so is intermediate_size: a mixture of experts gives num_experts, "
            "a dense model intermediate_size",
        )
    moe = None
    always, shared_ffn, expert = 0, 0, 0
    dense_width = 0 if experts else k.get_int("intermediate_size")
    moe_flags = [False] * layers
    if experts:
        per_token = k.get_int("num_experts_per_tok")
        width = k.get_int("moe_intermediate_size")
        shared_width = k.get_count("shared_expert_intermediate_size")
        dense_only = set(k.get_list("mlp_only_layers") or [])
        moe_flags = [i not in dense_only for i in range(layers)]
        always = hidden * experts + (hidden if shared_width else 0)  # router, shared gate
        shared_ffn = ffn(hidden, shared_width) if shared_width else 0
        expert = ffn(hidden, width)
        moe = MoeShape(experts, per_token, 1 if shared_width else 0, sum(moe_flags), width, width)
        dense_width = width

    kinds = _qwen_layer_kinds(k, layers)
    state = _state_dtype(k, "mamba_ssm_dtype")
    full_cache: dict[str, Any] = {"kind": "full", "kv_heads": kv_heads, "head_dim": head_dim}
    linear_cache = {
        "kind": "linear",
        "key_heads": key_heads,
        "value_heads": value_heads,
        "key_head_dim": key_dim,
        "value_head_dim": value_dim,
        "conv_kernel": kernel,
        "state_dtype": state,
    }
    tally = Tally().embeddings(vocab, hidden, tied)
    per_layer: list[dict[str, Any]] = []
    for i, kind in enumerate(kinds):
        mixer = full if kind == "full_attention" else linear
        if moe_flags[i]:
            tally = tally.add(always=mixer + always + 2 * hidden, feed_forward=shared_ffn)
        else:
            mlp = ffn(hidden, k.get_int("intermediate_size"))
            tally = tally.add(always=mixer + 2 * hidden, feed_forward=mlp)
        per_layer.append(full_cache if kind == "full_attention" else linear_cache)
    if moe:
        routed, active = routed_experts(
            moe.num_moe_layers, moe.num_experts, moe.experts_per_token, expert
        )
        tally = tally.add(routed_total=routed, routed_active=active)

    mtp_layers = k.mtp_depth("mtp_num_hidden_layers", "num_nextn_predict_layers")
    mtp = None
    if mtp_layers:
        mlp = always + shared_ffn + moe.num_experts * expert if moe else ffn(hidden, dense_width)
        mtp = MtpFound(
            num_layers=mtp_layers,
            params=mtp_layers * (full + mlp + 2 * hidden) + 2 * hidden * hidden + 3 * hidden,
            cache=LayerGroup.model_validate({"count": mtp_layers, **full_cache}),
        )
    return FamilyArch(
        num_layers=layers,
        hidden=hidden,
        heads=heads,
        kv_heads=kv_heads,
        head_dim=head_dim,
        dense_intermediate=dense_width,
        vocab=vocab,
        tied=tied,
        tally=tally,
        attention=gqa_summary(heads, kv_heads),
        moe=moe,
        layers=group_layers(per_layer),
        mtp=mtp,
    )


_NEMOTRON_BLOCKS = {"M": "mamba", "E": "moe", "*": "attention", "-": "mlp"}


def _nemotron_blocks(k: Keys, pattern_key: str, list_key: str) -> list[str]:
    """The blocks in order, from a pattern string ("MEM*E") or a list of block names."""
    pattern = k.get_str(pattern_key)
    if not pattern:
        listed = k.get_list(list_key)
        names = set(_NEMOTRON_BLOCKS.values())
        if listed and all(isinstance(b, str) and b in names for b in listed):
            return [str(b) for b in listed]
        raise k.fail(
            pattern_key, f"(or {list_key}) must list the blocks: {', '.join(sorted(names))}"
        )
    if set(pattern) - set(_NEMOTRON_BLOCKS):
        raise k.fail(
            pattern_key, "must be a string of M (Mamba-2), E (MoE), * (attention), - (MLP)"
        )
    return [_NEMOTRON_BLOCKS[c] for c in pattern]


def read_nemotron_h(k: Keys) -> FamilyArch:
    """Nemotron-H and Nemotron 3: one block per character of ``hybrid_override_pattern``:
    Mamba-2 mixers, attention, squared-ReLU MLPs and MoE (optionally in a latent space)."""
    blocks = _nemotron_blocks(k, "hybrid_override_pattern", "layers_block_type")
    layers = len(blocks)
    if k.get_int("num_hidden_layers", default=layers) != layers:
        raise k.fail("num_hidden_layers", f"must equal the pattern's {layers} blocks")
    hidden = k.get_int("hidden_size")
    heads = k.get_int("num_attention_heads")
    kv_heads = k.get_int("num_key_value_heads")
    head_dim = k.get_int("head_dim", "attention_head_dim")
    vocab = k.get_int("vocab_size")
    tied = k.flag("tie_word_embeddings", False)
    m_heads = k.get_int("mamba_num_heads")
    m_dim = k.get_int("mamba_head_dim")
    groups = k.get_int("n_groups")
    state = k.get_int("ssm_state_size")
    kernel = k.get_int("conv_kernel")
    mamba = mamba2(hidden, m_heads, m_dim, groups, state, kernel, k.flag("use_conv_bias", True))
    attention = gqa_attention(hidden, heads, kv_heads, head_dim)
    mlp = ffn(hidden, k.get_int("intermediate_size"), gated=False)

    moe = None
    moe_always, shared_ffn, expert = 0, 0, 0
    if "moe" in blocks:
        experts = k.get_int("n_routed_experts")
        per_token = k.get_int("num_experts_per_tok")
        width = k.get_int("moe_intermediate_size")
        latent = k.opt_int("moe_latent_size")
        expert = ffn(latent or hidden, width, gated=False)
        shared = k.get_int("n_shared_experts", default=1)
        shared_width = k.get_int("moe_shared_expert_intermediate_size")
        shared_ffn = shared * ffn(hidden, shared_width, gated=False)
        moe_always = hidden * experts + (2 * hidden * latent if latent else 0)
        moe = MoeShape(
            experts,
            per_token,
            shared,
            blocks.count("moe"),
            width,
            shared_width,
            expert_hidden=latent,
            gated_experts=False,
        )

    cache_of: dict[str, dict[str, Any]] = {
        "mamba": {
            "kind": "linear",
            "key_heads": groups,
            "value_heads": m_heads,
            "key_head_dim": state,
            "value_head_dim": m_dim,
            "conv_kernel": kernel,
            "state_dtype": _state_dtype(k, "mamba_ssm_cache_dtype"),
        },
        "attention": {"kind": "full", "kv_heads": kv_heads, "head_dim": head_dim},
        "moe": {"kind": "ffn"},
        "mlp": {"kind": "ffn"},
    }
    params_of = {"mamba": mamba, "attention": attention, "mlp": 0, "moe": moe_always}
    feed_forward_of = {"mlp": mlp, "moe": shared_ffn}
    tally = Tally().embeddings(vocab, hidden, tied)
    for block in blocks:
        tally = tally.add(
            always=params_of[block] + hidden, feed_forward=feed_forward_of.get(block, 0)
        )
    if moe:
        routed, active = routed_experts(
            moe.num_moe_layers, moe.num_experts, moe.experts_per_token, expert
        )
        tally = tally.add(routed_total=routed, routed_active=active)

    mtp = None
    mtp_depth = k.mtp_depth("num_nextn_predict_layers")
    if mtp_depth:
        mtp_blocks = _nemotron_blocks(k, "mtp_hybrid_override_pattern", "mtp_layers_block_type")
        block_params = sum(params_of[b] + feed_forward_of.get(b, 0) + hidden for b in mtp_blocks)
        block_params += moe.num_experts * expert * mtp_blocks.count("moe") if moe else 0
        attention_layers = mtp_blocks.count("attention")
        if attention_layers:
            mtp = MtpFound(
                num_layers=mtp_depth,
                params=mtp_depth * (block_params + 2 * hidden * hidden + 3 * hidden),
                cache=LayerGroup.model_validate(
                    {"count": mtp_depth * attention_layers, **cache_of["attention"]}
                ),
            )
    return FamilyArch(
        num_layers=layers,
        hidden=hidden,
        heads=heads,
        kv_heads=kv_heads,
        head_dim=head_dim,
        dense_intermediate=k.get_int("intermediate_size"),
        vocab=vocab,
        tied=tied,
        tally=tally,
        attention=gqa_summary(heads, kv_heads),
        moe=moe,
        layers=group_layers([cache_of[b] for b in blocks]),
        mtp=mtp,
    )


_KIMI_LINEAR_KEYS = {
    "full_attn_layers",
    "kda_layers",
    "head_dim",
    "num_heads",
    "short_conv_kernel_size",
    "use_full_rank_gate",
    "gate_lower_bound",
}


def _kda_params(hidden: int, heads: int, head_dim: int, kernel: int, full_rank_gate: bool) -> int:
    """One Kimi Delta Attention mixer: q, k, v and o, a beta per head, the decay through a
    low-rank pair (f_a, f_b), the output gate through another (g_a, g_b) or, in Kimi K3, one
    full-rank projection (``use_full_rank_gate``: llama.cpp's single ssm_g), a short
    convolution over q, k and v, A_log, dt_bias and the output norm."""
    inner = heads * head_dim
    low_rank = hidden * head_dim + head_dim * inner
    gate = hidden * inner if full_rank_gate else low_rank
    params = 4 * hidden * inner + hidden * heads + low_rank + gate
    return params + 3 * inner * kernel + heads + inner + head_dim


def _kimi_k3_extras(k: Keys, hidden: int, heads: int, v_dim: int) -> tuple[int, int, int]:
    """What Kimi K3 adds to Kimi Linear, per MLA layer, per MoE layer and per layer.

    The MLA output gate (``mla_use_output_gate``: sigmoid(g_proj(x)) times the heads' values
    before o_proj, TensorRT-LLM's Kimi K3 MLA) is a hidden x heads x v_head_dim projection.
    The latent MoE (``routed_expert_hidden_size``) projects the hidden state down to the
    experts' width and back up, with an RMS norm between when ``latent_moe_use_norm``
    (FlashInfer's K3 MegaMoE: routed hidden 3,584). Attention residuals
    (``attn_res_block_size``: a layer's attention and MLP each attend over the sealed blocks
    of earlier layers with a pseudo-query of their own, Kimi K3's AttnRes) add two hidden-wide
    queries a layer and change no cache. ``mla_use_nope`` only leaves the rotary part
    unrotated; the cache keeps it (TensorRT-LLM passes the rope slots through).
    """
    gate = hidden * heads * v_dim if k.flag("mla_use_output_gate", False) else 0
    latent = k.opt_int("routed_expert_hidden_size")
    latent_moe = 2 * hidden * latent if latent and latent != hidden else 0
    if latent_moe and k.flag("latent_moe_use_norm", False):
        latent_moe += latent or 0
    attn_res = 2 * hidden if k.opt_int("attn_res_block_size") else 0
    return gate, latent_moe, attn_res


def read_kimi_linear(k: Keys) -> FamilyArch:
    """Kimi Linear: Kimi Delta Attention layers (a state per head) with MLA layers between
    them, listed 1-based in ``linear_attn_config``."""
    config = k.data.get("linear_attn_config")
    if not isinstance(config, dict):
        raise k.fail("linear_attn_config", "is missing")
    unknown = sorted(set(config) - _KIMI_LINEAR_KEYS)
    if unknown:
        raise k.fail(
            "linear_attn_config", f"has keys Aisle does not understand: {', '.join(unknown)}"
        )
    layers = k.layer_count("num_hidden_layers")
    listed = config.get("full_attn_layers") or []
    if not isinstance(listed, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) and 1 <= i <= layers for i in listed
    ):  # int() of a name, or of a list, raised out of the import
        raise k.fail(
            "linear_attn_config", f"its full_attn_layers must list layers from 1 to {layers}"
        )
    full_layers = {i - 1 for i in listed}
    hidden = k.get_int("hidden_size")
    heads = k.get_int("num_attention_heads")
    vocab = k.get_int("vocab_size")
    tied = k.flag("tie_word_embeddings", False)
    kv_lora = k.get_int("kv_lora_rank")
    rope = k.get_count("qk_rope_head_dim")
    nope = k.get_int("qk_nope_head_dim")
    v_dim = k.get_int("v_head_dim")
    linear = k.nested("linear_attn_config")
    kda_heads = linear.get_int("num_heads", default=heads)
    kda_dim = linear.get_int("head_dim", default=128)
    kernel = linear.get_int("short_conv_kernel_size", default=4)
    full_rank_gate = linear.flag("use_full_rank_gate", False)
    kda = _kda_params(hidden, kda_heads, kda_dim, kernel, full_rank_gate)
    gate, latent_moe, attn_res = _kimi_k3_extras(k, hidden, heads, v_dim)
    mla = mla_attention(hidden, heads, k.opt_int("q_lora_rank"), kv_lora, nope, rope, v_dim)
    mla += gate
    experts = k.get_int("num_experts", "n_routed_experts")
    per_token = k.get_int("num_experts_per_token", "num_experts_per_tok")
    width = k.get_int("moe_intermediate_size")
    shared = k.get_int("num_shared_experts", "n_shared_experts", default=1)
    dense = k.dense_layers_first(layers)
    latent = k.opt_int("routed_expert_hidden_size")
    expert_hidden = latent if latent and latent != hidden else None
    expert = ffn(expert_hidden or hidden, width)
    moe_always = hidden * experts + latent_moe
    shared_ffn = ffn(hidden, width * shared)
    tally = Tally().embeddings(vocab, hidden, tied)
    per_layer: list[dict[str, Any]] = []
    kda_cache = {
        "kind": "linear",
        "key_heads": kda_heads,
        "value_heads": kda_heads,
        "key_head_dim": kda_dim,
        "value_head_dim": kda_dim,
        "conv_kernel": kernel,
        "state_dtype": "float32",
    }
    for i in range(layers):
        is_full = i in full_layers
        mlp = ffn(hidden, k.get_int("intermediate_size")) if i < dense else shared_ffn
        router = 0 if i < dense else moe_always
        tally = tally.add(
            always=(mla if is_full else kda) + router + 2 * hidden + attn_res, feed_forward=mlp
        )
        per_layer.append(
            {"kind": "full", "kv_lora_rank": kv_lora, "qk_rope_head_dim": max(rope, 1)}
            if is_full
            else kda_cache
        )
    routed, active = routed_experts(layers - dense, experts, per_token, expert)
    # AttnRes reads the blocks out through one more query before the final norm.
    tally = tally.add(always=hidden if attn_res else 0, routed_total=routed, routed_active=active)
    return FamilyArch(
        num_layers=layers,
        hidden=hidden,
        heads=heads,
        kv_heads=heads,
        head_dim=v_dim,
        dense_intermediate=k.get_int("intermediate_size"),
        vocab=vocab,
        tied=tied,
        tally=tally,
        attention=mla_summary(kv_lora, max(rope, 1)),
        moe=MoeShape(
            experts, per_token, shared, layers - dense, width, width, expert_hidden=expert_hidden
        ),
        layers=group_layers(per_layer),
    )
