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

The GPU comparison's steps are answered by child processes when they were given and are ready
(`comparison_processes.py`, two, each comparing every other GPU): the thread then waits on
pipes instead of running the comparison's Python, and the GUI thread is not kept waiting for
the interpreter lock. Without them, or while they start, or once they have failed, the thread
compares the GPUs itself, to the same answers.

Every request ends with exactly one `JobDone` on the outbox, so the GUI knows when no work is
outstanding and it can stop polling. Errors the planner can fix (`SizingError`, `CatalogError`)
and unexpected ones are both reported on the outbox; the thread itself never dies of them.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.plan import Scenario
from aisle_desktop.report.model import build_report
from aisle_desktop.report.progress import ReportStoppedError
from aisle_desktop.sizing import SizingError, SizingResult, forget_cached_work
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.engine import TailLatency
from aisle_desktop.sizing.planning import (
    GpuOption,
    PlanCurves,
    ServingComparison,
    SizedScenarios,
    compare_gpu,
    plan_purchase,
)
from aisle_desktop.worker.budget_job import SensitivityRequest, run_sensitivity
from aisle_desktop.worker.comparison_process import GpusToCompare
from aisle_desktop.worker.comparison_processes import ComparisonProcesses
from aisle_desktop.worker.messages import (
    CatalogChange,
    CompareRequest,
    ComparisonDone,
    ComparisonProgress,
    JobDone,
    LatestRevision,
    PlanRequest,
    PlanSized,
    PlanTails,
    Report,
    ReportBuilt,
    ReportProgress,
    ReportRequest,
    Request,
    SizeRequest,
    SizingFailed,
    SizingOutcome,
    Stop,
    TailLatencyDone,
)

log = logging.getLogger(__name__)

# How long the comparison leaves the GUI thread alone to show a new result, then between GPUs
# (measured in benchmarks/gui.py). No gap between GPUs: a 1 ms one added some 40 ms to the
# whole-catalog comparison, and the GUI thread, which takes the GIL within Python's switch
# interval anyway, waited at most 10 ms with or without it.
PAINT_HEADSTART_S = 0.080
COMPARISON_STEP_GAP_S = 0.0
# The comparison's progress is reported at most this often (and at its end): each report is a
# signal and a progress-bar repaint on the GUI thread, and each waits for the interpreter lock
# the comparison holds. One per GPU cost the GUI thread ~30 ms over a 29-GPU comparison.
PROGRESS_INTERVAL_S = 0.050


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
    progress_due_at: float = 0.0  # when the next progress report may go out
    in_process: bool = False  # its remaining GPUs were sent to the comparison processes


