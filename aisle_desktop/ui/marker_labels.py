"""The names of a plot's marker lines placed by the report's rule (`label_place`): a target's
beside its horizontal line, a planned figure's beside its vertical one, each where it touches
no curve, no other marker line and no other name.

They sat at fixed places along their lines: at the default plan's load the TPOT target's name
lay on the pools' dashed TPOT curve, and "planned" and "pools" on the throughput curves (QA
at 1280 x 800). After each draw, and when a plot changes size, each name takes the first
clear spot (a target's from the right end, a planned figure's from the top), or, on a plot too
short for any, the one that hides least. A planned figure's name reads with its figure and the
unit its axis measures ("planned about 29 in flight", as on paper) where that sits clear, else as
its name alone ("planned").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetricsF

from aisle_desktop.label_place import (
    FARTHEST_STEPS,
    Box,
    Curve,
    band_points,
    curve_points,
    label_spot,
    touched,
)
from aisle_desktop.load_marks import name_alone, name_forms
from aisle_desktop.ui.legend_place import OUTSIDE_KEY

# How far apart the points read along each curve are, in pixels.
READ_EVERY_PX = 2.0
# How many steps (half a name's height each) the first of two vertical lines' names may take
# off its line to keep the names apart, the fewest first (`label_place.FARTHEST_STEPS`).
STEPS_OFF = range(1, FARTHEST_STEPS + 1)
# Room between a name and its line or the plot's edge, and between a name and a curve.
GAP_PX = 2.0
CLEARANCE_PX = 3.0
# Room kept at the plot's right end beyond `GAP_PX`, where a target's name is sought first: 2
# px in, "TTFT target 3 s" read as touching the frame (1024 x 768, its chip's border on it).
END_ROOM_PX = 4.0
# Two vertical lines this close read as one: where the name of one lies across them, it is
# left out (`_shadowed`).
SHADOWED_PX = 3.0
# A filled band's points, this far apart down each column (a name, 16 px high, cannot fit
# between two), read this far beyond its edge: with CLEARANCE_PX, a name keeps 7 px off a band.
AREA_STEP_PX = 6.0
BAND_ROOM_PX = 4.0
# Where a vertical line keeps the forms its name may take, the fullest first (`name_mark`).
NAME_FORMS_KEY = 1
# Where a target's line keeps what names it in the legend instead (`named_in_legend_if_crowded`).
IN_LEGEND_KEY = 2


def name_mark(line: pg.InfiniteLine, label: str) -> None:
    """Name a planned figure's vertical line `label` (`load_marks`: "planned about 29 in flight"),
    else its name over its figure, else over its figure in fewer letters ("planned" over
    "6.12 B tokens/mo"), and its name alone ("planned") only where none finds a spot clear of
    the curves: on the throughput plot, 60 px high at 1280 x 800, the whole name, some 120
    px wide, lay across its own line and the curves; on the Cost plot at 1280 x 800 the
    planned volume and the break-even read "planned" and "break-even", with no figure, where
    each fits over two lines."""
    forms = ["\n".join(form) for form in name_forms(label)]
    line.setData(NAME_FORMS_KEY, (*forms, name_alone(label)))
    line.label.setFormat(label)


def named_in_legend_if_crowded(line: pg.InfiniteLine, in_legend: Callable[[bool], bool]) -> None:
    """Name the target's horizontal `line` in its plot's legend (`in_legend(True)`, which
    says whether the legend had room; False takes it out again) wherever no spot beside the
    line is clear of every curve, band and marker line, its name then left off the curves:
    DeepSeek-V3's "usable memory 151 GB" lay on the KV band its line runs inside (1280 x
    800), and at 1024 x 700 "TPOT target 50 ms" lay across its own line and the TPOT curves
    of a latency plot some 70 px high."""
    line.setData(IN_LEGEND_KEY, in_legend)


def _in_legend(line: pg.InfiniteLine) -> Callable[[bool], bool] | None:
    found = line.data(IN_LEGEND_KEY)
    return found if callable(found) else None


def _text_now(line: pg.InfiniteLine) -> None:
    """The line's name as its format reads now: pyqtgraph writes it only while it is shown,
    so a name in the legend kept its old figure ("usable memory 85.5 GB" in the legend of a
    DeepSeek-V3 plan of 151 GB) and was placed at its old size."""
    label = line.label
    if not label.isVisible():
        label.setText(label.format.format(value=line.value()))


def _named_in_legend(line: pg.InfiniteLine, shown: bool) -> bool:
    """Whether the legend names `line` now, asked to (`shown`) or not."""
    in_legend = _in_legend(line)
    return in_legend(shown) if in_legend is not None else False


def _crowded(
    spot: Box, line: pg.InfiniteLine, drawn: list[tuple[object, Curve]], at: float
) -> bool:
    """Whether a horizontal line's name at `spot` lies across its line (at y = `at`) or on
    anything else drawn, its own quantity's curves too."""
    others = [curve for owner, curve in drawn if owner is not line]
    return spot.top < at < spot.bottom or touched(spot, others, CLEARANCE_PX) > 0


