"""Every one of the 86 published configs in ``shared/model-configs``, imported as a planner
imports it (`catalog import-model`, whose work the window's Catalog menu shares: `import_model`),
lands in the user's catalog with the architecture its config describes.

Hostile walk (7 December, hostile34): the figures below were read off each config by hand
where it states them (layers, heads, KV heads, head width, experts routed / per token / shared
/ layers with experts, MLA's latent width, the window and the layers using it, layers of each
kind where the model mixes them) and checked against the makers' model cards where those say
(DeepSeek-R1 58 MoE layers of 61, Llama 4 Maverick 24 of 48, gpt-oss a 128-token window on
half its layers, MiMo-V2-Flash 39 sliding layers of 48, Kimi K3 69 linear of 93). NVIDIA's
ModelOpt exports whose config.json names no quantization are read at the dtype it names (their
quantization is in hf_quant_config.json), and the import says so (`test_hf_modelopt.py`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from aisle_desktop.cli.main import main
from tests.catalog.test_hf_families import SHARED
from tests.conftest import UserDirs


class F(NamedTuple):
    """What a config's import must read: layers, attention heads, KV heads, head width;
    (experts, per token, shared, layers with experts) or None; MLA's kv_lora_rank or None;
    (window tokens, layers using it) or None; layers of each kind; weights' precision."""

    layers: int
    heads: int
    kv_heads: int
    head_dim: int
    experts: tuple[int, int, int, int] | None
    kv_lora_rank: int | None
    window: tuple[int, int] | None
    kinds: str
    precision: str


