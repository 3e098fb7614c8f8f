"""Models: the architecture figures that decide weight memory, KV cache and FLOPs.

Figures come from each model's Hugging Face ``config.json``. Consistency rules that hold for
every real architecture are enforced (query heads divide into KV groups, active parameters do
not exceed the total, MLA has its latent sizes); ``heads * head_dim == hidden`` is not, because
Gemma and gpt-oss break it on purpose.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from aisle_desktop.catalog.ranges import (
    ContextTokens,
    Experts,
    FfnWidth,
    Heads,
    Layers,
    OptionalParamsB,
    ParamsB,
    Vocabulary,
    Width,
)
from aisle_desktop.catalog.schema_checkpoint import CheckpointSpec
from aisle_desktop.catalog.schema_common import Entry, Frozen, IsoDate
from aisle_desktop.catalog.schema_layers import LayerGroup, MtpSpec

AttentionKind = Literal["mha", "gqa", "mqa", "mla"]
ModelKind = Literal["llm", "embedding"]
OptionalCount = Annotated[int | None, Field(default=None, ge=1, le=100_000_000)]


class AttentionSpec(Frozen):
    """Attention layout. MLA (DeepSeek V2/V3) caches one latent per token instead of K and V."""

    kind: AttentionKind
    kv_lora_rank: int | None = Field(default=None, ge=1, le=1_000_000, validate_default=True)
    qk_rope_head_dim: int | None = Field(default=None, ge=1, le=1_000_000, validate_default=True)
    sliding_window_tokens: OptionalCount
    num_sliding_window_layers: int = Field(default=0, ge=0, le=10_000, validate_default=True)

    @field_validator("kv_lora_rank", "qk_rope_head_dim", mode="after")
    @classmethod
    def _mla_needs_latent(cls, value: int | None, info: ValidationInfo) -> int | None:
        if info.data.get("kind") == "mla" and value is None:
            raise ValueError('is required when kind is "mla"')
        return value

    @field_validator("num_sliding_window_layers", mode="after")
    @classmethod
    def _window_needs_size(cls, value: int, info: ValidationInfo) -> int:
        if value > 0 and info.data.get("sliding_window_tokens") is None:
            raise ValueError("needs sliding_window_tokens when some layers use a window")
        return value


class MoeSpec(Frozen):
    """Mixture-of-experts layout; all experts stay resident, a few run per token."""

    num_experts: Experts
    experts_per_token: Experts
    num_shared_experts: int = Field(ge=0, le=100_000)
    num_moe_layers: Layers
    expert_intermediate_size: FfnWidth
    routed_expert_params_b: ParamsB
    # Experts that work in a narrower latent space (Nemotron 3's latent MoE), and experts
    # with two matrices instead of three (squared-ReLU, not SwiGLU).
    expert_hidden_size: Width | None = None
    gated_experts: bool = True

    @field_validator("experts_per_token")
    @classmethod
    def _k_within_e(cls, value: int, info: ValidationInfo) -> int:
        experts = info.data.get("num_experts")
        if experts is not None and value > experts:
            raise ValueError(f"must not exceed num_experts ({experts}), got {value}")
        return value


class ModelSpec(Entry):
    """One model checkpoint family as served (parameters of the language model itself)."""

    name: str = Field(min_length=1)
    family: str = Field(min_length=1)
    kind: ModelKind
    num_layers: Layers
    hidden_size: Width
    num_attention_heads: Heads
    num_key_value_heads: Heads
    head_dim: Width
    intermediate_size: FfnWidth
    vocab_size: Vocabulary
    tie_word_embeddings: bool
    total_params_b: ParamsB
    active_params_b: OptionalParamsB
    # The makers' convention: most count the input embedding table in the active parameters,
    # OpenAI (gpt-oss) does not, since a lookup reads one row rather than the table.
    active_params_include_input_embedding: bool = True
    vision_params_b: float | None = Field(default=None, ge=0, le=100_000)
    attention: AttentionSpec
    moe: MoeSpec | None
    max_context_tokens: ContextTokens
    native_precision: str = Field(min_length=1)
    # Shared experts and dense MLPs (not the routed experts), counted apart so that a
    # checkpoint storing them at another precision than attention is weighed right; null:
    # not counted apart (the checkpoints name no such difference).
    feed_forward_params_b: float | None = Field(default=None, ge=0, le=100_000)
    # The published checkpoints whose configs say what each component is stored in.
    checkpoints: list[CheckpointSpec] = Field(default_factory=list)
    embedding_dim: OptionalCount
    # Layers by kind (linear, sparse, compressed...); null: every layer is described by
    # `attention` (full attention, some with a sliding window).
    layers: list[LayerGroup] | None = None
    mtp: MtpSpec | None = None
    # When the maker first published the weights (its announcement or model card, the page that
    # dates it among `sources`): an engine release older than this cannot load the model.
    # None: not recorded (no public page found to date it).
    published: IsoDate | None = None

    @field_validator("num_key_value_heads")
    @classmethod
    def _heads_group(cls, value: int, info: ValidationInfo) -> int:
        heads = info.data.get("num_attention_heads")
        if heads is not None and heads % value:
            raise ValueError(f"must divide num_attention_heads ({heads}) evenly, got {value}")
        return value

    @field_validator("active_params_b")
    @classmethod
    def _active_within_total(cls, value: float | None, info: ValidationInfo) -> float | None:
        total = info.data.get("total_params_b")
        if value is not None and total is not None and value > total:
            raise ValueError(f"must not exceed total_params_b ({total}), got {value}")
        return value

    @field_validator("moe")
    @classmethod
    def _moe_layers_exist(cls, value: MoeSpec | None, info: ValidationInfo) -> MoeSpec | None:
        layers = info.data.get("num_layers")
        if value is not None and layers is not None and value.num_moe_layers > layers:
            raise ValueError(f"num_moe_layers must not exceed num_layers ({layers})")
        return value

    @field_validator("attention")
    @classmethod
    def _window_layers_exist(cls, value: AttentionSpec, info: ValidationInfo) -> AttentionSpec:
        layers = info.data.get("num_layers")
        if layers is not None and value.num_sliding_window_layers > layers:
            raise ValueError(f"num_sliding_window_layers must not exceed num_layers ({layers})")
        return value

    @field_validator("checkpoints")
    @classmethod
    def _one_checkpoint_per_precision(
        cls, value: list[CheckpointSpec], info: ValidationInfo
    ) -> list[CheckpointSpec]:
        precisions = [checkpoint.precision for checkpoint in value]
        twice = sorted({p for p in precisions if precisions.count(p) > 1})
        if twice:
            raise ValueError(f"name one checkpoint per precision, got two at {', '.join(twice)}")
        counted = info.data.get("feed_forward_params_b") is not None
        for checkpoint in value:
            parts = checkpoint.components or {}
            at = checkpoint.precision
            if not counted and parts.get("feed_forward", at) != parts.get("attention", at):
                raise ValueError(
                    f"the {at} checkpoint stores shared experts and dense MLPs apart from "
                    "attention: give feed_forward_params_b"
                )
        return value

    @field_validator("layers")
    @classmethod
    def _layer_groups_cover_the_model(
        cls, value: list[LayerGroup] | None, info: ValidationInfo
    ) -> list[LayerGroup] | None:
        layers = info.data.get("num_layers")
        if value is not None and layers is not None:
            counted = sum(group.count for group in value)
            if not value or counted != layers:
                raise ValueError(
                    f"layer counts must add up to num_layers ({layers}), got {counted}"
                )
        return value
