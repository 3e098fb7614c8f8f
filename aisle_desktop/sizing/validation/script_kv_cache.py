"""The dated aggregated lines whose InferenceX script sets an FP8 KV cache, read with it.

The dated `aic_agg` lines ("aic-2026_03_25_...", "aic-2026_04_06_...") are InferenceX's
single-node runs (`aggregated_drafts` names the evidence), and each (model, GPU, precision,
engine) ran one script of SemiAnalysisAI/InferenceX. The lines leave `kv_precision` out, so they
were read with the engine's default for their weights: 16-bit under vLLM and SGLang ("auto", the
model's dtype). Several scripts ask for an FP8 cache instead (read 2026-12-06, the stored
versions of `benchmarks/` and `benchmarks/single_node/fixed_seq_len/`):

- vLLM `kv-cache-dtype: fp8` (or `--kv-cache-dtype fp8`): Llama 3.1 70B on H200 at FP8 and on
  B200 at FP8 and FP4 (`70b_fp8_h200_slurm.sh`, `70b_fp8_b200_docker.sh`,
  `70b_fp4_b200_docker.sh`, `70b_b200_slurm.sh`), gpt-oss-120b on B200 (`gptoss_fp4_b200.sh`,
  both the older and the `fixed_seq_len` version), MiniMax-M2.5 on B200 at FP8 and FP4 and on B300
  at FP8 (`minimaxm2.5_fp8_b200.sh`, `minimaxm2.5_fp4_b200.sh`, `minimaxm2.5_fp8_b300.sh`) and
  Kimi K2.5 FP4 on B300 (`kimik2.5_fp4_b300.sh`);
- SGLang `--kv-cache-dtype fp8_e4m3`: DeepSeek-R1 FP4 on B200 (`dsr1_fp4_b200.sh`) and
  Qwen3.5-397B-A17B FP8 on B200 and B300 (`qwen3.5_fp8_b200.sh`, `qwen3.5_fp8_b300.sh`).

The scripts of gpt-oss-120b on H100 and H200, MiniMax-M2.5 on H100 and H200 and Kimi K2.5 INT4
on B200 set none, and those lines keep the default. A line that names its own `kv_precision`
keeps it; other lines (aiconfigurator's own `cfg` runs, undated lines, a planner's) are not
InferenceX's and keep their fields. The scripts' other settings (memory fraction, token budget,
sequence cap) are not read here.
"""

from __future__ import annotations

from typing import Any

# (engine, model, GPU, weight precision) whose InferenceX script sets an FP8 KV cache.
FP8_CACHE_SCRIPTS = frozenset(
    {
        ("vllm", "llama-3.1-70b", "h200-sxm", "fp8"),
        ("vllm", "llama-3.1-70b", "b200", "fp8"),
        ("vllm", "llama-3.1-70b", "b200", "fp4"),
        ("vllm", "gpt-oss-120b", "b200", "mxfp4"),
        ("vllm", "minimax-m2.5", "b200", "fp8"),
        ("vllm", "minimax-m2.5", "b200", "fp4"),
        ("vllm", "minimax-m2.5", "b300", "fp8"),
        ("vllm", "kimi-k2.5", "b300", "fp4"),
        ("sglang", "deepseek-r1", "b200", "fp4"),
        ("sglang", "qwen3.5-397b-a17b", "b200", "fp8"),
        ("sglang", "qwen3.5-397b-a17b", "b300", "fp8"),
    }
)


def with_script_kv_cache(fields: dict[str, Any]) -> dict[str, Any]:
    """A dated aggregated line's fields with the FP8 KV cache its script set (module doc);
    other lines, and lines naming their own `kv_precision`, come back unchanged."""
    if fields.get("kv_precision") is not None:
        return fields
    run = (
        fields.get("engine"),
        fields.get("model"),
        fields.get("gpu"),
        fields.get("weight_precision"),
    )
    return dict(fields, kv_precision="fp8") if run in FP8_CACHE_SCRIPTS else fields
