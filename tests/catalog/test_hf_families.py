"""Config import for the families of late 2026, against the real published config files.

The fixtures are copies of the shared configs the catalog entries come from (CI may not have
the shared folder); when ``shared/model-configs`` sits beside the checkout, every one of its
86 files is read as well.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog, CatalogError, import_hf_config
from aisle_desktop.catalog.hf_import import model_data, read_family
from aisle_desktop.catalog.hf_keys import text_keys
from aisle_desktop.catalog.reading import read_json

FIXTURES = Path(__file__).parent / "fixtures"
# test_hf_import.py checks the older three.
OLDER_FIXTURES = {"deepseek-v3", "gemma-3-27b", "llama-3.1-8b"}
ENTRIES_FROM_FIXTURES = sorted(
    p.name
    for p in FIXTURES.iterdir()
    if (p / "config.json").exists() and p.name not in OLDER_FIXTURES
)
# Entries whose fixture is a third party's quantized export: the architecture agrees, the
# precision the maker ships is recorded from the maker's repository instead.
MAKER_PRECISION = {
    "deepseek-v3.1": "fp8",
    "gemma-4-31b": "bf16",
    "nemotron-3-super-120b-a12b": "fp8",
    "nemotron-3.5-lightning-30b-a3b": "fp4",
    "kimi-k2.6": "int4",
    "kimi-k2.7-code": "int4",
    "qwen3.6-27b": "bf16",
    "qwen3.6-35b-a3b": "bf16",
}
# Makers that count active parameters without the input embedding (a lookup, not a read).
WITHOUT_EMBEDDING = {
    "gpt-oss-20b", "gpt-oss-120b", "glm-4.6", "glm-5", "glm-5.1", "glm-5.2", "minimax-m2.5",
    "minimax-m2.7", "minimax-m3", "kimi-k3",
}  # fmt: skip


def _shared_configs() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "model-configs"
        if candidate.is_dir():
            return candidate
    return None


SHARED = _shared_configs()
# The files the importer refuses, and the words its refusal must contain: none now.
REFUSED: dict[str, str] = {}


@pytest.mark.skipif(SHARED is None, reason="shared/model-configs is not beside this checkout")
def test_reads_all_86_shared_configs() -> None:
    assert SHARED is not None
    files = sorted(SHARED.glob("*_config.json"))
    assert len(files) == 86
    read, refused = 0, {}
    for path in files:
        try:
            model = import_hf_config(path, "x")
        except CatalogError as exc:
            refused[path.name.removesuffix("_config.json")] = str(exc)
            continue
        read += 1
        assert model.total_params_b > 0 and model.num_layers > 0, path.name
    assert set(refused) == set(REFUSED)
    for name, words in REFUSED.items():
        assert words in refused[name] and name in refused[name], refused[name]
    assert read == 86


@pytest.mark.parametrize("model_id", ENTRIES_FROM_FIXTURES)
def test_catalog_entry_agrees_with_its_config(catalog: Catalog, model_id: str) -> None:
    path = FIXTURES / model_id / "config.json"
    keys, model_type = text_keys(read_json(path, str(path), finite=False), str(path))
    arch = read_family(keys, model_type)
    found = model_data(arch, keys, model_type)
    entry = catalog.model(model_id).model_dump(mode="json")
    if model_id in WITHOUT_EMBEDDING:
        found["active_params_b"] = round((arch.tally.active - arch.tally.table) / 1e9, 4)
        found["active_params_include_input_embedding"] = False
    found["native_precision"] = MAKER_PRECISION.get(model_id, found["native_precision"])
    exact = ("num_layers", "hidden_size", "num_attention_heads", "num_key_value_heads",
             "head_dim", "vocab_size", "tie_word_embeddings", "max_context_tokens",
             "native_precision", "active_params_include_input_embedding", "attention")  # fmt: skip
    for field in exact:
        assert entry[field] == found[field], field
    if found["mtp"] is not None:
        assert {**entry["mtp"], "cache": _lean(entry["mtp"]["cache"])} == found["mtp"]
    assert entry["total_params_b"] == pytest.approx(found["total_params_b"], rel=2e-3)
    if found["active_params_b"] is None:
        assert entry["active_params_b"] is None
    else:
        assert entry["active_params_b"] == pytest.approx(found["active_params_b"], rel=2e-3)
    if found["layers"] is not None:
        assert [_lean(g) for g in entry["layers"]] == found["layers"]
    if found["moe"] is not None:
        assert _lean(entry["moe"]) == {**found["moe"], **_lean(entry["moe"])}
        assert entry["moe"]["routed_expert_params_b"] == pytest.approx(
            found["moe"]["routed_expert_params_b"], rel=2e-3
        )


def _lean(group: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in group.items() if v is not None}


def _import(model_id: str) -> Any:
    return import_hf_config(FIXTURES / model_id / "config.json", model_id)


def test_qwen35_layers_by_kind() -> None:
    model = _import("qwen3.5-397b-a17b")
    assert model.layers is not None
    kinds = {g.kind: g for g in model.layers}
    assert (kinds["linear"].count, kinds["full"].count) == (45, 15)
    linear = kinds["linear"]
    assert (linear.key_heads, linear.value_heads, linear.key_head_dim, linear.value_head_dim) == (
        16, 64, 128, 128,
    )  # fmt: skip
    assert linear.state_dtype == "float32" and linear.conv_kernel == 4
    assert model.mtp is not None and model.mtp.cache.kind == "full"


def test_deepseek_v4_compression_schedule() -> None:
    model = _import("deepseek-v4-flash")
    assert model.layers is not None
    by_ratio = {(g.kind, g.compression_ratio): g for g in model.layers}
    assert by_ratio[("sliding", None)].count == 2
    assert by_ratio[("compressed", 4)].count == 21 and by_ratio[("compressed", 4)].index_topk == 512
    assert by_ratio[("compressed", 128)].count == 20
    assert by_ratio[("compressed", 128)].index_topk is None
    assert model.total_params_b == pytest.approx(284.3, abs=0.5)  # DeepSeek: 284 B


@pytest.mark.parametrize(
    ("model_id", "total_b", "active_b"),
    [
        ("qwen3.5-122b-a10b", 122.1, 9.8),
        ("gemma-4-26b-a4b", 25.2, 3.8),
        ("nemotron-3-nano-30b-a3b", 31.6, 3.6),
        ("nemotron-3-super-120b-a12b", 120.7, 12.8),
        ("glm-5", 743.9, 41.8),
        ("deepseek-v3.2", 671.9, 38.4),
    ],
)
def test_parameter_counts_match_the_makers(model_id: str, total_b: float, active_b: float) -> None:
    model = _import(model_id)
    assert model.total_params_b == pytest.approx(total_b, abs=0.1)
    assert model.active_params_b == pytest.approx(active_b, abs=0.1)


def test_unknown_keys_are_refused_by_name(tmp_path: Path) -> None:
    config = json.loads((FIXTURES / "qwen3.5-27b" / "config.json").read_text(encoding="utf-8"))
    config["text_config"]["attn_res_block_size"] = 12
    config["text_config"]["latent_moe_use_norm"] = True
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(CatalogError, match="attn_res_block_size, latent_moe_use_norm"):
        import_hf_config(path, "x")


def test_unknown_family_names_what_it_reads(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"model_type": "step3p9", "hidden_size": 8}), encoding="utf-8")
    with pytest.raises(CatalogError) as refused:
        import_hf_config(path, "x")
    # What is wrong and what to do first; the families it reads on a line of their own.
    message, families = str(refused.value).split("\n")
    assert 'its model_type is "step3p9", not one of the' in message and "qwen3" not in message
    assert "add it to your own catalog's models.json by hand" in message
    assert families.startswith("Families Aisle can import: ") and "qwen3_5" in families


def _fixture(model_id: str) -> dict[str, Any]:
    config: dict[str, Any] = json.loads(
        (FIXTURES / model_id / "config.json").read_text(encoding="utf-8")
    )
    return config


def _refusal(tmp_path: Path, config: dict[str, Any]) -> tuple[Path, str]:
    """``config`` written to a file: the file, and why importing it is refused."""
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(CatalogError) as refused:
        import_hf_config(path, "x")
    return path, str(refused.value)


@pytest.mark.parametrize("inner", [0.5, "", None, ["qwen3_5_text"]])
def test_a_text_config_model_type_that_is_not_a_name_is_named_there(
    tmp_path: Path, inner: object
) -> None:
    """Hostile walk (7 December): Kimi K2.6's config with its text_config's model_type made
    0.5 was refused as 'its model_type is "kimi_k25", not one of the 39 families Aisle knows',
    the outer wrapper's name, sending the planner to write the model by hand (here Qwen3.5's
    wrapper, read by the same rule)."""
    config = _fixture("qwen3.5-27b")
    config["text_config"]["model_type"] = inner
    path, said = _refusal(tmp_path, config)
    assert said == (
        f"{path} (text_config): key model_type: must be the model's family name (such as "
        f"llama), got {json.dumps(inner)}"
    )


def test_a_wrappers_text_config_without_its_model_type_says_so(tmp_path: Path) -> None:
    """Hostile walk (7 December): Kimi K2.5's config with its text_config emptied was refused
    as 'its model_type is "kimi_k25", not one of the 39 model families Aisle knows', the
    wrapper's name, which no config is read as."""
    config = _fixture("kimi-k2.5")
    config["text_config"] = {}
    path, said = _refusal(tmp_path, config)
    assert said == (
        f"{path} (text_config): key model_type: is missing (a kimi_k25 config names its "
        "language model's family there)"
    )


