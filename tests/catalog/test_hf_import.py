"""Importing models from local Hugging Face config.json files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aisle_desktop.catalog import (
    ArchShape,
    Catalog,
    CatalogError,
    count_params,
    import_hf_config,
)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("model_id", ["llama-3.1-8b", "deepseek-v3", "gemma-3-27b"])
def test_fixture_matches_shipped_entry(catalog: Catalog, model_id: str) -> None:
    imported = import_hf_config(FIXTURES / model_id / "config.json", model_id)
    shipped = catalog.model(model_id)
    assert imported.origin == "user"
    assert imported.total_params_b == pytest.approx(shipped.total_params_b, rel=0.01)
    if shipped.active_params_b is not None:
        assert imported.active_params_b == pytest.approx(shipped.active_params_b, rel=0.01)
    for field in ("num_layers", "hidden_size", "num_attention_heads", "num_key_value_heads",
                  "head_dim", "intermediate_size", "vocab_size", "tie_word_embeddings",
                  "max_context_tokens", "native_precision", "attention", "mtp"):  # fmt: skip
        assert getattr(imported, field) == getattr(shipped, field), field
    if shipped.moe is not None:
        assert imported.moe is not None
        assert imported.moe.routed_expert_params_b == pytest.approx(
            shipped.moe.routed_expert_params_b, rel=0.01
        )


def test_deepseek_import_details() -> None:
    ds = import_hf_config(FIXTURES / "deepseek-v3" / "config.json", "my-deepseek")
    assert ds.attention.kind == "mla" and ds.attention.kv_lora_rank == 512
    assert ds.moe is not None and ds.moe.num_moe_layers == 58 and ds.moe.num_shared_experts == 1
    assert ds.native_precision == "fp8"
    # num_nextn_predict_layers 1: one MTP layer a planner can draft with (and R1, same config).
    assert ds.mtp is not None and ds.mtp.num_layers == 1 and ds.mtp.acceptance == 0.85


def test_deepseek_r1_carries_the_same_mtp_as_v3(catalog: Catalog) -> None:
    assert catalog.model("deepseek-r1").mtp == catalog.model("deepseek-v3").mtp


def _write(tmp_path: Path, config: dict[str, Any]) -> Path:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


FAMILIES: list[tuple[str, dict[str, Any], float, float | None]] = [
    (
        "gpt-j-6b",
        {"model_type": "gptj", "n_layer": 28, "n_embd": 4096, "n_head": 16, "n_inner": None,
         "n_positions": 2048, "vocab_size": 50400, "tie_word_embeddings": False},
        6.0509, None,
    ),
    (
        "falcon-180b",
        {"model_type": "falcon", "num_hidden_layers": 80, "hidden_size": 14848,
         "num_attention_heads": 232, "num_kv_heads": 8, "new_decoder_architecture": True,
         "bias": False, "vocab_size": 65024},
        178.557, None,
    ),
    (
        "mixtral-8x7b",
        {"model_type": "mixtral", "num_hidden_layers": 32, "hidden_size": 4096,
         "num_attention_heads": 32, "num_key_value_heads": 8, "intermediate_size": 14336,
         "num_local_experts": 8, "num_experts_per_tok": 2, "vocab_size": 32000},
        46.703, 12.880,
    ),
    (
        "qwen3-30b-a3b",
        {"model_type": "qwen3_moe", "num_hidden_layers": 48, "hidden_size": 2048,
         "num_attention_heads": 32, "num_key_value_heads": 4, "head_dim": 128,
         "intermediate_size": 6144, "moe_intermediate_size": 768, "num_experts": 128,
         "num_experts_per_tok": 8, "vocab_size": 151936},
        30.532, 3.353,
    ),
    (
        "gpt-oss-120b",
        {"model_type": "gpt_oss", "num_hidden_layers": 36, "hidden_size": 2880,
         "num_attention_heads": 64, "num_key_value_heads": 8, "head_dim": 64,
         "intermediate_size": 2880, "num_local_experts": 128, "experts_per_token": 4,
         "vocab_size": 201088, "sliding_window": 128, "attention_bias": True,
         "layer_types": ["sliding_attention", "full_attention"] * 18,
         "quantization_config": {"quant_method": "mxfp4"}},
        116.829, 5.133,  # OpenAI leaves the embedding lookup out of the active count
    ),
]  # fmt: skip


@pytest.mark.parametrize(("model_id", "config", "total_b", "active_b"), FAMILIES)
def test_other_families(
    catalog: Catalog,
    tmp_path: Path,
    model_id: str,
    config: dict[str, Any],
    total_b: float,
    active_b: float | None,
) -> None:
    model = import_hf_config(_write(tmp_path, config), model_id)
    assert model.total_params_b == pytest.approx(total_b, abs=0.002)
    expected_active = None if active_b is None else pytest.approx(active_b, abs=0.002)
    assert model.active_params_b == expected_active
    assert model.total_params_b == pytest.approx(catalog.model(model_id).total_params_b, rel=0.001)


def test_gpt_oss_window_and_precision(tmp_path: Path) -> None:
    model = import_hf_config(_write(tmp_path, FAMILIES[-1][1]), "oss")
    assert model.attention.sliding_window_tokens == 128
    assert model.attention.num_sliding_window_layers == 18
    assert model.native_precision == "mxfp4"


def test_missing_key_is_named(tmp_path: Path) -> None:
    config = json.loads((FIXTURES / "llama-3.1-8b" / "config.json").read_text(encoding="utf-8"))
    del config["hidden_size"]
    with pytest.raises(CatalogError, match="key hidden_size / n_embd / d_model: is missing"):
        import_hf_config(_write(tmp_path, config), "broken")


def test_invalid_key_is_named(tmp_path: Path) -> None:
    config = json.loads((FIXTURES / "llama-3.1-8b" / "config.json").read_text(encoding="utf-8"))
    config["num_hidden_layers"] = "32"
    with pytest.raises(CatalogError, match="key num_hidden_layers: must be a positive integer"):
        import_hf_config(_write(tmp_path, config), "broken")


def test_heads_that_do_not_group(tmp_path: Path) -> None:
    config = json.loads((FIXTURES / "llama-3.1-8b" / "config.json").read_text(encoding="utf-8"))
    config["num_key_value_heads"] = 5
    with pytest.raises(CatalogError, match="key num_key_value_heads: must divide"):
        import_hf_config(_write(tmp_path, config), "broken")


def test_not_json_and_missing_model_type(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text("{nope", encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid JSON"):
        import_hf_config(path, "x")
    with pytest.raises(CatalogError, match="key model_type: is missing"):
        import_hf_config(_write(tmp_path, {"hidden_size": 8}), "x")
    with pytest.raises(CatalogError, match="file not found"):
        import_hf_config(tmp_path / "absent.json", "x")


def test_a_plan_or_a_catalog_file_chosen_as_a_config_is_named_as_what_it_is(
    tmp_path: Path,
) -> None:
    """Hostile walk (7 December): an Aisle plan, or the catalog's gpus.json, given to Import
    Model Config was refused as "key model_type: is missing"."""
    plan = _write(tmp_path, {"format": "aisle-plan", "version": 4, "scenarios": []})
    with pytest.raises(CatalogError) as refused:
        import_hf_config(plan, "x")
    assert str(refused.value) == (
        f"{plan}: an Aisle plan, not a model's config.json (File > Open, or "
        "`aisle-desktop size`, reads a plan)"
    )
    gpus = _write(tmp_path, {"entries": [{"id": "h100-sxm"}]})
    with pytest.raises(CatalogError) as refused:
        import_hf_config(gpus, "x")
    assert str(refused.value) == (
        f"{gpus}: a catalog file of Aisle's (its \"entries\"), not a model's config.json: "
        "import the config.json that came with the model's weights"
    )


@pytest.mark.parametrize("model_type", [5, None, "", ["llama"]])
def test_a_model_type_that_is_not_a_name_says_so(tmp_path: Path, model_type: object) -> None:
    """The walk: `"model_type": 5` was called missing, sending the planner to look for a key
    that is there."""
    config = json.loads((FIXTURES / "llama-3.1-8b" / "config.json").read_text(encoding="utf-8"))
    config["model_type"] = model_type
    shown = json.dumps(model_type)
    with pytest.raises(CatalogError) as info:
        import_hf_config(_write(tmp_path, config), "broken")
    assert str(info.value).endswith(
        f"key model_type: must be the model's family name (such as llama), got {shown}"
    )


@given(
    layers=st.integers(1, 64),
    hidden=st.sampled_from([256, 512, 1024]),
    kv=st.sampled_from([1, 2, 4, 8]),
    vocab=st.integers(1000, 50000),
)
def test_param_count_grows_with_layers_and_tying_saves_the_head(
    layers: int, hidden: int, kv: int, vocab: int
) -> None:
    def shape(n: int, tied: bool) -> ArchShape:
        return ArchShape(
            num_layers=n, hidden=hidden, heads=8, kv_heads=kv, head_dim=hidden // 8,
            dense_intermediate=4 * hidden, vocab=vocab, tied=tied, norm_params_per_layer=2,
        )  # fmt: skip

    base = count_params(shape(layers, tied=False))
    assert count_params(shape(layers + 1, tied=False)).total > base.total
    assert base.total - count_params(shape(layers, tied=True)).total == vocab * hidden
    assert base.active == base.total and base.routed_experts == 0


# A quantization Aisle does not read, as a config states it, and how the refusal quotes it.
UNREAD_QUANTIZATIONS = {
    "bitsandbytes": ({"quant_method": "bitsandbytes", "load_in_4bit": True}, '"bitsandbytes"'),
    "2-bit groups": (
        {
            "quant_method": "compressed-tensors",
            "config_groups": {"g": {"weights": {"num_bits": 2}}},
        },
        '"compressed-tensors"',
    ),
    "not an object": ([1, 2, 3], "[1, 2, 3]"),
}


@pytest.mark.parametrize("kind", list(UNREAD_QUANTIZATIONS))
def test_a_quantization_aisle_does_not_read_is_refused(tmp_path: Path, kind: str) -> None:
    """The walk: a 4-bit bitsandbytes config (or one whose quantization_config was garbage)
    was imported as BF16, its weights sized four times over."""
    quant, quoted = UNREAD_QUANTIZATIONS[kind]
    config = json.loads((FIXTURES / "llama-3.1-8b" / "config.json").read_text())
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config | {"quantization_config": quant}))
    with pytest.raises(CatalogError) as refused:
        import_hf_config(path, "mine")
    assert str(refused.value).startswith(
        f"{path}: key quantization_config: Aisle does not read this quantization ({quoted}); "
        "it sets the size of the weights, so Aisle will not guess"
    )


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("torch_dtype", "int3", 'Aisle does not read this weight type ("int3")'),
        (
            "torch_dtype",
            "float8_e5m2fnuz",
            'Aisle does not read this weight type ("float8_e5m2fnuz")',
        ),
        ("torch_dtype", 16, "must be a text, got 16"),
        ("dtype", ["bfloat16"], 'must be a text, got ["bfloat16"]'),
    ],
)
def test_a_weight_type_aisle_does_not_read_is_refused(
    tmp_path: Path, key: str, value: object, says: str
) -> None:
    """The walk: an unknown torch_dtype (or a number there) was imported as BF16 without a
    word, though it sets the size of every weight."""
    config = json.loads((FIXTURES / "llama-3.1-8b" / "config.json").read_text())
    config.pop("torch_dtype", None)
    path = _write(tmp_path, config | {key: value})
    with pytest.raises(CatalogError) as refused:
        import_hf_config(path, "mine")
    assert str(refused.value).startswith(f"{path}: key {key}: {says}")


@pytest.mark.parametrize(("dtype", "precision"), [("float8_e5m2", "fp8"), ("float16", "fp16")])
def test_the_weight_types_aisle_reads(tmp_path: Path, dtype: str, precision: str) -> None:
    config = json.loads((FIXTURES / "llama-3.1-8b" / "config.json").read_text())
    model = import_hf_config(_write(tmp_path, config | {"torch_dtype": dtype}), "mine")
    assert model.native_precision == precision


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B-Instruct"),  # a Hub id
        ("/home/lab/" + "runs/" * 60 + "llama-ours/", "llama-ours"),  # its folder, 300 chars
        ("C:\\models\\llama-ft", "llama-ft"),
        ("./checkpoints/step-9000", "step-9000"),
        ("meta\nllama\x1b[31m", "meta llama [31m"),
        (["meta-llama"], "mine"),
        ("  ", "mine"),
    ],
)
def test_the_name_is_the_models_own_on_one_line(tmp_path: Path, written: object, name: str) -> None:
    """The walk: a config saved from a local folder names it in `_name_or_path`; past 200
    characters the import was refused ("field name: must be at most 200 characters"), and a
    shorter one named the model "/home/lab/runs/..." in every list. A line break in it split
    the import's own line and the window's lists; a list was named "['meta-llama']"."""
    config = json.loads((FIXTURES / "llama-3.1-8b" / "config.json").read_text())
    model = import_hf_config(_write(tmp_path, config | {"_name_or_path": written}), "mine")
    assert model.name == name


@pytest.mark.parametrize("heads", [48, 5000])
def test_heads_that_do_not_divide_the_width_without_a_head_dim_are_refused(
    tmp_path: Path, heads: int
) -> None:
    """The walk: 48 heads over a width of 4,096 with no head_dim were imported with heads 85
    channels wide (4,096 // 48, the rest dropped), 7.9 B parameters; 5,000 heads were refused
    as "field head_dim: must be at least 1, got 0", a key the config does not have."""
    config = json.loads((FIXTURES / "llama-3.1-8b" / "config.json").read_text())
    config.pop("head_dim", None)
    path = _write(tmp_path, config | {"num_attention_heads": heads, "num_key_value_heads": 8})
    with pytest.raises(CatalogError) as refused:
        import_hf_config(path, "mine")
    assert str(refused.value) == (
        f"{path}: key num_attention_heads: {heads:,} heads do not divide hidden_size 4,096 "
        "and the config gives no head_dim, so Aisle will not guess how wide a head is"
    )


def test_a_head_dim_the_config_gives_is_taken_whatever_the_width(tmp_path: Path) -> None:
    config = json.loads((FIXTURES / "llama-3.1-8b" / "config.json").read_text())
    changed = {"num_attention_heads": 48, "num_key_value_heads": 8, "head_dim": 128}
    model = import_hf_config(_write(tmp_path, config | changed), "mine")
    assert (model.num_attention_heads, model.head_dim) == (48, 128)


@pytest.mark.parametrize(("fixture", "text_config"), [("gemma-3-27b", "x"), ("qwen3.5-27b", [1])])
def test_a_text_config_that_is_not_an_object_is_named(
    tmp_path: Path, fixture: str, text_config: object
) -> None:
    """The walk: a multimodal config whose text_config was not an object was read from its
    outer keys instead, and refused for keys it did not understand (boi_token_index...) or
    "key num_hidden_layers: is missing", never naming text_config."""
    config = json.loads((FIXTURES / fixture / "config.json").read_text())
    path = _write(tmp_path, config | {"text_config": text_config})
    with pytest.raises(CatalogError) as refused:
        import_hf_config(path, "mine")
    assert str(refused.value) == (
        f"{path}: key text_config: must be an object {{...}} holding the language model's "
        f"keys, got {json.dumps(text_config)}"
    )


def _gpt_oss_with_layer_types(tmp_path: Path, layer_types: list[str]) -> Path:
    config = json.loads((FIXTURES / "gpt-oss-20b" / "config.json").read_text(encoding="utf-8"))
    config["layer_types"] = layer_types
    return _write(tmp_path, config)


@pytest.mark.parametrize(
    ("layer_types", "words"),
    [
        (["sliding_attention", "linear_attention"] * 12, "understand: linear_attention"),
        (["sliding_attention"] * 10, "must list one entry for each of the 24 layers"),
    ],
)
def test_a_layer_kind_or_count_the_window_reader_cannot_take_is_named(
    tmp_path: Path, layer_types: list[str], words: str
) -> None:
    """The readers of the older families counted the sliding layers in ``layer_types`` and
    took any other name for a full-attention layer: a linear-attention layer was sized with a
    full cache, and a list of 10 for 24 layers as 10 sliding and 14 full, with nothing said."""
    with pytest.raises(CatalogError, match=f"key layer_types: .*{words}"):
        import_hf_config(_gpt_oss_with_layer_types(tmp_path, layer_types), "gpt-oss-x")


def test_a_layer_types_list_longer_than_the_layers_is_read_for_the_layers(tmp_path: Path) -> None:
    """As every other reader does: the first entry a layer (it was 48 sliding layers of 24)."""
    config = _gpt_oss_with_layer_types(tmp_path, ["sliding_attention"] * 48)
    assert import_hf_config(config, "gpt-oss-x").attention.num_sliding_window_layers == 24


@pytest.mark.parametrize(
    ("file_name", "name"),
    [
        ("Qwen--Qwen3-VL-32B-Instruct_config.json", "Qwen3-VL-32B-Instruct"),
        ("llama-ours-config.json", "llama-ours"),
        ("config.json", "mine"),  # its folder may be a snapshot's hash: the id
        ("settings.json", "mine"),  # a name that is not the model's
    ],
)
def test_a_config_without_its_name_inside_is_named_by_its_file(
    tmp_path: Path, file_name: str, name: str
) -> None:
    """The walk: the shared configs, saved as "<org>--<model>_config.json" without a
    _name_or_path, were named by the id typed ("qwen3-vl-32b-instruct") in every list."""
    config = json.loads((FIXTURES / "llama-3.1-8b" / "config.json").read_text())
    config.pop("_name_or_path", None)
    path = tmp_path / file_name
    path.write_text(json.dumps(config), encoding="utf-8")
    assert import_hf_config(path, "mine").name == name
