"""The most a config's number may be: the most the catalog takes of what that key gives.

A config's key is refused by its own name when it is past what any catalog entry takes: a
``moe_intermediate_size`` of 1e30 was read, multiplied into the parameter totals and refused
as "field total_params_b: must be at most 100,000", a field the config does not have, with
nothing said of the key that was wrong. Each key's kind is read from its name, as the readers
use it: token counts (context, window, vocabulary), feed-forward widths, counts of experts or
heads, counts of layers; any other number a reader takes is a width (hidden size, a head's
width, a latent rank, a kernel).
"""

from __future__ import annotations

from aisle_desktop.catalog.ranges import (
    MAX_CONTEXT_TOKENS,
    MAX_EXPERTS,
    MAX_FFN_WIDTH,
    MAX_HEADS,
    MAX_LAYERS,
    MAX_VOCABULARY,
    MAX_WIDTH,
)

# Keys that count tokens: up to the longest context the catalog takes.
_TOKEN_KEYS = frozenset(
    {
        "max_position_embeddings",
        "n_positions",
        "sliding_window",
        "attention_chunk_size",
        "index_topk",
        "attn_res_block_size",
        "sparse_block_size",
        "sparse_topk_blocks",
        "sparse_local_block",
        "sparse_init_block",
    }
)
# Keys that count or step through layers.
_LAYER_KEYS = frozenset(
    {
        "n_layer",
        "num_mtp_modules",
        "first_k_dense_replace",
        "num_kv_shared_layers",
        "full_attention_interval",
        "decoder_sparse_step",
        "interleave_moe_layer_step",
        "sliding_window_pattern",
        "index_topk_freq",
        "index_skip_topk_offset",
        "moe_layer_freq",
    }
)
_FFN_WORDS = ("intermediate", "ffn", "n_inner", "expert_dim")
# Words of a width's name ("routed_expert_hidden_size" is an expert's width, not a count).
_WIDTH_WORDS = ("hidden", "dim", "size", "rank")


def key_ceiling(name: str) -> int:
    """The most the catalog takes of what config key ``name`` gives (`ranges.py`)."""
    if name in _TOKEN_KEYS:
        return MAX_CONTEXT_TOKENS
    if "vocab" in name:
        return MAX_VOCABULARY
    if name in _LAYER_KEYS or name.endswith("_layers"):
        return MAX_LAYERS
    if any(word in name for word in _FFN_WORDS):
        return MAX_FFN_WIDTH
    if any(word in name for word in _WIDTH_WORDS):
        return MAX_WIDTH
    if "expert" in name:
        return MAX_EXPERTS
    if name.endswith(("heads", "n_head")):
        return MAX_HEADS
    return MAX_WIDTH
