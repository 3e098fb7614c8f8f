"""A layer kind's share of a conversation's cache written as the arithmetic that makes it, so
the memory figures' worked lines can be redone with a calculator from the model's card: the
default plan's KV cache per token read "80 full-attention layers 328 kB = 328 kB", its
conversation "80 full-attention layers 42.9 GB = 42.9 GB", the numbers behind them unsaid."""

from __future__ import annotations

from aisle_desktop.catalog import LayerGroup
from aisle_desktop.sizing.engine.cache import describe_group

# Layer kinds whose cache grows with every token of the context (a compressed layer's grows
# by an entry per few tokens and keeps a window besides: it keeps its plain name).
GROWING_KINDS = ("full", "sparse")


def _token_elements(group: LayerGroup) -> str:
    """The elements one token keeps in one layer: "2 (key and value) × 8 KV heads × 128 head
    dim", "(512 latent + 64 rope + 128 indexer key)"."""
    index = f" + {group.index_elements:,} indexer key" if group.index_elements else ""
    if group.is_latent:
        latent, rope = group.kv_lora_rank or 0, group.qk_rope_head_dim or 0
        return f"({latent:,} latent + {rope:,} rope{index})"
    kv_heads, head_dim = group.kv_heads or 0, group.head_dim or 0
    if group.value_head_dim is None or group.value_head_dim == head_dim:
        heads = f"2 (key and value) × {kv_heads:,} KV heads × {head_dim:,} head dim"
    else:
        heads = f"{kv_heads:,} KV heads × ({head_dim:,} key + {group.value_head_dim:,} value dims)"
    return f"({heads}{index})" if index else heads


def per_token_name(group: LayerGroup, kv_bytes: float) -> str:
    """A growing layer kind's bytes a token as arithmetic: "80 full-attention layers × 2 (key
    and value) × 8 KV heads × 128 head dim × 2 B"; other kinds by their plain name."""
    if group.kind not in GROWING_KINDS:
        return describe_group(group)
    return f"{describe_group(group)} × {_token_elements(group)} × {kv_bytes:g} B"


def conversation_part_name(group: LayerGroup, kv_bytes: float, tokens: float) -> str:
    """A layer kind's share of one conversation as arithmetic: every token of a growing kind
    ("... × 2 B × 131,072 tokens"), a full sliding window ("... × 4,096 tokens of its
    window"); a linear layer's fixed state and a compressed layer by their plain name."""
    if group.kind in GROWING_KINDS:
        return f"{per_token_name(group, kv_bytes)} × {tokens:,.0f} tokens"
    if group.kind == "sliding" and group.window_tokens:
        held = min(tokens, group.window_tokens)
        elements = _token_elements(group)
        return f"{describe_group(group)} × {elements} × {kv_bytes:g} B × {held:,.0f} tokens held"
    return describe_group(group)
