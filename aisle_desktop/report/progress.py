"""How far a long report has got, and the way to stop it.

A plan of 20 scenarios took some 45 s to size, lay out and draw (87 pages) while the window
showed only a busy cursor and the command line nothing at all. Whoever builds a report now
passes a `Step`: each part of the work calls it as it goes, with what it is doing in a
planner's words and the share of that part done, and a step that raises `ReportStopped` stops
the work where it is, nothing written (the window's Stop).
"""

from __future__ import annotations

from collections.abc import Callable

# The share of a report's work its sizing takes, the rest being its pages: a plan of 20
# scenarios was sized in some 2 s of CPU, its 89 pages laid out in some 3 s and drawn in 1 s.
SIZING_SHARE = 0.3

# What is being done ("Sizing scenario 3 of 20") and the share of the work done, 0 to 1.
Step = Callable[[str, float], None]


class ReportStoppedError(Exception):
    """The planner stopped the report before it was written."""


def unwatched(_doing: str, _share: float) -> None:
    """The step of a report nobody waits on: the work goes on."""


def part_of(step: Step, start: float, end: float) -> Step:
    """`step` for the part of a work that runs from `start` to `end` of its whole."""
    return lambda doing, share: step(doing, start + (end - start) * share)
