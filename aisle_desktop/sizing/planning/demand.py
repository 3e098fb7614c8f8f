"""Turn the planner's statement of load into what the engine sees (SIZING.md section 3).

Three readings of "N users" differ ten-fold in hardware: N requests always in flight; N people
who each ask, read the answer and think before asking again; or N employees making a number of
requests a day, concentrated in working hours with a busy-hour peak. Whatever the kind, the
service runs the hours a day and days a year the planner states: yearly volume follows them.

This is the one module of sizing that reads the load's kind: the rest asks it for the demand,
for a fixed number in flight (`fixed_in_flight`), for the field that states the count
(`LOAD_KINDS`), for the users a plan carries and for the sentence on how the load was read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from aisle_desktop.formatting import grouped, s_from_ms
from aisle_desktop.plan import LOAD_KIND_FIELDS, LoadKind, LoadSpec, Workload
from aisle_desktop.sizing.engine import Number
from aisle_desktop.sizing.explain import Combine

SECONDS_PER_HOUR = 3600.0


@dataclass(frozen=True, slots=True)
class LoadKindRule:
    """How one kind of load is stated: the field holding its count and what that is called."""

    kind: LoadKind
    noun: str
    title: str  # the count's row in what swings the budget

    @property
    def count_field(self) -> str:
        return LOAD_KIND_FIELDS[self.kind][0]


LOAD_KINDS: dict[LoadKind, LoadKindRule] = {
    "in_flight": LoadKindRule("in_flight", "requests in flight", "Requests in flight"),
    "active_users": LoadKindRule("active_users", "active users", "Number of users"),
    "daily_requests": LoadKindRule("daily_requests", "users", "Number of users"),
}


def load_rule(load: LoadSpec) -> LoadKindRule:
    """How this load's count is stated."""
    return LOAD_KINDS[load.kind]


def stated_count(load: LoadSpec) -> int:
    """The count the planner typed for this kind of load (requests, active users, users)."""
    return int(getattr(load, load_rule(load).count_field))


def fixed_in_flight(load: LoadSpec) -> int | None:
    """Requests always in flight when the load is stated so (a closed loop: the batch is
    fixed); None when requests arrive at a rate instead."""
    return load.requests_in_flight if load.kind == "in_flight" else None


@dataclass(frozen=True, slots=True)
class Demand:
    """Load at the busiest time, as requests in flight or as an arrival rate."""

    in_flight: float | None  # fixed requests in flight (closed loop); None for rate modes
    peak_rate_per_s: float | None  # peak arrival rate; None when in_flight is fixed
    average_rate_per_s: float  # over the service's hours, for yearly volume
    active_hours_per_year: float
    description: str


def active_hours_per_year(load: LoadSpec) -> float:
    """The hours a year the service takes requests: its volume and its capacity are both
    counted over these, never over the calendar's."""
    return load.working_hours_per_day * load.days_per_year


def _hours(load: LoadSpec) -> str:
    """When the service runs, which sets its yearly tokens and its energy bill."""
    if load.working_hours_per_day >= 24 and load.days_per_year >= 365:
        return ", around the clock"
    return f", {load.working_hours_per_day:g} h a day on {load.days_per_year:g} days a year"


def demand(load: LoadSpec, e2e_s: float) -> Demand:
    """The load at a given end-to-end latency (think-time users depend on it)."""
    hours_a_year = active_hours_per_year(load)
    if load.kind == "in_flight":
        rate = load.requests_in_flight / e2e_s
        return Demand(
            in_flight=float(load.requests_in_flight),
            peak_rate_per_s=None,
            average_rate_per_s=rate,
            active_hours_per_year=hours_a_year,
            description=f"{load.requests_in_flight:,} requests always in flight{_hours(load)}",
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
                f"after an answer{_hours(load)}"
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
            f"{load.users:,} users × {grouped(load.requests_per_user_per_day)} requests a day over "
            f"{hours:g} working hours, peak {load.peak_to_average:g}× the average, "
            f"{load.days_per_year:g} days a year"
        ),
    )


