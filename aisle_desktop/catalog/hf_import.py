"""Importing a model from a local Hugging Face ``config.json`` (no network, no weights).

Air-gapped users add models the shipped catalog lacks by pointing at the config they already
have. Parameter counts are computed from the architecture, since configs rarely state them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from aisle_desktop.catalog.errors import CatalogError
from aisle_desktop.catalog.hf_keys import Keys, text_keys
from aisle_desktop.catalog.hf_shape import arch_shape
from aisle_desktop.catalog.param_count import ArchShape, count_params
from aisle_desktop.catalog.reading import describe_validation_error, read_json
from aisle_desktop.catalog.schema_model import ModelSpec

_DTYPES = {"bfloat16": "bf16", "float16": "fp16", "float32": "fp32", "float8_e4m3fn": "fp8"}
_QUANT = {"fp8": "fp8", "mxfp4": "mxfp4", "awq": "int4", "gptq": "int4", "modelopt": "fp8"}
_ENCODERS = {"bert", "xlm-roberta", "roberta", "nomic_bert"}


def _sliding(k: Keys, model_type: str, layers: int) -> tuple[int | None, int]:
    """(window tokens, layers that use it). Chunked attention (Llama 4) counts as a window."""
    if model_type.startswith("llama4"):
        chunk = k.opt_int("attention_chunk_size")
        flags = k.get_list("no_rope_layers")
        local = sum(1 for f in flags if f) if flags else layers - layers // 4
        return (chunk, local) if chunk else (None, 0)
    window = k.opt_int("sliding_window")
    if window is None or not k.flag("use_sliding_window", True):
        return None, 0
    types = k.get_list("layer_types")
    if types is not None:
        local = sum(1 for t in types if t in ("sliding_attention", "chunked_attention"))
        return (window, local) if local else (None, 0)
    if model_type == "gemma2":
        return window, (layers + 1) // 2
    if model_type.startswith("gemma3"):
        pattern = k.get_int("sliding_window_pattern", default=6)
        return window, layers - layers // pattern
    return window, layers


def _precision(k: Keys) -> str:
    quant = k.data.get("quantization_config")
    if isinstance(quant, dict):
        method = str(quant.get("quant_method", "")).lower()
        if method in _QUANT:
            return _QUANT[method]
    dtype = k.get_str("torch_dtype") or k.get_str("dtype")
    return _DTYPES.get(dtype, "bf16")


def _attention(shape: ArchShape, window: int | None, local: int) -> dict[str, Any]:
    if shape.mla is not None:
        kind = "mla"
    elif shape.kv_heads == shape.heads:
        kind = "mha"
    else:
        kind = "mqa" if shape.kv_heads == 1 else "gqa"
    return {
        "kind": kind,
        "kv_lora_rank": shape.mla.kv_lora_rank if shape.mla else None,
        "qk_rope_head_dim": shape.mla.qk_rope_head_dim if shape.mla else None,
        "sliding_window_tokens": window,
        "num_sliding_window_layers": local,
    }


def import_hf_config(path: Path, model_id: str) -> ModelSpec:
    """Build a ModelSpec (``origin="user"``) from a local Hugging Face ``config.json``.

    Raises CatalogError naming the file and the missing or invalid key.
    """
    label = str(path)
    config = read_json(path, label)
    if not isinstance(config, dict):
        raise CatalogError(f"{label}: must be a JSON object, got {type(config).__name__}")
    keys, model_type = text_keys(config, label)
    shape = arch_shape(keys, model_type)
    counts = count_params(shape)
    window, local = _sliding(keys, model_type, shape.num_layers)
    moe = shape.moe
    name = str(config.get("_name_or_path") or model_id)
    data: dict[str, Any] = {
        "id": model_id,
        "name": name,
        "family": model_type,
        "kind": "embedding" if model_type in _ENCODERS else "llm",
        "num_layers": shape.num_layers,
        "hidden_size": shape.hidden,
        "num_attention_heads": shape.heads,
        "num_key_value_heads": shape.kv_heads,
        "head_dim": shape.head_dim,
        "intermediate_size": shape.dense_intermediate,
        "vocab_size": shape.vocab,
        "tie_word_embeddings": shape.tied,
        "total_params_b": round(counts.total / 1e9, 4),
        "active_params_b": round(counts.active / 1e9, 4) if moe else None,
        "attention": _attention(shape, window, local),
        "moe": None
        if moe is None
        else {
            "num_experts": moe.num_experts,
            "experts_per_token": moe.experts_per_token,
            "num_shared_experts": moe.num_shared_experts,
            "num_moe_layers": moe.num_moe_layers,
            "expert_intermediate_size": moe.expert_intermediate,
            "routed_expert_params_b": round(counts.routed_experts / 1e9, 4),
        },
        "max_context_tokens": keys.get_int("max_position_embeddings", "n_positions", default=2048),
        "native_precision": _precision(keys),
        "embedding_dim": shape.hidden if model_type in _ENCODERS else None,
        "sources": [f"local file {path}"],
        "as_of": date.today().isoformat(),
        "notes": "Imported from a local config.json; parameter counts computed from the "
        "architecture (language model only, no vision tower).",
        "origin": "user",
    }
    try:
        return ModelSpec.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(
            describe_validation_error(f"{label} (as model {model_id!r})", exc)
        ) from None
