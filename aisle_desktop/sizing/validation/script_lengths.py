"""The prompt and answer lengths InferenceX's benchmark client drew for the dated lines.

The dated aggregated lines (`script_budgets.is_script_run`) name the lengths L their workflow
asked for (1,024 or 8,192 tokens). InferenceX's client does not send L: its random dataset
(`sample_random_requests` in SemiAnalysisAI/InferenceX `utils/bench_serving/
benchmark_serving.py`, read 2026-12-06) draws each request's prompt and answer lengths
uniformly from the whole numbers between int(r x L) and L, r the workflow's
`RANDOM_RANGE_RATIO` (0.8, `.github/workflows/benchmark-tmpl.yml`), and asks for the answer's
length with `ignore_eos`, so every answer runs to the length it drew. The mean of such a draw
is (int(r x L) + L) / 2: 921.5 tokens for 1,024, 7,372.5 for 8,192, 0.9 L. A run of hundreds
of requests at fixed concurrency measures means over those draws, and its output tokens/s
counts the tokens it got, so the line is read at the mean lengths. The other lines (
aiconfigurator's own runs, undated lines, a planner's) keep the lengths they name, as do the
scripts' settings read from L (`script_budgets`, `script_batch_wait`): the scripts set them
from the workflow's ISL and OSL.
"""

from __future__ import annotations

import math

from aisle_desktop.sizing.validation.benchmark_scenario import BenchmarkScenario
from aisle_desktop.sizing.validation.script_budgets import is_script_run

# The workflow's RANDOM_RANGE_RATIO: the shortest length drawn, as a share of the named one.
RANDOM_RANGE_RATIO = 0.8


def drawn_mean_tokens(named_tokens: int, range_ratio: float = RANDOM_RANGE_RATIO) -> float:
    """The mean of the whole numbers from int(ratio x named) to named, drawn uniformly."""
    return (math.floor(named_tokens * range_ratio) + named_tokens) / 2.0


def read_lengths(scenario: BenchmarkScenario) -> tuple[float, float]:
    """(prompt, answer) tokens a line is read at: the drawn means for a dated line, else
    the lengths it names (module doc)."""
    named = (scenario.input_tokens, scenario.output_tokens)
    if not is_script_run(scenario):
        return float(named[0]), float(named[1])
    return drawn_mean_tokens(named[0]), drawn_mean_tokens(named[1])