@pytest.mark.parametrize("block", [[1, 2, 3], {"mamba": 1}, 7, None])
def test_a_nemotron_block_that_is_not_a_name_is_refused_by_key(
    tmp_path: Path, block: object
) -> None:
    """Hostile walk (7 December): one of Nemotron 3 Ultra's layers_block_type made [1, 2, 3]
    raised "unhashable type: 'list'" out of the import."""
    config = _fixture("nemotron-3-ultra-550b-a55b")
    config.pop("hybrid_override_pattern", None)
    config["layers_block_type"][37] = block
    path, said = _refusal(tmp_path, config)
    assert said.startswith(
        f"{path}: key hybrid_override_pattern: (or layers_block_type) must list the blocks: "
    )


@pytest.mark.parametrize("listed", [True, 1.5, {"lm_head": 1}])
def test_a_list_of_modules_left_wide_that_is_not_a_list_is_refused_by_key(
    tmp_path: Path, listed: object
) -> None:
    """Hostile walk (7 December): gpt-oss's modules_to_not_convert made 1.5 raised "'float'
    object is not iterable" out of the import."""
    config = _fixture("gpt-oss-20b")
    config["quantization_config"]["modules_to_not_convert"] = listed
    path, said = _refusal(tmp_path, config)
    assert said == (
        f"{path}: key quantization_config: its modules_to_not_convert must list module names, "
        f"got {json.dumps(listed)}"
    )


