"""Element-wise helpers that work on floats and numpy arrays alike.

The time and memory formulas are written once and run on a single scenario (plain floats, fast)
or on a whole curve or a group of lines (arrays, vectorised); only these helpers need to know
which.
"""

from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np

Number = Any  # a float or a numpy array of floats: the arithmetic is the same for both


def elementwise_max(a: Number, b: Number) -> Number:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.maximum(a, b)
    return max(a, b)


def elementwise_min(a: Number, b: Number) -> Number:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.minimum(a, b)
    return min(a, b)


def _any_array(*values: Number) -> bool:
    return any(isinstance(v, np.ndarray) for v in values)


def choose(condition: Number, if_true: Number, if_false: Number) -> Number:
    """`if_true` where `condition` holds, else `if_false` (both are worked out: keep each
    defined where it is not chosen). Labels (strings) are chosen the same way."""
    array = np.ndarray
    if isinstance(condition, array) or isinstance(if_true, array) or isinstance(if_false, array):
        return np.where(condition, if_true, if_false)
    return if_true if condition else if_false


def given(value: Number | None, default: Number) -> Number:
    """`value`, or `default` where it is not given (None): an optional count of a catalog
    entry, or of replicas stacked into one for `predict` (then an array)."""
    return default if value is None else value


def anywhere(condition: Number) -> bool:
    """Whether a condition holds for any element (for a plain bool, whether it holds)."""
    return bool(condition.any()) if isinstance(condition, np.ndarray) else bool(condition)


def everywhere(condition: Number) -> bool:
    """Whether a condition holds for every element (for a plain bool, whether it holds)."""
    return bool(condition.all()) if isinstance(condition, np.ndarray) else bool(condition)


def uniform(condition: Number) -> bool:
    """A condition that holds for every element or for none, as one bool. Replicas stacked
    for `predict` share some conditions (whether attention runs data-parallel), not the
    numbers behind them; a condition that differs between elements raises ValueError, as an
    array's truth value does, and the caller predicts them apart."""
    if not isinstance(condition, np.ndarray):
        return bool(condition)
    if condition.all():
        return True
    if not condition.any():
        return False
    raise ValueError("the condition differs between the stacked elements")


def ceil(value: Number) -> Number:
    """The whole number at or above `value` (a float for arrays, an int for a float)."""
    return np.ceil(value) if isinstance(value, np.ndarray) else math.ceil(value)


def floor(value: Number) -> Number:
    """The whole number at or below `value` (a float for arrays, an int for a float)."""
    return np.floor(value) if isinstance(value, np.ndarray) else math.floor(value)


def as_float(value: Number) -> Number:
    return value.astype(float) if isinstance(value, np.ndarray) else float(value)


def as_int(value: Number) -> Number:
    return value.astype(np.int64) if isinstance(value, np.ndarray) else int(value)


def is_finite(value: Number) -> Number:
    return np.isfinite(value) if isinstance(value, np.ndarray) else math.isfinite(value)


def first_smallest(candidates: dict[str, Number]) -> tuple[Number, Number]:
    """(name, value) of the smallest candidate, the first named on a tie; per element when
    any value is an array (the names then come as an array of strings)."""
    return _first_by(candidates, operator.lt)


def first_largest(candidates: dict[str, Number]) -> tuple[Number, Number]:
    """(name, value) of the largest candidate, the first named on a tie (per element)."""
    return _first_by(candidates, operator.gt)


def _first_by(candidates: dict[str, Number], beats: Any) -> tuple[Number, Number]:
    """The candidate no earlier one ties or beats, one comparison after another."""
    names = iter(candidates)
    best_name: Number = next(names)
    best = candidates[best_name]
    for name in names:
        value = candidates[name]
        wins = beats(value, best)
        best_name = choose(wins, name, best_name)
        best = choose(wins, value, best)
    return best_name, best


def rows_at(rows: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Each row of `rows` (lines x points) read at its own fractional index `at` (one a line,
    0 to points - 1), as `np.interp(at, np.arange(points), row)` reads it, for all lines
    at once: linearly between the neighbouring points, the last point at the end."""
    points = rows.shape[1]
    if points == 1:
        return rows[:, 0].copy()
    lines = np.arange(rows.shape[0])
    below = np.minimum(np.floor(at), points - 2.0)
    left = below.astype(int)
    start = rows[lines, left]
    between = (rows[lines, left + 1] - start) * (at - below) + start
    return np.where(at >= points - 1.0, rows[:, -1], between)
