"""A quantized checkpoint's weights by component, read from its own config's lists."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog, component_precisions, import_hf_config
from aisle_desktop.catalog.hf_checkpoint import module_component, read_components
from tests.catalog.test_hf_families import SHARED

FIXTURES = Path(__file__).parent / "fixtures"


def _checkpoint(model_id: str) -> tuple[str, Any]:
    model = import_hf_config(FIXTURES / model_id / "config.json", model_id)
    [checkpoint] = model.checkpoints
    return checkpoint.precision, checkpoint.components


def test_gpt_oss_keeps_attention_and_router_at_bf16() -> None:
    # modules_to_not_convert: self_attn, mlp.router, embed_tokens, lm_head
    assert _checkpoint("gpt-oss-120b") == ("mxfp4", {"attention": "bf16"})


def test_kimi_k25_int4_keeps_attention_shared_experts_and_dense_mlp_at_bf16() -> None:
    # compressed-tensors ignore: lm_head, self_attn, shared_experts, mlp.(gate|up|down)_proj
    assert _checkpoint("kimi-k2.5") == ("int4", {"attention": "bf16", "feed_forward": "bf16"})


def test_nvidia_kimi_k26_ignores_layer_zero_whole_and_every_shared_expert() -> None:
    # ModelOpt ignore: "layers.0*" (the dense layer), layers 1-60's shared experts and attention
    assert _checkpoint("kimi-k2.6") == ("fp4", {"attention": "bf16", "feed_forward": "bf16"})


def test_deepseek_v4_experts_in_fp4_over_fp8_blocks() -> None:
    # quant_method fp8 with expert_dtype fp4: all but the routed experts are FP8 blocks
    assert _checkpoint("deepseek-v4-flash") == (
        "mxfp4",
        {"attention": "fp8", "feed_forward": "fp8"},
    )


def test_qwen36_groups_name_their_modules_precisions() -> None:
    # group_0 FP8 targets the attention projections, group_1 NVFP4 the MLPs and the LM head
    assert _checkpoint("qwen3.6-35b-a3b") == ("fp4", {"attention": "fp8", "lm_head": "fp4"})


def test_fp8_blocks_without_lists_say_nothing_module_by_module() -> None:
    assert _checkpoint("deepseek-v3") == ("fp8", None)


def test_a_sliver_of_attention_left_wide_does_not_widen_attention() -> None:
    # GLM-5-FP8 keeps each layer's indexer weights projection (hidden x 32) in BF16
    quant = {
        "quant_method": "fp8",
        "modules_to_not_convert": [f"model.layers.{i}.self_attn.indexers_proj" for i in range(78)]
        + ["model.layers.3.mlp.gate", "lm_head", "model.embed_tokens"],
    }
    read = read_components(quant, "fp8", "bf16", 78, None)
    assert read is not None and read.components == {} and read.partial == ()


def test_attention_left_wide_in_some_layers_only_is_reported_not_guessed() -> None:
    quant = {"quant_method": "modelopt", "ignore": ["model.layers.0.self_attn*", "lm_head"]}
    read = read_components(quant, "fp4", "bf16", 4, None)
    assert read is not None and read.components == {}
    assert read.partial == ("attention of 1 of 4 layers",)


@pytest.mark.parametrize(
    ("name", "component"),
    [
        ("re:.*mlp\\.(gate|up|gate_up|down)_proj.*", "feed_forward"),
        ("language_model.model.layers.5.block_sparse_moe.experts.3.w1", "routed_experts"),
        ("model.layers.*.mlp.router", None),
        ("model.layers.0.post_attention_layernorm", None),
        ("mtp.layers.0*", None),
        ("vision_tower*", None),
        ("head", "lm_head"),
        ("*.attn.*", "attention"),
    ],
)
def test_module_names_read_as_components(name: str, component: str | None) -> None:
    assert module_component(name) == component


def test_weights_follow_the_checkpoint_a_plan_names(catalog: Catalog) -> None:
    kimi = catalog.model("kimi-k2.5")
    moonshot = component_precisions(catalog, kimi, "int4")
    nvidia = component_precisions(catalog, kimi, "fp4")
    quantized = component_precisions(catalog, kimi, "fp8")
    assert (moonshot.basis, moonshot.of("attention"), moonshot.of("feed_forward")) == (
        "config", "bf16", "bf16",
    )  # fmt: skip
    assert (nvidia.of("attention"), nvidia.of("feed_forward")) == ("bf16", "fp4")
    assert quantized.basis == "quantized by the plan" and quantized.of("attention") == "fp8"
    assert quantized.of("lm_head") == "bf16"


def test_a_checkpoint_whose_config_says_nothing_is_assumed_uniform(catalog: Catalog) -> None:
    found = component_precisions(catalog, catalog.model("deepseek-v3.2"), "fp4")
    assert found.basis == "assumed uniform"
    assert found.source is not None and "nvidia/DeepSeek-V3.2-NVFP4" in found.source


_HUB = re.compile(r"^https://huggingface\.co/([^/]+)/([^/]+)/blob/main/config\.json$")


def _as_read(model: Any) -> list[tuple[str, Any]]:
    return [(c.precision, c.components) for c in model.checkpoints]


@pytest.mark.skipif(SHARED is None, reason="shared/model-configs is not beside this checkout")
def test_catalog_checkpoints_are_what_their_configs_say(catalog: Catalog) -> None:
    assert SHARED is not None
    checked = 0
    for model in catalog.models.values():
        for checkpoint in model.checkpoints:
            found = _HUB.match(checkpoint.source)
            if found is None:
                continue  # a maker's notes (Unsloth's on Kimi K2.6), not a config
            path = SHARED / f"{found.group(1)}--{found.group(2)}_config.json"
            read = import_hf_config(path, "x")
            listed = dict(_as_read(read)).get(checkpoint.precision)
            if read.checkpoints:
                assert listed == checkpoint.components, (model.id, path.name)
            else:  # no quantization_config: a checkpoint named for its precision
                assert checkpoint.components is None, (model.id, path.name)
            assert read.feed_forward_params_b == model.feed_forward_params_b, model.id
            checked += 1
    assert checked >= 45
