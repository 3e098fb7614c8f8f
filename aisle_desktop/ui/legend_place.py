"""Each plot's legend in the corner of its plot where it covers the least: no curve, band,
marker line or marker name if a corner allows.

pyqtgraph puts a legend where it is told, whatever lies beneath: at the top right, where the
throughput curve levels off and the latency curves climb, it hid the curves at the loads a
planner reads (QA at 1280 x 800). After each draw, and when the plot changes size, the four
corners are scored by what the legend would hide there, and the legend moves to the emptiest.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

# Gap between the legend and the plot's edges, in pixels (pyqtgraph's own offset).
EDGE_GAP_PX = 10.0
# Where each curve is read along the plot, in pixels: close enough that no curve crosses a
# corner between two readings.
READ_EVERY_PX = 2.0
# The corners tried, in the order preferred on a tie: (x, y) of the legend's anchor, from the
# top left (0, 0) to the bottom right (1, 1). The top right first: where a legend is expected.
CORNERS = ((1.0, 0.0), (0.0, 0.0), (1.0, 1.0), (0.0, 1.0))
# The key, in a legend's item data, of "placed outside the curves once and for all".
OUTSIDE_KEY = 0


@dataclass(frozen=True)
class Shapes:
    """What a legend could hide, in the view box's pixels: each curve read across the plot
    (``tops``, and ``bottoms`` down to which a band is filled, else equal to ``tops``), and the
    rectangles of marker lines and their names."""

    xs: np.ndarray
    tops: list[np.ndarray]
    bottoms: list[np.ndarray]
    marks: list[QRectF]


def hidden_under(rect: QRectF, shapes: Shapes) -> tuple[int, int]:
    """(curve readings, marks) ``rect`` would cover: curves count first, as data."""
    inside = (shapes.xs >= rect.left()) & (shapes.xs <= rect.right())
    readings = 0
    for top, bottom in zip(shapes.tops, shapes.bottoms, strict=True):
        high, low = np.minimum(top, bottom), np.maximum(top, bottom)
        readings += int(np.count_nonzero(inside & (high <= rect.bottom()) & (low >= rect.top())))
    return readings, sum(1 for mark in shapes.marks if mark.intersects(rect))


def emptiest_corner(width: float, height: float, size: tuple[float, float], shapes: Shapes) -> int:
    """The index in CORNERS of the corner where a legend of ``size`` hides least."""
    w, h = size

    def rect(corner: tuple[float, float]) -> QRectF:
        x = EDGE_GAP_PX + corner[0] * (width - w - 2 * EDGE_GAP_PX)
        y = EDGE_GAP_PX + corner[1] * (height - h - 2 * EDGE_GAP_PX)
        return QRectF(x, y, w, h)

    scores = [(*hidden_under(rect(c), shapes), i) for i, c in enumerate(CORNERS)]
    return min(scores)[2]


def _curves(
    plot: pg.PlotWidget, view: pg.ViewBox, xs: np.ndarray
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Each visible curve's top and bottom at ``xs`` (view box pixels)."""
    to_px = view.childTransform()
    for item in plot.listDataItems():
        x, y = item.getData()
        if not item.isVisible() or x is None or y is None or len(x) < 2:
            continue
        finite = np.isfinite(x) & np.isfinite(y)
        px = to_px.m11() * np.asarray(x[finite], float) + to_px.m31()
        py = to_px.m22() * np.asarray(y[finite], float) + to_px.m32()
        order = np.argsort(px)
        px, py = px[order], py[order]
        covered = (xs >= px[0]) & (xs <= px[-1])
        top = np.where(covered, np.interp(xs, px, py), np.nan)
        level = item.opts.get("fillLevel")
        if level is None:
            yield top, top
        else:
            fill_py = to_px.m22() * float(level) + to_px.m32()
            yield top, np.where(covered, fill_py, np.nan)


def _marks(plot: pg.PlotWidget, view: pg.ViewBox) -> Iterator[QRectF]:
    """The rectangles of the visible marker lines and their names."""
    for item in plot.getPlotItem().items:
        if isinstance(item, pg.InfiniteLine) and item.isVisible():
            yield view.mapRectFromScene(item.sceneBoundingRect())
            label = getattr(item, "label", None)
            if label is not None and label.isVisible():
                yield view.mapRectFromScene(label.sceneBoundingRect())