def test_a_module_numbered_past_any_layer_is_not_read_as_one(tmp_path: Path) -> None:
    """Hostile walk (7 December): a module left wide in a layer numbered with 5,000 digits
    raised "Exceeds the limit (4300 digits) for integer string conversion"."""
    config = _fixture("gpt-oss-20b")
    config["quantization_config"]["modules_to_not_convert"].append("model.layers." + "9" * 5000)
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    assert import_hf_config(path, "x").num_layers == _import("gpt-oss-20b").num_layers


@pytest.mark.parametrize("layers", [["<img>"], [[4]], [0], [94], "4, 8"])
def test_kimi_linear_full_attention_layers_that_are_not_layers_are_refused_by_key(
    tmp_path: Path, layers: object
) -> None:
    """Hostile walk (7 December): Kimi K3's full_attn_layers holding a name raised "invalid
    literal for int()" out of the import."""
    config = _fixture("kimi-k3")
    holder = config.get("text_config", config)
    holder["linear_attn_config"]["full_attn_layers"] = layers
    path, said = _refusal(tmp_path, config)
    assert said == (
        f"{path} (text_config): key linear_attn_config: its full_attn_layers must list layers "
        "from 1 to 93"
    )


def test_bad_layer_kind_is_named(tmp_path: Path) -> None:
    config = json.loads((FIXTURES / "qwen3.5-27b" / "config.json").read_text(encoding="utf-8"))
    config["text_config"]["layer_types"][0] = "mamba_attention"
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(CatalogError, match=r"layer_types: has layer kinds.*mamba_attention"):
        import_hf_config(path, "x")


