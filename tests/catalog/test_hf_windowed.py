"""MiMo-V2-Flash and Step 3.7 Flash: full and sliding-window layers of their own shapes, worked
by hand from their configs' numbers (tests/catalog/fixtures, copies of the shared configs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import CatalogError, LayerGroup, import_hf_config
from aisle_desktop.sizing.engine.cache import (
    attention_flops_per_layer,
    entry_elements_per_gpu,
    growing_bytes_per_token,
    held_bytes_per_sequence,
    layer_groups,
)

FIXTURES = Path(__file__).parent / "fixtures"
TOKENS_128K = 131_072


def _import(model_id: str) -> Any:
    return import_hf_config(FIXTURES / model_id / "config.json", model_id)


def _config(tmp_path: Path, model_id: str, **changes: Any) -> Path:
    config = json.loads((FIXTURES / model_id / "config.json").read_text(encoding="utf-8"))
    config.update(changes)
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def test_mimo_v2_flash_weights_by_hand() -> None:
    """48 layers of 4,096: q and k 192 wide, v 128; full layers (hybrid_layer_pattern 0: layers
    0, 5, 11, ..., 47) have 4 K/V heads, sliding ones 8 and a sink per query head; layer 0 a
    16,384-wide MLP, the other 47 256 experts of 2,048 (8 a token) and their router; untied
    152,576-token tables."""
    hidden, vocab = 4096, 152_576
    full = hidden * 64 * 192 + hidden * 4 * 192 + hidden * 4 * 128 + 64 * 128 * hidden
    sliding = hidden * 64 * 192 + hidden * 8 * 192 + hidden * 8 * 128 + 64 * 128 * hidden + 64
    assert (full, sliding) == (89_128_960, 94_371_904)
    expert = 3 * hidden * 2048
    router = hidden * 256 + 256
    dense = 3 * hidden * 16_384
    tables = 2 * vocab * hidden + hidden
    total = (
        tables + 9 * full + 39 * sliding + 48 * 2 * hidden + dense + 47 * (router + 256 * expert)
    )
    active = tables + 9 * full + 39 * sliding + 48 * 2 * hidden + dense + 47 * (router + 8 * expert)
    model = _import("mimo-v2-flash")
    assert model.total_params_b == round(total / 1e9, 4) == 308.7788
    assert model.active_params_b == round(active / 1e9, 4) == 15.4459
    assert model.native_precision == "fp8"  # block FP8, as Xiaomi ships it
    assert model.mtp is None  # the config declares no MTP layers (transformers skips model.mtp)


def test_mimo_v2_flash_cache_by_hand() -> None:
    """K and V of their own widths: a full layer keeps 4 x (192 + 128) elements a token, 2,560
    B at 16 bits, 23,040 B over 9 layers; a sliding layer 8 x (192 + 128) for its last 128
    tokens, 39 x 128 x 5,120 B = 24.4 MiB a sequence that does not grow."""
    model = _import("mimo-v2-flash")
    groups = layer_groups(model)
    full, sliding = groups
    assert (full.kind, full.count, full.kv_heads, full.head_dim, full.value_head_dim) == (
        "full", 9, 4, 192, 128
    )  # fmt: skip
    assert (sliding.kind, sliding.count, sliding.kv_heads, sliding.window_tokens) == (
        "sliding", 39, 8, 128
    )  # fmt: skip
    assert growing_bytes_per_token(groups, 2.0) == 9 * 4 * (192 + 128) * 2 == 23_040
    state = 39 * 128 * 8 * (192 + 128) * 2
    assert state == 25_559_040
    held = held_bytes_per_sequence(groups, 2.0, TOKENS_128K, tp=1)
    assert held == 23_040 * TOKENS_128K + state
    # Under TP 4 a full layer's 4 heads split one a GPU: 192 + 128 elements a token each.
    assert entry_elements_per_gpu(full, 4) == 320.0


def test_attention_flops_count_keys_and_values_at_their_widths() -> None:
    """Scores cost 2 FLOPs per key element, the weighted sum 2 per value element: a MiMo full
    layer's query head attends at 2 x (192 + 128) FLOPs a token, not 4 x 192."""
    group = LayerGroup(kind="full", count=1, kv_heads=4, head_dim=192, value_head_dim=128)
    assert attention_flops_per_layer(group, 64, 1000.0, tp=1) == 64 * 2 * (192 + 128) * 1000
    same = LayerGroup(kind="full", count=1, kv_heads=4, head_dim=192)
    assert attention_flops_per_layer(same, 64, 1000.0, tp=1) == 64 * 4 * 192 * 1000


