"""How often SGLang's scheduler takes new requests in the dated aggregated lines' scripts.

SGLang's scheduler takes the requests its tokenizer has passed on at the top of each loop,
but with `--scheduler-recv-interval K` above 1 only once its counter reaches K: a decode
iteration (or an idle loop) adds 1, any iteration that prefills adds 1,000, so it takes new
requests right after a prefill and otherwise every K decode iterations
(sgl-project/sglang `python/sglang/srt/managers/scheduler_recv_skipper.py`,
`SchedulerRecvSkipper`; the default is 1, every loop). A request that arrives while the
running batch decodes waits for the next such loop: in a steady state of clients whose
requests arrive spread over the decode iterations, (K - 1) / 2 iterations beyond the half
iteration every request waits for the running one.

InferenceX's single-node SGLang scripts behind the dated lines ("aic-2026_03_25_...",
"aic-2026_04_06_...", `script_budgets.is_script_run`) set it (SemiAnalysisAI/InferenceX,
stored versions read 2026-12-06):

- DeepSeek-R1 FP4 on B200 (`benchmarks/dsr1_fp4_b200.sh`, `benchmarks/single_node/
  dsr1_fp4_b200.sh`, `benchmarks/single_node/fixed_seq_len/dsr1_fp4_b200.sh`): 30 from 16
  clients on, 10 below; the last sets 1 under data-parallel attention (the skipper refused
  data-parallel attention in the releases of the first two);
- Qwen3.5-397B-A17B FP8 on B200 (`benchmarks/single_node/qwen3.5_fp8_b200.sh`): 30 from 16
  clients on, 10 below (a later `fixed_seq_len` version: 30 above 4 clients);
- Qwen3.5-397B-A17B FP8 on B300 (`benchmarks/single_node/qwen3.5_fp8_b300.sh` and its
  `fixed_seq_len` version): 10.

Other lines (aiconfigurator's own runs, undated lines, other engines, a planner's) run the
engine's default, 1. A plan sizes a deployment at SGLang's defaults, so nothing here reaches
a plan.
"""

from __future__ import annotations

from aisle_desktop.sizing.validation.benchmark_scenario import BenchmarkScenario, Concurrency
from aisle_desktop.sizing.validation.script_budgets import is_script_run

# The scripts' rule: this interval from `RELAXED_FROM_CLIENTS` clients on, `SHORT` below.
SHORT_INTERVAL = 10
RELAXED_INTERVAL = 30
RELAXED_FROM_CLIENTS = 16
# (model, GPU, weight precision) of the SGLang scripts that relax the interval with the load.
RELAXED_WITH_LOAD = frozenset(
    {("deepseek-r1", "b200", "fp4"), ("qwen3.5-397b-a17b", "b200", "fp8")}
)
# (model, GPU, weight precision) of the SGLang scripts that keep the short interval.
SHORT_ALWAYS = frozenset({("qwen3.5-397b-a17b", "b300", "fp8")})


def script_recv_interval(scenario: BenchmarkScenario) -> int:
    """The `--scheduler-recv-interval` the line's script set (module doc); 1 elsewhere."""
    load = scenario.load
    if (
        scenario.engine != "sglang"
        or scenario.attention_dp > 1
        or not isinstance(load, Concurrency)
        or not is_script_run(scenario)
    ):
        return 1
    run = (scenario.model, scenario.gpu, scenario.weight_precision)
    if run in SHORT_ALWAYS:
        return SHORT_INTERVAL
    if run in RELAXED_WITH_LOAD:
        return RELAXED_INTERVAL if load.concurrency >= RELAXED_FROM_CLIENTS else SHORT_INTERVAL
    return 1


def recv_wait_steps(interval: int) -> float:
    """Decode iterations a request arriving during decodes waits for the scheduler to take
    it, beyond the half iteration of the running step: (K - 1) / 2 (module doc)."""
    return (interval - 1) / 2.0
