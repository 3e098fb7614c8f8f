"""Leave-one-GPU-out and leave-one-model-out errors: how the model does on what it never saw.

For the published set, the global mechanism factors (all-reduce efficiency, per-layer
cost, FP8/FP4 activation quantisation per layer, streaming cost per sequence, decode-attention
bandwidth, the expert width at which grouped MoE GEMMs reach half the dense rate) are refitted
on a small grid with one GPU (or one model) left out, and the held-out rows are predicted with
the factors chosen without them. In-sample and held-out errors side by side show whether a
factor only memorises the development set. The engine factors in the catalog (eta_mem,
eta_flops, step overhead) are not refitted per fold; the report says so. For the 2025-26
set, the engine eras' own values (request overhead, per-layer cost, streaming cost per
sequence, the iterations a first token waits) are scaled together on a small grid around each
engine's fit, and the held-out rows predicted with the scale chosen without them.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION, Calibration
from aisle_desktop.sizing.validation.accuracy import Comparison, headline_key
from aisle_desktop.sizing.validation.sets import Refit

GRID: dict[str, tuple[float, ...]] = {
    "allreduce_efficiency": (0.4, 0.5, 0.6),
    "layer_overhead_us": (10.0, 20.0, 30.0),
    "activation_quantization_us_per_layer": (20.0, 30.0, 40.0),
    "stream_overhead_us_per_sequence": (30.0, 40.0, 50.0),
    "attention_bandwidth_efficiency": (0.66, 0.72, 0.78),
    "expert_gemm_half_rate_width": (500.0, 1000.0, 2000.0),
}
# Scales of the engine eras' values, each era scaled around its own fit.
ERA_GRID: dict[str, tuple[float, ...]] = {
    "request_overhead_ms": (0.7, 1.0, 1.4),
    "layer_overhead_us": (0.7, 1.0, 1.4),
    "stream_overhead_us_per_sequence": (0.7, 1.0, 1.4),
    "first_token_wait_steps": (0.5, 1.0, 1.5),
}
# How much each headline group weighs in the fit (the documented calibration objective):
# maximum throughput twice, the concurrency figures once, the thinner groups half.
WEIGHTS = {
    "output tokens/s, max throughput": 2.0,
    "output tokens/s, concurrency": 1.0,
    "TTFT, concurrency": 1.0,
    "TPOT, concurrency": 1.0,
}
OTHER_WEIGHT = 0.5

Predictor = Callable[[Calibration], list[Comparison]]


@dataclass(frozen=True, slots=True)
class GridPoint:
    """One setting of the global factors and every comparison it produced."""

    settings: dict[str, float]
    rows: list[Comparison]


def grid_points(predict: Predictor, refit: Refit = "shared") -> list[GridPoint]:
    """Predict the whole set once for every combination of the grid."""
    grid = GRID if refit == "shared" else ERA_GRID
    names = list(grid)
    points = []
    for values in itertools.product(*(grid[n] for n in names)):
        settings = dict(zip(names, values, strict=True))
        points.append(GridPoint(settings, predict(trial_calibration(settings, refit))))
    return points


def trial_calibration(settings: dict[str, float], refit: Refit) -> Calibration:
    """The current calibration with one grid point's values (shared) or scales (era)."""
    if refit == "era":
        return CURRENT_CALIBRATION.with_era_scaled(settings)
    performance = CURRENT_CALIBRATION.performance.model_copy(update=settings)
    return dataclasses.replace(CURRENT_CALIBRATION, performance=performance)


def objective(rows: Iterable[Comparison]) -> float:
    """Weighted sum of the headline groups' median absolute errors (lower is better)."""
    groups: dict[str, list[float]] = {}
    for row in rows:
        key = headline_key(row)
        if key is not None:
            groups.setdefault(key, []).append(row.abs_error)
    return sum(
        WEIGHTS.get(key, OTHER_WEIGHT) * float(np.median(errors)) for key, errors in groups.items()
    )


def best_point(points: list[GridPoint], keep: Callable[[Comparison], bool]) -> GridPoint:
    return min(points, key=lambda p: objective(r for r in p.rows if keep(r)))


@dataclass(frozen=True, slots=True)
class HoldOut:
    """Held-out comparisons of every fold, and the factors each fold chose."""

    dimension: str
    rows: list[Comparison]
    chosen: dict[str, dict[str, float]]


def leave_one_out(points: list[GridPoint], dimension: str) -> HoldOut:
    """For each value of `dimension` (a GPU, a model), fit without it and predict it."""
    values = sorted({r.tag(dimension) for r in points[0].rows})
    held: list[Comparison] = []
    chosen: dict[str, dict[str, float]] = {}
    for value in values:
        best = best_point(points, lambda r, v=value: r.tag(dimension) != v)  # type: ignore[misc]
        chosen[value] = best.settings
        held.extend(r for r in best.rows if r.tag(dimension) == value)
    return HoldOut(dimension, held, chosen)


# The dimensions held out one value at a time, in the report's column order.
HELD_OUT_DIMENSIONS = ("gpu", "model")


def leave_each_out(points: list[GridPoint]) -> list[HoldOut]:
    """The leave-one-out folds of every held-out dimension."""
    return [leave_one_out(points, dimension) for dimension in HELD_OUT_DIMENSIONS]


def describe(settings: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v:g}" for k, v in settings.items())
