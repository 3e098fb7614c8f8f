"""Which dated aggregated lines ran vLLM with asynchronous scheduling before it was the default.

vLLM's asynchronous scheduler plans the next iteration while the GPU runs this one (pull
request 19970, an opt-in `--async-scheduling` until 0.13); vLLM 0.14.0 turned it on by default
("Async scheduling is now enabled by default", its release notes; pull request 27614). A
release before 0.14 run at its defaults schedules in turn: the engine core schedules, runs the
iteration and hands its tokens out before it schedules the next, so no iteration is planned
ahead of a new request and no host work hides behind the GPU's. A calibration says so with an
era of vLLM's releases before `VLLM_ASYNC_SCHEDULING_DEFAULT` (0.14).

InferenceX's vLLM scripts for gpt-oss-120b (`benchmarks/gptoss_fp4_h100.sh`,
`gptoss_fp4_h200.sh`, SemiAnalysisAI/InferenceX, stored versions read 2026-12-07) write
`async-scheduling: true` into the server's config, so their dated lines of an older release
(vLLM 0.11.2 on H100) ran the asynchronous scheduler: they are read with the era of the
releases that have it on by default. aiconfigurator's own vLLM 0.12.0 runs (its generator's
`backend_templates/vllm/cli_args.0.12.0.j2` passes no `--async-scheduling`) and a planner's
plans run the release's default.
"""

from __future__ import annotations

from aisle_desktop.catalog import version_key
from aisle_desktop.sizing.calibration import VLLM_ASYNC_SCHEDULING_DEFAULT
from aisle_desktop.sizing.validation.benchmark_scenario import BenchmarkScenario
from aisle_desktop.sizing.validation.script_budgets import is_script_run

# Models whose InferenceX vLLM scripts turn asynchronous scheduling on.
VLLM_ASYNC_SCHEDULING_SCRIPTS = frozenset({"gpt-oss-120b"})


def script_scheduling_release(scenario: BenchmarkScenario) -> str | None:
    """The release whose era the line's scheduling is read with, where its script turned
    asynchronous scheduling on (module doc); None: the line's own release."""
    if scenario.engine != "vllm" or not is_script_run(scenario):
        return None
    if scenario.model not in VLLM_ASYNC_SCHEDULING_SCRIPTS:
        return None
    own = version_key(scenario.engine_version) if scenario.engine_version is not None else None
    default_from = version_key(VLLM_ASYNC_SCHEDULING_DEFAULT)
    if own is None or default_from is None or own >= default_from:
        return None  # the newest, a nightly build, or a release that has it on anyway
    return VLLM_ASYNC_SCHEDULING_DEFAULT
