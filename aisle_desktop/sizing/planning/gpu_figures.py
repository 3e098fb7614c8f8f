"""The GPU count a plan needs, as arithmetic a planner can redo: the headline "8 bought, 6
needed" had no formula behind it ("3 needed" replicas came from nowhere on screen), though
every figure after it (servers, racks, power, cost) starts from it."""

from __future__ import annotations

from aisle_desktop.formatting import percent, with_unit
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.explain import Figure, figure
from aisle_desktop.sizing.planning.demand import demand_at_targets, fixed_in_flight
from aisle_desktop.sizing.planning.parallelism import SplitChoice

SPARE = {"n_plus_1": " + 1 spare", "none": ""}


def _replicas_term(scenario: Scenario, calibration: Calibration, choice: SplitChoice) -> str:
    """How many replicas the demand needs, said as it is counted (`size._replicas_needed`):
    requests in flight over what a replica carries within the targets, or the peak rate over
    the planned share of what a replica serves within them; a spare for N+1."""
    cap, load = choice.capacity, scenario.workload.load
    spare = SPARE[scenario.workload.redundancy]
    at, needed = cap.at_targets, choice.replicas_needed
    if at is None or needed is None:
        return f"replicas on the {choice.gpus:,} GPUs (none meets the targets)"
    if needed > choice.replicas:
        return f"replicas the {choice.gpus:,} GPUs set hold, fewer than the {needed:,} needed"
    in_flight = fixed_in_flight(load)
    if in_flight is not None:
        batch = with_unit(cap.batch_within_targets, "requests")
        return (
            f"replicas needed, round up ({in_flight:,} requests in flight / {batch} a replica "
            f"carries within the targets){spare}"
        )
    peak = with_unit(demand_at_targets(scenario.workload).peak_rate_per_s or 0.0, "requests/s")
    share = percent(calibration.cost.target_utilization)
    per_replica = with_unit(float(at.requests_per_s), "requests/s")
    return (
        f"replicas needed, round up ({peak} at the peak / ({share} planned load × {per_replica} "
        f"a replica serves within the targets)){spare}"
    )


def gpus_needed_figure(
    scenario: Scenario, calibration: Calibration, choice: SplitChoice, layout: str
) -> Figure:
    """GPUs the demand needs, its spare included: replicas × GPUs a replica. The servers are
    then bought whole (the plan line's "bought"), and replicas run on what they hold beyond
    it (`server_use.fill_servers`)."""
    gpus_each = choice.capacity.dep.gpus
    replicas = choice.gpus_needed // gpus_each
    return figure(
        choice.gpus_needed,
        "GPUs",
        "GPUs needed = replicas × GPUs a replica; replicas = round up (peak requests/s / "
        "(planned share of capacity × requests/s a replica serves within the targets)), or "
        "requests in flight / requests a replica carries within them, + 1 spare for N+1; "
        "GPUs bought = whole servers holding them",
        {
            "replicas": (replicas, "replicas"),
            "replicas run, on GPUs the servers hold": (choice.replicas, "replicas"),
        },
        worked=(
            "product",
            {
                _replicas_term(scenario, calibration, choice): (replicas, "replicas"),
                f"GPUs a replica ({layout})": (gpus_each, "GPUs"),
            },
        ),
    )
