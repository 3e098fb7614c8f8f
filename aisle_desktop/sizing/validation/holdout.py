"""Leave-one-GPU-out and leave-one-model-out errors: how the model does on what it never saw.

For the published set, the global mechanism factors (all-reduce efficiency, per-layer
cost, FP8/FP4 activation quantisation per layer, streaming cost per sequence, decode-attention
bandwidth, the expert width at which grouped MoE GEMMs reach half the dense rate) are refitted
with one GPU (or one model) left out, and the held-out rows are predicted with the factors
chosen without them. In-sample and held-out errors side by side show whether a factor only
memorises the development set. The engine factors in the catalog (eta_mem, eta_flops, step
overhead) are not refitted per fold; the report says so. For the 2025-26 set, the engine eras'
own values (request overhead, per-layer cost, streaming cost per sequence, the iterations a
first token waits) are scaled together, each era around its own fit.

How a fold refits: each factor has a ladder of nine values, four geometric steps from the low
end to the shipped value and four on to the high end (the ends of the three-point grid this
replaced). From the shipped values, coordinate descent takes each factor in turn and moves it
to the rung of its ladder that minimises the fold's objective with the others held, and repeats
until a round moves nothing (at most `ROUNDS` rounds). A tie keeps the rung nearer the current
one. The three-point grid let a small change in the model flip a fold from one end of a factor's
range to the other (a 1.4x per-layer cost for a TTFT change), so a held-out TPOT moved with the
grid, not with the change; on the ladder a fold moves by a rung of about 9% at a time.
Predictions at each setting any fold visits are made once and their headline errors shared by
the folds (`Refitter`); the held-out rows never enter their own fold's objective, only its
predictions.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION, Calibration
from aisle_desktop.sizing.validation.accuracy import Comparison, headline_key
from aisle_desktop.sizing.validation.sets import Refit

# Each factor's range (low end, shipped value, high end): the global factors' values...
SPANS: dict[str, tuple[float, float, float]] = {
    "allreduce_efficiency": (0.4, 0.5, 0.6),
    "layer_overhead_us": (10.0, 20.0, 30.0),
    "activation_quantization_us_per_layer": (20.0, 30.0, 40.0),
    "stream_overhead_us_per_sequence": (30.0, 40.0, 50.0),
    "attention_bandwidth_efficiency": (0.66, 0.72, 0.78),
    "expert_gemm_half_rate_width": (500.0, 1000.0, 2000.0),
}
# ...and the scales of the engine eras' values, each era scaled around its own fit.
ERA_SPANS: dict[str, tuple[float, float, float]] = {
    "request_overhead_ms": (0.7, 1.0, 1.4),
    "layer_overhead_us": (0.7, 1.0, 1.4),
    "stream_overhead_us_per_sequence": (0.7, 1.0, 1.4),
    "first_token_wait_steps": (0.5, 1.0, 1.5),
}
# Geometric steps on each side of the shipped value, and the most rounds of coordinate descent.
LADDER_STEPS = 4
ROUNDS = 3
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
# Predictions of every row at one setting of the refitted factors.
SettingsPredictor = Callable[[dict[str, float]], list[Comparison]]


def ladder(low: float, shipped: float, high: float, steps: int = LADDER_STEPS) -> tuple[float, ...]:
    """`steps` geometric steps from `low` up to `shipped` and as many on to `high`; the
    shipped value and both ends are on it exactly."""
    down = [low * (shipped / low) ** (i / steps) for i in range(steps)]
    up = [shipped * (high / shipped) ** (i / steps) for i in range(1, steps)]
    return (*down, shipped, *up, high)


@dataclass(frozen=True, slots=True)
class GridPoint:
    """One setting of the refitted factors and every comparison it produced."""

    settings: dict[str, float]
    rows: list[Comparison]


# A fold: the rows whose tag `dimension` has `value` are left out of the fit.
Fold = tuple[str, str]
# The dimensions held out one value at a time, in the report's column order.
HELD_OUT_DIMENSIONS = ("gpu", "model")


@dataclass(frozen=True, slots=True)
class HeadlineErrors:
    """A setting's headline rows by group: their absolute errors and their tags in the
    held-out dimensions, all the objective needs (about 30 KB a setting of the published set,
    where its rows take a megabyte; the refit visits some 1,750 settings)."""

    errors: dict[str, np.ndarray]
    tags: dict[tuple[str, str], np.ndarray]

    @classmethod
    def of(cls, rows: Iterable[Comparison]) -> HeadlineErrors:
        groups: dict[str, list[Comparison]] = {}
        for row in rows:
            key = headline_key(row)
            if key is not None:
                groups.setdefault(key, []).append(row)
        errors = {k: np.array([r.abs_error for r in g]) for k, g in groups.items()}
        tags = {
            (k, d): np.array([sys.intern(r.tag(d)) for r in g], dtype=object)
            for k, g in groups.items()
            for d in HELD_OUT_DIMENSIONS
        }
        return cls(errors, tags)

    def objective(self, without: Fold | None) -> float:
        """Weighted sum of the headline groups' median absolute errors over the rows outside
        the fold (all of them for none); lower is better."""
        total = 0.0
        for key, errors in self.errors.items():
            if without is not None:
                errors = errors[self.tags[key, without[0]] != without[1]]
            if errors.size:
                total += WEIGHTS.get(key, OTHER_WEIGHT) * float(np.median(errors))
        return total


@dataclass(slots=True)
class Refitter:
    """Coordinate descent over each factor's ladder, from `start`, without any one fold.
    Each setting visited is predicted once and its headline errors kept (`scored`), shared by
    the folds; the rows themselves are kept only for the settings a fit ends at (`ends`)."""

    predict: SettingsPredictor
    ladders: dict[str, tuple[float, ...]]
    start: dict[str, float]
    scored: dict[tuple[float, ...], HeadlineErrors] = field(default_factory=dict)
    ends: dict[tuple[float, ...], GridPoint] = field(default_factory=dict)

    def point(self, settings: dict[str, float]) -> GridPoint:
        """Every comparison at `settings`."""
        key = self._key(settings)
        if key not in self.ends:
            rows = self.predict(dict(settings))
            self.scored.setdefault(key, HeadlineErrors.of(rows))
            self.ends[key] = GridPoint(dict(settings), rows)
        return self.ends[key]

    def _errors(self, settings: dict[str, float]) -> HeadlineErrors:
        key = self._key(settings)
        if key not in self.scored:
            self.scored[key] = HeadlineErrors.of(self.predict(dict(settings)))
        return self.scored[key]

    def _key(self, settings: dict[str, float]) -> tuple[float, ...]:
        return tuple(settings[name] for name in self.ladders)

    def fit(self, without: Fold | None = None) -> GridPoint:
        """The setting coordinate descent reaches on the rows outside the fold `without`."""
        current = dict(self.start)
        for _ in range(ROUNDS):
            moved = False
            for name, rungs in self.ladders.items():
                at = rungs.index(current[name])
                scores = [
                    self._errors({**current, name: value}).objective(without) for value in rungs
                ]
                best = min(range(len(rungs)), key=lambda i: (scores[i], abs(i - at)))
                if best != at:
                    current[name] = rungs[best]
                    moved = True
            if not moved:
                break
        return self.point(current)


def refitter(predict: Predictor, refit: Refit = "shared") -> Refitter:
    """The refit of the global factors (shared) or of the eras' scales (era) for a set."""
    spans = SPANS if refit == "shared" else ERA_SPANS
    ladders = {name: ladder(*span) for name, span in spans.items()}
    start = {name: span[1] for name, span in spans.items()}
    return Refitter(lambda settings: predict(trial_calibration(settings, refit)), ladders, start)


