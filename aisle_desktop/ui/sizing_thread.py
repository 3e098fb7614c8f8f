"""The sizing thread: a plain Python thread that makes no Qt call at all.

Why not a QThread with queued signals: a PySide6 signal carrying Python objects across threads
takes both a Qt connection mutex and the interpreter lock, in an order that can deadlock with
the other thread doing the same (seen as a rare hang with both threads idle). Here the only
things the two threads share are two `queue.Queue`s and two `LatestRevision` counters, all
plain Python locks held for microseconds, so no lock order exists to get wrong.

Requests come in on the inbox in order, so a catalog change applies to every later request.
The newest size request wins: one whose revision is no longer the latest is skipped, and the
work after a result (simulating its tail latencies, then comparing GPUs) stops at its next step
once a newer request or a cancel arrives. That work runs one piece per step and sleeps (holding
no lock) a head start before its first step and a short gap between steps, so the GUI thread
can paint the result just sent.

Every request ends with exactly one `JobDone` on the outbox, so the GUI knows when no work is
outstanding and it can stop polling. Errors the planner can fix (`SizingError`, `CatalogError`)
and unexpected ones are both reported on the outbox; the thread itself never dies of them.
"""

from __future__ import annotations

import queue
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.plan import Plan, Scenario
from aisle_desktop.report.model import Report as PlanReport
from aisle_desktop.report.model import build_report
from aisle_desktop.sizing import SizingError, SizingResult
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.engine import TailLatency
from aisle_desktop.sizing.planning import (
    GpuOption,
    PlanCurves,
    Purchase,
    SizedScenarios,
    compare_gpu,
    plan_purchase,
)
from aisle_desktop.ui.budget_job import SensitivityDone, SensitivityRequest, run_sensitivity

# How long the comparison leaves the GUI thread alone to show a new result, then between GPUs
# (measured in benchmarks/gui.py).
PAINT_HEADSTART_S = 0.080
COMPARISON_STEP_GAP_S = 0.001
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
    """Size a whole plan for its printed summary, against this machine's catalog."""

    number: int
    machine: Catalog
    plan: Plan
    name: str


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
    """The simulated percentiles of this revision's plan (None when it has none)."""

    revision: int
    tail: TailLatency | None


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
    | ReportBuilt
    | SensitivityDone
    | JobDone
)


@dataclass
class _Comparison:
    """The work after a result is shown: its tail latencies, then the GPU comparison."""

    revision: int
    scenario: Scenario
    result: SizingResult
    gpu_ids: list[str]
    next_step_at: float
    options: list[GpuOption] = field(default_factory=list)
    tail_pending: bool = True


def internal_error_message(err: Exception) -> str:
    return f"Internal error while sizing ({type(err).__name__}: {err}). Please report it."


