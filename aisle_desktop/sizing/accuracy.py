"""Compare predictions with published measurements: error tables by metric and kind.

Errors are relative: (predicted - measured) / measured. The absolute value's median and 90th
percentile say how close the model usually is and how far its bad cases go; the signed median
says whether it leans optimistic or pessimistic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

METRICS = (
    "output_tokens_per_s",
    "total_tokens_per_s",
    "requests_per_s",
    "ttft_ms",
    "tpot_ms",
    "e2e_latency_s",
)


@dataclass(frozen=True, slots=True)
class Comparison:
    scenario_id: str
    scenario_kind: str
    metric: str
    predicted: float
    measured: float

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


def comparisons(scenario: dict[str, Any], prediction: dict[str, Any]) -> list[Comparison]:
    """Every metric the scenario measured that the prediction has a figure for."""
    expected = scenario.get("expected") or {}
    kind = str(scenario.get("scenario_kind", "unspecified"))
    found = []
    for metric in METRICS:
        measured = expected.get(metric)
        predicted = prediction.get(metric)
        if (
            isinstance(measured, (int, float))
            and measured > 0
            and isinstance(predicted, (int, float))
        ):
            found.append(
                Comparison(str(scenario.get("id")), kind, metric, float(predicted), float(measured))
            )
    return found


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


def worst(rows: list[Comparison], count: int = 10) -> list[Comparison]:
    return sorted(rows, key=lambda r: r.abs_error, reverse=True)[:count]
