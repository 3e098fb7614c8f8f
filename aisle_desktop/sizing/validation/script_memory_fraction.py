"""The KV cache's share of memory in the dated aggregated lines, as InferenceX's scripts set it.

TensorRT-LLM gives its KV cache `kv_cache_config.free_gpu_memory_fraction` of the memory its
weights and activations leave, 0.9 unless told otherwise (the catalog's `memory_fraction`).
The dated `aic_agg` lines ("aic-2026_03_25_...", "aic-2026_04_06_...") are InferenceX's
single-node runs (`aggregated_drafts` names the evidence), and the TensorRT-LLM scripts behind
several of them ask for less (SemiAnalysisAI/InferenceX `benchmarks/` and
`benchmarks/single_node/fixed_seq_len/`, read 2026-12-06):

- DeepSeek-R1 FP4 on B200 (`dsr1_fp4_b200_trt.sh`, `dsr1_fp4_b200_trt_mtp.sh`): 0.8;
- DeepSeek-R1 FP8 on B200 (`dsr1_fp8_b200_trt.sh`, `dsr1_fp8_b200_trt_mtp.sh`): 0.8, and 0.75
  for 8,192 / 1,024 on 4 GPUs without MTP (an older version of the plain script also set 0.7
  for 1,024-token prompts at 256 clients or more, the `fixed_seq_len` one does not: no line's
  figure differs between the two, each holding its clients either way);
- DeepSeek-R1 FP8 on H200 (`dsr1_fp8_h200_trt.sh`, `dsr1_fp8_h200_trt_mtp.sh`): 0.75;
- gpt-oss-120b on B200 and H200 (`gptoss_fp4_b200_trt.sh`, `gptoss_fp4_h200_trt.sh`): 0.85.

The Llama 3.1 70B scripts (`70b_fp8_h200_trt_slurm.sh`, `70b_fp4_b200_trt_slurm.sh`) set none
and keep the engine's 0.9, as do the vLLM scripts read (`--gpu-memory-utilization 0.9`, vLLM's
own default). The scripts' `ISL`, `OSL` and `TP` are the line's named lengths and its GPUs
(attention data-parallel ranks included), as `script_budgets` reads them. Other lines
(aiconfigurator's own `cfg` runs, undated lines, a planner's) keep the engine's fraction.
"""

from __future__ import annotations

from aisle_desktop.sizing.validation.benchmark_scenario import BenchmarkScenario
from aisle_desktop.sizing.validation.script_budgets import is_script_run

# (model, GPU, weight precision) -> the fraction its TensorRT-LLM scripts set.
TRTLLM_SCRIPT_FRACTIONS = {
    ("deepseek-r1", "b200", "fp4"): 0.8,
    ("deepseek-r1", "b200", "fp8"): 0.8,
    ("deepseek-r1", "h200-sxm", "fp8"): 0.75,
    ("gpt-oss-120b", "b200", "mxfp4"): 0.85,
    ("gpt-oss-120b", "h200-sxm", "mxfp4"): 0.85,
}
# DeepSeek-R1 FP8 on B200 without MTP, 8,192 / 1,024 on 4 GPUs.
DEEPSEEK_FP8_B200 = ("deepseek-r1", "b200", "fp8")
DEEPSEEK_FP8_B200_LONG_PROMPT_TP4_FRACTION = 0.75


def script_memory_fraction(scenario: BenchmarkScenario) -> float | None:
    """The KV cache's memory fraction the line's script set (module doc); None where no
    script read above sets one (the engine's default then applies)."""
    if scenario.engine != "tensorrt-llm" or not is_script_run(scenario):
        return None
    run = (scenario.model, scenario.gpu, scenario.weight_precision)
    long_prompt_tp4 = (
        run == DEEPSEEK_FP8_B200
        and scenario.speculative is None
        and (scenario.input_tokens, scenario.output_tokens) == (8192, 1024)
        and scenario.gpus_per_replica == 4
    )
    if long_prompt_tp4:
        return DEEPSEEK_FP8_B200_LONG_PROMPT_TP4_FRACTION
    return TRTLLM_SCRIPT_FRACTIONS.get(run)
