"""Layers described by what they keep per sequence: the shape of the KV cache and state.

A model of 2026 mixes layer kinds: Qwen3.5 runs three linear-attention layers per full-attention
one, DeepSeek-V3.2 adds a sparse-attention indexer to MLA, DeepSeek-V4 compresses the KV of most
layers and keeps a short window on the rest, Nemotron 3 interleaves Mamba-2 layers. Each kind
keeps a different thing per sequence, so each group of layers says which kind it is and the
dimensions that decide its cache:

- ``full``: every token's K and V (``kv_heads`` x ``head_dim`` each; V ``kv_heads`` x
  ``value_head_dim`` where values are narrower or wider than keys, MiMo-V2-Flash's 192-wide
  keys and 128-wide values) or one MLA latent (``kv_lora_rank`` + ``qk_rope_head_dim``) shared
  by all heads.
- ``sliding``: the same, for the last ``window_tokens`` tokens only.
- ``sparse``: MLA (or K/V heads) plus an indexer key (``index_head_dim``) per token; attention
  reads only the ``index_topk`` tokens the indexer picks (DeepSeek Sparse Attention). Without
  ``index_head_dim`` the layer reuses the top-k of the layer before and keeps no keys.
- ``compressed``: one MLA entry per ``compression_ratio`` tokens (with an indexer and top-k when
  ``index_topk`` is set), plus the last ``window_tokens`` tokens uncompressed.
- ``linear``: linear attention or a state-space layer: a fixed state per sequence of
  ``value_heads`` x ``key_head_dim`` x ``value_head_dim`` (Gated DeltaNet, KDA; Mamba-2 with
  its state size as ``key_head_dim``), stored in ``state_dtype``, plus a short convolution
  over the last ``conv_kernel - 1`` inputs of q, k and v.
- ``ffn``: a layer with no token mixer at all (Nemotron-H's MoE and MLP layers): no cache.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from aisle_desktop.catalog.schema_common import Frozen, PositiveInt

LayerKind = Literal["full", "sliding", "sparse", "compressed", "linear", "ffn"]
StateDtype = Literal["float32", "bfloat16", "float16"]
Count = Annotated[int, Field(ge=1)]

STATE_DTYPE_BYTES: dict[str, float] = {"float32": 4.0, "bfloat16": 2.0, "float16": 2.0}

_REQUIRED: dict[str, tuple[str, ...]] = {
    "sliding": ("window_tokens",),
    "sparse": ("index_topk",),
    "compressed": ("kv_lora_rank", "qk_rope_head_dim", "compression_ratio", "window_tokens"),
    "linear": (
        "key_heads",
        "value_heads",
        "key_head_dim",
        "value_head_dim",
        "conv_kernel",
        "state_dtype",
    ),
}


class LayerGroup(Frozen):
    """``count`` layers of one kind with the same cache dimensions."""

    kind: LayerKind
    count: PositiveInt
    kv_heads: Count | None = None
    head_dim: Count | None = None
    kv_lora_rank: Count | None = None
    qk_rope_head_dim: Count | None = None
    window_tokens: Count | None = None
    compression_ratio: Count | None = None
    index_head_dim: Count | None = None
    index_heads: Count | None = None
    index_topk: Count | None = None
    key_heads: Count | None = None
    value_heads: Count | None = None
    key_head_dim: Count | None = None
    value_head_dim: Count | None = None
    conv_kernel: Count | None = None
    state_dtype: StateDtype | None = None

    @model_validator(mode="after")
    def _kind_has_its_dimensions(self) -> LayerGroup:
        missing = [name for name in _REQUIRED.get(self.kind, ()) if getattr(self, name) is None]
        if self.kind in ("full", "sliding", "sparse"):
            latent = self.kv_lora_rank is not None and self.qk_rope_head_dim is not None
            heads = self.kv_heads is not None and self.head_dim is not None
            if not latent and not heads:
                missing.append("kv_heads and head_dim (or kv_lora_rank and qk_rope_head_dim)")
        if missing:
            raise ValueError(f"{self.kind} layers need {', '.join(missing)}")
        if self.kind != "linear" and self.value_head_dim is not None and self.kv_heads is None:
            raise ValueError(
                f"{self.kind} layers give value_head_dim only with kv_heads and head_dim "
                "(an MLA latent holds no values of its own)"
            )
        return self

    @property
    def is_latent(self) -> bool:
        """One latent per token shared by every head (MLA), replicated under TP."""
        return self.kv_lora_rank is not None

    @property
    def entry_elements(self) -> int:
        """Elements one cached token (or compressed entry) holds in one layer, TP 1."""
        if self.kind in ("linear", "ffn"):
            return 0
        if self.is_latent:
            return (self.kv_lora_rank or 0) + (self.qk_rope_head_dim or 0)
        return (self.kv_heads or 0) * self.key_and_value_width

    @property
    def key_and_value_width(self) -> int:
        """One K/V head's key plus value elements: ``head_dim`` each, unless the values have
        a width of their own (``value_head_dim``)."""
        keys = self.head_dim or 0
        return keys + (keys if self.value_head_dim is None else self.value_head_dim)

    @property
    def index_elements(self) -> int:
        """Indexer key elements per indexed token (sparse and compressed-with-top-k layers)."""
        return (self.index_head_dim or 0) if self.index_topk is not None else 0

    @property
    def recurrent_state_elements(self) -> int:
        """Linear attention: one key x value matrix per value head."""
        if self.kind != "linear":
            return 0
        return (self.value_heads or 0) * (self.key_head_dim or 0) * (self.value_head_dim or 0)

    @property
    def conv_state_elements(self) -> int:
        """Short convolution over q, k (key heads) and v (value heads): kernel - 1 inputs."""
        if self.kind != "linear":
            return 0
        channels = 2 * (self.key_heads or 0) * (self.key_head_dim or 0) + (
            self.value_heads or 0
        ) * (self.value_head_dim or 0)
        return ((self.conv_kernel or 1) - 1) * channels

    @property
    def state_bytes_per_element(self) -> float:
        return STATE_DTYPE_BYTES[self.state_dtype or "bfloat16"]


class MtpSpec(Frozen):
    """Multi-token-prediction layers shipped with the model, usable as a speculative draft.

    ``params_b`` is what the MTP block adds to the checkpoint (makers leave it out of the
    total). ``cache`` is the KV the block keeps per sequence while it drafts. ``acceptance``
    is the share of drafted tokens the model accepts, per position, by default.
    """

    num_layers: PositiveInt
    params_b: float = Field(gt=0)
    cache: LayerGroup
    acceptance: float = Field(gt=0, lt=1)
    acceptance_source: str = Field(min_length=1)