def test_qwen3_vl_32b_text_weights_by_hand() -> None:
    """Qwen3-VL 32B's language model: untied 151,936 x 5,120 tables; 64 layers of q (64 x 128),
    k and v (8 x 128), o, per-head q/k norms, a 25,600-wide SwiGLU and two norms."""
    hidden, vocab, layers = 5120, 151_936, 64
    attention = hidden * 64 * 128 * 2 + hidden * 8 * 128 * 2 + 128 * 2
    mlp = 3 * hidden * 25_600
    total = 2 * vocab * hidden + layers * (attention + mlp + 2 * hidden) + hidden
    assert total == 32_762_123_264
    model = _import("qwen3-vl-32b")
    assert model.total_params_b == round(total / 1e9, 4)
    assert model.vision_params_b is None and model.moe is None


def test_december_entries_count_as_their_makers_say() -> None:
    """Makers' own totals and active counts (the entries' notes cite them): Kimi K2.6 1 T /
    32 B, GLM-5.1 744 B / 40 B, Nemotron 3 Ultra 550 B / 55 B, Qwen3.6 35B-A3B 35 B / 3 B."""
    assert _import("kimi-k2.6").total_params_b == pytest.approx(1026.4, abs=0.1)
    assert _import("glm-5.1").total_params_b == pytest.approx(743.9, abs=0.1)
    ultra = _import("nemotron-3-ultra-550b-a55b")
    assert ultra.total_params_b == pytest.approx(549.3, abs=0.1)
    assert ultra.moe is not None and ultra.moe.expert_hidden_size == 2048
    qwen = _import("qwen3.6-35b-a3b")
    assert (qwen.total_params_b, qwen.active_params_b) == pytest.approx((34.7, 3.5), abs=0.05)


def test_glm52_index_share_by_hand() -> None:
    """GLM-5.2 (IndexShare): index_topk_freq 4 and index_skip_topk_offset 3 give layers 0, 1,
    2, 6, 10, ..., 74 their own indexer, as its indexer_types says; the other 57 reuse the
    last top-2,048 and have neither indexer weights (32 heads x 128 from the 2,048 query
    latent, a 128 key from 6,144 with its norm, a weight per head) nor keys."""
    model = _import("glm-5.2")
    assert model.layers is not None
    own, shared = model.layers
    assert (own.count, own.index_head_dim, own.index_heads) == (21, 128, 32)
    assert (shared.count, shared.index_head_dim, shared.index_topk) == (57, None, 2048)
    indexer = 2048 * 32 * 128 + 6144 * 128 + 2 * 128 + 6144 * 32
    assert indexer == 9_371_904
    glm51 = _import("glm-5.1")
    assert round((glm51.total_params_b - model.total_params_b) * 1e9) == pytest.approx(
        57 * indexer, abs=1e5
    )
    # Its MTP layer ships an indexer (counted in its parameters) but reuses the model's top-k
    # (index_share_for_mtp_iteration): no indexer keys in its cache. GLM-5.1's keeps its own.
    assert model.mtp is not None and glm51.mtp is not None
    assert model.mtp.params_b == glm51.mtp.params_b
    assert (model.mtp.cache.index_topk, model.mtp.cache.index_head_dim) == (2048, None)
    assert glm51.mtp.cache.index_head_dim == 128


def test_an_mtp_layer_that_does_not_share_the_index_keeps_its_keys(tmp_path: Path) -> None:
    model = import_hf_config(_glm52_config(tmp_path, index_share_for_mtp_iteration=False), "x")
    assert model.mtp is not None and model.mtp.cache.index_head_dim == 128


