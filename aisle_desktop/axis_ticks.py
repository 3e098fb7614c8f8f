"""Ticks for a logarithmic axis, as many as its height has room for: the window's latency
plot and the report's latency chart read the same values.

1-2-5 steps read best; on a short axis over a wide range they piled up (the report's latency
chart wrote thirteen labels from 10 ms to 100 s down 45 mm, each touching the next), so the
axis falls back to 1-3 steps, then to decades.
"""

from __future__ import annotations

import math

# The steps tried within each decade, finest first.
MANTISSAS = ((1, 2, 5), (1, 3), (1,))


def log_ticks(low: float, high: float, most: int) -> list[float]:
    """The values within [low, high] (both > 0) of the finest steps giving at most `most`
    ticks (decades, however many, when none does)."""
    decades = range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
    ticks: list[float] = []
    for mantissas in MANTISSAS:
        ticks = [
            m * 10.0**exponent
            for exponent in decades
            for m in mantissas
            if low <= m * 10.0**exponent <= high
        ]
        if len(ticks) <= most:
            break
    return ticks
