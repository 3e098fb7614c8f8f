"""Reader for NVIDIA's Nemotron-NAS (DeciLM) models: Llama layers that a neural architecture
search reshaped one by one (Llama-3.1-Nemotron-Nano/Super/Ultra, Llama-3.3-Nemotron-Super).

``block_configs`` gives each layer its attention (grouped-query with its own
``n_heads_in_group``, a plain hidden x hidden linear map, or nothing) and its FFN (a SwiGLU
whose width comes from ``ffn_mult``, a linear map, or nothing). The rules are the reference
implementations' (vLLM and SGLang ``nemotron_nas.py``, TensorRT-LLM ``modeling_nemotron_nas``):
width = round_up(int(2 x ffn_mult x hidden / 3), 256) unless the block states its
``intermediate_size``; a skipped block has no norm either; a linear block is TensorRT-LLM's
bias-free hidden x hidden map (vLLM does not build one). Only
grouped-query layers keep a cache; the others add weights and FLOPs but no state. Options whose
effect is not read here (attention sinks, windows, sparsified blocks) are refused by name.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from aisle_desktop.catalog.hf_arch import FamilyArch, gqa_summary, group_layers
from aisle_desktop.catalog.hf_keys import Keys
from aisle_desktop.catalog.param_blocks import Tally, ffn, gqa_attention

FFN_WIDTH_MULTIPLE = 256
_ATTENTION_KEYS = {"n_heads_in_group", "no_op", "replace_with_linear"}
_FFN_KEYS = {"ffn_mult", "intermediate_size", "hidden_act", "no_op", "replace_with_linear"}
# Present in published configs; read only while they leave the block as a plain one.
_ATTENTION_UNSET = {
    "sparsify": None,
    "num_sink_tokens": None,
    "window_length": None,
    "unshifted_sink": False,
    "use_prefill_window_in_sink_attention": False,
}
_FFN_UNSET = {"sparsify": None}


def ffn_width(ffn_mult: float, hidden: int) -> int:
    """A DeciLM FFN's width: two thirds of ffn_mult x hidden, rounded up to 256."""
    width = int(2 * ffn_mult * hidden / 3)
    return -(-width // FFN_WIDTH_MULTIPLE) * FFN_WIDTH_MULTIPLE


def _block_part(k: Keys, index: int, block: Any, part: str) -> dict[str, Any]:
    """One layer's attention or FFN settings, refusing what this reader does not size."""
    where = f"block_configs[{index}].{part}"
    settings = block.get(part) if isinstance(block, dict) else None
    if not isinstance(settings, dict):
        raise k.fail("block_configs", f"entry {index} has no {part} settings")
    known, unset = (
        (_ATTENTION_KEYS, _ATTENTION_UNSET) if part == "attention" else (_FFN_KEYS, _FFN_UNSET)
    )
    unknown = sorted(set(settings) - known - set(unset))
    if unknown:
        raise k.fail(
            "block_configs", f"{where} has key(s) Aisle does not read: {', '.join(unknown)}"
        )
    changed = sorted(name for name, off in unset.items() if settings.get(name, off) != off)
    if changed:
        raise k.fail(
            "block_configs",
            f"{where} sets {', '.join(changed)}, whose effect on memory or speed Aisle does not "
            "model; it will not guess",
        )
    return settings


def _ffn_block_width(k: Keys, index: int, mlp: dict[str, Any], hidden: int) -> int:
    """The block's own ``intermediate_size``, else the width its ``ffn_mult`` gives."""
    stated = mlp.get("intermediate_size")
    if stated is not None:
        if not isinstance(stated, int) or isinstance(stated, bool) or stated < 1:
            raise k.fail("block_configs", f"entry {index}: intermediate_size must be a count")
        return stated
    mult = mlp.get("ffn_mult")
    if not isinstance(mult, (int, float)) or isinstance(mult, bool) or mult <= 0:
        raise k.fail("block_configs", f"entry {index}: ffn_mult must be a positive number")
    return ffn_width(float(mult), hidden)


def read_nemotron_nas(k: Keys) -> FamilyArch:
    """Each layer as its block config says: GQA, linear or no attention; SwiGLU of its own
    width, linear or no FFN."""
    layers = k.layer_count("num_hidden_layers")
    hidden = k.get_int("hidden_size")
    heads = k.get_int("num_attention_heads")
    vocab = k.get_int("vocab_size")
    tied = k.flag("tie_word_embeddings", False)
    if k.flag("attention_bias", False) or k.flag("mlp_bias", False):
        raise k.fail("attention_bias", "biases are not read for Nemotron-NAS blocks")
    blocks = k.get_list("block_configs")
    if blocks is None or len(blocks) != layers:
        raise k.fail("block_configs", f"must give one block for each of the {layers} layers")
    head_dim = hidden // heads

    tally = Tally().embeddings(vocab, hidden, tied)
    per_layer: list[dict[str, Any]] = []
    kv_heads_seen: Counter[int] = Counter()
    widths: Counter[int] = Counter()
    for i, block in enumerate(blocks):
        attention = _block_part(k, i, block, "attention")
        if attention.get("no_op"):
            per_layer.append({"kind": "ffn"})
        elif attention.get("replace_with_linear"):
            tally = tally.add(always=hidden * hidden + hidden)
            per_layer.append({"kind": "ffn"})
        else:
            group = attention.get("n_heads_in_group")
            if not isinstance(group, int) or group < 1 or heads % group:
                raise k.fail("block_configs", f"entry {i}: n_heads_in_group must divide {heads}")
            kv_heads = heads // group
            kv_heads_seen[kv_heads] += 1
            tally = tally.add(always=gqa_attention(hidden, heads, kv_heads, head_dim) + hidden)
            per_layer.append({"kind": "full", "kv_heads": kv_heads, "head_dim": head_dim})
        mlp = _block_part(k, i, block, "ffn")
        if mlp.get("no_op"):
            continue
        if mlp.get("replace_with_linear"):
            tally = tally.add(always=hidden * hidden + hidden)
            continue
        width = _ffn_block_width(k, i, mlp, hidden)
        widths[width] += 1
        tally = tally.add(always=hidden, feed_forward=ffn(hidden, width))
    if not kv_heads_seen:
        raise k.fail("block_configs", "has no attention layer")
    return FamilyArch(
        num_layers=layers,
        hidden=hidden,
        heads=heads,
        kv_heads=kv_heads_seen.most_common(1)[0][0],
        head_dim=head_dim,
        dense_intermediate=widths.most_common(1)[0][0] if widths else hidden,
        vocab=vocab,
        tied=tied,
        tally=tally,
        attention=gqa_summary(heads, kv_heads_seen.most_common(1)[0][0]),
        layers=group_layers(per_layer),
    )