def _name_forms(line: pg.InfiniteLine) -> tuple[str, ...]:
    """The names `name_mark` gave the line, the fullest first (none: it keeps its own)."""
    return tuple(line.data(NAME_FORMS_KEY) or ())


def _lines(plot: pg.PlotWidget) -> list[pg.InfiniteLine]:
    return [item for item in plot.getPlotItem().items if isinstance(item, pg.InfiniteLine)]


def _name(line: pg.InfiniteLine) -> pg.InfLineLabel | None:
    """The line's name (pyqtgraph gives a line without one no `label` at all)."""
    return getattr(line, "label", None)


def _vertical(line: pg.InfiniteLine) -> bool:
    return bool(line.angle % 180 == 90)


class _Pixels:
    """The view box's data-to-pixel map: a scale and an offset on each axis (its plots are
    never turned), read once per placing."""

    def __init__(self, view: pg.ViewBox) -> None:
        to_px = view.childTransform()
        self._x = (to_px.m11(), to_px.m31())
        self._y = (to_px.m22(), to_px.m32())

    def x(self, data: np.ndarray | float) -> np.ndarray:
        scale, offset = self._x
        return np.asarray(scale * np.asarray(data, float) + offset)

    def y(self, data: np.ndarray | float) -> np.ndarray:
        scale, offset = self._y
        return np.asarray(scale * np.asarray(data, float) + offset)

    def line(self, line: pg.InfiniteLine) -> float:
        """Where `line` crosses its axis: a vertical line's x, a horizontal one's y."""
        value = float(line.value())
        return float(self.x(value) if _vertical(line) else self.y(value))


def _same_hue(item: object, line: pg.InfiniteLine) -> bool:
    """Whether a curve is drawn in the marker line's hue (the TPOT curves and the TPOT
    target's line): the quantity the line is a target for."""
    if not isinstance(item, pg.PlotDataItem):
        return False
    pen = pg.mkPen(item.opts.get("pen"))
    return bool(pen.color() == line.pen.color())


def _drawn(plot: pg.PlotWidget, view: pg.ViewBox, px: _Pixels) -> Iterator[tuple[object, Curve]]:
    """Each visible curve and marker line, in the view box's pixels, with what drew it; a
    curve filled to a level (the memory plot's bands) with the whole band (`band_points`)."""
    for item in plot.listDataItems():
        xs, ys = item.getData()
        if item.isVisible() and xs is not None and ys is not None and len(xs) > 1:
            edge = curve_points((px.x(xs), px.y(ys)), READ_EVERY_PX)
            fill_level = item.opts.get("fillLevel")
            if fill_level is not None:
                fill_at = float(px.y(fill_level))
                edge = band_points(edge, fill_at, AREA_STEP_PX, BAND_ROOM_PX)
            yield item, edge
    width, height = view.width(), view.height()
    for line in _lines(plot):
        if not line.isVisible():
            continue
        at = px.line(line)
        if _vertical(line):
            ends = (np.array([at, at]), np.array([0.0, height]))
        else:
            ends = (np.array([0.0, width]), np.array([at, at]))
        yield line, curve_points(ends, READ_EVERY_PX)


def _legend_box(plot: pg.PlotWidget, view: pg.ViewBox) -> list[Box]:
    """The legend's box when it lies on the curves (a legend put outside them takes none)."""
    legend = plot.getPlotItem().legend
    if legend is None or legend.data(OUTSIDE_KEY) or not legend.isVisible():
        return []
    rect = view.mapRectFromScene(legend.sceneBoundingRect())
    return [Box(rect.left(), rect.top(), rect.width(), rect.height())]