def e2e_at_targets_s(workload: Workload) -> float:
    """How long an answer takes when it is as slow as the plan's targets allow: the TTFT
    target, then every later token at the TPOT target."""
    targets = workload.targets
    later_tokens = max(workload.output_tokens - 1, 0)
    return s_from_ms(targets.ttft_ms) + later_tokens * s_from_ms(targets.tpot_ms)


def demand_at_targets(workload: Workload) -> Demand:
    """The demand a plan is sized for, serving prompts and answers together or in separate
    pools alike: its load when answers take as long as its targets allow.

    Users who think between questions ask once a cycle of E2E + think time, so the rate
    they make depends on how fast they are answered; each way of serving answers at its own
    speed, and sizing each at its own E2E (together at one request's, the pools at the TTFT
    target and their decode TPOT) compared the two at different demands. The targets are
    the one E2E both promise, so both are sized for the rate it gives. A load of requests a
    day or a fixed number in flight does not depend on it.
    """
    return demand(workload.load, e2e_at_targets_s(workload))


def demand_words(workload: Workload) -> str:
    """The demand both ways are sized for, in a few words for the comparison's sentence."""
    planned = demand_at_targets(workload)
    if planned.peak_rate_per_s is None:
        return f"{planned.in_flight:,.0f} requests always in flight"
    rate = f"{planned.peak_rate_per_s:,.3g} requests/s at the peak"
    load = workload.load
    if load.kind != "active_users":
        return f"{rate} ({planned.description})"
    return (
        f"{rate} ({load.active_users:,} active users asking again {load.think_time_s:g} s "
        f"after answers of {e2e_at_targets_s(workload):,.3g} s at the targets)"
    )


# Halvings of the bracket around the rate think-time users settle at: 2^-60 of it.
SETTLE_STEPS = 60


def offered_rate_at(load: LoadSpec, e2e_s: Number) -> Number:
    """Requests a second a rate-stated load offers at its busiest when answers take `e2e_s`
    (floats or arrays): users who think ask once a cycle of E2E + think time; a load of
    requests a day offers its peak whatever the answers take."""
    if load.kind == "active_users":
        return load.active_users / (e2e_s + load.think_time_s)
    peak = demand(load, 1.0).peak_rate_per_s or 0.0
    return np.full(np.shape(e2e_s), peak) if isinstance(e2e_s, np.ndarray) else peak


def settled_rate(load: LoadSpec, e2e_at: Callable[[float], float]) -> float:
    """The peak rate a rate-stated load offers when its answers take `e2e_at(rate)` seconds.

    The E2E grows with the rate users make, and they ask less often as it grows: they settle
    where rate = `offered_rate_at(E2E(rate))` (SIZING.md section 3: in flight = users × E2E
    / (E2E + think)). The difference of the two sides grows with the rate, so halving a
    bracket from 0 to the rate at the E2E of an idle plan finds it: the E2E only grows from
    there, so users ask no faster (users who never think would ask infinitely often at no E2E).
    """
    if load.kind != "active_users":
        return float(offered_rate_at(load, 0.0))
    low, high = 0.0, float(offered_rate_at(load, e2e_at(0.0)))
    for _ in range(SETTLE_STEPS):
        rate = 0.5 * (low + high)
        if rate < offered_rate_at(load, e2e_at(rate)):
            low = rate
        else:
            high = rate
    return 0.5 * (low + high)


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


def served_users(load: LoadSpec, share: float) -> str:
    """``(298 of 300 users)`` for a share of an active-users load under 100% (never all of
    them); empty for other loads, whose share is of requests, not people."""
    if load.kind != "active_users" or share >= 1.0:
        return ""
    users = load.active_users
    return f" ({min(round(share * users), users - 1):,} of {users:,} users)"


# A user's cycle, named so a worked line reads its sum as one term: "12.24 requests/s × E2E +
# think time 80.48 s" read as if the think time alone were multiplied (walk45).
CYCLE = "cycle (E2E + think time)"


