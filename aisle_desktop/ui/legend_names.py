"""A target's name in its plot's legend, for the plots where no spot beside its line is clear
(`marker_labels.named_in_legend_if_crowded` decides when): on the curves it hid a band or a
curve, in the legend it hides nothing.

Two ways, one a plot: the memory plot's legend, in a band of its own under the title, takes an
entry of its own ("- - usable memory 151 GB", on a second row); the latency plot's, beside its
x axis's name where one row is all the room there is, names the target in its curve's entry
("TPOT ≤ 50 ms": "TPOT, target 50 ms" ran over the axis's name at 1024 x 700).
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg


def _line_name(line: pg.InfiniteLine) -> str:
    return str(line.label.textItem.toPlainText())


def entry_of_its_own(
    plot: pg.PlotWidget, line: pg.InfiniteLine, refit: Callable[[], None]
) -> Callable[[bool], None]:
    """Show or take out an entry naming `line` as its name reads, drawn with its pen;
    `refit` lays the legend out again once its rows change."""
    sample = pg.PlotDataItem(pen=line.pen)

    def show(shown: bool) -> None:
        legend = plot.getPlotItem().legend
        if legend is None:
            return
        listed = next((label for drawn, label in legend.items if drawn.item is sample), None)
        name = _line_name(line)
        if shown and listed is None:
            legend.addItem(sample, name)
        elif shown and listed is not None and listed.text != name:
            listed.setText(name)
        elif not shown and listed is not None:
            legend.removeItem(sample)
        else:
            return
        refit()

    return show


def named_with_its_curve(
    plot: pg.PlotWidget, line: pg.InfiniteLine, curve: pg.PlotDataItem, name: str
) -> Callable[[bool], None]:
    """Name `line`'s target in the legend entry of `curve` (named `name`): "TPOT" reads
    "TPOT ≤ 50 ms" from the line's "TPOT target 50 ms", and "TPOT" again once its name
    sits clear on the curves."""

    def show(shown: bool) -> None:
        legend = plot.getPlotItem().legend
        if legend is None:
            return
        target = _line_name(line).removeprefix(f"{name} target ")
        text = f"{name} ≤ {target}" if shown else name
        for drawn, label in legend.items:
            if drawn.item is curve and label.text != text:
                label.setText(text)
                legend.updateSize()

    return show