def test_a_latent_layer_refuses_a_value_width() -> None:
    with pytest.raises(ValueError, match="value_head_dim only with kv_heads"):
        LayerGroup(kind="full", count=1, kv_lora_rank=512, qk_rope_head_dim=64, value_head_dim=128)


def test_step_37_flash_weights_by_hand() -> None:
    """45 layers of 4,096, 64 query and 8 K/V heads of 128 with Step 3.5's per-head output gate
    (g_proj, 4,096 x 64) and q/k norms; 3 dense layers of 11,264, then 42 MoE layers of 288
    experts of 1,280 (8 a token) beside one shared expert of 1,280 (share_expert_dim);
    untied 128,896-token tables. StepFun states 196 B total and 11 B active for Step 3.5
    Flash, whose shape this is."""
    hidden, vocab = 4096, 128_896
    attention = 2 * hidden * 64 * 128 + 2 * hidden * 8 * 128 + hidden * 64 + 2 * 128
    assert attention == 75_759_872
    expert = 3 * hidden * 1280
    moe_always = hidden * 288 + 288 + expert
    dense = 3 * hidden * 11_264
    tables = 2 * vocab * hidden + hidden
    base = tables + 45 * (attention + 2 * hidden) + 3 * dense + 42 * moe_always
    model = _import("step-3.7-flash")
    assert model.total_params_b == round((base + 42 * 288 * expert) / 1e9, 4) == 195.8445
    assert model.active_params_b == round((base + 42 * 8 * expert) / 1e9, 4) == 10.8757
    assert model.moe is not None
    assert (model.moe.num_shared_experts, model.moe.num_moe_layers) == (1, 42)


def test_step_37_flash_cache_and_mtp_by_hand() -> None:
    """layer_types: 12 full layers keep 8 x 128 K and V a token (49,152 B at 16 bits), 33
    sliding ones their last 512 tokens (66 MiB a sequence). Three MTP layers, each the two
    input norms, eh_proj (8,192 to 4,096), a sliding-attention block with an 11,264-wide MLP
    and a head of its own (a norm and 128,896 x 4,096)."""
    model = _import("step-3.7-flash")
    groups = layer_groups(model)
    assert [(g.kind, g.count, g.kv_heads, g.head_dim) for g in groups] == [
        ("full", 12, 8, 128),
        ("sliding", 33, 8, 128),
    ]
    assert growing_bytes_per_token(groups, 2.0) == 12 * 2 * 8 * 128 * 2 == 49_152
    held = held_bytes_per_sequence(groups, 2.0, TOKENS_128K, tp=1)
    assert held - 49_152 * TOKENS_128K == 33 * 512 * 2 * 8 * 128 * 2 == 66 * 2**20
    hidden = 4096
    layer = 2 * hidden + 2 * hidden * hidden + 75_759_872 + 3 * hidden * 11_264 + 2 * hidden
    mtp = 3 * (layer + hidden + 128_896 * hidden)
    assert model.mtp is not None
    assert model.mtp.params_b == round(mtp / 1e9, 4)
    assert (model.mtp.cache.kind, model.mtp.cache.window_tokens) == ("sliding", 512)


def test_step_fp8_export_reads_as_fp8(tmp_path: Path) -> None:
    quant = {"quant_method": "fp8", "weight_block_size": [128, 128], "activation_scheme": "dynamic"}
    path = _config(tmp_path, "step-3.7-flash", quantization_config=quant)
    model = import_hf_config(path, "step-fp8")
    assert model.native_precision == "fp8"
    assert model.total_params_b == _import("step-3.7-flash").total_params_b


def test_windows_that_disagree_are_refused(tmp_path: Path) -> None:
    path = _config(tmp_path, "mimo-v2-flash", attention_chunk_size=256)
    with pytest.raises(CatalogError, match=r"attention_chunk_size: differs from sliding_window"):
        import_hf_config(path, "x")


def test_layer_kinds_it_does_not_know_are_refused(tmp_path: Path) -> None:
    config = json.loads((FIXTURES / "step-3.7-flash" / "config.json").read_text("utf-8"))
    kinds = config["layer_types"]
    kinds[1] = "chunked_attention"
    path = _config(tmp_path, "step-3.7-flash", layer_types=kinds)
    with pytest.raises(CatalogError, match=r"layer_types: must name full_attention or sliding"):
        import_hf_config(path, "x")
