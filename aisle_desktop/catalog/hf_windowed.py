"""Reader for grouped-query MoE families that interleave full and sliding-window layers of
their own shapes: MiMo-V2-Flash (``mimo_v2_flash``) and Step 3.5 / 3.7 Flash (``step3p7``).

Both keep a full cache on a few layers and the last ``sliding_window`` tokens on the rest.
MiMo-V2-Flash gives its sliding layers their own heads (``swa_num_key_value_heads``, 8
against the full layers' 4) and its values their own width (``v_head_dim`` 128 against the
keys' 192), so the cache holds 4 x (192 + 128) elements a token in a full layer. The shapes
follow transformers' ``modeling_mimo_v2_flash.py`` (q, k of ``head_dim``, v of ``v_head_dim``,
o from ``heads x v_head_dim``; a learned sink per head on the sliding layers) and StepFun's
Step 3.5 modeling (a per-head gate ``g_proj`` and per-head q/k norms by default, a shared
expert of ``share_expert_dim`` beside the routed ones, MTP layers of one sliding-attention
block with a dense MLP, their own embedding projection and output head).
"""

from __future__ import annotations

from typing import Any

from aisle_desktop.catalog.hf_arch import FamilyArch, MtpFound, flag_list, gqa_summary, group_layers
from aisle_desktop.catalog.hf_keys import Keys
from aisle_desktop.catalog.param_blocks import Tally, ffn, routed_experts
from aisle_desktop.catalog.param_count import MoeShape
from aisle_desktop.catalog.schema_layers import LayerGroup

_KINDS = {"full_attention": "full", "sliding_attention": "sliding"}


def _layer_kinds(k: Keys, layers: int) -> list[str]:
    """``layer_types`` by name, or MiMo's ``hybrid_layer_pattern`` (0 full, 1 sliding)."""
    types = k.get_list("layer_types")
    if types is not None:
        unknown = sorted({str(t) for t in types} - set(_KINDS))
        if len(types) < layers or unknown:
            raise k.fail(
                "layer_types",
                f"must name full_attention or sliding_attention for each of the {layers} layers",
            )
        return [_KINDS[t] for t in types[:layers]]
    pattern = flag_list(k, "hybrid_layer_pattern", layers)
    if pattern is None:
        raise k.fail("layer_types", "is missing (nor is there a hybrid_layer_pattern)")
    return ["sliding" if p else "full" for p in pattern]


def _window(k: Keys) -> int:
    """The sliding window; MiMo writes it three times, which must agree."""
    window = k.get_int("sliding_window")
    for name in ("sliding_window_size", "attention_chunk_size"):
        if k.has(name) and k.get_int(name) != window:
            raise k.fail(
                name,
                f"differs from sliding_window ({window:,}); Aisle will not guess "
                "which window the sliding layers keep",
            )
    return window


def _attention_shape(k: Keys, prefix: str, full: dict[str, int] | None) -> dict[str, int]:
    """Heads and widths of one kind of layer (``swa_`` keys default to the full layers')."""
    base = full or {}
    heads = k.get_int(f"{prefix}num_attention_heads", default=base.get("heads"))
    head_dim = k.get_int(f"{prefix}head_dim", default=base.get("head_dim"))
    return {
        "heads": heads,
        "kv_heads": k.get_int(f"{prefix}num_key_value_heads", default=base.get("kv_heads")),
        "head_dim": head_dim,
        "value_head_dim": k.get_int(
            f"{prefix}v_head_dim", default=base.get("value_head_dim", head_dim)
        ),
    }


def _attention_params(k: Keys, hidden: int, shape: dict[str, int], sinks: bool) -> int:
    """q and k of ``head_dim``, v of ``value_head_dim``, o back from the values; a per-head
    gate and q/k norms (Step), a learned sink per head (MiMo's sliding layers)."""
    heads, kv_heads = shape["heads"], shape["kv_heads"]
    keys, values = shape["head_dim"], shape["value_head_dim"]
    params = hidden * (heads * keys + kv_heads * keys + kv_heads * values) + heads * values * hidden
    if k.flag("attention_bias", False):
        params += heads * keys + kv_heads * (keys + values)
    if k.flag("use_head_wise_attn_gate", False):
        params += hidden * heads
    if k.flag("use_qk_norm", False):
        params += 2 * keys
    return params + (heads if sinks else 0)


