"""Which engine release a benchmark line ran when the line does not name one.

A line's `scenario_kind` says how its source measured it, and each kind of source belongs to
a period. The 2023-25 sources (TensorRT-LLM's performance overviews, NVIDIA NIM concurrency
sweeps, `vllm bench serve` runs) were all measured by mid-2025, before the engines' 2025-26
releases changed their kernels and schedulers; their lines carry no `engine_version` because
the sources did not publish one. Predicting such a line with a 2026 release would judge a
2024 measurement against a 2026 engine, so an unnamed release is read as the one current
when that kind of source was last measured. aiconfigurator's 2025-26 regression runs
(`aic_agg`, `aic_disagg`) are read the same way, as of the newest run their file dates: a
release the catalog adds later (vLLM 0.28 doubled the server's token budget, which no run
used) must not change what those runs are judged against. A version without leading
numbers (a nightly or model-preview build, "nightly-5b8c30d", "gpt-oss-dev") is read as the
release current then too. Lines of any other kind (a planner's own measurements) are read
as the newest release.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from aisle_desktop.catalog import EngineSpec, release_current_on, version_key
from aisle_desktop.sizing.validation.dynamo_releases import engine_release_of

# The day the newest measurement of each 2023-25 kind of source was taken (the published
# set's README lists the sources; its newest rows date from the first half of 2025).
PUBLISHED_SOURCES_MEASURED_BY = datetime.date(2025, 6, 30)
# The newest run of aiconfigurator's silicon_sample.csv (commit 095f58a51), the source of
# every 2025-26 line: ids "aic-2026_04_06_..."; the newest release its lines name is vLLM
# 0.19.0 of 2026-04-03.
AICONFIGURATOR_RUNS_MEASURED_BY = datetime.date(2026, 4, 6)
MEASURED_BY_KIND: Mapping[str, datetime.date] = {
    **{
        kind: PUBLISHED_SOURCES_MEASURED_BY
        for kind in (
            "offline_max_throughput",
            "offline_peak_throughput",
            "offline_static_batch_peak_throughput",
            "single_request_latency",
            "online_serving",
            "concurrency_sweep",
            "concurrency_sweep_variable_lengths",
        )
    },
    "aic_agg": AICONFIGURATOR_RUNS_MEASURED_BY,
    "aic_disagg": AICONFIGURATOR_RUNS_MEASURED_BY,
}


def release_measured(engine: EngineSpec, version: str | None, kind: str | None) -> str | None:
    """The release a line was measured with: its own (the engine's, when the line names the
    Dynamo release that served it), else the one its kind of source ran; None means the newest
    (the catalog's and the calibration's reading of no version)."""
    named = engine_release_of(engine.id, version, kind) if version is not None else None
    if named is not None and version_key(named) is not None:
        return named
    measured_by = MEASURED_BY_KIND.get(kind) if kind is not None else None
    if measured_by is None:
        return named
    return release_current_on(engine, measured_by)
