"""Memory formulas against numbers a planner can work out by hand (SIZING.md section 1)."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog, ModelSpec
from aisle_desktop.sizing.engine import (
    held_bytes_per_layer,
    kv_bytes_per_sequence_per_gpu,
    kv_bytes_per_token,
    layer_groups,
    memory_breakdown,
    weight_bytes,
)


def kv_bytes_per_token_per_layer(model: ModelSpec, kv_bytes: float, tp: int) -> float:
    """One token's KV in the first layer group of the model on one GPU."""
    return float(held_bytes_per_layer(layer_groups(model)[0], kv_bytes, 1.0, tp))


KIB = 1024


@pytest.mark.parametrize(
    ("model_id", "expected_kib"),
    [("llama-3.1-8b", 128), ("llama-3.1-70b", 320), ("llama-3.1-405b", 504)],
)
def test_gqa_kv_bytes_per_token_at_16_bits(
    catalog: Catalog, model_id: str, expected_kib: int
) -> None:
    # 2 (K and V) x layers x KV heads x head dim x 2 bytes: 8B = 2 x 32 x 8 x 128 x 2 = 128 KiB
    assert kv_bytes_per_token(catalog.model(model_id), 2.0) == expected_kib * KIB


def test_mla_kv_bytes_per_token_uses_the_latent(catalog: Catalog) -> None:
    # DeepSeek-V3: 61 layers x (512 latent + 64 rope) x 2 bytes = 70,272 B, not the GQA formula
    assert kv_bytes_per_token(catalog.model("deepseek-v3"), 2.0) == 61 * 576 * 2 == 70_272


def test_mla_latent_is_replicated_on_every_tp_rank(catalog: Catalog) -> None:
    model = catalog.model("deepseek-v3")
    assert kv_bytes_per_token_per_layer(model, 2.0, tp=8) == kv_bytes_per_token_per_layer(
        model, 2.0, tp=1
    )


def test_kv_heads_replicate_beyond_tp_equal_to_kv_heads(catalog: Catalog) -> None:
    model = catalog.model("llama-3.1-70b")  # 8 KV heads
    per_layer_tp8 = kv_bytes_per_token_per_layer(model, 2.0, tp=8)
    per_layer_tp16 = kv_bytes_per_token_per_layer(model, 2.0, tp=16)
    assert per_layer_tp8 == 2 * 1 * 128 * 2 == 512
    assert per_layer_tp16 == per_layer_tp8  # one head per GPU, replicated: no further saving


def test_worked_example_kv_per_gpu(catalog: Catalog) -> None:
    model = catalog.model("llama-3.1-70b")
    per_token_per_gpu = kv_bytes_per_sequence_per_gpu(model, 2.0, 1, tp=8, pp=1)
    assert per_token_per_gpu == 40_960


def test_llama_70b_fp8_keeps_16_bit_embeddings(catalog: Catalog) -> None:
    weights = weight_bytes(catalog.model("llama-3.1-70b"), 8)
    assert weights.total_bytes / 1e9 == pytest.approx(72.7, abs=0.3)
    assert weights.embedding_bytes / 1e9 == pytest.approx(4.2, abs=0.05)


def test_sliding_window_layers_hold_only_the_window(catalog: Catalog) -> None:
    model = catalog.model("gemma-2-27b")
    window = model.attention.sliding_window_tokens
    assert window is not None and model.attention.num_sliding_window_layers > 0
    short = kv_bytes_per_sequence_per_gpu(model, 2.0, window, 1, 1)
    long = kv_bytes_per_sequence_per_gpu(model, 2.0, 2 * window, 1, 1)
    full_only = model.num_layers * kv_bytes_per_token_per_layer(model, 2.0, 1) * 2 * window
    assert short < long < full_only


def _fits(deploy, model: str, gpu: str, tp: int, weights: str) -> bool:  # type: ignore[no-untyped-def]
    dep = deploy(model, gpu, tp=tp, weights=weights, kv="fp16")
    return memory_breakdown(dep, 2048 + 256).fits


def test_405b_bf16_does_not_fit_8_h100_but_fp8_does(deploy) -> None:  # type: ignore[no-untyped-def]
    assert not _fits(deploy, "llama-3.1-405b", "h100-sxm", 8, "bf16")
    assert _fits(deploy, "llama-3.1-405b", "h100-sxm", 8, "fp8")


def test_deepseek_v3_fp8_fits_8_h200_not_8_h100(deploy) -> None:  # type: ignore[no-untyped-def]
    assert _fits(deploy, "deepseek-v3", "h200-sxm", 8, "fp8")
    assert not _fits(deploy, "deepseek-v3", "h100-sxm", 8, "fp8")


def test_70b_bf16_needs_two_h100(deploy) -> None:  # type: ignore[no-untyped-def]
    assert not _fits(deploy, "llama-3.1-70b", "h100-sxm", 1, "bf16")
    assert _fits(deploy, "llama-3.1-70b", "h100-sxm", 2, "bf16")
