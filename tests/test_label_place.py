"""The rule both the report's charts and the window's plots place their marker names by
(aisle_desktop/label_place.py), on plots in pixels: y grows downwards."""

from __future__ import annotations

import numpy as np

from aisle_desktop.label_place import Box, curve_points, label_spot

PLOT = Box(0.0, 0.0, 400.0, 200.0)


def _flat(y: float) -> tuple[np.ndarray, np.ndarray]:
    return curve_points((np.array([0.0, 400.0]), np.array([y, y])), 1.0)


def test_where_no_spot_is_clear_the_label_hides_least() -> None:
    """A plot 30 px high, its target at 15: two curves run above the line all across, one
    below it, and another below at the right end only. No spot is clear; one below the line,
    left of the short curve, hides least."""
    short = Box(0.0, 0.0, 400.0, 30.0)
    right_end = curve_points((np.array([250.0, 400.0]), np.array([22.0, 22.0])), 1.0)
    curves = [_flat(2.0), _flat(5.0), _flat(27.0), right_end]
    spot = label_spot(80.0, 12.0, 15.0, short, curves, [], 2.0, 3.0)
    assert spot.top == 16.0 and spot.right + 3.0 < 250.0
    # A tie keeps the right end above the line, where a reader looks first.
    tied = label_spot(80.0, 12.0, 15.0, short, [_flat(2.0), _flat(27.0)], [], 2.0, 3.0)
    assert (tied.right, tied.bottom) == (398.0, 14.0)  # kept inside the plot


def test_a_vertical_lines_name_goes_right_of_it_at_the_top_when_that_is_clear() -> None:
    spot = label_spot(50.0, 12.0, 100.0, PLOT, [], [], 2.0, 3.0, vertical=True)
    assert (spot.left, spot.top, spot.width, spot.height) == (102.0, 2.0, 50.0, 12.0)
    # A curve along the top, right of the line: the name goes to its left.
    along_top = curve_points((np.array([110.0, 400.0]), np.array([8.0, 8.0])), 1.0)
    spot = label_spot(50.0, 12.0, 100.0, PLOT, [along_top], [], 2.0, 3.0, vertical=True)
    assert (spot.right, spot.top) == (98.0, 2.0)
    # Across the whole top: it slides down the line until it is clear.
    across = curve_points((np.array([0.0, 400.0]), np.array([8.0, 8.0])), 1.0)
    spot = label_spot(50.0, 12.0, 100.0, PLOT, [across], [], 2.0, 3.0, vertical=True)
    assert spot.left == 102.0 and spot.top > 11.0


def test_a_name_keeps_clear_of_names_already_placed() -> None:
    first = label_spot(80.0, 12.0, 100.0, PLOT, [], [], 2.0, 3.0)
    second = label_spot(80.0, 12.0, 104.0, PLOT, [], [first], 2.0, 3.0)
    assert not second.intersects(first)