# ModelOpt exports whose config.json names no quantization (it is in hf_quant_config.json,
# which the shared folder lacks): read at the config's BF16, and said so.
READ_WIDE = {
    "nvidia--DeepSeek-V3.1-NVFP4", "nvidia--DeepSeek-V3.2-NVFP4", "nvidia--GLM-5-NVFP4",
    "nvidia--Llama-3.1-70B-Instruct-FP8", "nvidia--NVIDIA-Nemotron-3-Nano-30B-A3B-NVFP4",
    "nvidia--NVIDIA-Nemotron-3-Super-120B-A12B-FP8",
    "nvidia--NVIDIA-Nemotron-3-Super-120B-A12B-NVFP4",
    "nvidia--NVIDIA-Nemotron-3-Ultra-550B-A55B-FP8",
    "nvidia--NVIDIA-Nemotron-3-Ultra-550B-A55B-NVFP4",
    "nvidia--NVIDIA-Nemotron-3.5-Lightning-30B-A3B-NVFP4", "nvidia--Qwen3-235B-A22B-NVFP4",
}  # fmt: skip
EXPECTED = {
    "MiniMaxAI--MiniMax-M2.5": F(62, 48, 8, 128, (256, 8, 0, 62), None, None, "", "fp8"),
    "MiniMaxAI--MiniMax-M2.7": F(62, 48, 8, 128, (256, 8, 0, 62), None, None, "", "fp8"),
    "MiniMaxAI--MiniMax-M3":
        F(60, 64, 4, 128, (128, 4, 1, 57), None, None, "full=3, sparse=57", "bf16"),
    "Qwen--Qwen3-0.6B": F(28, 16, 8, 128, None, None, None, "", "bf16"),
    "Qwen--Qwen3-1.7B": F(28, 16, 8, 128, None, None, None, "", "bf16"),
    "Qwen--Qwen3-235B-A22B-FP8": F(94, 64, 4, 128, (128, 8, 0, 94), None, None, "", "fp8"),
    "Qwen--Qwen3-235B-A22B": F(94, 64, 4, 128, (128, 8, 0, 94), None, None, "", "bf16"),
    "Qwen--Qwen3-30B-A3B-FP8": F(48, 32, 4, 128, (128, 8, 0, 48), None, None, "", "fp8"),
    "Qwen--Qwen3-30B-A3B": F(48, 32, 4, 128, (128, 8, 0, 48), None, None, "", "bf16"),
    "Qwen--Qwen3-32B-FP8-Static-PerTensor": F(64, 64, 8, 128, None, None, None, "", "fp8"),
    "Qwen--Qwen3-32B-FP8": F(64, 64, 8, 128, None, None, None, "", "fp8"),
    "Qwen--Qwen3-32B": F(64, 64, 8, 128, None, None, None, "", "bf16"),
    "Qwen--Qwen3-8B": F(36, 32, 8, 128, None, None, None, "", "bf16"),
    "Qwen--Qwen3-Coder-480B-A35B-Instruct":
        F(62, 96, 8, 128, (160, 8, 0, 62), None, None, "", "bf16"),
    "Qwen--Qwen3-VL-235B-A22B-Instruct": F(94, 64, 4, 128, (128, 8, 0, 94), None, None, "", "bf16"),
    "Qwen--Qwen3-VL-2B-Instruct": F(28, 16, 8, 128, None, None, None, "", "bf16"),
    "Qwen--Qwen3-VL-30B-A3B-Instruct": F(48, 32, 4, 128, (128, 8, 0, 48), None, None, "", "bf16"),
    "Qwen--Qwen3-VL-32B-Instruct": F(64, 64, 8, 128, None, None, None, "", "bf16"),
    "Qwen--Qwen3-VL-32B-Thinking": F(64, 64, 8, 128, None, None, None, "", "bf16"),
    "Qwen--Qwen3-VL-4B-Instruct": F(36, 32, 8, 128, None, None, None, "", "bf16"),
    "Qwen--Qwen3-VL-8B-Instruct": F(36, 32, 8, 128, None, None, None, "", "bf16"),
    "Qwen--Qwen3.5-122B-A10B":
        F(48, 32, 2, 256, (256, 8, 1, 48), None, None, "linear=36, full=12", "bf16"),
    "Qwen--Qwen3.5-27B": F(64, 24, 4, 256, None, None, None, "linear=48, full=16", "bf16"),
    "Qwen--Qwen3.5-35B-A3B":
        F(40, 16, 2, 256, (256, 8, 1, 40), None, None, "linear=30, full=10", "bf16"),
    "Qwen--Qwen3.5-397B-A17B":
        F(60, 32, 2, 256, (512, 10, 1, 60), None, None, "linear=45, full=15", "bf16"),
    "XiaomiMiMo--MiMo-7B-Base": F(36, 32, 8, 128, None, None, None, "", "bf16"),
    "XiaomiMiMo--MiMo-V2-Flash":
        F(48, 64, 4, 192, (256, 8, 0, 47), None, (128, 39), "full=9, sliding=39", "fp8"),
    "deepseek-ai--DeepSeek-R1": F(61, 128, 128, 128, (256, 8, 1, 58), 512, None, "", "fp8"),
    "deepseek-ai--DeepSeek-V3.2":
        F(61, 128, 128, 128, (256, 8, 1, 58), 512, None, "sparse=61", "fp8"),
    "deepseek-ai--DeepSeek-V3": F(61, 128, 128, 128, (256, 8, 1, 58), 512, None, "", "fp8"),
    "deepseek-ai--DeepSeek-V4-Flash":
        F(43, 64, 1, 512, (256, 6, 1, 43), 448, None, "sliding=2, compressed=41", "mxfp4"),
    "deepseek-ai--DeepSeek-V4-Pro":
        F(61, 128, 1, 512, (384, 6, 1, 61), 448, None, "compressed=61", "mxfp4"),
    "google--gemma-4-26B-A4B":
        F(30, 16, 8, 256, (128, 8, 0, 30), None, (1024, 25), "sliding=25, full=5", "bf16"),
    "meta-llama--Llama-4-Maverick-17B-128E-Instruct":
        F(48, 40, 8, 128, (128, 1, 1, 24), None, (8192, 36), "", "bf16"),
    "meta-llama--Llama-4-Scout-17B-16E-Instruct":
        F(48, 40, 8, 128, (16, 1, 1, 48), None, (8192, 36), "", "bf16"),
    "meta-llama--Meta-Llama-3.1-405B": F(126, 128, 8, 128, None, None, None, "", "bf16"),
    "meta-llama--Meta-Llama-3.1-70B": F(80, 64, 8, 128, None, None, None, "", "bf16"),
    "meta-llama--Meta-Llama-3.1-8B": F(32, 32, 8, 128, None, None, None, "", "bf16"),
    "mistralai--Mixtral-8x22B-v0.1": F(56, 48, 8, 128, (8, 2, 0, 56), None, None, "", "bf16"),
    "mistralai--Mixtral-8x7B-v0.1": F(32, 32, 8, 128, (8, 2, 0, 32), None, None, "", "bf16"),
    "moonshotai--Kimi-K2-Instruct": F(61, 64, 64, 128, (384, 8, 1, 60), 512, None, "", "fp8"),
    "moonshotai--Kimi-K2.5": F(61, 64, 64, 128, (384, 8, 1, 60), 512, None, "", "int4"),
    "moonshotai--Kimi-K3":
        F(93, 96, 96, 128, (896, 16, 2, 92), 512, None, "linear=69, full=24", "mxfp4"),
    "nvidia--DeepSeek-V3.1-NVFP4": F(61, 128, 128, 128, (256, 8, 1, 58), 512, None, "", "bf16"),
    "nvidia--DeepSeek-V3.2-NVFP4":
        F(61, 128, 128, 128, (256, 8, 1, 58), 512, None, "sparse=61", "bf16"),
    "nvidia--DeepSeek-V4-Flash-NVFP4":
        F(43, 64, 1, 512, (256, 6, 1, 43), 448, None, "sliding=2, compressed=41", "fp4"),
    "nvidia--DeepSeek-V4-Pro-NVFP4":
        F(61, 128, 1, 512, (384, 6, 1, 61), 448, None, "compressed=61", "fp4"),
    "nvidia--GLM-5-NVFP4": F(78, 64, 64, 256, (256, 8, 1, 75), 512, None, "sparse=78", "bf16"),
    "nvidia--GLM-5.1-NVFP4": F(78, 64, 64, 256, (256, 8, 1, 75), 512, None, "sparse=78", "fp4"),
    "nvidia--GLM-5.2-NVFP4": F(78, 64, 64, 256, (256, 8, 1, 75), 512, None, "sparse=78", "fp4"),
    "nvidia--Gemma-4-26B-A4B-NVFP4":
        F(30, 16, 8, 256, (128, 8, 0, 30), None, (1024, 25), "sliding=25, full=5", "fp4"),
    "nvidia--Gemma-4-31B-IT-NVFP4":
        F(60, 32, 16, 256, None, None, (1024, 50), "sliding=50, full=10", "fp4"),
    "nvidia--Kimi-K2.5-NVFP4": F(61, 64, 64, 128, (384, 8, 1, 60), 512, None, "", "fp4"),
    "nvidia--Kimi-K2.6-NVFP4": F(61, 64, 64, 128, (384, 8, 1, 60), 512, None, "", "fp4"),
    "nvidia--Kimi-K2.7-Code-NVFP4": F(61, 64, 64, 128, (384, 8, 1, 60), 512, None, "", "fp4"),
    "nvidia--Llama-3.1-70B-Instruct-FP8": F(80, 64, 8, 128, None, None, None, "", "bf16"),
    "nvidia--Llama-3_3-Nemotron-Super-49B-v1":
        F(80, 64, 8, 128, None, None, None, "full=49, ffn=31", "bf16"),
    "nvidia--MiniMax-M2.5-NVFP4": F(62, 48, 8, 128, (256, 8, 0, 62), None, None, "", "fp4"),
    "nvidia--MiniMax-M2.7-NVFP4": F(62, 48, 8, 128, (256, 8, 0, 62), None, None, "", "fp4"),
    "nvidia--MiniMax-M3-NVFP4":
        F(60, 64, 4, 128, (128, 4, 1, 57), None, None, "full=3, sparse=57", "fp4"),
    "nvidia--NVIDIA-Nemotron-3-Nano-30B-A3B-BF16":
        F(52, 32, 2, 128, (128, 6, 1, 23), None, None, "linear=23, ffn=23, full=6", "bf16"),
    "nvidia--NVIDIA-Nemotron-3-Nano-30B-A3B-NVFP4":
        F(52, 32, 2, 128, (128, 6, 1, 23), None, None, "linear=23, ffn=23, full=6", "bf16"),
    "nvidia--NVIDIA-Nemotron-3-Super-120B-A12B-FP8":
        F(88, 32, 2, 128, (512, 22, 1, 40), None, None, "linear=40, ffn=40, full=8", "bf16"),
    "nvidia--NVIDIA-Nemotron-3-Super-120B-A12B-NVFP4":
        F(88, 32, 2, 128, (512, 22, 1, 40), None, None, "linear=40, ffn=40, full=8", "bf16"),
    "nvidia--NVIDIA-Nemotron-3-Ultra-550B-A55B-BF16":
        F(108, 64, 2, 128, (512, 22, 1, 48), None, None, "linear=48, ffn=48, full=12", "bf16"),
    "nvidia--NVIDIA-Nemotron-3-Ultra-550B-A55B-FP8":
        F(108, 64, 2, 128, (512, 22, 1, 48), None, None, "linear=48, ffn=48, full=12", "bf16"),
    "nvidia--NVIDIA-Nemotron-3-Ultra-550B-A55B-NVFP4":
        F(108, 64, 2, 128, (512, 22, 1, 48), None, None, "linear=48, ffn=48, full=12", "bf16"),
    "nvidia--NVIDIA-Nemotron-3.5-Lightning-30B-A3B-NVFP4":
        F(52, 32, 2, 128, (128, 6, 1, 23), None, None, "linear=23, ffn=23, full=6", "bf16"),
    "nvidia--Nemotron-H-56B-Base-8K":
        F(118, 64, 8, 128, None, None, None, "linear=54, ffn=54, full=10", "bf16"),
    "nvidia--Qwen3-235B-A22B-NVFP4": F(94, 64, 4, 128, (128, 8, 0, 94), None, None, "", "bf16"),
    "nvidia--Qwen3.5-122B-A10B-NVFP4":
        F(48, 32, 2, 256, (256, 8, 1, 48), None, None, "linear=36, full=12", "fp4"),
    "nvidia--Qwen3.5-397B-A17B-NVFP4":
        F(60, 32, 2, 256, (512, 10, 1, 60), None, None, "linear=45, full=15", "fp4"),
    "nvidia--Qwen3.6-27B-NVFP4": F(64, 24, 4, 256, None, None, None, "linear=48, full=16", "fp4"),
    "nvidia--Qwen3.6-35B-A3B-NVFP4":
        F(40, 16, 2, 256, (256, 8, 1, 40), None, None, "linear=30, full=10", "fp4"),
    "openai--gpt-oss-120b": F(36, 64, 8, 64, (128, 4, 0, 36), None, (128, 18), "", "mxfp4"),
    "openai--gpt-oss-20b": F(24, 64, 8, 64, (32, 4, 0, 24), None, (128, 12), "", "mxfp4"),
    "sgl-project--DeepSeek-V4-Flash-FP8":
        F(43, 64, 1, 512, (256, 6, 1, 43), 448, None, "sliding=2, compressed=41", "fp8"),
    "sgl-project--DeepSeek-V4-Pro-FP8":
        F(61, 128, 1, 512, (384, 6, 1, 61), 448, None, "compressed=61", "fp8"),
    "stepfun-ai--Step-3.7-Flash-FP8":
        F(45, 64, 8, 128, (288, 8, 1, 42), None, (512, 33), "full=12, sliding=33", "fp8"),
    "stepfun-ai--Step-3.7-Flash":
        F(45, 64, 8, 128, (288, 8, 1, 42), None, (512, 33), "full=12, sliding=33", "bf16"),
    "zai-org--GLM-5-FP8": F(78, 64, 64, 256, (256, 8, 1, 75), 512, None, "sparse=78", "fp8"),
    "zai-org--GLM-5.1-FP8": F(78, 64, 64, 256, (256, 8, 1, 75), 512, None, "sparse=78", "fp8"),
    "zai-org--GLM-5.1": F(78, 64, 64, 256, (256, 8, 1, 75), 512, None, "sparse=78", "bf16"),
    "zai-org--GLM-5.2-FP8": F(78, 64, 64, 256, (256, 8, 1, 75), 512, None, "sparse=78", "fp8"),
    "zai-org--GLM-5.2": F(78, 64, 64, 256, (256, 8, 1, 75), 512, None, "sparse=78", "bf16"),
    "zai-org--GLM-5": F(78, 64, 64, 256, (256, 8, 1, 75), 512, None, "sparse=78", "bf16"),
}  # fmt: skip


