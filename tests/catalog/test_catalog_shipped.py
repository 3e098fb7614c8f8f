"""The shipped catalog loads, holds every id the project relies on, and its figures are right."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog, shipped_catalog_dir
from aisle_desktop.catalog.schema_common import Entry

GPU_IDS = {
    "a100-40gb-sxm", "a100-80gb-sxm", "a100-80gb-pcie", "h100-sxm", "h100-pcie", "h100-nvl",
    "h200-sxm", "h200-nvl", "gh200", "b200", "gb200", "b300", "l40s", "l4", "a10",
    "rtx-6000-ada", "rtx-pro-6000", "mi300x", "mi325x", "mi355x", "gaudi2", "gaudi3",
    "gb300", "mi350x", "h20", "h800", "l20", "arc-pro-b60", "rtx-pro-4500",
}  # fmt: skip
LLM_IDS = {
    "llama-2-7b", "llama-2-13b", "llama-2-70b", "llama-3.1-8b", "llama-3.1-70b",
    "llama-3.1-405b", "llama-3.3-70b", "llama-4-scout", "llama-4-maverick", "mistral-7b",
    "mixtral-8x7b", "mixtral-8x22b", "qwen2.5-7b", "qwen2.5-14b", "qwen2.5-32b", "qwen2.5-72b",
    "qwen3-8b", "qwen3-14b", "qwen3-32b", "qwen3-30b-a3b", "qwen3-235b-a22b", "deepseek-v3",
    "deepseek-r1", "gpt-oss-20b", "gpt-oss-120b", "gemma-2-9b", "gemma-2-27b", "gemma-3-27b",
    "phi-4", "gpt-j-6b", "falcon-180b",
}  # fmt: skip
# Issue 14: the open-weight models of late 2026, ids as the issue writes them.
LLM_IDS_2026 = {
    "qwen3.5-397b-a17b", "qwen3.5-122b-a10b", "qwen3.5-35b-a3b", "qwen3.5-27b",
    "qwen3-next-80b-a3b", "qwen3-coder-480b-a35b", "deepseek-v3.1", "deepseek-v3.2",
    "deepseek-v4-flash", "deepseek-v4-pro", "kimi-k2", "kimi-k2.5", "glm-4.6", "glm-5",
    "minimax-m2.5", "gemma-4-26b-a4b", "gemma-4-31b", "nemotron-3-super-120b-a12b",
    "nemotron-3-nano-30b-a3b",
}  # fmt: skip
# Issue 19: the models of late 2026 a planner asks for in December, from the shared configs.
LLM_IDS_2026_DEC = {
    "kimi-k2.6", "kimi-k2.7-code", "glm-5.1", "glm-5.2", "minimax-m2.7", "minimax-m3",
    "qwen3.6-27b", "qwen3.6-35b-a3b", "nemotron-3-ultra-550b-a55b",
    "nemotron-3.5-lightning-30b-a3b", "qwen3-vl-235b-a22b", "qwen3-vl-30b-a3b", "qwen3-vl-32b",
    "llama-3.3-nemotron-super-49b", "mimo-v2-flash", "step-3.7-flash",
    "kimi-k3",
}  # fmt: skip
EMBEDDING_IDS = {"bge-large-en-v1.5", "e5-large-v2", "nomic-embed-text-v1.5", "all-minilm-l6-v2"}
ENGINE_IDS = {"tensorrt-llm", "vllm", "sglang", "tgi", "llama.cpp"}
PRECISION_IDS = {"fp32", "bf16", "fp16", "fp8", "int8", "int4", "fp4", "mxfp4"}


def test_every_required_id_is_present(catalog: Catalog) -> None:
    assert set(catalog.gpus) == GPU_IDS
    assert set(catalog.models) == LLM_IDS | LLM_IDS_2026 | LLM_IDS_2026_DEC | EMBEDDING_IDS
    assert {m.id for m in catalog.models.values() if m.kind == "embedding"} == EMBEDDING_IDS
    assert set(catalog.engines) == ENGINE_IDS
    assert set(catalog.precisions) == PRECISION_IDS


def test_every_entry_has_sources_and_a_date(catalog: Catalog) -> None:
    entries: list[Entry] = [
        *catalog.gpus.values(),
        *catalog.servers.values(),
        *catalog.models.values(),
        *catalog.engines.values(),
        *catalog.precisions.values(),
        *catalog.prices.hosted_apis,
    ]
    for item in entries:
        assert item.sources and all(s.strip() for s in item.sources), item.id
        assert isinstance(item.as_of, date), item.id
        assert item.origin == "shipped"
    assert catalog.prices.sources
    assert isinstance(catalog.catalog_as_of(), date)


def test_validation_set_ids_exist(catalog: Catalog, repo_root: Path) -> None:
    path = repo_root / "validation" / "published_dev.jsonl"
    if not path.exists():
        pytest.skip("validation set not in this checkout")
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        catalog.gpu(row["gpu"])
        catalog.model(row["model"])
        catalog.engine(row["engine"])
        catalog.precision(row["weight_precision"])


@pytest.mark.parametrize(
    ("gpu_id", "field", "expected"),
    [
        ("h100-sxm", "memory_bandwidth_tbps", 3.35),
        ("h100-sxm", "bf16_tflops", 989),
        ("h100-sxm", "fp8_tflops", 1979),
        ("h100-sxm", "int8_tops", 1979),
        ("h100-sxm", "usable_memory_gib", 79.6),
        ("h200-sxm", "memory_gb", 141),
        ("h200-sxm", "memory_bandwidth_tbps", 4.8),
        ("a100-80gb-sxm", "memory_bandwidth_tbps", 2.039),
        ("a100-80gb-sxm", "bf16_tflops", 312),
        ("a100-80gb-sxm", "usable_memory_gib", 79.2),
        ("b200", "memory_bandwidth_tbps", 7.67),
        ("b200", "bf16_tflops", 2250),
        ("b200", "fp8_tflops", 4500),
        ("b200", "fp4_tflops", 9000),
        ("mi300x", "memory_gb", 192),
        ("mi300x", "memory_bandwidth_tbps", 5.3),
        ("l40s", "memory_gb", 48),
        ("l40s", "memory_bandwidth_tbps", 0.864),
        ("gh200", "memory_bandwidth_tbps", 4.0),
        ("rtx-pro-6000", "memory_gb", 96),
    ],
)
def test_datasheet_figures(catalog: Catalog, gpu_id: str, field: str, expected: float) -> None:
    assert getattr(catalog.gpu(gpu_id), field) == pytest.approx(expected)


def test_missing_tensor_units_are_null(catalog: Catalog) -> None:
    assert catalog.gpu("l40s").fp4_tflops is None
    for gpu_id in ("a100-40gb-sxm", "a100-80gb-sxm", "a100-80gb-pcie", "a10"):
        assert catalog.gpu(gpu_id).fp8_tflops is None
    hopper = [g for g in catalog.gpus.values() if g.architecture == "hopper"]
    assert hopper and all(g.fp4_tflops is None for g in hopper)
    blackwell = [g for g in catalog.gpus.values() if g.architecture == "blackwell"]
    assert all(g.fp4_tflops is not None for g in blackwell)


def test_dense_figures_not_sparse(catalog: Catalog) -> None:
    # Dense FP8 is twice dense BF16 on every NVIDIA part with FP8 (a sparse figure would be 4x).
    for gpu in catalog.gpus.values():
        if gpu.vendor == "nvidia" and gpu.fp8_tflops is not None:
            assert gpu.fp8_tflops == pytest.approx(2 * gpu.bf16_tflops, rel=0.02), gpu.id


def test_servers_and_gpus_point_at_each_other(catalog: Catalog) -> None:
    for gpu in catalog.gpus.values():
        assert gpu.server_ids, gpu.id
        for server_id in gpu.server_ids:
            assert catalog.server(server_id).gpu_id == gpu.id
    nvl72 = catalog.server("gb200-nvl72")
    assert (nvl72.gpus_per_server, nvl72.rack_units) == (72, 48)
    assert catalog.gpu("gb200").interconnect.scale_up_domain_gpus == 72
    assert catalog.server("dgx-h100").nameplate_power_w == 10200
    for server in catalog.servers.values():
        assert server.price_usd is not None and server.price_as_of is not None
        assert "estimate" in server.notes.lower(), server.id


@pytest.mark.parametrize(
    ("model_id", "total_b"),
    [("llama-3.1-8b", 8.03), ("llama-3.1-70b", 70.55), ("llama-3.1-405b", 405.85)],
)
def test_llama_parameter_counts(catalog: Catalog, model_id: str, total_b: float) -> None:
    assert catalog.model(model_id).total_params_b == pytest.approx(total_b, abs=0.01)


def test_kv_bytes_per_token_match_sizing_notes(catalog: Catalog) -> None:
    def gqa_kv(model_id: str) -> int:
        m = catalog.model(model_id)
        return 2 * m.num_layers * m.num_key_value_heads * m.head_dim * 2

    assert gqa_kv("llama-3.1-8b") == 128 * 1024
    assert gqa_kv("llama-3.1-70b") == 320 * 1024
    assert gqa_kv("llama-3.1-405b") == 504 * 1024


def test_deepseek_v3_has_mla_and_moe(catalog: Catalog) -> None:
    ds = catalog.model("deepseek-v3")
    assert ds.attention.kind == "mla"
    kv_lora, rope = ds.attention.kv_lora_rank, ds.attention.qk_rope_head_dim
    assert (kv_lora, rope, ds.num_layers) == (512, 64, 61)
    assert kv_lora is not None and rope is not None
    assert ds.num_layers * (kv_lora + rope) * 2 == 70_272
    assert ds.moe is not None
    assert (ds.moe.num_experts, ds.moe.experts_per_token, ds.moe.num_shared_experts) == (256, 8, 1)
    assert ds.moe.num_moe_layers == 58
    assert ds.total_params_b == pytest.approx(671, abs=1)
    assert ds.active_params_b == pytest.approx(37, abs=1)
    assert ds.native_precision == "fp8"


def test_moe_routed_params_follow_the_formula(catalog: Catalog) -> None:
    for model in catalog.models.values():
        moe = model.moe
        if moe is None:
            assert model.active_params_b is None, model.id
            continue
        matrices = 3 if moe.gated_experts else 2
        width = moe.expert_hidden_size or model.hidden_size
        formula = (
            moe.num_moe_layers * moe.num_experts * matrices * width
            * moe.expert_intermediate_size / 1e9
        )  # fmt: skip
        assert moe.routed_expert_params_b == pytest.approx(formula, rel=0.005), model.id
        assert model.active_params_b is not None and model.active_params_b < model.total_params_b


def test_sliding_window_layouts(catalog: Catalog) -> None:
    assert catalog.model("gemma-2-9b").attention.num_sliding_window_layers == 21
    assert catalog.model("gemma-3-27b").attention.num_sliding_window_layers == 52
    oss = catalog.model("gpt-oss-120b").attention
    assert (oss.sliding_window_tokens, oss.num_sliding_window_layers) == (128, 18)
    assert catalog.model("mistral-7b").attention.num_sliding_window_layers == 0
    assert catalog.model("gpt-oss-20b").native_precision == "mxfp4"


def test_engines_are_honest_about_hardware(catalog: Catalog) -> None:
    trt = catalog.engine("tensorrt-llm")
    archs = {a for row in trt.supported for a in row.architectures + row.weight_only_architectures}
    assert archs <= {"ampere", "ada", "hopper", "blackwell"}
    fp4 = next(r for r in trt.supported if r.weight_precision == "fp4")
    assert fp4.architectures == ["blackwell"]
    vllm_fp8 = next(r for r in catalog.engine("vllm").supported if r.weight_precision == "fp8")
    assert "ampere" in vllm_fp8.weight_only_architectures
    assert "cdna3" in vllm_fp8.architectures
    assert catalog.engine("tgi").maintained is False
    assert trt.default_kv_precision_by_weight["fp8"] == "fp8"
    assert catalog.engine("vllm").default_kv_precision_by_weight["fp8"] == "bf16"
    assert catalog.engine("vllm").memory_fraction == 0.9


def test_precisions(catalog: Catalog) -> None:
    assert catalog.precision("int4").bits_per_weight == pytest.approx(4.25)
    assert catalog.precision("fp4").bits_per_weight == pytest.approx(4.5)
    assert catalog.precision("fp8").bytes_per_kv_element == 1
    assert catalog.precision("bf16").bytes_per_kv_element == 2
    assert catalog.precision("int4").bytes_per_kv_element is None


def test_prices(catalog: Catalog) -> None:
    prices = catalog.prices
    assert {p.id for p in prices.pue_presets} >= {"enterprise-room", "modern-colo", "hyperscale"}
    assert prices.amortisation_years == 3
    assert prices.rack_units_per_rack == 42
    kinds = {api.kind for api in prices.hosted_apis}
    assert kinds == {"llm", "embedding"}
    compared = {api.comparable_model_id for api in prices.hosted_apis}
    assert {"llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "deepseek-v3"} <= compared
    assert None in compared  # frontier APIs
    assert catalog.hosted_api("openai-gpt-4o").output_usd_per_mtok == pytest.approx(10.0)


def test_shipped_dir_prefers_a_pyinstaller_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "catalog").mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert shipped_catalog_dir() == tmp_path / "catalog"
    monkeypatch.delattr(sys, "_MEIPASS")
    assert (shipped_catalog_dir() / "gpus.json").is_file()


def test_catalog_never_imports_qt() -> None:
    code = (
        "import sys, aisle_desktop.catalog as c; c.load_catalog(); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6', "
        "'pyqtgraph')]; sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