def offered_terms(load: LoadSpec, e2e_s: float) -> tuple[Combine, dict[str, tuple[float, str]]]:
    """How the offered rate (`demand(load, e2e_s)` at its busiest) is worked out, terms that
    divide or multiply to it."""
    if load.kind == "active_users":
        return (
            "ratio",
            {
                "active users": (load.active_users, "users"),
                CYCLE: (e2e_s + load.think_time_s, "s"),
            },
        )
    if load.kind == "daily_requests":
        average = demand(load, e2e_s).average_rate_per_s
        return (
            "product",
            {
                "average requests/s over the working hours": (average, "requests/s"),
                "peak to average": (load.peak_to_average, "×"),
            },
        )
    return (
        "ratio",
        {"requests in flight": (load.requests_in_flight, "requests"), "E2E": (e2e_s, "s")},
    )


def users_within_targets(
    load: LoadSpec,
    max_rate_per_s: float,
    max_in_flight: float,
    at_targets_e2e_s: float | None,
    target_utilization: float,
) -> tuple[float, str, tuple[Combine, dict[str, tuple[float, str]]]]:
    """The users a plan carries within its targets, in the load's own terms, the formula and
    its worked terms (they multiply to the users)."""
    if load.kind == "active_users" and at_targets_e2e_s is not None:
        cycle_s = at_targets_e2e_s + load.think_time_s
        users = max_rate_per_s * cycle_s
        return (
            users,
            "users = requests/s within targets × a user's cycle: each user asks once a cycle of "
            "E2E (an answer's time, first token to last, at that load) + think time",
            (
                "product",
                {
                    "requests/s within targets": (max_rate_per_s, "requests/s"),
                    CYCLE: (cycle_s, "s"),
                },
            ),
        )
    if load.kind == "daily_requests":
        per_user_peak = (
            load.requests_per_user_per_day / (load.working_hours_per_day * SECONDS_PER_HOUR)
        ) * load.peak_to_average
        users = max_rate_per_s * target_utilization / per_user_peak
        return (
            users,
            "users = utilisation × requests/s within targets / peak requests/s per user",
            (
                "ratio",
                {
                    "requests/s within targets at the utilisation": (
                        max_rate_per_s * target_utilization,
                        "requests/s",
                    ),
                    "peak requests/s per user": (per_user_peak, "requests/s"),
                },
            ),
        )
    return (
        max_in_flight,
        "users = requests in flight within targets (one request each)",
        ("product", {"requests in flight within targets": (max_in_flight, "requests")}),
    )


def load_reading(
    load: LoadSpec, planned_in_flight: float, gpus_if_in_flight: int | None, gpus: int
) -> str | None:
    """How the load was read, for the planner to check with the AI team: with active users,
    what the plan would need (``gpus_if_in_flight``) had the count meant requests in flight.
    None for active users no replica serves within the targets (that warning leads)."""
    if load.kind == "active_users" and gpus_if_in_flight is not None:
        if gpus_if_in_flight > gpus:
            consequence = (
                f"the plan would need about {gpus_if_in_flight:,} GPUs instead of {gpus:,}"
            )
        else:
            consequence = "this plan would still carry it within the targets"
        return (
            f"{load.active_users:,} active users who think {load.think_time_s:g} s between "
            f"questions keep about {planned_in_flight:,.0f} requests in flight. If "
            f'"{load.active_users:,} concurrent users" meant requests always in flight, '
            f"{consequence}."
        )
    if load.kind == "in_flight":
        return (
            f"The load is {load.requests_in_flight:,} requests always in flight: the busiest "
            "reading of 'concurrent users'. People who pause to read and think need far fewer "
            "GPUs."
        )
    if load.kind == "daily_requests":
        return (
            "The load is derived from requests a day, working hours and a peak factor; check "
            "the peak factor with the AI team: it scales the GPU count directly."
        )
    return None
