"""A target's name in its plot's legend, for the plots where no spot beside its line is clear
(`marker_labels.named_in_legend_if_crowded` decides when): on the curves it hid a band or a
curve, in the legend it hides nothing.

Two ways, one a plot: the memory plot's legend, in a band of its own under the title, takes an
entry of its own ("- - usable memory 151 GB", on a second row); the latency plot's, beside its
x axis's name where one row is all the room there is, names the target in its curve's entry
("TPOT ≤ 50 ms": "TPOT, target 50 ms" ran over the axis's name at 1024 x 700), the axis's
name moved left of centre as far as the legend needs, never over it (at 1280 x 800 the results
column is narrower than at 1024 x 700, whose inputs share one column: there "TPOT ≤ 50 ms" lay
over "Requests in flight"; with both targets named, the second had no room beside the centred
name). Each says whether the legend took the name: where it did not, the name stays on the
curves.
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg

from aisle_desktop.ui.legend_place import fit_legend
from aisle_desktop.ui.plot_axes import ReadableAxis

# Room kept between a legend beside the x axis's name and that name, in pixels.
NAME_GAP_PX = 4.0


def _line_name(line: pg.InfiniteLine) -> str:
    return str(line.label.textItem.toPlainText())


def entry_of_its_own(
    plot: pg.PlotWidget, line: pg.InfiniteLine, refit: Callable[[], None]
) -> Callable[[bool], bool]:
    """Show or take out an entry naming `line` as its name reads, drawn with its pen;
    `refit` lays the legend out again once its rows change."""
    sample = pg.PlotDataItem(pen=line.pen)

    def show(shown: bool) -> bool:
        legend = plot.getPlotItem().legend
        if legend is None:
            return False
        listed = next((label for drawn, label in legend.items if drawn.item is sample), None)
        name = _line_name(line)
        if shown and listed is None:
            legend.addItem(sample, name)
        elif shown and listed is not None and listed.text != name:
            listed.setText(name)
        elif not shown and listed is not None:
            legend.removeItem(sample)
        else:
            return shown
        refit()
        return shown

    return show


def named_with_its_curve(
    plot: pg.PlotWidget, line: pg.InfiniteLine, curve: pg.PlotDataItem, name: str
) -> Callable[[bool], bool]:
    """Name `line`'s target in the legend entry of `curve` (named `name`), a legend anchored at
    the right of the x axis's name: "TPOT" reads "TPOT ≤ 50 ms" from the line's "TPOT target
    50 ms" where the legend, grown, stays clear of that name, and "TPOT" again once the
    line's name sits clear on the curves."""

    def show(shown: bool) -> bool:
        legend = plot.getPlotItem().legend
        entry = next(
            (label for drawn, label in (legend.items if legend else []) if drawn.item is curve),
            None,
        )
        if legend is None or entry is None:
            return False
        target = _line_name(line).removeprefix(f"{name} target ")
        text = f"{name} ≤ {target}" if shown else name
        right = legend.sceneBoundingRect().right()  # anchored there, it grows to the left
        if entry.text != text:
            entry.setText(text)
            fit_legend(legend)
        if clear_of_axis_name(plot, right - legend.boundingRect().width()) or not shown:
            return shown
        entry.setText(name)  # no room: its name stays on the curves
        fit_legend(legend)
        clear_of_axis_name(plot, right - legend.boundingRect().width())
        return False

    return show


def clear_of_axis_name(plot: pg.PlotWidget, legend_left: float) -> bool:
    """Move the x axis's name left of centre as far as a legend starting at `legend_left` (in
    the scene) needs to keep NAME_GAP_PX clear of it, never past the axis's left end (centred
    again where none is needed); whether the name is then clear of the legend. With both
    latency targets crowded at 1024 x 700, "TTFT ≤ 2 s" took the legend's room beside the
    centred "Requests in flight", and "TPOT target 50 ms" stayed on the TPOT curves."""
    axis = plot.getAxis("bottom")
    assert isinstance(axis, ReadableAxis)  # the latency plot's
    axis.move_name_left(0.0)
    name = axis.label.sceneBoundingRect()
    needed = name.right() + NAME_GAP_PX - legend_left
    if needed <= 0.0:
        return True
    if needed > name.left() - axis.sceneBoundingRect().left():
        return False
    axis.move_name_left(needed)
    return True


def _axis_name_right(plot: pg.PlotWidget) -> float:
    """Where the x axis's name ends, in the scene."""
    return float(plot.getAxis("bottom").label.sceneBoundingRect().right())
