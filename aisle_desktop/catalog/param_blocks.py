"""Parameter counts of the blocks newer architectures are built from.

Each function counts one layer's block from its dimensions (weights, and the small vectors
beside them: norms, biases, gates), so a family reader adds up its layers the way the
checkpoint stores them. The counts follow the reference implementations' module shapes.
"""

from __future__ import annotations

from dataclasses import dataclass


def ffn(hidden: int, width: int, gated: bool = True) -> int:
    """A feed-forward block: gate, up and down projections (up and down when not gated)."""
    return (3 if gated else 2) * hidden * width


def gqa_attention(
    hidden: int,
    heads: int,
    kv_heads: int,
    head_dim: int,
    *,
    output_gate: bool = False,
    qk_norm: bool = False,
    values_from_keys: bool = False,
) -> int:
    """Grouped-query attention. An output gate doubles the query projection (Qwen3-Next,
    Qwen3.5); Gemma 4's global layers take V from the K projection (no V projection)."""
    q = hidden * heads * head_dim * (2 if output_gate else 1)
    kv = hidden * kv_heads * head_dim * (1 if values_from_keys else 2)
    norms = 2 * head_dim if qk_norm else 0
    return q + kv + heads * head_dim * hidden + norms


def mla_attention(
    hidden: int, heads: int, q_lora: int | None, kv_lora: int, nope: int, rope: int, v_dim: int
) -> int:
    """Multi-head latent attention (DeepSeek V2/V3, Kimi K2, GLM-5), with its latent norms."""
    qk = nope + rope
    q = hidden * heads * qk if q_lora is None else hidden * q_lora + q_lora + q_lora * heads * qk
    kv = hidden * (kv_lora + rope) + kv_lora + kv_lora * heads * (nope + v_dim)
    return q + kv + heads * v_dim * hidden


def sparse_indexer(hidden: int, q_lora: int, index_heads: int, index_dim: int) -> int:
    """DeepSeek Sparse Attention's lightning indexer: its queries from the query latent, one
    key per token with a LayerNorm, and a weight per index head."""
    return (
        q_lora * index_heads * index_dim + hidden * index_dim + 2 * index_dim + hidden * index_heads
    )


def gated_deltanet(
    hidden: int, key_heads: int, value_heads: int, key_dim: int, value_dim: int, kernel: int
) -> int:
    """Gated DeltaNet (Qwen3-Next, Qwen3.5): q, k, v and the output gate z, the beta and decay
    inputs, a depthwise convolution over q, k and v, decay parameters, a gated norm, output."""
    conv_channels = 2 * key_heads * key_dim + value_heads * value_dim
    in_proj = hidden * (2 * key_heads * key_dim + 2 * value_heads * value_dim + 2 * value_heads)
    return (
        in_proj
        + conv_channels * kernel
        + 2 * value_heads
        + value_dim
        + value_heads * value_dim * hidden
    )


def mamba2(
    hidden: int, heads: int, head_dim: int, groups: int, state: int, kernel: int, conv_bias: bool
) -> int:
    """A Mamba-2 mixer: x, z, B, C and dt from one projection, a depthwise convolution over
    x, B and C, per-head dt bias, A and D, a gated norm and the output projection."""
    inner = heads * head_dim
    conv_channels = inner + 2 * groups * state
    in_proj = hidden * (2 * inner + 2 * groups * state + heads)
    conv = conv_channels * kernel + (conv_channels if conv_bias else 0)
    return in_proj + conv + 3 * heads + inner + inner * hidden


@dataclass(frozen=True)
class Tally:
    """Running parameter counts of a model, raw (not billions).

    ``active`` counts what one token runs through (k of the routed experts); ``routed`` all
    routed experts; ``table`` the input embedding table, which ``active`` includes;
    ``feed_forward`` the shared experts and dense MLPs (in ``total`` and ``active`` too), which
    checkpoints may store at another precision than attention.
    """

    total: int = 0
    active: int = 0
    routed: int = 0
    table: int = 0
    feed_forward: int = 0

    def add(
        self,
        always: int = 0,
        routed_total: int = 0,
        routed_active: int = 0,
        feed_forward: int = 0,
    ) -> Tally:
        return Tally(
            total=self.total + always + feed_forward + routed_total,
            active=self.active + always + feed_forward + routed_active,
            routed=self.routed + routed_total,
            table=self.table,
            feed_forward=self.feed_forward + feed_forward,
        )

    def embeddings(self, vocab: int, hidden: int, tied: bool) -> Tally:
        """The input table, the LM head (unless tied) and the final norm."""
        table = vocab * hidden
        head = 0 if tied else table
        out = self.add(always=table + head + hidden)
        return Tally(out.total, out.active, out.routed, table, out.feed_forward)


def routed_experts(
    layers: int, experts: int, per_token: int, expert_params: int
) -> tuple[int, int]:
    """(all routed experts, the ones a token runs through) over `layers` MoE layers."""
    return layers * experts * expert_params, layers * per_token * expert_params
