"""Which dated aggregated lines ran `trtllm-serve` with post-processing workers.

`trtllm-serve` takes a request in, tokenises it and hands it to the engine's loop in its main
process, and by default (`num_postprocess_workers` 0) detokenises every answer and builds
every streamed response there too. With workers set, the detokenising and the responses run
in that many separate processes instead (TensorRT-LLM's `LlmArgs.num_postprocess_workers`,
"the number of processes used for postprocessing the generated tokens, including
detokenization"; pull request 5122, which exposed it, "to reduce the main process pressure by
splitting the post-processing to other processes"). A request's fixed time before its first
step (`request_overhead_ms`) is then mostly spared: such a line pays the era's
`postprocess_workers_overhead_share` of it.

InferenceX's single-node TensorRT-LLM scripts behind the dated lines ("aic-2026_03_25_...",
"aic-2026_04_06_...", `script_budgets.is_script_run`; SemiAnalysisAI/InferenceX, stored
versions read 2026-12-07) set it for two models:

- gpt-oss-120b (`benchmarks/gptoss_fp4_b200_trt.sh`, `gptoss_fp4_b200_trt_slurm.sh`,
  `gptoss_fp4_h200_trt.sh`, `gptoss_fp4_h200_trt_slurm.sh`): `num_postprocess_workers: 4`;
- Llama 3.1 70B (`benchmarks/70b_fp8_h200_trt_slurm.sh`, `70b_fp4_b200_trt_slurm.sh`):
  `--num_postprocess_workers 2`.

Its DeepSeek-R1 scripts (`dsr1_fp4_b200_trt.sh`, `dsr1_fp8_b200_trt.sh`, `dsr1_fp8_h200_trt.sh`
and their MTP versions) set none, nor does aiconfigurator's own harness (NVIDIA Dynamo's
frontend and worker, the lines named by a configuration). A plan is sized at the engine's
defaults, so nothing here reaches a plan.
"""

from __future__ import annotations

import numpy as np

from aisle_desktop.sizing.calibration import PerformanceAssumptions
from aisle_desktop.sizing.engine import Number
from aisle_desktop.sizing.engine.arraymath import choose
from aisle_desktop.sizing.validation.benchmark_scenario import BenchmarkScenario
from aisle_desktop.sizing.validation.script_budgets import is_script_run

# (engine, model) of the scripts that run post-processing workers, and how many.
POSTPROCESS_WORKER_SCRIPTS: dict[tuple[str, str], int] = {
    ("tensorrt-llm", "gpt-oss-120b"): 4,
    ("tensorrt-llm", "llama-3.1-70b"): 2,
}


def script_postprocess_workers(scenario: BenchmarkScenario) -> int:
    """The post-processing workers the line's script started its server with (module doc);
    0, the engine's default, elsewhere."""
    if not is_script_run(scenario):
        return 0
    return POSTPROCESS_WORKER_SCRIPTS.get((scenario.engine, scenario.model), 0)


def request_overhead_s(assumptions: PerformanceAssumptions, workers: Number) -> Number:
    """A request's fixed time before its first step, s: the era's `request_overhead_ms`, or
    its `postprocess_workers_overhead_share` where the server ran `workers` (one a line)."""
    overhead_s = assumptions.request_overhead_ms * 1e-3
    spared = overhead_s * assumptions.postprocess_workers_overhead_share
    return choose(np.greater(workers, 0), spared, overhead_s)