def _spots(
    named: list[pg.InfiniteLine],
    drawn: list[tuple[object, Curve]],
    room: Box,
    taken: list[Box],
    px: _Pixels,
    first_off: int = 0,
) -> list[Box] | None:
    """Each named line's spot, placed in the order given, clear of those placed before; the
    first of two vertical lines' names `first_off` steps (half a name's height each) further
    from its line on the side away from the other line, or None where it would not fit there:
    at 1024 x 700 the default plan's "planned" and "pools" lines lie 1 px apart, and beside
    them their names came 5 px from each other."""
    placed: list[Box] = []
    for index, line in enumerate(named):
        # A line's own name may touch its line: everything else drawn must stay clear, its
        # own quantity's curves (drawn in its hue) last of all.
        others = [
            curve for owner, curve in drawn if owner is not line and not _same_hue(owner, line)
        ]
        own = [curve for owner, curve in drawn if owner is not line and _same_hue(owner, line)]
        size = line.label.textItem.boundingRect()
        at, away = px.line(line), 0.0
        if index == 0 and first_off:
            side = 1.0 if at >= px.line(named[-1]) else -1.0
            away = side * first_off * max(min(size.width(), size.height()) / 2, 1.0)
        spot = label_spot(
            size.width(),
            size.height(),
            at + away,
            room,
            others,
            [*taken, *placed],
            GAP_PX,
            CLEARANCE_PX,
            vertical=_vertical(line),
            own=own,
            apart_px=size.height() / (1 + line.label.textItem.toPlainText().count("\n")),
        )
        if away and (spot.left < at if away > 0 else spot.right > at):
            return None  # stepped off, its name must still lie wholly on that side
        placed.append(spot)
    return placed


def _nearest_names_px(spots: list[Box]) -> float:
    """How close the two nearest names come (the larger of their gaps across and down)."""
    gaps = [
        max(b.left - a.right, a.left - b.right, b.top - a.bottom, a.top - b.bottom)
        for i, a in enumerate(spots)
        for b in spots[i + 1 :]
    ]
    return min(gaps, default=float("inf"))


def _line_px(lines: list[pg.InfiniteLine]) -> float:
    """The height of a line of the lines' names (the tallest font's)."""
    return max((QFontMetricsF(line.label.textItem.font()).height() for line in lines), default=0)


def _merit(spots: list[Box], drawn: list[tuple[object, Curve]], line_px: float) -> tuple[bool, int]:
    """How well the names sit: a line of a name apart (or not; a name over two lines needs
    no more room from the next than one: the Cost plot's "planned" over "6.12 B/mo" beside
    "break-even" over its figure, 27 px apart, read apart), then the fewer points of the
    curves hidden the better."""
    tallest = line_px
    curves = [curve for owner, curve in drawn if isinstance(owner, pg.PlotDataItem)]
    hidden = sum(touched(spot, curves, CLEARANCE_PX) for spot in spots)
    return _nearest_names_px(spots) >= tallest, -hidden


def place_marker_labels(plot: pg.PlotWidget) -> list[Box]:
    """Put the name of each visible marker line of `plot` where it touches no curve, the
    horizontal lines' (targets) first; the boxes they take, in the view box's pixels.

    The vertical lines' names are placed in both orders, and the order that keeps them a
    name's height apart, hiding least, wins: on the throughput plot at 1024 x 700 "planned",
    placed first beside its line, left "pools" no spot but 2 px from it. Where neither order
    keeps them apart and clear of the curves, the first name may also step one or two
    half-heights off its line, away from the other (`_spots`), and the placing that sits best
    wins, the fewest steps on a tie: at 1280 x 800 the default plan's two lines lie 1.4 px
    apart on a plot 60 px high, and beside them "planned" lay on both throughput curves. A name
    that still lies across the lines, one drawn on another, is left out (`_shadowed`) and the
    others are placed again."""
    view = plot.getViewBox()
    view.prepareForPaint()  # resized, the view maps data to its new size only when painted
    width, height = view.width(), view.height()
    if width <= 0 or height <= 0:
        return []
    named = [line for line in _lines(plot) if line.isVisible() and _name(line) is not None]
    for line in named:
        _text_now(line)
    across = [line for line in named if not _vertical(line)]
    upright = [line for line in named if _vertical(line)]
    px = _Pixels(view)
    room = Box(0.0, 0.0, width - END_ROOM_PX, height)
    legend = _legend_box(plot, view)
    drawn = list(_drawn(plot, view, px))
    placed = _spots(across, drawn, room, legend, px) or []  # names beside their lines
    crowded = [
        line
        for line, spot in zip(across, placed, strict=True)
        if _in_legend(line) is not None and _crowded(spot, line, drawn, px.line(line))
    ]
    for line in _lines(plot):  # first out of the legend, a hidden line's too (not sized)
        if line not in crowded:
            _named_in_legend(line, False)
    crowded = [line for line in crowded if _named_in_legend(line, True)]
    shown = [spot for line, spot in zip(across, placed, strict=True) if line not in crowded]
    taken = [*legend, *shown]
    place = partial(_upright_spots, drawn=drawn, room=room, taken=taken, px=px)
    order, spots, shadowed = _upright_named(upright, place, drawn, px)
    for line in named:
        line.label.setVisible(line not in shadowed and line not in crowded)
    for line, spot in zip([*across, *order], [*placed, *spots], strict=True):
        size = line.label.textItem.boundingRect()
        w, h = size.width(), size.height()
        at = px.line(line)
        point = QPointF(at, spot.top + h / 2) if _vertical(line) else QPointF(spot.left + w / 2, at)
        _put(line, point, ((point.x() - spot.left) / w, (point.y() - spot.top) / h), view)
    return [*shown, *spots]


