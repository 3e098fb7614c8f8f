"""Turn the planner's statement of load into what the engine sees (SIZING.md section 3).

Three readings of "N users" differ ten-fold in hardware: N requests always in flight; N people
who each ask, read the answer and think before asking again; or N employees making a number of
requests a day, concentrated in working hours with a busy-hour peak. Whatever the kind, the
service runs the hours a day and days a year the planner states: yearly volume follows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.plan import LoadSpec

SECONDS_PER_HOUR = 3600.0


@dataclass(frozen=True, slots=True)
class Demand:
    """Load at the busiest time, as requests in flight or as an arrival rate."""

    in_flight: float | None  # fixed requests in flight (closed loop); None for rate modes
    peak_rate_per_s: float | None  # peak arrival rate; None when in_flight is fixed
    average_rate_per_s: float  # over the service's hours, for yearly volume
    active_hours_per_year: float
    description: str


def demand(load: LoadSpec, e2e_s: float) -> Demand:
    """The load at a given end-to-end latency (think-time users depend on it)."""
    hours_a_year = load.working_hours_per_day * load.days_per_year
    if load.kind == "in_flight":
        rate = load.requests_in_flight / e2e_s
        return Demand(
            in_flight=float(load.requests_in_flight),
            peak_rate_per_s=None,
            average_rate_per_s=rate,
            active_hours_per_year=hours_a_year,
            description=f"{load.requests_in_flight:,} requests always in flight",
        )
    if load.kind == "active_users":
        rate = load.active_users / (e2e_s + load.think_time_s)
        return Demand(
            in_flight=None,
            peak_rate_per_s=rate,
            average_rate_per_s=rate,
            active_hours_per_year=hours_a_year,
            description=(
                f"{load.active_users:,} active users, each asking again {load.think_time_s:g} s "
                "after an answer"
            ),
        )
    hours = load.working_hours_per_day
    average = load.users * load.requests_per_user_per_day / (hours * SECONDS_PER_HOUR)
    return Demand(
        in_flight=None,
        peak_rate_per_s=average * load.peak_to_average,
        average_rate_per_s=average,
        active_hours_per_year=hours_a_year,
        description=(
            f"{load.users:,} users x {load.requests_per_user_per_day:g} requests a day over "
            f"{hours:g} working hours, peak {load.peak_to_average:g}x the average"
        ),
    )


def served_share(planned: Demand, capacity_rate_per_s: float) -> float:
    """The share of the demand a plan answers within its latency targets.

    All of it when its capacity covers the busiest time; else what the capacity carries at the
    peak (the rest waits past the targets or is turned away). Yearly volume and cost per token
    count only what is served: tokens the GPUs cannot produce cost nothing and earn nothing.
    """
    peak = planned.peak_rate_per_s
    busiest = planned.average_rate_per_s if peak is None else peak
    if busiest <= 0.0:
        return 1.0
    return min(1.0, capacity_rate_per_s / busiest)
