"""Where a reference line's label goes on a chart: beside its line, where it touches no curve
and no other label. The report's charts (report/charts.py) and the window's latency plot
(ui/target_labels.py) both place their targets' labels by this rule; it knows no Qt, only
rectangles and points in the units the chart is drawn in (y grows downwards).

A target's label sat at the right end of its line, just above it: on the latency chart the
TTFT curve climbs through its target there, and "TTFT target 1 s" crowded the curve's end.
Candidate spots slide along the line from the right, above it and below it; the first clear
one wins; where none beside the line is clear, the clear spot nearest it; and where none at
all is (a window's plot some 60 px high) the one beside it that hides least of the curves (on
its chip). Names keep a name's height apart, so two never read as one: where every spot beside
its line comes closer to a name placed, a name steps off its line, on the spot that hides least
if none is clear (at 1024 x 700 "pools" and "planned", either side of their two lines 2 px
apart, sat 2 px from each other and read as one phrase).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# A curve, in device units: its x and y at each point, in order.
Curve = tuple[np.ndarray, np.ndarray]

# How many places along its line a label tries, right end first.
SPOTS_ALONG = 24
# How far from beside its line a label may go, in steps of half its height: one height, so
# it still reads as its line's (further, "planned" sat 60 px from its line at 1024 x 700).
FARTHEST_STEPS = 2


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

    def grown(self, margin: float) -> Box:
        """This box with `margin` more on every side."""
        return Box(
            self.left - margin, self.top - margin, self.width + 2 * margin, self.height + 2 * margin
        )

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


def band_points(edge: Curve, fill_at: float, step: float, grown: float) -> Curve:
    """The `edge` of a band filled to `fill_at` (a curve from `curve_points`) and points over
    the band, `step` apart down each column, from `grown` beyond the edge: a filled band reads
    as a solid shape, so a name placed clear of these sits off all of it, not only off its
    edge. On the memory plot "usable memory 48.3 GB" found a spot 6 px above the KV band's
    edge, where the edge climbs to meet it: its chip's corner read as lying on the band (8B
    chat, 1,280-token prompts, 1280 x 800); beside the line where the band rises above it, a
    name could have sat inside the band, clear of every edge."""
    xs, ys = (np.asarray(a, dtype=float) for a in edge)
    if xs.size == 0:
        return xs, ys
    side = np.sign(fill_at - ys)  # +1 where the fill lies below the edge (y grows downwards)
    start = ys - side * grown
    rows = int(np.ceil(np.max(np.abs(fill_at - start)) / step)) + 1
    share = np.linspace(0.0, 1.0, rows)[:, None]
    column_ys = start[None, :] + share * (fill_at - start)[None, :]
    column_xs = np.broadcast_to(xs, column_ys.shape)
    return np.concatenate([xs, column_xs.ravel()]), np.concatenate([ys, column_ys.ravel()])


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
    own: Sequence[Curve] = (),
    apart_px: float | None = None,
) -> Box:
    """The box of a `width` x `height` label for a horizontal line at y = `line_at`: just
    above or just below the line, inside the plot, touching no curve (`points`, from
    `curve_points`) and no label already placed (`taken`). Where no spot beside the line is
    clear, the clear spot nearest it; where none is, the one beside it that hides the least of
    the curves among those clear of the other labels (the right end above the line on a tie:
    where a reader looks for it). `gap` keeps it off the line, the plot's edges and the other
    labels, `clearance` off the curves. A label may lie on its `own` curves (those of the
    quantity its line is a target for) before it hides another's: where nothing is clear, a
    TPOT target's name on the TPOT curves still reads as theirs, on the TTFT curve it does not.

    A `vertical` line at x = `line_at` takes its label just right of it or just left,
    sliding down from the top: worked on the chart turned over its diagonal (x, y) -> (-y, -x),
    where the top is the right end and the right side above.

    Names stay `apart_px` from each other where that leaves a spot (None: a name's height,
    the smaller of its sides; a name over two lines is kept a line apart by its caller)."""
    if vertical:
        turned = label_spot(
            height,
            width,
            -line_at,
            _turned(plot),
            [(-ys, -xs) for xs, ys in points],
            [_turned(t) for t in taken],
            gap,
            clearance,
            own=[(-ys, -xs) for xs, ys in own],
            apart_px=apart_px,
        )
        return _turned(turned)
    # Names a name's height apart where that leaves a spot, else only off each other.
    for apart in (max(gap, min(width, height) if apart_px is None else apart_px), gap):
        found = _spot(width, height, line_at, plot, (points, own), taken, (gap, clearance, apart))
        if found is not None:
            return found
    return Box(plot.right - gap - width, max(plot.top + gap, line_at - gap - height), width, height)


def _spot(
    width: float,
    height: float,
    line_at: float,
    plot: Box,
    curves: tuple[Sequence[Curve], Sequence[Curve]],
    taken: Sequence[Box],
    margins: tuple[float, float, float],
) -> Box | None:
    """`label_spot` for a horizontal line with labels kept `apart` (the last of `margins`);
    None where every spot beside the line comes that close to another label."""
    points, own = curves
    gap, clearance, apart = margins
    right = plot.right - gap - width
    left = plot.left + gap
    above = max(plot.top + gap, line_at - gap - height)
    below = min(plot.bottom - gap - height, line_at + gap)
    xs = np.linspace(right, left, SPOTS_ALONG) if right > left else np.array([right])
    every = _joined([*points, *own])
    beside = _beside(xs, (above, below), width, height, taken, apart)
    best, least = None, None
    for spot in beside:
        hidden = touched(spot, [every], clearance)
        if hidden == 0:
            return spot
        if least is None or hidden < least:
            best, least = spot, hidden
    if best is None:  # every spot beside the line crowds a name: one a step further off
        return _nearest_clear(
            xs, (above, below), (width, height), plot, every, taken, margins, hide_least=True
        )
    farther = _nearest_clear(xs, (above, below), (width, height), plot, every, taken, margins)
    if farther is None and own:
        others = _joined(points)
        farther = next((s for s in beside if touched(s, [others], clearance) == 0), None)
    return farther if farther is not None else best


def _beside(
    xs: np.ndarray,
    tops: Sequence[float],
    width: float,
    height: float,
    taken: Sequence[Box],
    apart: float,
) -> list[Box]:
    """The spots beside the line clear of the labels placed, in the order they are tried."""
    spots = (Box(float(x), top, width, height) for x in xs for top in tops)
    return [spot for spot in spots if not _crowds(spot, taken, apart)]


def _crowds(spot: Box, taken: Sequence[Box], apart: float) -> bool:
    """Whether `spot` comes within `apart` of a label already placed: "pools" and "planned"
    either side of two lines 4 px apart, 8 px from each other on one row, read as the one
    phrase "pools planned" (the window's throughput plot)."""
    return any(spot.grown(apart).intersects(t) for t in taken)


def _joined(points: Sequence[Curve]) -> Curve:
    """All the curves' points as one curve (`touched` counts them the same, in one pass)."""
    if not points:
        return np.empty(0), np.empty(0)
    return np.concatenate([xs for xs, _ in points]), np.concatenate([ys for _, ys in points])


def _nearest_clear(
    xs: np.ndarray,
    beside: tuple[float, float],
    size: tuple[float, float],
    plot: Box,
    every: Curve,
    taken: Sequence[Box],
    margins: tuple[float, float, float],
    hide_least: bool = False,
) -> Box | None:
    """Where no spot beside the line is clear, or every one crowds a name placed, the clear
    spot nearest it, further above or further below (a step of half the label's height at a
    time, `FARTHEST_STEPS` at most); failing that, the one that hides least (`hide_least`) or
    None. At 1024 x 700 the DeepSeek plan's TPOT target lies 12 px under its TTFT curve:
    beside its line the name sat on that curve."""
    width, height = size
    gap, clearance, apart = margins
    # A vertical line's name is worked on turned (its width as its height): a step of half
    # its width moved "planned" 25 px off its line, where half its height keeps it near.
    step = max(min(width, height) / 2, 1.0)
    above, below = beside
    tops = []
    for k in range(1, FARTHEST_STEPS + 1):
        tops += [t for t in (above - k * step, below + k * step) if _inside(t, height, plot, gap)]
    least, fewest = None, None
    for top in tops:
        for spot in _beside(xs, (top,), width, height, taken, apart):
            hidden = touched(spot, [every], clearance)
            if hidden == 0:
                return spot
            if hide_least and (fewest is None or hidden < fewest):
                least, fewest = spot, hidden
    return least


def _inside(top: float, height: float, plot: Box, gap: float) -> bool:
    return plot.top + gap <= top and top + height <= plot.bottom - gap


def _turned(box: Box) -> Box:
    """`box` turned over the diagonal (x, y) -> (-y, -x) (its own inverse)."""
    return Box(-box.bottom, -box.right, box.height, box.width)
