"""Turn the planner's statement of load into what the engine sees (SIZING.md section 3).

Three readings of "N users" differ ten-fold in hardware: N requests always in flight; N people
who each ask, read the answer and think before asking again; or N employees making a number of
requests a day, concentrated in working hours with a busy-hour peak.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.plan import LoadSpec

SECONDS_PER_HOUR = 3600.0
WORKING_DAYS_PER_YEAR = 250.0
DAYS_PER_YEAR = 365.0


@dataclass(frozen=True, slots=True)
class Demand:
    """Load at the busiest time, as requests in flight or as an arrival rate."""

    in_flight: float | None  # fixed requests in flight (closed loop); None for rate modes
    peak_rate_per_s: float | None  # peak arrival rate; None when in_flight is fixed
    average_rate_per_s: float  # over working hours, for yearly volume
    active_hours_per_year: float
    description: str


def demand(load: LoadSpec, e2e_s: float) -> Demand:
    """The load at a given end-to-end latency (think-time users depend on it)."""
    if load.kind == "in_flight":
        rate = load.requests_in_flight / e2e_s
        return Demand(
            in_flight=float(load.requests_in_flight),
            peak_rate_per_s=None,
            average_rate_per_s=rate,
            active_hours_per_year=DAYS_PER_YEAR * 24.0,
            description=f"{load.requests_in_flight:,} requests always in flight",
        )
    if load.kind == "active_users":
        rate = load.active_users / (e2e_s + load.think_time_s)
        return Demand(
            in_flight=None,
            peak_rate_per_s=rate,
            average_rate_per_s=rate,
            active_hours_per_year=WORKING_DAYS_PER_YEAR * 8.0,
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
        active_hours_per_year=WORKING_DAYS_PER_YEAR * hours,
        description=(
            f"{load.users:,} users x {load.requests_per_user_per_day:g} requests a day over "
            f"{hours:g} working hours, peak {load.peak_to_average:g}x the average"
        ),
    )