def _cache(shape: dict[str, int], kind: str, window: int) -> dict[str, Any]:
    cache: dict[str, Any] = {
        "kind": kind,
        "kv_heads": shape["kv_heads"],
        "head_dim": shape["head_dim"],
    }
    if shape["value_head_dim"] != shape["head_dim"]:
        cache["value_head_dim"] = shape["value_head_dim"]
    if kind == "sliding":
        cache["window_tokens"] = window
    return cache


def read_windowed_moe(k: Keys) -> FamilyArch:
    """Full and sliding-window GQA layers of their own shapes over dense and MoE MLPs."""
    layers = k.layer_count("num_hidden_layers")
    hidden = k.get_int("hidden_size")
    vocab = k.get_int("vocab_size")
    tied = k.flag("tie_word_embeddings", False)
    kinds = _layer_kinds(k, layers)
    window = _window(k)
    full = _attention_shape(k, "", None)
    sliding = _attention_shape(k, "swa_", full)
    mixers = {
        "full": _attention_params(k, hidden, full, k.flag("add_full_attention_sink_bias", False)),
        "sliding": _attention_params(
            k, hidden, sliding, k.flag("add_swa_attention_sink_bias", False)
        ),
    }
    experts = k.get_int("n_routed_experts", "num_experts")
    per_token = k.get_int("num_experts_per_tok")
    width = k.get_int("moe_intermediate_size")
    dense_width = k.get_int("intermediate_size")
    shared = k.get_count("n_shared_experts")
    shared_width = k.get_int("share_expert_dim", default=width)
    moe_flags = flag_list(k, "moe_layer_freq", layers)
    if moe_flags is None:
        dense = k.dense_layers_first(layers)
        moe_flags = [int(i >= dense) for i in range(layers)]
    router = hidden * experts + experts  # the gate and its score-correction bias
    shared_ffn = shared * ffn(hidden, shared_width)
    tally = Tally().embeddings(vocab, hidden, tied)
    per_layer = []
    for kind, moe in zip(kinds, moe_flags, strict=True):
        mlp = shared_ffn if moe else ffn(hidden, dense_width)
        tally = tally.add(
            always=mixers[kind] + (router if moe else 0) + 2 * hidden, feed_forward=mlp
        )
        per_layer.append(_cache(full if kind == "full" else sliding, kind, window))
    moe_layers = sum(moe_flags)
    expert = ffn(hidden, width)
    routed, active = routed_experts(moe_layers, experts, per_token, expert)
    tally = tally.add(routed_total=routed, routed_active=active)
    summary = gqa_summary(full["heads"], full["kv_heads"])
    summary["sliding_window_tokens"] = window
    summary["num_sliding_window_layers"] = kinds.count("sliding")
    return FamilyArch(
        num_layers=layers,
        hidden=hidden,
        heads=full["heads"],
        kv_heads=full["kv_heads"],
        head_dim=full["head_dim"],
        dense_intermediate=dense_width,
        vocab=vocab,
        tied=tied,
        tally=tally,
        attention=summary,
        moe=MoeShape(experts, per_token, shared, moe_layers, width, shared_width),
        layers=group_layers(per_layer),
        mtp=_mtp(k, hidden, vocab, dense_width, mixers["sliding"], sliding, window),
    )


def _mtp(
    k: Keys,
    hidden: int,
    vocab: int,
    dense_width: int,
    mixer: int,
    shape: dict[str, int],
    window: int,
) -> MtpFound | None:
    """Step 3.5's MTP layers: the two input norms and ``eh_proj`` (2 x hidden to hidden), one
    sliding-attention block with a dense MLP, and a head of its own (a norm and a
    vocabulary-wide output); each keeps its window of K and V."""
    modules = k.mtp_depth("num_nextn_predict_layers")
    if not modules:
        return None
    block = 2 * hidden + 2 * hidden * hidden + mixer + ffn(hidden, dense_width) + 2 * hidden
    head = hidden + vocab * hidden
    cache = LayerGroup.model_validate({"count": modules, **_cache(shape, "sliding", window)})
    return MtpFound(num_layers=modules, params=modules * (block + head), cache=cache)
