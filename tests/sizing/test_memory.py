"""Memory formulas against numbers a planner can work out by hand (SIZING.md section 1)."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog, ModelSpec
from aisle_desktop.sizing.engine import (
    checkpoint_weights,
    held_bytes_per_layer,
    kv_bytes_per_sequence_per_gpu,
    kv_bytes_per_token,
    layer_groups,
    memory_breakdown,
    uniform_weights,
)
from aisle_desktop.sizing.engine.memory import WeightBytes


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
    weights = checkpoint_weights(catalog, catalog.model("llama-3.1-70b"), "fp8")
    assert weights.total_bytes / 1e9 == pytest.approx(72.7, abs=0.3)
    assert weights.embedding_bytes / 1e9 == pytest.approx(4.2, abs=0.05)


def _parts_gb(weights: WeightBytes) -> dict[str, tuple[str, float]]:
    return {p.component: (p.precision, round(p.bytes / 1e9, 2)) for p in weights.parts}


def test_gpt_oss_120b_at_mxfp4_holds_its_bf16_attention_on_one_h100(deploy) -> None:  # type: ignore[no-untyped-def]
    # openai/gpt-oss-120b's config: experts MXFP4 (114.70 B x 4.25 bits = 60.94 GB); attention
    # and router (0.969 B), embeddings and LM head (0.579 B each) BF16: 65.19 GB in all, where
    # 4.25 bits for all but the tables gave 63.77 GB.
    dep = deploy("gpt-oss-120b", "h100-sxm", weights="mxfp4", kv=None)
    assert _parts_gb(dep.weights) == {
        "routed_experts": ("mxfp4", 60.94),
        "feed_forward": ("mxfp4", 0.0),
        "attention": ("bf16", 1.94),
        "embeddings": ("bf16", 1.16),
        "lm_head": ("bf16", 1.16),
    }
    memory = memory_breakdown(dep, 2048 + 256)
    assert memory.weights_bytes / 1e9 == pytest.approx(65.19, abs=0.005)
    # vLLM's 0.9 of the 85.47 GB usable, less weights and the 1.61 GB (1.5 GiB) runtime:
    # 10.12 GB of KV room, 1.42 GB less than the 11.55 GB the uniform count left.
    assert memory.kv_room_bytes / 1e9 == pytest.approx(0.9 * 85.47 - 65.19 - 1.61, abs=0.01)
    assert memory.kv_room_bytes / 1e9 == pytest.approx(10.12, abs=0.005)
    assert memory.max_sequences == 110 and memory.fits


def test_gpt_oss_120b_quantized_to_fp8_has_no_bf16_attention_and_needs_two_h100(
    deploy,  # type: ignore[no-untyped-def]
) -> None:
    dep = deploy("gpt-oss-120b", "h100-sxm", weights="fp8", kv=None)
    assert _parts_gb(dep.weights)["attention"] == ("fp8", 0.97)
    assert dep.weights.total_bytes / 1e9 == pytest.approx(117.99, abs=0.005)
    assert not memory_breakdown(dep, 2048 + 256).fits
    two = deploy("gpt-oss-120b", "h100-sxm", tp=2, weights="fp8", kv=None)
    assert memory_breakdown(two, 2048 + 256).fits


def test_kimi_k25_int4_holds_attention_and_shared_experts_at_bf16(catalog: Catalog) -> None:
    # moonshotai/Kimi-K2.5: INT4 experts (1,014.7 B x 4.25 bits = 539.05 GB); attention 6.34 B,
    # shared experts and the dense layer's MLP 3.04 B, embeddings and LM head BF16: 562.5 GB,
    # 13.8 GB more than 4.25 bits for all but the tables (548.7 GB).
    model = catalog.model("kimi-k2.5")
    weights = checkpoint_weights(catalog, model, "int4")
    assert _parts_gb(weights) == {
        "routed_experts": ("int4", 539.05),
        "feed_forward": ("bf16", 6.08),
        "attention": ("bf16", 12.67),
        "embeddings": ("bf16", 2.35),
        "lm_head": ("bf16", 2.35),
    }
    uniform = uniform_weights(catalog, model, "int4")
    assert weights.total_bytes / 1e9 == pytest.approx(562.5, abs=0.05)
    assert (weights.total_bytes - uniform.total_bytes) / 1e9 == pytest.approx(13.77, abs=0.005)
    # NVIDIA's NVFP4 export quantizes the shared experts and dense MLP, not attention
    nvfp4 = _parts_gb(checkpoint_weights(catalog, model, "fp4"))
    assert nvfp4["feed_forward"][0] == "fp4" and nvfp4["attention"][0] == "bf16"


def test_steps_read_the_weights_as_calibrated(deploy) -> None:  # type: ignore[no-untyped-def]
    # Memory follows the checkpoint; the time model still reads every weight at the plan's
    # precision (docs/calibration.md, "Mixed-precision checkpoints").
    dep = deploy("gpt-oss-120b", "h100-sxm", weights="mxfp4", kv=None)
    assert dep.read_weights.dense_bytes / 1e9 == pytest.approx(0.969 * 4.25 / 8, abs=0.001)
    assert dep.weights.dense_bytes / 1e9 == pytest.approx(0.969 * 2, abs=0.001)


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
