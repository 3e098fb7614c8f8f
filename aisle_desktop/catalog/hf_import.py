"""Importing a model from a local Hugging Face ``config.json`` (no network, no weights).

Air-gapped users add models the shipped catalog lacks by pointing at the config they already
have. Parameter counts are computed from the architecture, since configs rarely state them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from aisle_desktop.catalog.errors import CatalogError
from aisle_desktop.catalog.hf_arch import FamilyArch, string_list
from aisle_desktop.catalog.hf_checkpoint import MODULE_LISTS, read_components
from aisle_desktop.catalog.hf_file_name import model_named_by_file
from aisle_desktop.catalog.hf_gqa_moe import read_gemma4, read_gqa_moe
from aisle_desktop.catalog.hf_hybrid import read_kimi_linear, read_nemotron_h, read_qwen_hybrid
from aisle_desktop.catalog.hf_keys import TEXT_CONFIG, Keys, text_keys
from aisle_desktop.catalog.hf_mla import read_deepseek_v4, read_mla
from aisle_desktop.catalog.hf_modelopt import with_modelopt_quantization
from aisle_desktop.catalog.hf_nas import read_nemotron_nas
from aisle_desktop.catalog.hf_shape import arch_shape
from aisle_desktop.catalog.hf_understood import check_understood
from aisle_desktop.catalog.hf_windowed import read_windowed_moe
from aisle_desktop.catalog.hf_worked_out import worked_out_refusal
from aisle_desktop.catalog.mtp_acceptance import default_acceptance
from aisle_desktop.catalog.param_blocks import Tally
from aisle_desktop.catalog.param_count import ArchShape, count_params
from aisle_desktop.catalog.reading import describe_validation_error, problem_words, read_json
from aisle_desktop.catalog.schema_common import MAX_NAME_CHARS
from aisle_desktop.catalog.schema_model import ModelSpec
from aisle_desktop.one_line_names import one_line_name
from aisle_desktop.strict_json import excerpt, json_kind, shown_value

_DTYPES = {
    "bfloat16": "bf16",
    "float16": "fp16",
    "float32": "fp32",
    "float8_e4m3fn": "fp8",
    "float8_e5m2": "fp8",
}
_QUANT = {"fp8": "fp8", "mxfp4": "mxfp4", "awq": "int4", "gptq": "int4"}
_ENCODERS = {"bert", "xlm-roberta", "roberta", "nomic_bert"}


# The layer kinds the older families' ``layer_types`` name.
_WINDOW_KINDS = {"full_attention", "sliding_attention", "chunked_attention"}


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
    # Checked as every reader checks it: a kind it does not know (a linear-attention layer)
    # was counted as full attention, and a short list as that many sliding layers.
    types = string_list(k, "layer_types", layers, _WINDOW_KINDS)
    if types is not None:
        local = sum(1 for t in types if t in ("sliding_attention", "chunked_attention"))
        return (window, local) if local else (None, 0)
    if model_type == "gemma2":
        return window, (layers + 1) // 2
    if model_type.startswith("gemma3"):
        pattern = k.get_int("sliding_window_pattern", default=6)
        return window, layers - layers // pattern
    return window, layers


def _quantized_precision(quant: dict[str, Any], k: Keys) -> str | None:
    """The precision most weights ship in: NVFP4 (ModelOpt), block FP4 experts (DeepSeek-V4),
    compressed-tensors 4-bit integer or float groups, FP8 blocks, MXFP4, AWQ/GPTQ."""
    if '"NVFP4"' in json.dumps(quant):
        return "fp4"
    if k.get_str("expert_dtype") == "fp4":
        return "mxfp4"
    groups = quant.get("config_groups")
    if isinstance(groups, dict):
        found = []
        for group in groups.values():
            weights = group.get("weights") if isinstance(group, dict) else None
            if isinstance(weights, dict) and isinstance(weights.get("num_bits"), int):
                found.append(
                    (weights["num_bits"], str(weights.get("type")), weights.get("group_size"))
                )
        if found:
            bits, kind, group_size = min(found)
            if bits == 4:
                return ("fp4" if group_size == 16 else "mxfp4") if kind == "float" else "int4"
            if bits == 8:
                return "fp8" if kind == "float" else "int8"
    method = str(quant.get("quant_method", "")).lower()
    if method == "modelopt":
        return "fp8"
    return _QUANT.get(method)


def _precision(k: Keys) -> str:
    """The weights' precision. A quantization Aisle does not read is refused by name: it was
    passed over for ``torch_dtype``, sizing 4-bit weights (bitsandbytes, say) as BF16."""
    quant = k.data.get("quantization_config")
    if quant is not None:
        found = _quantized_precision(quant, k) if isinstance(quant, dict) else None
        if found is None:
            method = quant.get("quant_method") if isinstance(quant, dict) else quant
            raise k.fail(
                "quantization_config",
                f"Aisle does not read this quantization ({excerpt(json.dumps(method), 40)}); "
                "it sets the size of the weights, so Aisle will not guess (it reads FP8, "
                "MXFP4, NVFP4, AWQ, GPTQ and compressed-tensors groups of 4 or 8 bits)",
            )
        return found
    key = "torch_dtype" if k.has("torch_dtype") else "dtype"
    dtype = k.get_str(key)
    if not dtype:
        return "bf16"  # what nearly every config without a dtype was published in
    if dtype not in _DTYPES:
        raise k.fail(
            key,
            f"Aisle does not read this weight type ({excerpt(json.dumps(dtype), 40)}); it sets "
            "the size of the weights, so Aisle will not guess (it reads "
            f"{', '.join(_DTYPES)})",
        )
    return _DTYPES[dtype]


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


READERS: dict[str, Callable[[Keys], FamilyArch]] = {
    "mla": read_mla,
    "deepseek_v4": read_deepseek_v4,
    "qwen_hybrid": read_qwen_hybrid,
    "gqa_moe": read_gqa_moe,
    "gemma4": read_gemma4,
    "nemotron_h": read_nemotron_h,
    "kimi_linear": read_kimi_linear,
    "nemotron_nas": read_nemotron_nas,
    "windowed_moe": read_windowed_moe,
}
FAMILY_READER = {
    "deepseek_v3": "mla",
    "deepseek_v32": "mla",
    "kimi_k2": "mla",
    "glm_moe_dsa": "mla",
    "deepseek_v4": "deepseek_v4",
    "qwen3_5": "qwen_hybrid",
    "qwen3_5_moe": "qwen_hybrid",
    "qwen3_next": "qwen_hybrid",
    "minimax_m2": "gqa_moe",
    "minimax_m3": "gqa_moe",
    "glm4_moe": "gqa_moe",
    "gemma4": "gemma4",
    "nemotron_h": "nemotron_h",
    "kimi_linear": "kimi_linear",
    "nemotron-nas": "nemotron_nas",
    "mimo_v2_flash": "windowed_moe",
    "step3p7": "windowed_moe",
}
LEGACY_FAMILIES = {
    "llama", "mistral", "mistral3", "qwen2", "qwen3", "qwen3_moe", "qwen2_moe", "mixtral",
    "gemma", "gemma2", "gemma3", "gemma3_text", "llama4", "gpt_oss", "falcon", "gptj", "phi3",
    "mimo", *_ENCODERS,
}  # fmt: skip


def _legacy(keys: Keys, model_type: str) -> FamilyArch:
    """Families whose layers are all full attention, some with a window (the older reader)."""
    shape = arch_shape(keys, model_type)
    counts = count_params(shape)
    window, local = _sliding(keys, model_type, shape.num_layers)
    table = shape.vocab * shape.hidden
    return FamilyArch(
        num_layers=shape.num_layers,
        hidden=shape.hidden,
        heads=shape.heads,
        kv_heads=shape.kv_heads,
        head_dim=shape.head_dim,
        dense_intermediate=shape.dense_intermediate,
        vocab=shape.vocab,
        tied=shape.tied,
        tally=Tally(counts.total, counts.active, counts.routed_experts, table, counts.feed_forward),
        attention=_attention(shape, window, local),
        moe=shape.moe,
        # OpenAI counts gpt-oss's active parameters without the embedding table (a lookup).
        active_includes_input_embedding=model_type != "gpt_oss",
    )


def unknown_family(label: str, model_type: str) -> CatalogError:
    """What is wrong and what to do, in a few lines, the families Aisle reads as details (the
    walk found 36 names in one sentence before the advice, in the window's box and the
    command's line alike)."""
    known = sorted(set(FAMILY_READER) | LEGACY_FAMILIES)
    return CatalogError(
        f"{label}: Aisle cannot read this model's layers: its model_type is "
        f"{shown_value(model_type)}, "
        f"not one of the {len(known)} model families Aisle knows how to import. "
        "To size it, add it to your own catalog's models.json by hand (its layers, heads, "
        "hidden size and parameters, as `aisle-desktop catalog export` writes the shipped "
        "models), or size a catalog model of its size and kind.",
        f"Families Aisle can import: {', '.join(known)}.",
    )


def read_family(keys: Keys, model_type: str) -> FamilyArch:
    """Read a config with its family's reader, refusing keys and families it does not know."""
    reader = FAMILY_READER.get(model_type)
    if reader is None and keys.label.endswith(TEXT_CONFIG) and "model_type" not in keys.data:
        # A wrapper whose text_config lost its model_type was refused as the wrapper's own
        # family ("kimi_k25 is not one of the families"), which no config is read as.
        raise CatalogError(
            f"{keys.label}: key model_type: is missing (a {model_type} config names its "
            "language model's family there)"
        )
    if reader is None and model_type not in LEGACY_FAMILIES:
        raise unknown_family(keys.label, model_type)
    check_understood(keys.data, reader or "legacy", keys.label)
    if reader is None:
        return _legacy(keys, model_type)
    return READERS[reader](keys)


def _mtp(arch: FamilyArch, family: str) -> dict[str, Any] | None:
    if arch.mtp is None:
        return None
    acceptance, source = default_acceptance(family)
    return {
        "num_layers": arch.mtp.num_layers,
        "params_b": round(arch.mtp.params / 1e9, 4),
        "cache": arch.mtp.cache.model_dump(exclude_none=True),
        "acceptance": acceptance,
        "acceptance_source": source,
    }


def _wide_dtype(k: Keys) -> str:
    """The dtype a config's unquantized weights are stored in (BF16 where it names none)."""
    key = "torch_dtype" if k.has("torch_dtype") else "dtype"
    return _DTYPES.get(k.get_str(key) or "bfloat16", "bf16")


def checkpoint_entries(
    keys: Keys, precision: str, num_layers: int, source: str
) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """The checkpoint this config describes, when it is quantized: what each component is
    stored in by its own lists (`hf_checkpoint.read_components`), or that it does not say;
    and the components it keeps wide in some layers only."""
    quant = keys.data.get("quantization_config")
    if not isinstance(quant, dict):
        return [], ()
    for listed in MODULE_LISTS:  # True or 1.5 there raised "not iterable"
        value = quant.get(listed)
        if value is not None and not isinstance(value, list):
            raise keys.fail(
                "quantization_config",
                f"its {listed} must list module names, got {shown_value(value)}",
            )
    expert_dtype = keys.get_str("expert_dtype") or None
    read = read_components(quant, precision, _wide_dtype(keys), num_layers, expert_dtype)
    components = None if read is None else dict(read.components)
    entry = {"precision": precision, "components": components, "source": source}
    return [entry], () if read is None else read.partial


def model_data(
    arch: FamilyArch, keys: Keys, model_type: str, source: str = "config.json"
) -> dict[str, Any]:
    """The catalog fields a config decides (everything but id, name, sources and notes)."""
    tally, moe = arch.tally, arch.moe
    precision = _precision(keys)
    checkpoints, _ = checkpoint_entries(keys, precision, arch.num_layers, source)
    active = tally.active - (0 if arch.active_includes_input_embedding else tally.table)
    return {
        "family": model_type,
        "kind": "embedding" if model_type in _ENCODERS else "llm",
        "num_layers": arch.num_layers,
        "hidden_size": arch.hidden,
        "num_attention_heads": arch.heads,
        "num_key_value_heads": arch.kv_heads,
        "head_dim": arch.head_dim,
        "intermediate_size": arch.dense_intermediate,
        "vocab_size": arch.vocab,
        "tie_word_embeddings": arch.tied,
        "total_params_b": round(tally.total / 1e9, 4),
        "active_params_b": round(active / 1e9, 4) if moe else None,
        "active_params_include_input_embedding": arch.active_includes_input_embedding,
        "attention": arch.attention,
        "moe": None
        if moe is None
        else {
            "num_experts": moe.num_experts,
            "experts_per_token": moe.experts_per_token,
            "num_shared_experts": moe.num_shared_experts,
            "num_moe_layers": moe.num_moe_layers,
            "expert_intermediate_size": moe.expert_intermediate,
            "routed_expert_params_b": round(tally.routed / 1e9, 4),
            **({"expert_hidden_size": moe.expert_hidden} if moe.expert_hidden else {}),
            **({} if moe.gated_experts else {"gated_experts": False}),
        },
        "layers": None
        if arch.layers is None
        else [g.model_dump(exclude_none=True) for g in arch.layers],
        "mtp": _mtp(arch, model_type),
        "max_context_tokens": keys.get_int("max_position_embeddings", "n_positions", default=2048),
        "native_precision": precision,
        "feed_forward_params_b": round(tally.feed_forward / 1e9, 4),
        "checkpoints": checkpoints,
        "embedding_dim": arch.hidden if model_type in _ENCODERS else None,
    }


def _model_name(written: object, unnamed: str) -> str:
    """The name lists show: the config's ``_name_or_path`` on one line when it is a Hub id
    ("meta-llama/Llama-3.1-8B"); when it is the folder the model was saved from (a path of
    any length), that folder's own name; else `unnamed` (the file's own name for the model,
    else the id)."""
    if not isinstance(written, str):
        return unnamed
    name = one_line_name(written).rstrip("/\\")
    if name.startswith(("/", "~", ".")) or "\\" in name or ":" in name or name.count("/") > 1:
        name = re.split(r"[/\\]", name)[-1].strip()
    return excerpt(name, MAX_NAME_CHARS) or unnamed


def import_hf_config(path: Path, model_id: str) -> ModelSpec:
    """Build a ModelSpec (``origin="user"``) from a local Hugging Face ``config.json``.

    Raises CatalogError naming the file and the missing, invalid or unknown key.
    """
    label = str(path)
    config = read_json(path, label, finite=False)
    if not isinstance(config, dict):
        raise CatalogError(
            f"{label}: must be a JSON object {{...}} of the model's keys, got {json_kind(config)}"
        )
    keys, model_type = text_keys(with_modelopt_quantization(config, path), label)
    try:
        arch = read_family(keys, model_type)
        found = model_data(arch, keys, model_type, f"local file {path}")
    except ValidationError as exc:  # a layer group the reader built from the config's numbers
        raise CatalogError(describe_validation_error(label, exc)) from None
    # Without a _name_or_path, "Qwen--Qwen3-VL-32B-Instruct_config.json" names its model
    # "Qwen3-VL-32B-Instruct" (the Model box, the summary and the report read the id before).
    unnamed = excerpt(model_named_by_file(path) or model_id, MAX_NAME_CHARS)
    name = _model_name(config.get("_name_or_path"), unnamed)
    data: dict[str, Any] = {
        "id": model_id,
        "name": name,
        **found,
        "sources": [f"local file {path}"],
        "as_of": date.today().isoformat(),
        "notes": "Imported from a local config.json; parameter counts computed from the "
        "architecture (language model only, no vision tower; MTP layers apart).",
        "origin": "user",
    }
    try:
        return ModelSpec.model_validate(data)
    except ValidationError as exc:
        raise _refusal(keys, model_id, exc) from None


# The catalog's fields a config's key gives as written, by the config's names for that key.
_WRITTEN_AS = {
    "num_layers": ("num_hidden_layers", "n_layer", "num_layers"),
    "hidden_size": ("hidden_size", "n_embd", "d_model"),
    "num_attention_heads": ("num_attention_heads", "n_head"),
    "num_key_value_heads": ("num_key_value_heads", "num_kv_heads"),
    "head_dim": ("head_dim",),
    "intermediate_size": ("intermediate_size", "n_inner", "ffn_hidden_size"),
    "vocab_size": ("vocab_size",),
    "max_context_tokens": ("max_position_embeddings", "n_positions"),
}


def _refusal(keys: Keys, model_id: str, exc: ValidationError) -> CatalogError:
    """Why the model read is refused: by the config's own key where a field refused is one
    a key gives as written, and where it sits (text_config); hostile walk (hostile34): a
    text_config's hidden_size of 1e30 was "config.json (as model 'x'): field hidden_size"
    and then the parameter totals it overflowed, each with the file's path again, and a
    max_position_embeddings past the limit was named "field max_context_tokens". A total
    worked out from the keys is refused by the keys that weigh most (`worked_out_refusal`)."""
    for item in exc.errors(include_url=False):
        names = _WRITTEN_AS.get(str(item["loc"][0]), ()) if item["loc"] else ()
        given = item.get("input")
        written = next((name for name in names if keys.data.get(name) == given), None)
        if written is not None:
            return keys.fail(written, problem_words(item))
    for item in exc.errors(include_url=False):
        worked_out = worked_out_refusal(keys, item)
        if worked_out is not None:
            return worked_out
    label = keys.label.removesuffix(TEXT_CONFIG)
    return CatalogError(describe_validation_error(f"{label} (as model {model_id!r})", exc))
