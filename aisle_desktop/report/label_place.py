"""Where a reference line's label goes on a report chart: beside its line, where it touches
no curve and no other label (the window's legends follow the same idea, ui/legend_place.py).

A target's label sat at the right end of its line, just above it: on the latency chart the
TTFT curve climbs through its target there, and "TTFT target 1 s" crowded the curve's end.
Candidate spots slide along the line from the right, above it and below it; the first clear
one wins, and where none is clear the label keeps the right end (on its paper chip).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QRectF

# A curve, in device units: its x and y at each point, in order.
Curve = tuple[np.ndarray, np.ndarray]

# How many places along its line a label tries, right end first.
SPOTS_ALONG = 24


def curve_points(curve: Curve, step: float) -> Curve:
    """Points along the curve no more than `step` apart, its straight pieces included: a
    long segment crossing a label has no point of its own inside it."""
    xs, ys = (np.asarray(a, dtype=float) for a in curve)
    keep = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[keep], ys[keep]
    if xs.size < 2:
        return xs, ys
    along = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(xs), np.diff(ys)))])
    at = np.linspace(0.0, along[-1], max(2, int(np.ceil(along[-1] / step)) + 1))
    return np.interp(at, along, xs), np.interp(at, along, ys)


def touches(rect: QRectF, points: Sequence[Curve], margin: float) -> bool:
    """Whether any of the curves' points lies within `margin` of `rect`."""
    room = rect.adjusted(-margin, -margin, margin, margin)
    for xs, ys in points:
        inside = (xs >= room.left()) & (xs <= room.right())
        inside &= (ys >= room.top()) & (ys <= room.bottom())
        if inside.any():
            return True
    return False


def label_spot(
    width: float,
    height: float,
    line_y: float,
    plot: QRectF,
    points: Sequence[Curve],
    taken: Sequence[QRectF],
    gap: float,
    clearance: float,
) -> QRectF:
    """The rectangle of a `width` x `height` label for a horizontal line at `line_y`: just
    above or just below the line, inside the plot, touching no curve (`points`, from
    `curve_points`) and no label already placed (`taken`); the right end above the line when
    no spot is clear. `gap` keeps it off the line and the plot's edges, `clearance` off the
    curves."""
    right = plot.right() - gap - width
    left = plot.left() + gap
    above = max(plot.top() + gap, line_y - gap - height)
    below = min(plot.bottom() - gap - height, line_y + gap)
    xs = np.linspace(right, left, SPOTS_ALONG) if right > left else np.array([right])
    for x in xs:
        for top in (above, below):
            spot = QRectF(float(x), top, width, height)
            if not touches(spot, points, clearance) and not any(spot.intersects(t) for t in taken):
                return spot
    return QRectF(right, above, width, height)
