"""Kimi K3 read as Kimi Linear with what K3 adds, worked by hand from its config's numbers
(tests/catalog/fixtures/kimi-k3, a copy of the shared config)."""

from __future__ import annotations

import json
from pathlib import Path

from aisle_desktop.catalog import import_hf_config
from aisle_desktop.sizing.engine.cache import growing_bytes_per_token, layer_groups

FIXTURES = Path(__file__).parent / "fixtures"
HIDDEN, HEADS, VOCAB = 7168, 96, 163_840
INNER = HEADS * 128  # the KDA heads' and the MLA values' width, 12,288


def _mla(gate: bool) -> int:
    """q from a 1,536 latent (192-wide heads: 128 + 64), the 512 + 64 KV latent with its norm,
    values 128 a head, o; K3's output gate a hidden x 96 x 128 projection."""
    q = HIDDEN * 1536 + 1536 + 1536 * HEADS * 192
    kv = HIDDEN * (512 + 64) + 512 + 512 * HEADS * (128 + 128)
    return q + kv + HEADS * 128 * HIDDEN + (HIDDEN * INNER if gate else 0)


def _kda(full_rank_gate: bool) -> int:
    """q, k, v, o; beta per head; decay f_a/f_b (rank 128); output gate g_a/g_b, or one
    full-rank g_proj in K3; a kernel-4 convolution over q, k, v; A_log, dt_bias, norm."""
    low_rank = HIDDEN * 128 + 128 * INNER
    gate = HIDDEN * INNER if full_rank_gate else low_rank
    return (
        4 * HIDDEN * INNER + HIDDEN * HEADS + low_rank + gate + 3 * INNER * 4 + HEADS + INNER + 128
    )


def test_kimi_k3_weights_by_hand() -> None:
    """93 layers: 24 MLA (1-based 4, 8, ..., 92 and 93), 69 KDA; layer 1 a 33,792-wide MLP,
    the other 92 route each token to 16 of 896 experts that work at 3,584 (the latent MoE:
    down and up projections and a norm between), beside 2 shared experts of 3,072 at the full
    width; two AttnRes pseudo-queries a layer and one before the final norm. An expert is
    3 x 3,584 x 3,072 = 33,030,144 parameters, as the checkpoint's MXFP4 shards hold."""
    expert = 3 * 3584 * 3072
    assert expert == 33_030_144
    moe_always = HIDDEN * 896 + 3 * HIDDEN * 3072 * 2 + 2 * HIDDEN * 3584 + 3584
    per_layer = 2 * HIDDEN + 2 * HIDDEN  # two norms, two pseudo-queries
    tables = 2 * VOCAB * HIDDEN + HIDDEN + HIDDEN
    base = tables + 24 * _mla(True) + 69 * _kda(True) + 93 * per_layer
    base += 3 * HIDDEN * 33_792 + 92 * moe_always
    model = import_hf_config(FIXTURES / "kimi-k3" / "config.json", "kimi-k3")
    assert model.total_params_b == round((base + 92 * 896 * expert) / 1e9, 4) == 2779.4831
    assert model.active_params_b == round((base + 92 * 16 * expert) / 1e9, 4)
    # Moonshot states about 104 B active: the count without the 1.17 B input table.
    assert round((base + 92 * 16 * expert - VOCAB * HIDDEN) / 1e9, 1) == 104.2
    assert model.moe is not None and model.moe.expert_hidden_size == 3584
    assert model.native_precision == "mxfp4"  # the routed experts; the rest ships BF16


def test_kimi_k3_cache_is_kimi_linears() -> None:
    """NoPE leaves MLA's 64 rotary dimensions unrotated but cached: 24 layers of 512 + 64
    elements a token, 27,648 B at 16 bits; 69 KDA layers a 96 x 128 x 128 float32 state."""
    model = import_hf_config(FIXTURES / "kimi-k3" / "config.json", "kimi-k3")
    groups = layer_groups(model)
    assert growing_bytes_per_token(groups, 2.0) == 24 * (512 + 64) * 2 == 27_648
    linear = next(g for g in groups if g.kind == "linear")
    assert linear.count == 69 and linear.recurrent_state_elements == 96 * 128 * 128
    assert linear.state_dtype == "float32"


def test_what_k3_adds_to_kimi_linear_by_hand(tmp_path: Path) -> None:
    """The same config without K3's keys reads as Kimi Linear; the difference is the output
    gates, the full-rank KDA gates, the latent MoE's projections and the AttnRes queries."""
    config = json.loads((FIXTURES / "kimi-k3" / "config.json").read_text(encoding="utf-8"))
    text = config["text_config"]
    for key in ("attn_res_block_size", "mla_use_output_gate", "routed_expert_hidden_size",
                "latent_moe_use_norm"):  # fmt: skip
        text.pop(key)
    text["linear_attn_config"].pop("use_full_rank_gate")
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    linear = import_hf_config(path, "kimi-linear-like")
    k3 = import_hf_config(FIXTURES / "kimi-k3" / "config.json", "kimi-k3")
    expert_full, expert_latent = 3 * HIDDEN * 3072, 3 * 3584 * 3072
    added = (
        24 * (_mla(True) - _mla(False))
        + 69 * (_kda(True) - _kda(False))
        + 92 * (2 * HIDDEN * 3584 + 3584 + 896 * (expert_latent - expert_full))
        + 93 * 2 * HIDDEN
        + HIDDEN
    )
    assert round(k3.total_params_b - linear.total_params_b, 4) == round(added / 1e9, 4)