def _upright_named(
    upright: list[pg.InfiniteLine],
    place: Callable[[list[pg.InfiniteLine]], tuple[list[pg.InfiniteLine], list[Box]]],
    drawn: list[tuple[object, Curve]],
    px: _Pixels,
) -> tuple[list[pg.InfiniteLine], list[Box], list[pg.InfiniteLine]]:
    """The vertical lines in the order `place` (`_upright_spots`) put them, their names'
    spots and the lines left unnamed (`_shadowed`), with the fullest names (`name_mark`)
    that sit clear, none left out: a line apart, on no curve and across no marker line; else
    with the shortest."""
    forms = max((len(_name_forms(line)) for line in upright), default=1)
    xs = [px.line(line) for line in upright]
    for form in range(max(forms, 1)):
        for line in upright:
            names = _name_forms(line)
            if names:
                line.label.setFormat(names[min(form, len(names) - 1)])
        order, spots = place(upright)
        shadowed = _shadowed(order, spots, px)
        if shadowed:  # the others placed again, as if the line left unnamed were not there
            order, spots = place([u for u in upright if u not in shadowed])
        across = any(spot.left < x < spot.right for spot in spots for x in xs)
        # A fuller form that leaves a line unnamed gives way to a shorter naming each: over
        # two lines, "planned" left the throughput plot's pools line its name at 1280 x 800.
        if _merit(spots, drawn, _line_px(upright)) == (True, 0) and not across and not shadowed:
            break
    return order, spots, shadowed


def _upright_spots(
    upright: list[pg.InfiniteLine],
    drawn: list[tuple[object, Curve]],
    room: Box,
    taken: list[Box],
    px: _Pixels,
) -> tuple[list[pg.InfiniteLine], list[Box]]:
    """The vertical lines in the order placed and their names' spots (`place_marker_labels`)."""
    orders = [upright, upright[::-1]] if len(upright) > 1 else [upright]
    beside = [(order, _spots(order, drawn, room, taken, px) or []) for order in orders]
    line_px = _line_px(upright)
    order, spots = max(beside, key=lambda each: _merit(each[1], drawn, line_px))  # first on a tie
    if len(upright) == 2 and _merit(spots, drawn, line_px) != (True, 0):
        # two lines too close for names beside both, a name's height apart and clear of the
        # curves: the first steps off, the fewest steps that sit best
        off = [(o, _spots(o, drawn, room, taken, px, k)) for k in STEPS_OFF for o in orders]
        stepped = [(o, found) for o, found in off if found]
        order, spots = max(
            [(order, spots), *stepped], key=lambda each: _merit(each[1], drawn, line_px)
        )
    return order, spots


def _shadowed(
    upright: list[pg.InfiniteLine], spots: list[Box], px: _Pixels
) -> list[pg.InfiniteLine]:
    """The vertical lines whose names are left out: a line drawn on another named one (within
    `SHADOWED_PX`) whose name found no spot beside it and lies across a marker line. At 1280 x
    800 the default plan's "pools" line lies 1.4 px left of "planned", 38 px from the plot's
    edge, and its name, 38 px wide, sat across both lines, touching the axis and them; the
    "planned" name beside them names the line the eye sees, and the plot's title says which
    curves are the pools'."""
    xs = [px.line(line) for line in upright]
    left_out: list[pg.InfiniteLine] = []
    for index, (line, spot) in enumerate(zip(upright, spots, strict=True)):
        near = any(abs(x - xs[index]) <= SHADOWED_PX for k, x in enumerate(xs) if k != index)
        across = any(spot.left < x < spot.right for x in xs)
        if near and across and len(left_out) < len(upright) - 1:
            left_out.append(line)
    return left_out


def _put(
    line: pg.InfiniteLine, point: QPointF, anchor: tuple[float, float], view: pg.ViewBox
) -> None:
    """The line's name with its `anchor` (a share of its width and height) at `point` (view
    box pixels, on the line): pyqtgraph places a name by its share of the way along the line
    across the view and keeps one of two anchors, here both the same."""
    label = line.label
    label.anchors = [anchor, anchor]
    start, end = label.getEndpoints()
    if start is None or end is None:
        return
    start, end = view.mapFromItem(line, start), view.mapFromItem(line, end)
    span = end - start
    along = span.x() if abs(span.x()) >= abs(span.y()) else span.y()
    offset = (point - start).x() if abs(span.x()) >= abs(span.y()) else (point - start).y()
    label.setPosition(min(1.0, max(0.0, offset / along)) if along else 0.5)
