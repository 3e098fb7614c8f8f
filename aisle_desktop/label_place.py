"""Where a reference line's label goes on a chart: beside its line, where it touches no curve
and no other label. The report's charts (report/charts.py) and the window's latency plot
(ui/target_labels.py) both place their targets' labels by this rule; it knows no Qt, only
rectangles and points in the units the chart is drawn in (y grows downwards).

A target's label sat at the right end of its line, just above it: on the latency chart the
TTFT curve climbs through its target there, and "TTFT target 1 s" crowded the curve's end.
Candidate spots slide along the line from the right, above it and below it; the first clear
one wins, and where none is clear (a window's plot some 60 px high) the one that hides least
of the curves (on its chip).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# A curve, in device units: its x and y at each point, in order.
Curve = tuple[np.ndarray, np.ndarray]

# How many places along its line a label tries, right end first.
SPOTS_ALONG = 24


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in device units, its top the smaller y."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def intersects(self, other: Box) -> bool:
        """Whether the two overlap over some area (edges touching do not)."""
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


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


def touched(box: Box, points: Sequence[Curve], margin: float) -> int:
    """How many of the curves' points lie within `margin` of `box`."""
    count = 0
    for xs, ys in points:
        inside = (xs >= box.left - margin) & (xs <= box.right + margin)
        inside &= (ys >= box.top - margin) & (ys <= box.bottom + margin)
        count += int(np.count_nonzero(inside))
    return count


def touches(box: Box, points: Sequence[Curve], margin: float) -> bool:
    """Whether any of the curves' points lies within `margin` of `box`."""
    return touched(box, points, margin) > 0


def label_spot(
    width: float,
    height: float,
    line_at: float,
    plot: Box,
    points: Sequence[Curve],
    taken: Sequence[Box],
    gap: float,
    clearance: float,
    vertical: bool = False,
) -> Box:
    """The box of a `width` x `height` label for a horizontal line at y = `line_at`: just
    above or just below the line, inside the plot, touching no curve (`points`, from
    `curve_points`) and no label already placed (`taken`). Where no spot is clear, the one
    that hides the least of the curves among those clear of the other labels (the right end
    above the line on a tie: where a reader looks for it). `gap` keeps it off the line and the
    plot's edges, `clearance` off the curves.

    A `vertical` line at x = `line_at` takes its label just right of it or just left,
    sliding down from the top: worked on the chart turned over its diagonal (x, y) -> (-y, -x),
    where the top is the right end and the right side above."""
    if vertical:
        turned_points = [(-ys, -xs) for xs, ys in points]
        turned_taken = [_turned(t) for t in taken]
        spot = label_spot(
            height, width, -line_at, _turned(plot), turned_points, turned_taken, gap, clearance
        )
        return _turned(spot)
    right = plot.right - gap - width
    left = plot.left + gap
    above = max(plot.top + gap, line_at - gap - height)
    below = min(plot.bottom - gap - height, line_at + gap)
    xs = np.linspace(right, left, SPOTS_ALONG) if right > left else np.array([right])
    best, least = Box(right, above, width, height), None
    for x in xs:
        for top in (above, below):
            spot = Box(float(x), top, width, height)
            if any(spot.intersects(t) for t in taken):
                continue
            hidden = touched(spot, points, clearance)
            if hidden == 0:
                return spot
            if least is None or hidden < least:
                best, least = spot, hidden
    return best


def _turned(box: Box) -> Box:
    """`box` turned over the diagonal (x, y) -> (-y, -x) (its own inverse)."""
    return Box(-box.bottom, -box.right, box.height, box.width)
