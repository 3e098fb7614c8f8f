"""The layer-aware cache against figures worked out by hand from the published configs."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.engine import (
    attention_flops_per_token,
    constant_bytes_per_sequence,
    conversation_bytes,
    growing_bytes_per_token,
    held_bytes_per_sequence,
    kv_bytes_per_sequence_per_gpu,
    layer_groups,
)
from aisle_desktop.sizing.engine.cache import read_bytes_per_layer, read_bytes_per_sequence

CONTEXT_128K = 131_072


def test_qwen35_128k_conversation_is_full_layers_plus_a_fixed_state(catalog: Catalog) -> None:
    """15 full layers x 2 KV heads x 256 x K and V x 2 B = 30,720 B a token; 45 Gated DeltaNet
    layers each keep 64 x 128 x 128 float32 (4 MiB) plus a conv state of 3 x 12,288 x 2 B."""
    model = catalog.model("qwen3.5-397b-a17b")
    groups = layer_groups(model)
    assert growing_bytes_per_token(groups, 2.0) == 15 * 2 * 256 * 2 * 2 == 30_720
    state = 45 * (64 * 128 * 128 * 4 + 3 * (2 * 16 * 128 + 64 * 128) * 2)
    assert constant_bytes_per_sequence(groups, 2.0) == state == 192_061_440
    assert conversation_bytes(model, 2.0, CONTEXT_128K) == 30_720 * CONTEXT_128K + state
    # About 3.9 GiB, against 15.0 GiB if all 60 layers were full attention.
    assert conversation_bytes(model, 2.0, CONTEXT_128K) / 2**30 == pytest.approx(3.93, abs=0.01)


def test_linear_layers_read_the_same_state_at_any_length(catalog: Catalog) -> None:
    linear = next(g for g in layer_groups(catalog.model("qwen3.5-27b")) if g.kind == "linear")
    short = read_bytes_per_layer(linear, 2.0, 1_000.0, tp=1)
    assert read_bytes_per_layer(linear, 2.0, 100_000.0, tp=1) == short > 0


def test_sparse_attention_reads_top_k_tokens_and_every_indexer_key(catalog: Catalog) -> None:
    """DeepSeek-V3.2: 61 layers keep a 576-wide latent and a 128-wide indexer key per token;
    a decode step reads 2,048 latents and all indexer keys."""
    groups = layer_groups(catalog.model("deepseek-v3.2"))
    assert growing_bytes_per_token(groups, 2.0) == 61 * (576 + 128) * 2 == 85_888
    read = read_bytes_per_sequence(groups, 2.0, float(CONTEXT_128K), tp=1)
    assert read == 61 * (2048 * 576 * 2 + CONTEXT_128K * 128 * 2)
    assert read < held_bytes_per_sequence(groups, 2.0, float(CONTEXT_128K), tp=1) / 3
    # Below top-k the whole context is read, as with dense MLA.
    assert read_bytes_per_sequence(groups, 2.0, 1000.0, tp=1) == 61 * 1000 * (576 + 128) * 2


def test_deepseek_v4_compressed_layers(catalog: Catalog) -> None:
    """21 layers keep one (512 + 128 indexer) entry per 4 tokens, 20 one 512 entry per 128;
    all 43 keep their last 128 tokens uncompressed."""
    groups = layer_groups(catalog.model("deepseek-v4-flash"))
    assert growing_bytes_per_token(groups, 2.0) == 21 * 640 * 2 / 4 + 20 * 512 * 2 / 128 == 6_880
    assert constant_bytes_per_sequence(groups, 2.0) == 43 * 128 * 512 * 2
    at_128k = held_bytes_per_sequence(groups, 2.0, float(CONTEXT_128K), tp=1)
    assert at_128k == 6_880 * CONTEXT_128K + 43 * 128 * 512 * 2


def test_state_splits_over_tp_while_few_kv_heads_replicate(catalog: Catalog) -> None:
    model = catalog.model("qwen3.5-397b-a17b")
    groups = layer_groups(model)
    tp1 = kv_bytes_per_sequence_per_gpu(model, 2.0, 1.0, tp=1, pp=1)
    tp4 = kv_bytes_per_sequence_per_gpu(model, 2.0, 1.0, tp=4, pp=1)
    state = constant_bytes_per_sequence(groups, 2.0)
    # Linear heads split four ways; the 2 KV heads of a full layer become one per GPU.
    assert tp4 == pytest.approx(state / 4 + 15 * 1 * 256 * 2 * 2)
    assert tp1 == pytest.approx(state + 30_720)


def test_linear_layers_add_no_attention_flops_per_past_token(catalog: Catalog) -> None:
    model = catalog.model("qwen3.5-27b")
    groups = layer_groups(model)
    full_only = [g for g in groups if g.kind == "full"]
    heads = model.num_attention_heads
    growth = attention_flops_per_token(groups, heads, 20_000.0, 1) - attention_flops_per_token(
        groups, heads, 10_000.0, 1
    )
    assert growth == attention_flops_per_token(
        full_only, heads, 20_000.0, 1
    ) - attention_flops_per_token(full_only, heads, 10_000.0, 1)
    assert growth == 16 * 4 * 24 * 256 * 10_000


def test_older_entries_keep_their_figures(catalog: Catalog) -> None:
    """Llama 3.1 70B: 80 full layers; the SIZING.md worked example's 40,960 B per GPU at TP 8."""
    model = catalog.model("llama-3.1-70b")
    assert [g.kind for g in layer_groups(model)] == ["full"]
    assert kv_bytes_per_sequence_per_gpu(model, 2.0, 1, tp=8, pp=1) == 40_960
    gemma = layer_groups(catalog.model("gemma-2-27b"))
    assert {g.kind: g.count for g in gemma} == {"full": 23, "sliding": 23}