def _glm52_config(tmp_path: Path, **changes: Any) -> Path:
    config = json.loads((FIXTURES / "glm-5.2" / "config.json").read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            config.pop(key)
        else:
            config[key] = value
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def test_index_schedule_without_indexer_types_comes_from_freq_and_offset(tmp_path: Path) -> None:
    model = import_hf_config(_glm52_config(tmp_path, indexer_types=None), "x")
    assert model.layers is not None
    assert [g.count for g in model.layers] == [21, 57]


def test_index_schedule_that_disagrees_with_indexer_types_is_refused(tmp_path: Path) -> None:
    path = _glm52_config(tmp_path, index_skip_topk_offset=2)
    with pytest.raises(CatalogError, match=r"indexer_types: disagrees .* at layer 2"):
        import_hf_config(path, "x")


def test_index_frequency_without_its_offset_is_refused(tmp_path: Path) -> None:
    path = _glm52_config(tmp_path, indexer_types=None, index_skip_topk_offset=None)
    with pytest.raises(CatalogError, match="index_skip_topk_offset: is needed beside"):
        import_hf_config(path, "x")


def test_nemotron_super_49b_layer_by_layer_by_hand() -> None:
    """Llama-3.3-Nemotron-Super-49B: 49 of 80 layers keep grouped-query attention (64 heads in
    groups of 8: 8 KV heads x 128), 31 have none; FFN widths from ffn_mult by
    round_up(int(2 x mult x 8,192 / 3), 256): 5.25 -> 28,672 (49 layers), 2.625 -> 14,336
    (6), 3.28125 -> 17,920 (1), 1.3125 -> 7,168 (10), 1.0 -> 5,632 (8), 0.5 -> 2,816 (6)."""
    model = _import("llama-3.3-nemotron-super-49b")
    assert model.layers is not None
    by_kind = {g.kind: g for g in model.layers}
    assert (by_kind["full"].count, by_kind["full"].kv_heads, by_kind["full"].head_dim) == (
        49, 8, 128,
    )  # fmt: skip
    assert by_kind["ffn"].count == 31
    hidden = 8192
    tables = 2 * 128_256 * hidden + hidden
    attention = hidden * hidden * 2 + hidden * 8 * 128 * 2 + hidden
    widths = 28_672 * 49 + 14_336 * 6 + 17_920 + 7_168 * 10 + 5_632 * 8 + 2_816 * 6
    total = tables + 49 * attention + 3 * hidden * widths + 80 * hidden
    assert total == 49_867_145_216
    assert model.total_params_b == round(total / 1e9, 4)
    assert model.intermediate_size == 28_672


def _nas_config(tmp_path: Path, layer: int, part: str, **changes: Any) -> Path:
    path = FIXTURES / "llama-3.3-nemotron-super-49b" / "config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    config["block_configs"][layer][part].update(changes)
    out = tmp_path / "config.json"
    out.write_text(json.dumps(config), encoding="utf-8")
    return out


def test_nas_linear_blocks_add_a_square_map_and_no_cache(tmp_path: Path) -> None:
    base = _import("llama-3.3-nemotron-super-49b")
    path = _nas_config(tmp_path, 0, "attention", replace_with_linear=True, n_heads_in_group=None)
    model = import_hf_config(path, "x")
    assert model.layers is not None
    assert {g.kind: g.count for g in model.layers} == {"full": 48, "ffn": 32}
    attention = 8192 * 8192 * 2 + 8192 * 8 * 128 * 2
    assert round((base.total_params_b - model.total_params_b) * 1e9) == pytest.approx(
        attention - 8192 * 8192, abs=1e5
    )


def test_nas_options_it_does_not_model_are_refused(tmp_path: Path) -> None:
    path = _nas_config(tmp_path, 0, "attention", window_length=4096)
    with pytest.raises(CatalogError, match=r"block_configs\[0\].attention sets window_length"):
        import_hf_config(path, "x")


def test_minimax_m3_carries_one_mtp_module_not_the_seven_its_config_names() -> None:
    """MiniMax-M3's config says num_mtp_modules 7 and num_nextn_predict_layers 1; its
    checkpoint carries one module, model.mtp.layers.0 (NVIDIA NeMo AutoModel), a whole MoE
    layer of 7.49 B, not 52.4 B of seven. MiniMax-M2.5 names only num_mtp_modules (3)."""
    m3 = _import("minimax-m3")
    assert m3.mtp is not None and (m3.mtp.num_layers, m3.mtp.params_b) == (1, 7.4877)
    m25 = _import("minimax-m2.5")
    assert m25.mtp is not None and m25.mtp.num_layers == 3