class SizingThread:
    """Owns sizing: one daemon thread that takes requests from an inbox, reports to an outbox.

    It waits only on its inbox (with a timeout while a comparison is due), so a request or a
    stop is seen at once and no sleep ever holds it up. It needs no Qt, so tests drive it alone.
    """

    def __init__(
        self,
        catalog: Catalog,
        calibration: Calibration,
        latest: LatestRevision,
        latest_plan: LatestRevision,
        outbox: queue.Queue[Report],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._calibration = calibration
        self._sized = SizedScenarios(catalog, calibration, date.today())
        self._shown: tuple[int, Scenario, SizingResult] | None = None
        self._latest = latest
        self._latest_plan = latest_plan
        self._outbox = outbox
        self._clock = clock
        self._inbox: queue.Queue[Request] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="aisle-sizing", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def post(self, request: Request) -> None:
        self._inbox.put(request)

    def stop(self, timeout_s: float) -> bool:
        """Ask the thread to end after its current step; true once it has."""
        self._inbox.put(Stop())
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        comparison: _Comparison | None = None
        while True:
            try:
                request = self._inbox.get(timeout=self._wait_s(comparison))
            except queue.Empty:
                assert comparison is not None  # only a due comparison step times the wait out
                comparison = self._step(comparison)
                continue
            if isinstance(request, Stop):
                return
            if isinstance(request, CatalogChange):
                self._sized = SizedScenarios(request.catalog, self._calibration, date.today())
            elif isinstance(request, PlanRequest):
                self._size_plan(request)
                self._outbox.put(JobDone())
            elif isinstance(request, ReportRequest):
                self._outbox.put(self._build_report(request))
                self._outbox.put(JobDone())
            elif isinstance(request, CompareRequest):
                comparison = self._compare(request, comparison)
            elif isinstance(request, SensitivityRequest):
                self._outbox.put(run_sensitivity(self._sized, request))
                self._outbox.put(JobDone())
            else:
                if comparison is not None:  # a newer request replaces the running comparison
                    self._outbox.put(JobDone())
                comparison = self._size(request)

    def _wait_s(self, comparison: _Comparison | None) -> float | None:
        """How long to wait for a request: for ever when idle, else until the next GPU is due."""
        if comparison is None:
            return None
        return max(0.0, comparison.next_step_at - self._clock())

    def _size(self, request: SizeRequest) -> _Comparison | None:
        """Size and report; the GPU comparison to run next, if any."""
        if request.revision != self._latest.get():
            self._outbox.put(JobDone())
            return None
        try:
            result = self._sized.result(request.scenario)
            curves = self._sized.curves(request.scenario)
        except (SizingError, CatalogError) as err:
            self._fail(request.revision, str(err))
            return None
        except Exception as err:  # reported; the thread lives on
            traceback.print_exc()
            self._fail(request.revision, internal_error_message(err))
            return None
        bought = plan_purchase(self._sized.catalog, request.scenario, result)
        self._outbox.put(SizingOutcome(request.revision, request.scenario, result, curves, bought))
        self._shown = (request.revision, request.scenario, result)
        gpu_ids = list(self._sized.catalog.gpus) if request.compare else []
        start_at = self._clock() + PAINT_HEADSTART_S
        return _Comparison(request.revision, request.scenario, result, gpu_ids, start_at)

    def _compare(self, request: CompareRequest, running: _Comparison | None) -> _Comparison | None:
        """The GPU comparison of the result shown; a stale or repeated request ends at once.

        A comparison that replaces the running work of the same revision takes over its
        pending tail simulation, so nothing the planner waits for is dropped.
        """
        shown = self._shown
        stale = (
            request.revision != self._latest.get() or shown is None or shown[0] != request.revision
        )
        if stale or (
            running is not None and running.revision == request.revision and running.gpu_ids
        ):
            self._outbox.put(JobDone())
            return running
        assert shown is not None
        revision, scenario, result = shown
        comparison = _Comparison(
            revision, scenario, result, list(self._sized.catalog.gpus), self._clock()
        )
        if running is not None:
            comparison.tail_pending = running.revision == revision and running.tail_pending
            self._outbox.put(JobDone())  # the replaced work's request ends here
        else:
            comparison.tail_pending = False
        return comparison

    def _fail(self, revision: int, message: str) -> None:
        self._outbox.put(SizingFailed(revision, message))
        self._outbox.put(JobDone())

    def _step(self, comparison: _Comparison) -> _Comparison | None:
        """Simulate the tail, or compare one more GPU; None once finished or no longer wanted."""
        if comparison.revision != self._latest.get():
            self._outbox.put(JobDone())
            return None
        if comparison.tail_pending:
            comparison.tail_pending = False
            tail = self._tail_latency(comparison.scenario)
            self._outbox.put(TailLatencyDone(comparison.revision, tail))
            if not comparison.gpu_ids:  # the GPUs tab is not shown: nothing more to do
                self._outbox.put(JobDone())
                return None
            comparison.next_step_at = self._clock() + COMPARISON_STEP_GAP_S
            return comparison
        gpu_id = comparison.gpu_ids[len(comparison.options)]
        try:
            comparison.options.append(
                compare_gpu(
                    self._sized.catalog, comparison.scenario, self._calibration, gpu_id, self._sized
                )
            )
        except Exception as err:  # reported; the thread lives on
            traceback.print_exc()
            message = f"GPU comparison stopped at {gpu_id}: {internal_error_message(err)}"
            self._fail(comparison.revision, message)
            return None
        done, total = len(comparison.options), len(comparison.gpu_ids)
        self._outbox.put(ComparisonProgress(comparison.revision, done, total))
        if done == total:
            self._outbox.put(ComparisonDone(comparison.revision, tuple(comparison.options)))
            self._outbox.put(JobDone())
            return None
        comparison.next_step_at = self._clock() + COMPARISON_STEP_GAP_S
        return comparison

    def _build_report(self, request: ReportRequest) -> ReportBuilt:
        """Scenarios that cannot be sized are kept in the report with their reason."""
        try:
            report = build_report(
                request.machine,
                request.plan,
                request.name,
                calibration=self._calibration,
                sized=self._sized,
            )
        except Exception as err:  # reported to the planner; the thread lives on
            traceback.print_exc()
            return ReportBuilt(request.number, None, internal_error_message(err))
        return ReportBuilt(request.number, report)

    def _tail_latency(self, scenario: Scenario) -> TailLatency | None:
        """The plan's simulated percentiles; None if they cannot be had (the figures stand)."""
        try:
            return self._sized.tail(scenario)
        except Exception:  # reported on stderr; the thread and the shown result live on
            traceback.print_exc()
            return None

    def _size_plan(self, request: PlanRequest) -> None:
        results: list[tuple[str, SizingResult | str]] = []
        for scenario in request.scenarios:
            if request.number != self._latest_plan.get():
                return
            try:
                results.append((scenario.name, self._sized.result(scenario)))
            except (SizingError, CatalogError) as err:
                results.append((scenario.name, str(err)))
            except Exception as err:  # reported; the thread lives on
                traceback.print_exc()
                results.append((scenario.name, internal_error_message(err)))
        self._outbox.put(PlanSized(request.number, tuple(results)))
