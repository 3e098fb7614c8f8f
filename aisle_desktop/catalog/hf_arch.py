"""What a family reader finds in a config: shape, parameter counts, layers by kind, MTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aisle_desktop.catalog.hf_keys import Keys
from aisle_desktop.catalog.param_blocks import Tally
from aisle_desktop.catalog.param_count import MoeShape
from aisle_desktop.catalog.schema_layers import LayerGroup


@dataclass(frozen=True)
class MtpFound:
    """Multi-token-prediction layers the config declares, their parameters and KV."""

    num_layers: int
    params: int
    cache: LayerGroup


@dataclass(frozen=True)
class FamilyArch:
    """One config read by its family's reader, ready to become a catalog entry."""

    num_layers: int
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    dense_intermediate: int
    vocab: int
    tied: bool
    tally: Tally
    attention: dict[str, Any]
    moe: MoeShape | None = None
    layers: tuple[LayerGroup, ...] | None = None
    mtp: MtpFound | None = None
    active_includes_input_embedding: bool = True
    notes: list[str] = field(default_factory=list)


def group_layers(per_layer: list[dict[str, Any]]) -> tuple[LayerGroup, ...]:
    """Layers with the same kind and dimensions, counted, in order of first appearance."""
    counts: dict[tuple[tuple[str, Any], ...], int] = {}
    for layer in per_layer:
        key = tuple(sorted(layer.items()))
        counts[key] = counts.get(key, 0) + 1
    return tuple(LayerGroup.model_validate({"count": n, **dict(key)}) for key, n in counts.items())


def mla_summary(kv_lora: int, rope: int) -> dict[str, Any]:
    return {
        "kind": "mla",
        "kv_lora_rank": kv_lora,
        "qk_rope_head_dim": rope,
        "sliding_window_tokens": None,
        "num_sliding_window_layers": 0,
    }


def gqa_summary(heads: int, kv_heads: int) -> dict[str, Any]:
    kind = "mha" if kv_heads == heads else ("mqa" if kv_heads == 1 else "gqa")
    return {
        "kind": kind,
        "kv_lora_rank": None,
        "qk_rope_head_dim": None,
        "sliding_window_tokens": None,
        "num_sliding_window_layers": 0,
    }


def flag_list(k: Keys, name: str, layers: int) -> list[int] | None:
    """A per-layer list of 0/1 (or booleans) such as ``moe_layer_freq``; None if absent."""
    value = k.data.get(name)
    if not isinstance(value, list):
        return None
    if len(value) < layers or not all(v in (0, 1, True, False) for v in value):
        raise k.fail(name, f"must list 0 or 1 for each of the {layers} layers")
    return [int(v) for v in value[:layers]]


def string_list(k: Keys, name: str, layers: int, allowed: set[str]) -> list[str] | None:
    """A per-layer list of names such as ``layer_types``; None if absent."""
    value = k.data.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or len(value) < layers:
        raise k.fail(name, f"must list one entry for each of the {layers} layers")
    unknown = sorted({str(v) for v in value} - allowed)
    if unknown:
        raise k.fail(name, f"has layer kinds Aisle does not understand: {', '.join(unknown)}")
    return [str(v) for v in value[:layers]]
