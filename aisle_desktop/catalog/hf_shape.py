"""From Hugging Face config keys to an ``ArchShape`` (and the attention / MoE details)."""

from __future__ import annotations

from aisle_desktop.catalog.hf_keys import LAYER_COUNT_KEYS, TIED_BY_DEFAULT, Keys
from aisle_desktop.catalog.param_count import ArchShape, MlaShape, MoeShape

NON_GATED = {"falcon", "gptj", "bert", "gpt2"}


def _kv_heads(k: Keys, model_type: str, heads: int) -> int:
    if model_type == "falcon":
        if k.flag("new_decoder_architecture", False):
            return k.get_int("num_kv_heads", "num_key_value_heads", default=heads)
        return 1 if k.flag("multi_query", True) else heads
    return k.get_int("num_key_value_heads", "num_kv_heads", default=heads)


def _moe(k: Keys, model_type: str, layers: int, hidden: int) -> MoeShape | None:
    experts = k.opt_int("n_routed_experts", "num_local_experts", "num_experts")
    if experts is None or experts < 2:
        return None
    per_token = k.get_int("num_experts_per_tok", "experts_per_token", "num_experts_per_token")
    expert_width = k.get_int("moe_intermediate_size", "intermediate_size")
    shared = k.get_count("n_shared_experts") or (1 if model_type.startswith("llama4") else 0)
    if model_type.startswith("deepseek"):
        moe_layers = layers - k.dense_layers_first(layers)
    elif model_type.startswith("llama4"):
        listed = k.get_list("moe_layers")
        step = k.get_int("interleave_moe_layer_step", default=1)
        moe_layers = len(listed) if listed is not None else layers // step
    elif model_type.startswith("qwen3_moe") or model_type.startswith("qwen2_moe"):
        dense_only = k.get_list("mlp_only_layers") or []
        step = k.get_int("decoder_sparse_step", default=1)
        moe_layers = len([i for i in range(layers) if i not in dense_only and (i + 1) % step == 0])
    else:
        moe_layers = layers
    return MoeShape(
        num_experts=experts,
        experts_per_token=per_token,
        num_shared_experts=shared,
        num_moe_layers=moe_layers,
        expert_intermediate=expert_width,
        shared_intermediate=expert_width,
        expert_bias=model_type == "gpt_oss",
        router_bias=model_type == "gpt_oss",
    )


def _mla(k: Keys) -> MlaShape | None:
    if not k.has("kv_lora_rank"):
        return None
    return MlaShape(
        q_lora_rank=k.opt_int("q_lora_rank"),
        kv_lora_rank=k.get_int("kv_lora_rank"),
        qk_nope_head_dim=k.get_int("qk_nope_head_dim"),
        qk_rope_head_dim=k.get_int("qk_rope_head_dim"),
        v_head_dim=k.get_int("v_head_dim"),
    )


def _dense_width(k: Keys, model_type: str, layers: int, hidden: int, moe: MoeShape | None) -> int:
    if moe is not None and moe.num_moe_layers == layers:
        return moe.expert_intermediate  # every layer is MoE: report the expert width
    if model_type.startswith("llama4"):
        return k.get_int("intermediate_size_mlp", "intermediate_size")
    return k.get_int("intermediate_size", "n_inner", "ffn_hidden_size", default=4 * hidden)


def arch_shape(k: Keys, model_type: str) -> ArchShape:
    """The parameter-relevant shape of this config's language model."""
    layers = k.layer_count(*LAYER_COUNT_KEYS)
    hidden = k.get_int("hidden_size", "n_embd", "d_model")
    heads = k.get_int("num_attention_heads", "n_head")
    moe = _moe(k, model_type, layers, hidden)
    mla = _mla(k)
    head_dim = mla.v_head_dim if mla is not None else k.head_dim(hidden, heads)
    gemma = model_type.startswith("gemma")
    layer_norm = model_type in NON_GATED  # LayerNorm carries a bias: two vectors per norm
    norms = {"falcon": 4, "gptj": 2, "bert": 4}.get(model_type, 4 if gemma else 2)
    return ArchShape(
        num_layers=layers,
        hidden=hidden,
        heads=heads,
        kv_heads=_kv_heads(k, model_type, heads),
        head_dim=head_dim,
        dense_intermediate=_dense_width(k, model_type, layers, hidden, moe),
        vocab=k.get_int("vocab_size"),
        tied=k.flag("tie_word_embeddings", model_type in TIED_BY_DEFAULT),
        gated_mlp=model_type not in NON_GATED,
        qkv_bias=model_type in {"qwen2", "bert"}
        or k.flag("attention_bias", False)
        or (model_type == "falcon" and k.flag("bias", False)),
        o_bias=model_type == "bert" or (model_type == "gpt_oss" and k.flag("attention_bias", True)),
        mlp_bias=model_type in {"gptj", "bert"} or k.flag("mlp_bias", False),
        norm_params_per_layer=norms,
        final_norm_params=2 if layer_norm else 1,
        qk_norm=model_type.startswith("qwen3") or model_type.startswith("gemma3"),
        attention_sinks=model_type == "gpt_oss",
        lm_head_bias=model_type == "gptj",
        extra_embedding_rows=(
            k.get_int("max_position_embeddings") + k.get_int("type_vocab_size", default=2)
        )
        if model_type == "bert"
        else 0,
        mla=mla,
        moe=moe,
    )