def trial_calibration(settings: dict[str, float], refit: Refit) -> Calibration:
    """The current calibration with one setting's values (shared) or scales (era)."""
    if refit == "era":
        return CURRENT_CALIBRATION.with_era_scaled(settings)
    performance = CURRENT_CALIBRATION.performance.model_copy(update=settings)
    return dataclasses.replace(CURRENT_CALIBRATION, performance=performance)


@dataclass(frozen=True, slots=True)
class HoldOut:
    """Held-out comparisons of every fold, and the factors each fold chose."""

    dimension: str
    rows: list[Comparison]
    chosen: dict[str, dict[str, float]]


def leave_one_out(search: Refitter, dimension: str) -> HoldOut:
    """For each value of `dimension` (a GPU, a model), fit without it and predict it."""
    values = sorted({r.tag(dimension) for r in search.point(search.start).rows})
    held: list[Comparison] = []
    chosen: dict[str, dict[str, float]] = {}
    for value in values:
        best = search.fit((dimension, value))
        chosen[value] = best.settings
        held.extend(r for r in best.rows if r.tag(dimension) == value)
    return HoldOut(dimension, held, chosen)


def leave_each_out(search: Refitter) -> list[HoldOut]:
    """The leave-one-out folds of every held-out dimension."""
    return [leave_one_out(search, dimension) for dimension in HELD_OUT_DIMENSIONS]


def describe(settings: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v:.4g}" for k, v in settings.items())
