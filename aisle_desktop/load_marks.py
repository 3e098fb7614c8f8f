"""The names of the charts' lines at a planned figure, each with the unit its axis measures:
"planned 28.7 in flight", "planned 57.6 M tokens a month". The report's charts read
"planned 28.7", a number a planner could not place on an axis whose title lies below the
plot, and the window's plots "planned" alone; both now take their words from here.
"""

from __future__ import annotations

import re

from aisle_desktop.formatting import compact

# Where a mark's name ends and its figure begins: the space before the first number
# ("pools' limit" | "45 in flight", "break-even" | "340 M tokens a month").
FIGURE_STARTS = re.compile(r" (?=\d)")
# The units the marks' figures end with, the longest first.
UNITS = (" tokens a month", " in flight", " tokens")


def in_flight_mark(name: str, requests: float) -> str:
    """``planned 28.7 in flight``: a line on a plot of requests in flight (the load plots)."""
    return f"{name} {compact(requests)} in flight"


def monthly_tokens_mark(name: str, tokens: float) -> str:
    """``planned 57.6 M tokens a month``: a line on the cost plot, whose axis is tokens a
    month (input and output)."""
    return f"{name} {compact(tokens)} tokens a month"


def context_mark(name: str, tokens: float) -> str:
    """``planned 2.26 k tokens``: a line on the memory plot, whose axis is the context of
    a request in tokens."""
    return f"{name} {compact(tokens)} tokens"


def name_forms(label: str) -> list[list[str]]:
    """The lines a mark's label may take, the fullest first: whole on one line, then its
    name over its figure ("pools" over "100 in flight"), then its name over its number over
    its unit ("pools", "100", "in flight": narrower, where the room beside its line is short,
    as the Qwen3.5 preset's report has 12 mm between the axis and the pools' line); one form
    where it has no figure. Never the number alone: "pools" over "100" left the planner a
    figure with no unit on a chart whose axis title lies below the plot."""
    name, *figure = FIGURE_STARTS.split(label, maxsplit=1)
    if not figure:
        return [[label]]
    unit = next((unit for unit in UNITS if figure[0].endswith(unit)), "")
    forms = [[label], [name, figure[0]]]
    if unit:
        forms.append([name, figure[0].removesuffix(unit), unit.strip()])
    return forms