def put_legend_beside_axis(plot: pg.PlotWidget) -> None:
    """Move ``plot``'s legend out of its curves, to the right end of the row that names its x
    axis (the name is centred, the ends are free): the load plots at 1280 x 800 are too short
    for any corner of their curves to hold a legend uncovered."""
    legend = plot.getPlotItem().legend
    if legend is None:
        return
    legend.setData(OUTSIDE_KEY, True)
    legend.setParentItem(plot.getPlotItem())
    legend.layout.setContentsMargins(2, 0, 2, 0)
    legend.anchor(itemPos=(1.0, 1.0), parentPos=(1.0, 1.0), offset=(-2.0, -1.0))


def put_legend_under_title(plot: pg.PlotWidget) -> None:
    """Move ``plot``'s legend (its entries in rows of its columns) out of its curves, into a
    band of its own between the title and the curves: the memory bands fill the plot below
    their top curve, so no corner of it is empty. Call once its entries are added, and
    `fit_legend_band` whenever they change."""
    item = plot.getPlotItem()
    legend = item.legend
    if legend is None:
        return
    legend.setData(OUTSIDE_KEY, True)
    legend.setParentItem(item)  # the view clips what it holds to its curves
    legend.layout.setContentsMargins(2, 0, 2, 0)
    item.getViewBox().sigResized.connect(lambda _view: _foot_on_curves(item))
    fit_legend_band(plot)


def fit_legend(legend: pg.LegendItem) -> None:
    """The legend as large as its entries read now. pyqtgraph sizes it by the widths its
    layout last gave them, so once wider it stayed so: "TTFT" kept the width of "TTFT ≤ 1 s",
    a gap in the row and the legend over "Requests in flight" (1280 x 800). Shrunk to nothing
    first, its layout gives each entry no more than it needs."""
    legend.setGeometry(QRectF(0.0, 0.0, 0.0, 0.0))
    legend.layout.invalidate()
    legend.layout.activate()
    legend.updateSize()


def fit_legend_band(plot: pg.PlotWidget) -> None:
    """The band under the title as tall as the legend's rows: a fourth entry ("usable
    memory", when its name finds no room on the curves) opens a second row."""
    item = plot.getPlotItem()
    legend = item.legend
    if legend is None:
        return
    fit_legend(legend)
    item.layout.setRowFixedHeight(1, legend.boundingRect().height() + 2)  # the top axis's row
    _foot_on_curves(item)


def _foot_on_curves(item: pg.PlotItem) -> None:
    """The legend's foot on the curves' top edge, wherever the layout put them."""
    legend, view = item.legend, item.getViewBox()
    height = legend.boundingRect().height()
    top = view.mapToItem(item, view.boundingRect().topLeft()).y()
    legend.anchor(itemPos=(0.5, 0.0), parentPos=(0.5, 0.0), offset=(0.0, top - height - 1))


def place_legend(plot: pg.PlotWidget) -> None:
    """Move ``plot``'s legend to the corner of its view where it hides least (a legend put
    outside the curves, beside the axis or under the title, stays where it is)."""
    legend = plot.getPlotItem().legend
    view = plot.getViewBox()
    width, height = view.width(), view.height()
    if legend is None or legend.data(OUTSIDE_KEY) or width <= 0 or height <= 0:
        return
    xs = np.arange(0.0, width + READ_EVERY_PX, READ_EVERY_PX)
    curves = list(_curves(plot, view, xs))
    shapes = Shapes(xs, [c[0] for c in curves], [c[1] for c in curves], list(_marks(plot, view)))
    size = legend.boundingRect()
    corner = CORNERS[emptiest_corner(width, height, (size.width(), size.height()), shapes)]
    offset = tuple(EDGE_GAP_PX if at == 0.0 else -EDGE_GAP_PX for at in corner)
    legend.anchor(itemPos=corner, parentPos=corner, offset=offset)