REPORT_STOPPED = "Stopped before it was written."


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
        comparisons: ComparisonProcesses | None = None,
    ) -> None:
        """`comparisons`: the child processes that compare GPUs, started by the thread once
        its first result is shown and ended with it; None: the thread compares GPUs itself."""
        self._calibration = calibration
        self._comparisons = comparisons
        self._comparisons_started = False
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
            if comparison is None and self._shown is not None:
                self._start_comparisons()
            try:
                request = self._inbox.get(timeout=self._wait_s(comparison))
            except queue.Empty:  # only a due comparison step times the wait out
                assert comparison is not None
                following = self._step(comparison)
            else:
                if isinstance(request, Stop):
                    if self._comparisons is not None:
                        self._comparisons.close()
                    return
                following = self._handle(request, comparison)
            if comparison is not None and following is not comparison:
                self._ended(comparison)
            comparison = following

    def _start_comparisons(self) -> None:
        """Start the comparison processes (here, not on the GUI thread) once a first result is
        shown and its tail simulated: their imports, a second of CPU each, then leave the two
        cores to the window's first paint (the bundle's start-up took longer with them
        started at once). A comparison asked before they are ready is worked out here."""
        if self._comparisons is not None and not self._comparisons_started:
            self._comparisons.start()
            self._comparisons_started = True

    def _ended(self, comparison: _Comparison) -> None:
        """A comparison done, replaced or cancelled: the processes stop its GPUs too."""
        if comparison.in_process and self._comparisons is not None:
            self._comparisons.stop()

    def _handle(self, request: Request, comparison: _Comparison | None) -> _Comparison | None:
        """Answer one request; the comparison to run next (the running one, a new one, none)."""
        self._renew_memory(request.catalog if isinstance(request, CatalogChange) else None)
        if isinstance(request, PlanRequest):
            self._size_plan(request)
            self._outbox.put(JobDone())
        elif isinstance(request, ReportRequest):
            self._outbox.put(self._build_report(request))
            self._outbox.put(JobDone())
        elif isinstance(request, CompareRequest):
            return self._compare(request, comparison)
        elif isinstance(request, SensitivityRequest):
            self._outbox.put(run_sensitivity(self._sized, request))
            self._outbox.put(JobDone())
        elif isinstance(request, SizeRequest):
            if comparison is not None:  # a newer request replaces the running comparison
                self._outbox.put(JobDone())
            return self._size(request)
        return comparison

    def _renew_memory(self, catalog: Catalog | None) -> None:
        """Results anew for a new catalog, or on a new day (a price may be a year old now)."""
        catalog = catalog or self._sized.catalog
        if catalog is not self._sized.catalog:
            forget_cached_work()  # sizing's caches would keep the old catalog alive
        if catalog is not self._sized.catalog or self._sized.today != date.today():
            self._sized = SizedScenarios(catalog, self._calibration, date.today())

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
            curves = self._sized.curves(request.scenario, beside=False)  # pools come later
        except (SizingError, CatalogError) as err:
            self._fail(request.revision, str(err))
            return None
        except Exception as err:  # reported; the thread lives on
            log.exception("sizing revision %d failed", request.revision)
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
            serving, curves = self._serving(comparison.scenario, comparison.result)
            self._outbox.put(TailLatencyDone(comparison.revision, tail, serving, curves))
            if not comparison.gpu_ids:  # the GPUs tab is not shown: nothing more to do
                self._outbox.put(JobDone())
                return None
            comparison.next_step_at = self._clock() + COMPARISON_STEP_GAP_S
            return comparison
        gpu_id = comparison.gpu_ids[len(comparison.options)]
        try:
            comparison.options.append(self._compare_gpu(comparison, gpu_id))
        except Exception as err:  # reported; the thread lives on
            log.exception("the GPU comparison failed at %s", gpu_id)
            message = f"GPU comparison stopped at {gpu_id}: {internal_error_message(err)}"
            self._fail(comparison.revision, message)
            return None
        done, total = len(comparison.options), len(comparison.gpu_ids)
        now = self._clock()
        if done == total or now >= comparison.progress_due_at:
            self._outbox.put(ComparisonProgress(comparison.revision, done, total))
            comparison.progress_due_at = now + PROGRESS_INTERVAL_S
        if done == total:
            self._outbox.put(ComparisonDone(comparison.revision, tuple(comparison.options)))
            self._outbox.put(JobDone())
            return None
        comparison.next_step_at = self._clock() + COMPARISON_STEP_GAP_S
        return comparison

    def _compare_gpu(self, comparison: _Comparison, gpu_id: str) -> GpuOption:
        """The next GPU's option: the comparison processes' answer once they have this
        comparison's remaining GPUs (one is ready), else worked out here, to the same answer."""
        process = self._comparisons
        if process is not None and not comparison.in_process:
            remaining = comparison.gpu_ids[len(comparison.options) :]
            shown = self._sized.headline(comparison.scenario)  # sized: read, not searched
            asked = GpusToCompare(comparison.scenario, tuple(remaining), shown)
            comparison.in_process = process.begin(self._sized, asked)
        if process is not None and comparison.in_process:
            option = process.next_option()
            if option is not None:
                return option
            comparison.in_process = False  # a process is lost: this GPU here, the rest anew
        scenario = comparison.scenario
        return compare_gpu(self._sized.catalog, scenario, self._calibration, gpu_id, self._sized)

    def _build_report(self, request: ReportRequest) -> ReportBuilt:
        """Scenarios that cannot be sized are kept in the report with their reason; how far
        it has got is reported as it goes, and the request's `stop` ends it."""

        def step(doing: str, share: float) -> None:
            if request.stop.is_set():
                raise ReportStoppedError
            self._outbox.put(ReportProgress(request.number, doing, share))

        try:
            report = build_report(
                request.machine,
                request.plan,
                request.name,
                calibration=self._calibration,
                sized=self._sized,
                step=step,
                saved_in_format=request.saved_in_format,
            )
        except ReportStoppedError:
            return ReportBuilt(request.number, None, REPORT_STOPPED)
        except Exception as err:  # reported to the planner; the thread lives on
            log.exception("the report of %r could not be built", request.name)
            return ReportBuilt(request.number, None, internal_error_message(err))
        return ReportBuilt(request.number, report)

    def _tail_latency(self, scenario: Scenario) -> TailLatency | None:
        """The plan's simulated percentiles; None if they cannot be had (the figures stand)."""
        try:
            return self._sized.tail(scenario)
        except Exception:  # logged; the thread and the shown result live on
            log.exception("the tail-latency simulation failed")
            return None

    def _serving(
        self, scenario: Scenario, result: SizingResult
    ) -> tuple[ServingComparison | None, PlanCurves | None]:
        """The plan's comparison with separate pools, and for a compared plan the curves with
        the pools beside its replicas; (None, None) if they cannot be had (the figures stand)."""
        try:
            comparison = result.serving_comparison
            if result.serving == "disaggregated" or comparison is None:
                return comparison, None
            return comparison, self._sized.curves(scenario)
        except Exception:  # logged; the thread and the shown result live on
            log.exception("the serving comparison failed")
            return None, None

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
                log.exception("scenario %r of the plan could not be sized", scenario.name)
                results.append((scenario.name, internal_error_message(err)))
        self._outbox.put(PlanSized(request.number, tuple(results)))
        # Then each scenario's tail (the comparison's p95 and p99 rows), once the figures show.
        tails: list[TailLatency | None] = []
        for scenario, (_name, result) in zip(request.scenarios, results, strict=True):
            if request.number != self._latest_plan.get():
                return
            tails.append(self._tail_latency(scenario) if isinstance(result, SizingResult) else None)
        self._outbox.put(PlanTails(request.number, tuple(tails)))
