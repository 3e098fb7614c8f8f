"""The token budget of an iteration in the dated aggregated lines, as InferenceX's scripts set it.

aiconfigurator's own runs (`aic_agg` lines named by a configuration, "..._cfg702") start each
worker with the harness's budget, the concurrency + input + 1,500 tokens
(`benchmark_predict.harness_token_budget`). The dated lines ("aic-2026_03_25_...",
"aic-2026_04_06_...") are InferenceX's single-node runs (`aggregated_drafts` names the evidence),
whose scripts start the engine themselves (SemiAnalysisAI/InferenceX `benchmarks/`, the older
top-level scripts and `single_node/fixed_seq_len/`, stored versions read 2026-12-06):

- TensorRT-LLM, DeepSeek-R1 (`dsr1_fp4_b200_trt.sh`, `dsr1_fp8_b200_trt.sh`): `max_num_tokens`
  = max(8,192, the concurrency + input + 64 rounded up to 64);
- TensorRT-LLM, DeepSeek-R1 with MTP (`dsr1_fp4_b200_trt_mtp.sh`, `dsr1_fp8_b200_trt_mtp.sh`, the
  scripts behind the lines `aggregated_drafts` reads with their drafts): `max_num_tokens` =
  (drafts + 1) x `max_batch_size` + input + 64, rounded up to 64, with no floor, where
  `max_batch_size` is the concurrency, or under data-parallel attention the concurrency over the
  script's TP (each rank's). At 1,024-token prompts that is room for one prompt an iteration;
- TensorRT-LLM, gpt-oss-120b (`gptoss_fp4_b200_trt.sh`, `gptoss_fp4_h200_trt.sh`): 20,000;
- vLLM, MiniMax-M2.5 on B200 and B300 and Kimi K2.5 FP4 on B300 (`minimaxm2.5_fp8_b200.sh`,
  `minimaxm2.5_fp4_b200.sh`, `minimaxm2.5_fp8_b300.sh`, `kimik2.5_fp4_b300.sh`):
  `--max-num-batched-tokens` twice the input;
- vLLM, Llama 3.1 70B and gpt-oss-120b (`70b_*`, `gptoss_fp4_*`): 8,192, vLLM's own default on
  these GPUs, as for the scripts that set none (MiniMax-M2.5 on H100 and H200, Kimi K2.5 INT4 on
  B200);
- TensorRT-LLM, Llama 3.1 70B (`70b_fp8_h200_trt_slurm.sh`, `70b_fp4_b200_trt_slurm.sh`):
  `max_num_tokens` = the workflow's `MAX_MODEL_LEN`, which the scripts do not give: the engine's
  default.

So a dated aggregated line is scheduled with its script's budget where one is read above, and
with its engine's default otherwise, never with aiconfigurator's harness budget. Under data-
parallel attention the value is the replica's, as `predict` reads the engine's default for such
a replica (one scheduler). Other lines keep their reading.
"""

from __future__ import annotations

import math

from aisle_desktop.sizing.validation.aggregated_drafts import MTP_SCRIPT_RUNS
from aisle_desktop.sizing.validation.benchmark_scenario import BenchmarkScenario
from aisle_desktop.sizing.validation.source_layouts import is_script_run_id

# TensorRT-LLM's DeepSeek-R1 scripts: max(8,192, concurrency + input + 64, rounded up to 64).
TRTLLM_DEEPSEEK_FLOOR_TOKENS = 8192
TRTLLM_DEEPSEEK_HEADROOM_TOKENS = 64
TRTLLM_DEEPSEEK_ROUNDING_TOKENS = 64
# TensorRT-LLM's gpt-oss-120b scripts.
TRTLLM_GPT_OSS_TOKENS = 20_000
# vLLM scripts whose `--max-num-batched-tokens` is twice the input: (model, GPU).
VLLM_TWICE_THE_INPUT = frozenset(
    {("minimax-m2.5", "b200"), ("minimax-m2.5", "b300"), ("kimi-k2.5", "b300")}
)


def is_script_run(scenario: BenchmarkScenario) -> bool:
    """Whether the line is one of InferenceX's dated aggregated runs (module doc)."""
    return scenario.disaggregated is None and is_script_run_id(scenario.id)


def script_token_budget(scenario: BenchmarkScenario, in_flight: int) -> float:
    """The budget the line's script set for a replica carrying `in_flight` requests; 0 where
    no script read above sets one (the engine's default then applies)."""
    if not is_script_run(scenario):
        return 0.0
    model, gpu, inp = scenario.model, scenario.gpu, scenario.input_tokens
    if scenario.engine == "tensorrt-llm":
        if is_mtp_script_run(scenario):
            return mtp_script_budget(scenario, in_flight)
        if model.startswith("deepseek-r1"):
            step = TRTLLM_DEEPSEEK_ROUNDING_TOKENS
            wanted = step * math.ceil((in_flight + inp + TRTLLM_DEEPSEEK_HEADROOM_TOKENS) / step)
            return float(max(TRTLLM_DEEPSEEK_FLOOR_TOKENS, wanted))
        if model == "gpt-oss-120b":
            return float(TRTLLM_GPT_OSS_TOKENS)
    if scenario.engine == "vllm" and (model, gpu) in VLLM_TWICE_THE_INPUT:
        return float(2 * inp)
    return 0.0


def is_mtp_script_run(scenario: BenchmarkScenario) -> bool:
    """Whether the line is one that only InferenceX's DeepSeek-R1 MTP scripts ran, read with
    their drafts (`aggregated_drafts`)."""
    run = (scenario.engine, scenario.engine_version, scenario.gpu, scenario.model)
    return run in MTP_SCRIPT_RUNS and scenario.speculative is not None


def mtp_script_budget(scenario: BenchmarkScenario, in_flight: int) -> float:
    """`max_num_tokens` of InferenceX's DeepSeek-R1 MTP scripts (module doc): a batch's
    verified tokens, (drafts + 1) x `max_batch_size`, plus the input and 64, rounded up to 64,
    with no floor. `max_batch_size` is the concurrency, or under data-parallel attention the
    concurrency over the script's TP (its world size), each rank's."""
    assert scenario.speculative is not None  # `is_mtp_script_run`
    world = scenario.tp * scenario.attention_dp
    batch = in_flight // world if scenario.attention_dp > 1 else in_flight
    verified = (scenario.speculative.draft_tokens + 1) * batch
    wanted = verified + scenario.input_tokens + TRTLLM_DEEPSEEK_HEADROOM_TOKENS
    step = TRTLLM_DEEPSEEK_ROUNDING_TOKENS
    return float(step * math.ceil(wanted / step))
