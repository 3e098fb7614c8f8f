"""The GUI thread's handle on the sizing thread: throttle requests, show only current results.

The GUI posts (revision, scenario) at once, or throttled while edits come quickly; the sizing thread
(`aisle_desktop.worker`, no Qt) sizes it, simulates its tail latencies and, while the GPUs
tab is shown, compares the workload across the catalog's GPUs. Its
reports come back on a queue that a timer on the GUI thread drains while any request is
outstanding, so the GUI thread never waits on sizing and no Qt object crosses threads. While
the sizing thread lives, Python's garbage collector runs on the GUI thread only
(ui/gui_thread_gc.py), so no Qt object is ever destroyed on the sizing thread either.
Reports for a revision that is no longer the latest are dropped here as well as there.

Sizing every scenario of the plan for the comparison view has its own "newest wins" counter,
so the two kinds of request never cancel each other.
"""

from __future__ import annotations

import dataclasses
import queue
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.ui.gui_thread_gc import GuiThreadCollector
from aisle_desktop.worker import (
    CANCELLED,
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
    SensitivityDone,
    SensitivityRequest,
    SizeRequest,
    SizingFailed,
    SizingOutcome,
    SizingThread,
    TailLatencyDone,
)
from aisle_desktop.worker.comparison_processes import ComparisonProcesses

# Edits closer together than this are sized at most once per interval (the newest): the first
# edit after a quiet moment is sized at once, so one keystroke never waits for a timer.
THROTTLE_MS = 60
# The comparison of all scenarios is wanted less urgently than the one on screen.
PLAN_DEBOUNCE_MS = 250
# How often the GUI thread looks for reports while work is outstanding: a few ms of latency
# against a timer that costs nothing once the sizing thread is idle.
DRAIN_INTERVAL_MS = 5
STOP_TIMEOUT_S = 10.0


