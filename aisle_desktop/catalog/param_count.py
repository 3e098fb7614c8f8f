"""Counting a transformer's parameters from its shape.

Used when a Hugging Face config does not state the parameter count (it almost never does) and
to check the shipped figures. Biases and norms are counted too: they are tiny, but counting
them keeps the totals within a few millionths of the published checkpoints.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MlaShape:
    """Multi-head latent attention sizes (DeepSeek V2/V3)."""

    q_lora_rank: int | None
    kv_lora_rank: int
    qk_nope_head_dim: int
    qk_rope_head_dim: int
    v_head_dim: int


@dataclass(frozen=True)
class MoeShape:
    """Mixture-of-experts sizes; ``shared_intermediate`` is each shared expert's FFN width."""

    num_experts: int
    experts_per_token: int
    num_shared_experts: int
    num_moe_layers: int
    expert_intermediate: int
    shared_intermediate: int
    expert_bias: bool = False
    router_bias: bool = False
    expert_hidden: int | None = None  # latent width the experts work in, if not the hidden size
    gated_experts: bool = True


@dataclass(frozen=True)
class ArchShape:
    """Everything about a decoder (or encoder) stack that decides its parameter count."""

    num_layers: int
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    dense_intermediate: int
    vocab: int
    tied: bool
    gated_mlp: bool = True
    qkv_bias: bool = False
    o_bias: bool = False
    mlp_bias: bool = False
    norm_params_per_layer: int = 0  # in units of `hidden` (RMSNorm 1, LayerNorm 2 each)
    final_norm_params: int = 1  # in units of `hidden`
    qk_norm: bool = False
    attention_sinks: bool = False
    lm_head_bias: bool = False
    extra_embedding_rows: int = 0  # learned positions, token types (BERT)
    mla: MlaShape | None = None
    moe: MoeShape | None = None


@dataclass(frozen=True)
class ParamCount:
    """Parameter totals in raw counts (not billions)."""

    total: int
    active: int
    routed_experts: int
    feed_forward: int = 0  # dense MLPs and shared experts


def _attention(s: ArchShape) -> int:
    h, heads = s.hidden, s.heads
    if s.mla is not None:
        m = s.mla
        qk = m.qk_nope_head_dim + m.qk_rope_head_dim
        q = (
            h * heads * qk
            if m.q_lora_rank is None
            else (h * m.q_lora_rank + m.q_lora_rank + m.q_lora_rank * heads * qk)
        )
        kv = h * (m.kv_lora_rank + m.qk_rope_head_dim) + m.kv_lora_rank
        kv += m.kv_lora_rank * heads * (m.qk_nope_head_dim + m.v_head_dim)
        return q + kv + heads * m.v_head_dim * h
    q_width, kv_width = heads * s.head_dim, s.kv_heads * s.head_dim
    total = h * q_width + 2 * h * kv_width + q_width * h
    total += (q_width + 2 * kv_width) if s.qkv_bias else 0
    total += h if s.o_bias else 0
    total += 2 * s.head_dim if s.qk_norm else 0
    total += heads if s.attention_sinks else 0
    return total


def _ffn(hidden: int, width: int, gated: bool, bias: bool) -> int:
    weights = (3 if gated else 2) * hidden * width
    return weights + ((2 * width if gated else width) + hidden if bias else 0)


def count_params(s: ArchShape) -> ParamCount:
    """Total, active (per token) and routed-expert parameter counts of one architecture."""
    per_layer = _attention(s) + s.norm_params_per_layer * s.hidden
    total = s.num_layers * per_layer
    table = (s.vocab + s.extra_embedding_rows) * s.hidden
    total += table + s.final_norm_params * s.hidden
    if not s.tied:
        total += s.vocab * s.hidden
    total += s.vocab if s.lm_head_bias else 0
    moe = s.moe
    moe_layers = moe.num_moe_layers if moe is not None else 0
    dense = (s.num_layers - moe_layers) * _ffn(
        s.hidden, s.dense_intermediate, s.gated_mlp, s.mlp_bias
    )
    total += dense
    if moe is None:
        return ParamCount(total=total, active=total, routed_experts=0, feed_forward=dense)
    expert = _ffn(s.hidden, moe.expert_intermediate, True, moe.expert_bias)
    routed = moe_layers * moe.num_experts * expert
    shared = (
        moe_layers * moe.num_shared_experts * _ffn(s.hidden, moe.shared_intermediate, True, False)
    )
    router = moe_layers * (s.hidden * moe.num_experts + (moe.num_experts if moe.router_bias else 0))
    total += routed + shared + router
    active = total - routed + moe_layers * moe.experts_per_token * expert
    return ParamCount(
        total=total, active=active, routed_experts=routed, feed_forward=dense + shared
    )
