"""TensorRT-LLM's batch waiting in the dated aggregated lines whose InferenceX script turns it on.

TensorRT-LLM 1.x can hold new prompts back so that more of them share a prefill iteration:
with `batch_wait_timeout_iters` T or `batch_wait_max_tokens_ratio` r above 0, the PyTorch
executor's scheduler (`PyExecutor._waiting_requests`, NVIDIA/TensorRT-LLM
`tensorrt_llm/_torch/pyexecutor/py_executor.py`) keeps the scheduled prompts out of an
iteration that also decodes until its counter of held iterations reaches T or the iteration's
tokens (the held prompts' and one a decoding sequence) reach r x `max_num_tokens`; the counter
starts again once they go. It never holds prompts when nothing decodes, nor under attention
data parallel. Both values are 0 by default, so a plan, sized at the engine's defaults, never
waits.

InferenceX's single-node TensorRT-LLM scripts for Llama 3.1 70B (SemiAnalysisAI/InferenceX
`benchmarks/70b_fp8_h200_trt_slurm.sh` and `benchmarks/70b_fp4_b200_trt_slurm.sh`, stored
versions read 2026-12-06) set T = 20 and r = 0.9 for 1,024-token prompts with 1,024-token answers
below TP 8 ("will improve the performance", the scripts say), and nothing otherwise. Its script
for DeepSeek-R1 FP8 on B200 without drafts (`benchmarks/dsr1_fp8_b200_trt.sh` and
`benchmarks/single_node/fixed_seq_len/dsr1_fp8_b200_trt.sh`, read 2026-12-07) sets T = 40 and
r = 0.8 for 1,024 / 1,024 from 64 clients on (`DELAY_BATCHING`), since the change that moved it
to release 1.2.0rc6.post2 (InferenceX `perf-changelog.yaml`, pull request 594: "Add delay
batching ... for 1k1k high-concurrency"); the release before it (1.1.0rc2.post2) ran an older
script without it, and the MTP script (release 1.2.0rc6.post3) sets none. The script version of
that change keeps it below 256 clients, the later one at 256 and more; no line without attention
data parallel runs 256 clients there. The dated lines (`script_budgets.is_script_run`) of those
runs are read with them.

Under those settings, a prompt that arrives while the batch decodes opens a window of T
iterations unless one prompt and the decoding sequences already fill r of the budget; prompts
arriving within the window wait for its end with it. With prompts arriving at a iterations'
rate (a running batch of B sequences ends B / (answer iterations) of them an iteration), a window
holds 1 + aT prompts on average, its first waits T and the others T / 2 on average, so a prompt
waits T (1 + aT / 2) / (1 + aT) iterations. The windows that close early, when the held prompts
reach the budget's share, are not counted: at the Llama lines' loads (at most 128 clients,
1,024-token prompts, an 8,192-token budget) a window gathers the seven prompts that takes one
time in 25 at most, and so does the DeepSeek script's 40-iteration window at 64 clients (one in
16), but at 128 clients it expects 5.6 prompts and about half its windows close early, so that
line's wait is read long (+11% against its measurement). The starting cohort reaches an idle
engine, which takes it at once.
"""

from __future__ import annotations

from typing import NamedTuple

from aisle_desktop.sizing.engine import Number
from aisle_desktop.sizing.engine.arraymath import choose
from aisle_desktop.sizing.validation.benchmark_scenario import BenchmarkScenario, Concurrency
from aisle_desktop.sizing.validation.script_budgets import is_script_run


class BatchWaiting(NamedTuple):
    """TensorRT-LLM's batch waiting as a line's script set it; (0, 0) for none."""

    timeout_iterations: float
    max_tokens_ratio: float


NO_BATCH_WAITING = BatchWaiting(0.0, 0.0)
# The Llama 3.1 70B scripts' settings, and the runs they apply them to.
SCRIPT_BATCH_WAITING = BatchWaiting(20.0, 0.9)
# (model, GPU, weight precision) of the TensorRT-LLM scripts that set them.
BATCH_WAITING_SCRIPTS = frozenset(
    {("llama-3.1-70b", "h200-sxm", "fp8"), ("llama-3.1-70b", "b200", "fp4")}
)
BATCH_WAITING_LENGTHS = (1024, 1024)
BATCH_WAITING_BELOW_TP = 8
# The DeepSeek-R1 FP8 B200 script's settings, its release and the clients it sets them from.
DEEPSEEK_SCRIPT_BATCH_WAITING = BatchWaiting(40.0, 0.8)
DEEPSEEK_BATCH_WAITING_RUN = ("deepseek-r1", "b200", "fp8", "1.2.0rc6.post2")
DEEPSEEK_BATCH_WAITING_FROM_CLIENTS = 64


def script_batch_waiting(scenario: BenchmarkScenario) -> BatchWaiting:
    """The batch waiting the line's script set (module doc); none elsewhere."""
    load = scenario.load
    if (
        scenario.engine != "tensorrt-llm"
        or scenario.attention_dp > 1
        or not isinstance(load, Concurrency)
        or not is_script_run(scenario)
        or (scenario.input_tokens, scenario.output_tokens) != BATCH_WAITING_LENGTHS
    ):
        return NO_BATCH_WAITING
    script = (scenario.model, scenario.gpu, scenario.weight_precision)
    if script in BATCH_WAITING_SCRIPTS and scenario.tp < BATCH_WAITING_BELOW_TP:
        return SCRIPT_BATCH_WAITING
    run = (*script, scenario.engine_version)
    enough_clients = load.concurrency >= DEEPSEEK_BATCH_WAITING_FROM_CLIENTS
    if run == DEEPSEEK_BATCH_WAITING_RUN and enough_clients:
        return DEEPSEEK_SCRIPT_BATCH_WAITING
    return NO_BATCH_WAITING


def batch_wait_steps(
    waiting: tuple[Number, Number],
    token_budget: Number,
    batch: Number,
    lengths: tuple[Number, Number],
    tokens_per_step: float,
) -> Number:
    """Decode iterations a prompt arriving while `batch` sequences decode is held (module doc):
    `waiting` is (T, r) (`BatchWaiting`, 0 for none), `lengths` (prompt, answer) in tokens.
    None where one prompt and the decoding sequences reach r of `token_budget`."""
    timeout, ratio = waiting
    input_tokens, output_tokens = lengths
    arrivals = batch * tokens_per_step / output_tokens  # prompts an iteration
    held = timeout * (1.0 + 0.5 * arrivals * timeout) / (1.0 + arrivals * timeout)
    fills_budget = input_tokens + batch >= ratio * token_budget
    return choose(fills_budget, 0.0, choose(timeout > 0, held, 0.0))
