"""Compare predictions with published measurements: error tables by metric and kind.

Errors are relative: (predicted - measured) / measured. The absolute value's median and 90th
percentile say how close the model usually is and how far its bad cases go; the signed median
says whether it leans optimistic or pessimistic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from aisle_desktop.formatting import with_unit

METRICS = (
    "output_tokens_per_s",
    "total_tokens_per_s",
    "requests_per_s",
    "ttft_ms",
    "tpot_ms",
    "e2e_latency_s",
    "ttft_p50_ms",
    "ttft_p95_ms",
    "ttft_p99_ms",
)


# The 2025-26 set's disaggregated rows; the accuracy targets are stated for aggregated ones.
DISAGGREGATED_KIND = "aic_disagg"


@dataclass(frozen=True, slots=True)
class Comparison:
    scenario_id: str
    scenario_kind: str
    metric: str
    predicted: float
    measured: float
    # (dimension, value) pairs to group errors by: gpu, model, precision, tp, load
    tags: tuple[tuple[str, str], ...] = ()
    low: float | None = None
    high: float | None = None

    def tag(self, dimension: str) -> str:
        return dict(self.tags).get(dimension, "?")

    @property
    def in_band(self) -> bool | None:
        """Whether the measured figure lies in the predicted band (None without a band)."""
        if self.low is None or self.high is None:
            return None
        return self.low <= self.measured <= self.high

    @property
    def signed_error(self) -> float:
        return (self.predicted - self.measured) / self.measured

    @property
    def abs_error(self) -> float:
        return abs(self.signed_error)


@dataclass(frozen=True, slots=True)
class ErrorRow:
    group: str
    count: int
    median_abs: float
    p90_abs: float
    median_signed: float


def error_percent(error: float) -> str:
    """An error as the tables print it: a fraction as a percentage with one decimal, spaced
    as every share a planner reads is ("17.3 %"; the REPORT files wrote "17.3%")."""
    return f"{error * 100:.1f} %"


def signed_percent(error: float, decimals: int = 1) -> str:
    """A signed error as the tables print it: "+5 %", "-13.9 %" (the REPORT files and
    `validate` wrote "+5%" beside the window's "5 %")."""
    return f"{error * 100:+,.{decimals}f} %"


def whole_percent_text(share: float) -> str:
    """A band or threshold in the tables' words: 0.5 -> "50 %"."""
    return f"{share * 100:.0f} %"


def comparisons(scenario: dict[str, Any], prediction: dict[str, Any]) -> list[Comparison]:
    """Every metric the scenario measured that the prediction has a figure for."""
    expected = scenario.get("expected") or {}
    kind = str(scenario.get("scenario_kind", "unspecified"))
    load = scenario.get("load") or {}
    tags = (
        ("gpu", str(scenario.get("gpu"))),
        ("model", str(scenario.get("model"))),
        ("precision", str(scenario.get("weight_precision"))),
        ("tp", str(scenario.get("tp"))),
        ("load", str(load.get("mode") if isinstance(load, dict) else "?")),
        ("engine", str(scenario.get("engine"))),
        ("engine_era", str(prediction.get("engine_era", "?"))),
        ("family", str(prediction.get("model_family", "?"))),
        ("gpu_architecture", str(prediction.get("gpu_architecture", "?"))),
        ("input_output_ratio", str(_ratio(scenario))),
        ("deployment", _deployment(prediction)),
    )
    found = []
    for metric in METRICS:
        measured = expected.get(metric)
        predicted = prediction.get(metric)
        if (
            isinstance(measured, (int, float))
            and measured > 0
            and isinstance(predicted, (int, float))
        ):
            low, high = prediction.get(f"{metric}_low"), prediction.get(f"{metric}_high")
            found.append(
                Comparison(
                    str(scenario.get("id")),
                    kind,
                    metric,
                    float(predicted),
                    float(measured),
                    tags,
                    float(low) if isinstance(low, (int, float)) else None,
                    float(high) if isinstance(high, (int, float)) else None,
                )
            )
    return found


def _deployment(prediction: dict[str, Any]) -> str:
    """How the prediction's serving was laid out: aggregated, or disaggregated with the
    workers the line records, those of the benchmark recipe that ran it, or with pools sized
    for its load (workers not recorded)."""
    if not prediction.get("disaggregated"):
        return "aggregated"
    if prediction.get("workers_sized_for_load"):
        return "disaggregated, workers sized for the load"
    if prediction.get("workers_from_recipe"):
        return "disaggregated, workers from the benchmark recipe"
    return "disaggregated, workers as recorded"


def _ratio(scenario: dict[str, Any]) -> float:
    inp, out = scenario.get("input_tokens"), scenario.get("output_tokens")
    if isinstance(inp, (int, float)) and isinstance(out, (int, float)) and out > 0:
        return float(inp) / float(out)
    return float("nan")


def error_row(group: str, rows: list[Comparison]) -> ErrorRow:
    abs_errors = np.array([r.abs_error for r in rows])
    signed = np.array([r.signed_error for r in rows])
    return ErrorRow(
        group=group,
        count=len(rows),
        median_abs=float(np.median(abs_errors)),
        p90_abs=float(np.percentile(abs_errors, 90)),
        median_signed=float(np.median(signed)),
    )


def error_table(rows: list[Comparison], by_kind: bool) -> list[ErrorRow]:
    """One row per metric, or per (metric, scenario kind)."""
    groups: dict[str, list[Comparison]] = {}
    for row in rows:
        key = f"{row.metric} / {row.scenario_kind}" if by_kind else row.metric
        groups.setdefault(key, []).append(row)
    return [error_row(key, groups[key]) for key in sorted(groups)]


def grouped_table(rows: list[Comparison], dimension: str) -> list[ErrorRow]:
    """One row per (metric, value of `dimension`), e.g. per metric and GPU."""
    groups: dict[str, list[Comparison]] = {}
    for row in rows:
        groups.setdefault(f"{row.metric} / {row.tag(dimension)}", []).append(row)
    return [error_row(key, groups[key]) for key in sorted(groups)]


def headline_key(row: Comparison) -> str | None:
    """The issue's target groups: which headline figure a comparison counts towards."""
    load = row.tag("load")
    if row.scenario_kind == DISAGGREGATED_KIND:
        return None  # prefill and decode on separate pools: not a model of one replica
    if row.metric == "output_tokens_per_s":
        if load in ("max_throughput", "concurrency", "static_batch"):
            return f"output tokens/s, {load.replace('_', ' ')}"
        return "output tokens/s, request rate"
    if row.metric in ("ttft_ms", "tpot_ms"):
        name = "TTFT" if row.metric == "ttft_ms" else "TPOT"
        if row.scenario_kind == "single_request_latency":
            return f"{name}, single request"
        if load in ("concurrency", "request_rate"):
            return f"{name}, {load.replace('_', ' ')}"
    return None


def headline_table(rows: list[Comparison]) -> list[ErrorRow]:
    """Errors in the groups the accuracy targets are stated for."""
    groups: dict[str, list[Comparison]] = {}
    for row in rows:
        key = headline_key(row)
        if key is not None:
            groups.setdefault(key, []).append(row)
    return [error_row(key, groups[key]) for key in sorted(groups)]


def worst(rows: list[Comparison], count: int = 10) -> list[Comparison]:
    return sorted(rows, key=lambda r: r.abs_error, reverse=True)[:count]


def metric_text(metric: str, value: float) -> str:
    """A measured or predicted figure in its metric's unit, as a planner reads figures:
    "32.7 k tokens/s", "343 ms" (the worst rows of `validate` and of validation/REPORT*.md
    read "3.269e+04" and "8.507e+04")."""
    if metric.endswith("_ms"):
        unit = "ms"
    elif metric.endswith("_per_s"):
        unit = "tokens/s" if "tokens" in metric else "requests/s"
    else:
        unit = "s"
    return with_unit(value, unit)
