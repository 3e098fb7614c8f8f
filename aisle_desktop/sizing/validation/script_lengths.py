"""The prompt and answer lengths InferenceX's benchmark clients drew for the dated lines.

The dated aggregated lines (`script_budgets.is_script_run`) name the lengths L their workflow
asked for (1,024 or 8,192 tokens). InferenceX's client does not send L: its random dataset
(`sample_random_requests` in SemiAnalysisAI/InferenceX `utils/bench_serving/
benchmark_serving.py`, read 2026-12-06) draws each request's prompt and answer lengths
uniformly from the whole numbers between int(r x L) and L, r the workflow's
`RANDOM_RANGE_RATIO` (0.8, `.github/workflows/benchmark-tmpl.yml`), and asks for the answer's
length with `ignore_eos`, so every answer runs to the length it drew. The mean of such a draw
is (int(r x L) + L) / 2: 921.5 tokens for 1,024, 7,372.5 for 8,192, 0.9 L. A run of hundreds
of requests at fixed concurrency measures means over those draws, and its output tokens/s
counts the tokens it got, so the line is read at the mean lengths.

The dated disaggregated lines (`is_recipe_run`) are InferenceX's multinode runs of srt-slurm
recipes (`dynamo_recipes`), whose `benchmark` is `sa-bench`: its script
(`src/srtctl/benchmarks/scripts/sa-bench/bench.sh`, ishandhanani/srt-slurm, the repository
InferenceX's configuration names, read 2026-12-07) runs the same client fork with
`--dataset-name random --random-range-ratio 0.8 --ignore-eos`, and its `sample_random_requests`
(`sa-bench/benchmark_serving.py`) draws from `int(seq_len * range_ratio)` to `seq_len` the same
way. aiconfigurator files some of those runs again as its own disaggregated series, each line
repeating a dated line's TTFT and TPOT to the last digit at the same model, GPU, precision,
lengths and clients (`REPEATED_RECIPE_RUNS`; the one line of series 437 at 5 clients has no
dated line and is read with its series): they are read as the runs they repeat.

The other lines (aiconfigurator's own runs, undated lines, a planner's) keep the lengths they
name, as do the scripts' and recipes' settings read from L (`script_budgets`,
`script_batch_wait`, the recipes' budgets and batches): they set them from the workflow's ISL
and OSL.
"""

from __future__ import annotations

import math
import re

from aisle_desktop.sizing.validation.benchmark_scenario import BenchmarkScenario
from aisle_desktop.sizing.validation.script_budgets import is_script_run
from aisle_desktop.sizing.validation.source_layouts import DATED_RUN_ID

# The workflow's RANDOM_RANGE_RATIO: the shortest length drawn, as a share of the named one.
RANDOM_RANGE_RATIO = 0.8
# aiconfigurator's disaggregated series whose lines repeat dated runs (module doc).
REPEATED_RECIPE_RUNS = re.compile(
    r"aic-dsr1_\w+_disagg_\w+_cfg(?:239|291|297|303|336|373|411|412|437|505|528|536|555|556"
    r"|590|679)$"
)


def drawn_mean_tokens(named_tokens: int, range_ratio: float = RANDOM_RANGE_RATIO) -> float:
    """The mean of the whole numbers from int(ratio x named) to named, drawn uniformly."""
    return (math.floor(named_tokens * range_ratio) + named_tokens) / 2.0


def is_recipe_run(scenario: BenchmarkScenario) -> bool:
    """Whether a disaggregated line is one of InferenceX's multinode recipe runs, dated or
    filed again by aiconfigurator (module doc)."""
    line_id = scenario.id
    return scenario.disaggregated is not None and bool(
        DATED_RUN_ID.match(line_id) or REPEATED_RECIPE_RUNS.match(line_id)
    )


def drawn_answer_share(scenario: BenchmarkScenario) -> float:
    """The shortest answer's share of the longest where the line's client drew its answers
    uniformly between them (a run of InferenceX's clients, module doc); NaN where the line
    names fixed lengths, read as the model reads a plan's answers (geometric around the mean,
    `serving.balancer_wait_steps`)."""
    if is_script_run(scenario) or is_recipe_run(scenario):
        return RANDOM_RANGE_RATIO
    return math.nan


def read_lengths(scenario: BenchmarkScenario) -> tuple[float, float]:
    """(prompt, answer) tokens a line is read at: the drawn means for a run of InferenceX's
    clients, aggregated or disaggregated, else the lengths it names (module doc)."""
    named = (scenario.input_tokens, scenario.output_tokens)
    if not (is_script_run(scenario) or is_recipe_run(scenario)):
        return float(named[0]), float(named[1])
    return drawn_mean_tokens(named[0]), drawn_mean_tokens(named[1])
