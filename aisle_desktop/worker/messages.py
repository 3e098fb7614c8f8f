"""What the GUI thread and the sizing thread say to each other: plain frozen dataclasses.

Requests go in on the thread's inbox; reports come back on its outbox. Size requests carry
the revision of the scenario they size, so stale ones can be skipped and stale reports dropped.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, Scenario
from aisle_desktop.report.model import Report as PlanReport
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.engine import TailLatency
from aisle_desktop.sizing.planning import GpuOption, PlanCurves, Purchase, ServingComparison
from aisle_desktop.worker.budget_job import SensitivityDone, SensitivityRequest

# The revision that stops every running comparison (Cancel, closing the window).
CANCELLED = -1


class LatestRevision:
    """The newest revision requested, shared by the GUI thread and the sizing thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = 0

    def set(self, value: int) -> None:
        with self._lock:
            self._value = value

    def get(self) -> int:
        with self._lock:
            return self._value


# Requests, GUI thread to sizing thread.


@dataclass(frozen=True)
class SizeRequest:
    """Size this scenario, draw its curves, simulate its tail and, if `compare`, compare it
    across the catalog's GPUs (the window asks only while its GPUs tab is shown)."""

    revision: int
    scenario: Scenario
    compare: bool = True


@dataclass(frozen=True)
class CompareRequest:
    """Compare the result last sized for `revision` across the catalog's GPUs."""

    revision: int


@dataclass(frozen=True)
class PlanRequest:
    """Size every scenario of the plan, for the scenarios-compared view."""

    number: int
    scenarios: tuple[Scenario, ...]


@dataclass(frozen=True)
class ReportRequest:
    """Size a whole plan for its printed summary, against this machine's catalog; `stop`,
    once set (the planner's Stop), ends the sizing at its next scenario."""

    number: int
    machine: Catalog
    plan: Plan
    name: str
    stop: threading.Event = field(default_factory=threading.Event, compare=False)
    # The plan format an older Aisle saved the plan's file in (`Report.saved_in_format`).
    saved_in_format: int | None = None


@dataclass(frozen=True)
class CatalogChange:
    """Size every later request against this catalog (a plan's own entries merged in)."""

    catalog: Catalog


@dataclass(frozen=True)
class Stop:
    """End the thread."""


Request = (
    SizeRequest
    | CompareRequest
    | PlanRequest
    | ReportRequest
    | SensitivityRequest
    | CatalogChange
    | Stop
)


# Reports, sizing thread to GUI thread.


@dataclass(frozen=True)
class SizingOutcome:
    """A sized plan and its curves, tagged with the revision it belongs to."""

    revision: int
    scenario: Scenario
    result: SizingResult
    curves: PlanCurves | None
    purchase: Purchase | None = None


@dataclass(frozen=True)
class SizingFailed:
    """This revision cannot be sized, and why, in words for the planner."""

    revision: int
    message: str


@dataclass(frozen=True)
class TailLatencyDone:
    """The simulated percentiles of this revision's plan (None when it has none); whether
    separate prefill and decode pools would need fewer GPUs (None when not asked or not
    worked out) and, for a compared plan, its curves with the pools beside the replicas."""

    revision: int
    tail: TailLatency | None
    serving: ServingComparison | None = None
    curves: PlanCurves | None = None


@dataclass(frozen=True)
class ComparisonProgress:
    revision: int
    done: int
    total: int


@dataclass(frozen=True)
class ComparisonDone:
    revision: int
    options: tuple[GpuOption, ...]


@dataclass(frozen=True)
class PlanSized:
    """Per scenario of plan request `number`: its name and result, or why it cannot be sized."""

    number: int
    results: tuple[tuple[str, SizingResult | str], ...]


@dataclass(frozen=True)
class PlanTails:
    """Per scenario of plan request `number`, after its `PlanSized`: its simulated TailLatency,
    or None (not sized, or no percentiles to be had)."""

    number: int
    tails: tuple[TailLatency | None, ...]


@dataclass(frozen=True)
class ReportProgress:
    """Report request `number` is `doing` this ("Sizing scenario 3 of 20"), `share` done."""

    number: int
    doing: str
    share: float


@dataclass(frozen=True)
class ReportBuilt:
    """Report request `number`'s content, or why it could not be built."""

    number: int
    report: PlanReport | None
    error: str | None = None


@dataclass(frozen=True)
class JobDone:
    """One request is finished (sized, skipped as stale, or its comparison stopped)."""


Report = (
    SizingOutcome
    | SizingFailed
    | TailLatencyDone
    | ComparisonProgress
    | ComparisonDone
    | PlanSized
    | PlanTails
    | ReportProgress
    | ReportBuilt
    | SensitivityDone
    | JobDone
)
