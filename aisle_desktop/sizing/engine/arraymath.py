"""Element-wise helpers that work on floats and numpy arrays alike.

The time and memory formulas are written once and run on a single scenario (plain floats, fast)
or on a whole curve (arrays, vectorised); only max and min need to know which.
"""

from __future__ import annotations

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