class SizingService(QObject):
    """Debounces requests to the sizing thread and turns its reports into signals.

    Signals:
        sized(object): a current SizingOutcome.
        failed(int, str): a current revision could not be sized, and why.
        tail_latency(object): the current plan's simulated TailLatency, or None.
        serving_compared(object, object): the current plan's ServingComparison (or None) and,
            for a compared plan, its PlanCurves with the pools (or None); after tail_latency.
        comparison_asked(): a GPU comparison was asked for the newest revision (the GPUs tab
            says so until its progress and answer come).
        comparison_progress(int, int): GPUs done, GPUs in all, for the current revision.
        compared(object): the current revision's tuple of GpuOption.
        plan_sized(object): per scenario of the newest plan request, (name, SizingResult
            or a message).
        plan_tails(object): then per scenario of that request, its simulated TailLatency or
            None.
        report_progress(int, str, float): a report request's number, what its sizing is
            doing and the share done.
        report_built(int, object): a report request's number and its Report, or a message
            saying why it could not be built.
        budget_swings(object): the newest sensitivity request's SensitivityDone.
    """

    sized = Signal(object)
    failed = Signal(int, str)
    tail_latency = Signal(object)
    serving_compared = Signal(object, object)
    comparison_asked = Signal()
    comparison_progress = Signal(int, int)
    compared = Signal(object)
    plan_sized = Signal(object)
    plan_tails = Signal(object)
    report_progress = Signal(int, str, float)
    report_built = Signal(int, object)
    budget_swings = Signal(object)

    def __init__(
        self, catalog: Catalog, calibration: Calibration, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._latest = LatestRevision()
        self._latest_plan = LatestRevision()
        self._pending: SizeRequest | None = None
        self._comparison_wanted = False
        self._compared_revision: int | None = None
        self._failed_revision: int | None = None  # no result to compare GPUs for
        self._pending_plan: tuple[Scenario, ...] | None = None
        self._outstanding = 0
        self._report_number = 0
        self._sensitivity_number = 0
        self._reports: queue.Queue[Report] = queue.Queue()
        self._collector = GuiThreadCollector(self)
        self._comparisons = ComparisonProcesses()  # off this interpreter: see its module
        self._thread = SizingThread(
            catalog,
            calibration,
            self._latest,
            self._latest_plan,
            self._reports,
            comparisons=self._comparisons,
        )
        self._timer = self._single_shot(THROTTLE_MS, self._flush)
        self._plan_timer = self._single_shot(PLAN_DEBOUNCE_MS, self._flush_plan)
        self._drain_timer = QTimer(self)
        self._drain_timer.setInterval(DRAIN_INTERVAL_MS)
        self._drain_timer.timeout.connect(self._drain)
        self._thread.start()

    def _single_shot(self, interval_ms: int, slot: object) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

    def request(self, revision: int, scenario: Scenario) -> None:
        """Size this revision: at once after a quiet moment, else at the end of the throttle
        interval, a newer request replacing it meanwhile. Its GPU comparison runs only while
        one is wanted (`set_comparison_wanted`)."""
        self._pending = SizeRequest(revision, scenario, compare=self._comparison_wanted)
        self._compared_revision = revision if self._comparison_wanted else None
        self._latest.set(revision)
        if self._comparison_wanted:
            self.comparison_asked.emit()
        if not self._timer.isActive():
            self._flush()

    def set_comparison_wanted(self, wanted: bool) -> None:
        """Compare GPUs for each new result while `wanted` (the GPUs tab is shown); becoming
        wanted compares the result already shown, once."""
        self._comparison_wanted = wanted
        revision = self._latest.get()
        if not wanted or revision in (CANCELLED, self._failed_revision, self._compared_revision):
            return
        self._compared_revision = revision
        self.comparison_asked.emit()
        if self._pending is not None:  # not posted yet: it will compare when it is
            self._pending = dataclasses.replace(self._pending, compare=True)
        else:
            self._post(CompareRequest(revision))

    def set_catalog(self, catalog: Catalog) -> None:
        """Size every later request against `catalog` (a plan's entries merged in)."""
        self._thread.post(CatalogChange(catalog))

    def request_plan(self, scenarios: list[Scenario]) -> None:
        """Size all these scenarios soon, for the comparison; a newer call replaces it."""
        self._pending_plan = tuple(scenarios)
        self._latest_plan.set(self._latest_plan.get() + 1)
        self._plan_timer.start()

    def request_report(
        self,
        machine: Catalog,
        plan: Plan,
        name: str,
        stop: threading.Event,
        saved_in_format: int | None = None,
    ) -> int:
        """Build the printed summary of `plan` on the sizing thread, which ends it at its
        next scenario once `stop` is set; the request's number. `saved_in_format`: the plan
        format an older Aisle saved its file in."""
        self._report_number += 1
        request = ReportRequest(self._report_number, machine, plan, name, stop, saved_in_format)
        self._post(request)
        return self._report_number

    def request_sensitivity(
        self, scenario: Scenario, tpot_ms: float | None, budget_usd_per_year: float | None
    ) -> None:
        """Size what swings this scenario's budget on the sizing thread; only the newest
        request's answer is delivered."""
        self._sensitivity_number += 1
        self._post(
            SensitivityRequest(self._sensitivity_number, scenario, tpot_ms, budget_usd_per_year)
        )

    def cancel_comparison(self) -> None:
        """Stop the running GPU comparison; the sized plan already shown stays."""
        self._latest.set(CANCELLED)

    def is_idle(self) -> bool:
        """Whether every request posted has ended (nothing is being sized or compared)."""
        return self._outstanding == 0 and self._pending is None and self._pending_plan is None

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def comparison_process_ids(self) -> list[int]:
        """The GPU comparison processes' ids while they run (none before they start, once
        ended)."""
        return self._comparisons.pids()

    def shutdown(self) -> None:
        """Stop the sizing thread and wait for it (called when the window closes)."""
        self._timer.stop()
        self._plan_timer.stop()
        self._drain_timer.stop()
        self._latest.set(CANCELLED)
        self._latest_plan.set(CANCELLED)
        if self._thread.stop(STOP_TIMEOUT_S):
            self._collector.stop()

    def _post(
        self,
        request: SizeRequest | CompareRequest | PlanRequest | ReportRequest | SensitivityRequest,
    ) -> None:
        self._outstanding += 1
        self._thread.post(request)
        self._drain_timer.start()

    def _flush(self) -> None:
        """Post the waiting request, if any, and hold the next one back for an interval."""
        if self._pending is not None:
            request, self._pending = self._pending, None
            self._post(request)
            self._timer.start()

    def _flush_plan(self) -> None:
        if self._pending_plan is not None:
            scenarios, self._pending_plan = self._pending_plan, None
            self._post(PlanRequest(self._latest_plan.get(), scenarios))

    def _drain(self) -> None:
        """Deliver every report waiting; stop polling once no request is outstanding."""
        while True:
            try:
                report = self._reports.get_nowait()
            except queue.Empty:
                break
            self._deliver(report)
        if self._outstanding == 0:
            self._drain_timer.stop()

    def _deliver(self, report: Report) -> None:
        if isinstance(report, JobDone):
            self._outstanding -= 1
        elif isinstance(report, PlanSized):
            if report.number == self._latest_plan.get():
                self.plan_sized.emit(list(report.results))
        elif isinstance(report, PlanTails):
            if report.number == self._latest_plan.get():
                self.plan_tails.emit(list(report.tails))
        elif isinstance(report, ReportProgress):
            self.report_progress.emit(report.number, report.doing, report.share)
        elif isinstance(report, ReportBuilt):
            self.report_built.emit(report.number, report.report or report.error)
        elif isinstance(report, SensitivityDone):
            if report.number == self._sensitivity_number:
                self.budget_swings.emit(report)
        elif report.revision != self._latest.get():
            return  # stale: a newer request has been made since
        elif isinstance(report, SizingOutcome):
            self.sized.emit(report)
        elif isinstance(report, SizingFailed):
            self._failed_revision = report.revision
            self.failed.emit(report.revision, report.message)
        elif isinstance(report, TailLatencyDone):
            self.tail_latency.emit(report.tail)
            self.serving_compared.emit(report.serving, report.curves)
        elif isinstance(report, ComparisonProgress):
            self.comparison_progress.emit(report.done, report.total)
        elif isinstance(report, ComparisonDone):
            self.compared.emit(list(report.options))