def test_mla_prefill_runs_the_expanded_heads_decode_the_latents(catalog: Catalog) -> None:
    """DeepSeek-V3, 61 MLA layers, 128 heads, at 1,000 tokens of context on one GPU.

    Decode attends in the latent space: 4 x (512 + 64) = 2,304 FLOPs per head and token.
    Prefill projects the latents up to per-head keys of 128 + 64 and values of 128, so a
    query costs 2 x (192 + 128) = 640 FLOPs per head and attended token: 3.6 times fewer.
    """
    model = catalog.model("deepseek-v3")
    groups = layer_groups(model)
    heads = model.num_attention_heads
    decode = attention_flops_per_token(groups, heads, 1_000.0, 1)
    prefill = attention_flops_per_token(groups, heads, 1_000.0, 1, expanded_head_dim=128)
    assert decode == 61 * 128 * 2_304 * 1_000
    assert prefill == 61 * 128 * 640 * 1_000
    assert decode / prefill == pytest.approx(3.6)


def test_mla_prefill_keeps_the_latent_form_where_it_is_cheaper(catalog: Catalog) -> None:
    """A latent of 448 + 64 (4 x 512 = 2,048 FLOPs per head and token) against per-head
    keys and values of 512 (2 x (512 + 64 + 512) = 2,176): the engine keeps the latents."""
    latent = next(g for g in layer_groups(catalog.model("deepseek-v3")) if g.is_latent)
    narrow = latent.model_copy(update={"kv_lora_rank": 448})
    wide = attention_flops_per_token([narrow], 64, 1_000.0, 1, expanded_head_dim=512)
    assert wide == attention_flops_per_token([narrow], 64, 1_000.0, 1)
    assert wide == 61 * 64 * 2_048 * 1_000


def test_gqa_attention_is_the_same_in_prefill_and_decode(catalog: Catalog) -> None:
    model = catalog.model("llama-3.1-70b")
    groups = layer_groups(model)
    heads = model.num_attention_heads
    assert attention_flops_per_token(
        groups, heads, 1_000.0, 8, expanded_head_dim=model.head_dim
    ) == attention_flops_per_token(groups, heads, 1_000.0, 8)


@pytest.mark.parametrize(
    ("model_id", "per_token_bytes"),
    [
        # 64 layers x 8 KV heads x 128 x K and V x 2 B.
        ("qwen3-vl-32b", 64 * 8 * 128 * 2 * 2),
        # 94 layers x 4 KV heads x 128 x K and V x 2 B.
        ("qwen3-vl-235b-a22b", 94 * 4 * 128 * 2 * 2),
        # Only the 10 full layers grow: 2 KV heads x 256; 30 Gated DeltaNet layers do not.
        ("qwen3.6-35b-a3b", 10 * 2 * 256 * 2 * 2),
        # MLA as Kimi K2: 61 layers keep a 512 + 64 latent.
        ("kimi-k2.6", 61 * (512 + 64) * 2),
        # GLM-5's shapes: 78 sparse layers keep the latent and a 128-wide indexer key.
        ("glm-5.1", 78 * (512 + 64 + 128) * 2),
        # IndexShare: all 78 keep the latent, only the 21 indexer layers a 128-wide key.
        ("glm-5.2", 78 * (512 + 64) * 2 + 21 * 128 * 2),
        # 49 grouped-query layers of 8 KV heads x 128; the 31 without attention keep nothing.
        ("llama-3.3-nemotron-super-49b", 49 * 8 * 128 * 2 * 2),
        # 3 full layers and 57 sparse ones of 4 KV heads x 128, each sparse one a 128 indexer key.
        ("minimax-m3", 3 * 4 * 128 * 2 * 2 + 57 * (4 * 128 * 2 + 128) * 2),
    ],
)
def test_december_models_cache_per_token(
    catalog: Catalog, model_id: str, per_token_bytes: int
) -> None:
    groups = layer_groups(catalog.model(model_id))
    assert growing_bytes_per_token(groups, 2.0) == per_token_bytes


def test_glm52_shared_layers_read_top_k_latents_and_no_indexer_keys(catalog: Catalog) -> None:
    """At 128k tokens a decode step reads 2,048 latents in every layer and all 128k indexer
    keys in the 21 layers that run the indexer (GLM-5.1: in all 78)."""
    groups = layer_groups(catalog.model("glm-5.2"))
    read = read_bytes_per_sequence(groups, 2.0, float(CONTEXT_128K), tp=1)
    assert read == 78 * 2048 * 576 * 2 + 21 * CONTEXT_128K * 128 * 2


def test_nemotron_ultra_cache_is_12_attention_layers_and_48_mamba_states(catalog: Catalog) -> None:
    """12 attention layers x 2 KV heads x 128 grow; each of 48 Mamba-2 layers keeps 256 heads
    x 128 x 64 in float32 and a conv state of 3 x (256 x 64 + 2 x 8 groups x 128) x 2 B."""
    model = catalog.model("nemotron-3-ultra-550b-a55b")
    groups = layer_groups(model)
    assert growing_bytes_per_token(groups, 2.0) == 12 * 2 * 128 * 2 * 2 == 12_288
    state = 48 * (256 * 128 * 64 * 4 + 3 * (256 * 64 + 2 * 8 * 128) * 2)
    assert constant_bytes_per_sequence(groups, 2.0) == state == 407_961_600
    assert conversation_bytes(model, 2.0, CONTEXT_128K) == 12_288 * CONTEXT_128K + state
