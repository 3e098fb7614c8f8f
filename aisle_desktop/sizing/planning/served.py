"""Requests served: those the load offers at the planned load, up to the most the plan serves
within its latency targets.

A plan short of the demand still runs its GPUs flat out, but what it serves beyond its
capacity within the targets comes later than the planner agreed: the figure counts only what
meets the targets, and the offered rate is shown beside it where it is more (`OFFERED`, read
by `shown_figures.figure_text`). Users who think between questions offer the rate their own
answers settle (`demand.settled_rate`), which the worked line divides out: users / (E2E +
think time).
"""

from __future__ import annotations

from aisle_desktop.plan import LoadSpec
from aisle_desktop.sizing.explain import Figure, figure
from aisle_desktop.sizing.planning.demand import Demand, offered_terms

OFFERED = "requests offered"


def offered_rate(planned: Demand) -> float:
    """Requests a second the load offers at its busiest (in flight: at the planned E2E)."""
    peak = planned.peak_rate_per_s
    return planned.average_rate_per_s if peak is None else peak


def served_figure(load: LoadSpec, planned: Demand, capacity_per_s: float, e2e_s: float) -> Figure:
    """Requests served a second, of `planned` (the demand at the planned load, whose E2E is
    `e2e_s`) with `capacity_per_s` the most served within the targets."""
    offered = offered_rate(planned)
    served = min(offered, capacity_per_s)
    worked = (
        offered_terms(load, e2e_s)
        if offered <= capacity_per_s
        else ("sum", {"most requests/s within targets": (capacity_per_s, "requests/s")})
    )
    return figure(
        served,
        "requests/s",
        "requests served = requests offered at the planned load, up to the most served within "
        "the latency targets (the rest wait past them)",
        {
            OFFERED: (offered, "requests/s"),
            "most within targets": (capacity_per_s, "requests/s"),
        },
        worked=worked,
        worked_out=(OFFERED, "most within targets"),
    )


def offered_beside(served: Figure) -> float | None:
    """The offered rate of a `served_figure` where it exceeds what is served, else None."""
    for quantity in served.explanation.inputs:
        if quantity.name == OFFERED and quantity.value > served.value * (1 + 1e-9):
            return quantity.value
    return None
