"""The rule both the report's charts and the window's plots place their marker names by
(aisle_desktop/label_place.py), on plots in pixels: y grows downwards."""

from __future__ import annotations

import numpy as np

from aisle_desktop.label_place import Box, band_points, curve_points, label_spot, touches

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


def test_two_names_keep_a_names_height_apart() -> None:
    """Two vertical lines 4 px apart ("pools" and "planned" on the window's throughput plot):
    the names either side of them, each 2 px off its line, were 8 px apart on one row and read
    as one phrase. The second now keeps a name's height (12 px) from the first."""
    first = label_spot(50.0, 12.0, 100.0, PLOT, [], [], 2.0, 3.0, vertical=True)
    second = label_spot(50.0, 12.0, 104.0, PLOT, [], [first], 2.0, 3.0, vertical=True)
    apart = max(second.left - first.right, first.left - second.right, second.top - first.bottom)
    assert apart >= 12.0


def test_where_nothing_beside_the_line_is_clear_the_nearest_clear_spot_wins() -> None:
    """A target at 100 between curves at 90 and 110 (no 12 px name fits beside it): the
    name goes to the nearest clear spot, a step of half its height at a time: above the curve
    at 90 (74 to 86), as near as the spot below the curve at 110 and tried first."""
    curves = [_flat(90.0), _flat(110.0)]
    spot = label_spot(80.0, 12.0, 100.0, PLOT, curves, [], 2.0, 3.0)
    assert (spot.top, spot.right) == (74.0, 398.0)


def test_a_name_lies_on_its_own_curves_before_anothers() -> None:
    """A plot 40 px high: another quantity's curve at 8, the target at 20, its own curves at
    24 and 30. Nothing is clear; the name goes below its line, on its own curves."""
    short = Box(0.0, 0.0, 400.0, 40.0)
    spot = label_spot(80.0, 12.0, 20.0, short, [_flat(8.0)], [], 2.0, 3.0, own=[_flat(24.0)])
    assert spot.top == 22.0 and spot.right == 398.0
    # Without saying which curves are its own, it hides least: above, on the other curve.
    spot = label_spot(80.0, 12.0, 20.0, short, [_flat(8.0), _flat(24.0), _flat(30.0)], [], 2.0, 3.0)
    assert spot.top < 20.0


def test_on_a_plot_too_short_to_stack_names_the_second_steps_off_its_line() -> None:
    """The throughput plot at 1024 x 700, some 40 px high: no spot beside either line is a
    name's height from the other name (the second sat 2 px from the first, the two read as
    "pools planned"); it steps off its line, half a name's height at a time, until it is a
    name's height from the first: two steps, 14 px off its line."""
    short = Box(0.0, 0.0, 400.0, 30.0)
    first = label_spot(50.0, 12.0, 100.0, short, [], [], 2.0, 3.0, vertical=True)
    second = label_spot(50.0, 12.0, 104.0, short, [], [first], 2.0, 3.0, vertical=True)
    assert first == Box(102.0, 2.0, 50.0, 12.0)
    assert second == Box(40.0, 2.0, 50.0, 12.0)  # right edge 90: 12 px from the first


def test_a_name_sits_off_a_filled_band_not_only_off_its_edge() -> None:
    """A band filled from a rising edge down to y = 100 (pixels, y down): a 40 x 16 name
    beside the line at y = 50 lies wholly inside the band at the right end, where the edge
    is at y = 10, clear of the edge alone; the band's points keep it out, and a name just
    above the edge where it climbs keeps BAND_ROOM + clearance off it."""
    edge = curve_points((np.array([0.0, 200.0]), np.array([90.0, 10.0])), 2.0)
    band = band_points(edge, 100.0, 6.0, 4.0)
    inside = Box(150.0, 52.0, 40.0, 16.0)
    assert not touches(inside, [edge], 3.0)
    assert touches(inside, [band], 3.0)
    spot = label_spot(40.0, 16.0, 50.0, Box(0.0, 0.0, 200.0, 100.0), [band], [], 2.0, 3.0)
    # the edge is at y = 90 - 0.4 x: at the spot's right end, 7 px or more below its bottom
    assert 90.0 - 0.4 * spot.right - spot.bottom >= 7.0
