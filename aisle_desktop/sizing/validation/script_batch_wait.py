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
closes at T, or as soon as k more prompts have joined the first, k the fewest that with the
decoding sequences fill r of the budget. With N(t) the prompts that joined by iteration t
(Poisson at rate a), the window holds 1 + E[min(N(T), k)] prompts and they wait
E[integral of (1 + N(t)) over the window] iterations together, the integral over t < T of
sum over n < k of (1 + n) P(N(t) = n), which is sum over n < k of (1 + n) P(N(T) > n) / a: a
prompt waits their ratio. Where k is never reached that is T (1 + aT / 2) / (1 + aT), the first
waiting T and the others T / 2. At the Llama lines' loads (at most 128 clients, 1,024-token
prompts, an 8,192-token budget, T = 20) a window gathers the seven prompts that close it one
time in 25 at most; at the DeepSeek script's 40 iterations and 128 clients it expects 5.6 and
about half its windows close early. The starting cohort reaches an idle engine, which takes it
at once.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

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
    # The prompts beyond the first that, with the decodes, fill r of the budget.
    closing = np.ceil((ratio * token_budget - batch) / input_tokens) - 1.0
    held = window_wait_steps(timeout, arrivals, closing)
    return choose(closing <= 0, 0.0, choose(timeout > 0, held, 0.0))


# The most prompts a window is counted up to before it closes (a budget of 8,192 tokens and
# prompts of 100 take 82); a window that needs more is read as one that never fills.
MOST_PROMPTS_COUNTED = 4096


def window_wait_steps(timeout: Number, arrivals: Number, closing: Number) -> Number:
    """Iterations a prompt waits on average in a window opened by the first of them that
    closes after `timeout` iterations, or once `closing` more prompts arriving at `arrivals`
    an iteration (Poisson) have joined (module doc); per element for arrays."""
    shape = np.broadcast(timeout, arrivals, closing).shape
    rate = np.maximum(np.asarray(arrivals, dtype=float), 1e-12).reshape(-1)
    rate = np.broadcast_to(rate, shape).reshape(-1, 1) if shape else rate.reshape(1, 1)
    window = np.broadcast_to(np.asarray(timeout, dtype=float), shape).reshape(-1, 1)
    joined = np.broadcast_to(np.asarray(closing, dtype=float), shape).reshape(-1, 1)
    most = int(np.clip(np.max(joined, initial=1.0), 1.0, MOST_PROMPTS_COUNTED))
    n = np.arange(1, most + 1, dtype=float)  # joined prompts
    mean = np.maximum(rate * window, 1e-12)  # prompts expected to join in a whole window
    # P(N(T) = n) for n = 1..most, from logs so that a long window does not underflow.
    log_pmf = -mean + np.cumsum(np.log(mean) - np.log(n), axis=1)
    # P(N(T) >= n): one less the chance of none, less those of fewer than n.
    none_short = -np.expm1(-mean)
    at_least = none_short - np.concatenate(
        [np.zeros_like(mean), np.cumsum(np.exp(log_pmf), axis=1)[:, :-1]], axis=1
    )
    at_least = np.maximum(at_least, 0.0)
    counted = n <= np.minimum(joined, most)
    waited = np.sum(n * at_least * counted, axis=1) / rate[:, 0]
    prompts = 1.0 + np.sum(at_least * counted, axis=1)
    steps = (waited / prompts).reshape(shape)
    return steps if shape else float(steps)