def _entry(models_file: Path) -> dict[str, Any]:
    (entry,) = json.loads(models_file.read_text(encoding="utf-8"))["entries"]
    assert isinstance(entry, dict)
    return entry


def _read(entry: dict[str, Any]) -> F:
    attention, moe = entry["attention"], entry["moe"]
    kinds: dict[str, int] = {}
    for group in entry["layers"] or []:
        kinds[group["kind"]] = kinds.get(group["kind"], 0) + group["count"]
    window = attention["sliding_window_tokens"]
    return F(
        entry["num_layers"],
        entry["num_attention_heads"],
        entry["num_key_value_heads"],
        entry["head_dim"],
        None
        if moe is None
        else (
            moe["num_experts"],
            moe["experts_per_token"],
            moe["num_shared_experts"],
            moe["num_moe_layers"],
        ),
        attention["kv_lora_rank"],
        None if window is None else (window, attention["num_sliding_window_layers"]),
        ", ".join(f"{kind}={count}" for kind, count in kinds.items()),
        entry["native_precision"],
    )


@pytest.mark.skipif(SHARED is None, reason="shared/model-configs is not beside this checkout")
def test_the_table_names_every_shared_config() -> None:
    assert SHARED is not None
    assert sorted(EXPECTED) == sorted(
        p.name.removesuffix("_config.json") for p in SHARED.glob("*_config.json")
    )


@pytest.mark.skipif(SHARED is None, reason="shared/model-configs is not beside this checkout")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_shared_config_imports_with_its_architecture(
    name: str, user_dirs: UserDirs, capsys: pytest.CaptureFixture[str]
) -> None:
    assert SHARED is not None
    config = SHARED / f"{name}_config.json"
    code = main(["catalog", "import-model", str(config), "--id", "imported"])
    out, err = capsys.readouterr()
    models_file = user_dirs.data / "aisle-desktop" / "catalog" / "models.json"
    assert (code, err) == (0, "")
    added, *note = out.splitlines()
    assert added.startswith("Added model 'imported' (") and added.endswith(f" in {models_file}")
    assert [line.split(",")[0] for line in note] == (
        [f"Note: its name says {name.rsplit('-', 1)[-1]}"] if name in READ_WIDE else []
    )
    entry = _entry(models_file)
    assert _read(entry) == EXPECTED[name]
    assert entry["total_params_b"] > 0 and entry["as_of"]
