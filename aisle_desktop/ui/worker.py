"""One worker thread owns sizing; the newest request wins.

The GUI posts (revision, scenario) after a short debounce. The worker skips any request whose
revision is no longer the latest, sizes the plan, emits the result, then compares the workload
across the catalog's GPUs one by one, reporting progress and stopping as soon as a newer
request arrives or the comparison is cancelled. The GUI thread never waits on it.

The same thread sizes every scenario of the plan for the comparison view (a few ms each),
with its own "newest wins" counter so the two kinds of request never cancel each other. When
a plan with its own catalog entries opens, the worker is handed the merged catalog; requests
are queued in order, so every request after the switch is sized against the new catalog.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.sizing.comparison import GpuOption, compare_gpu
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.plan_curves import PlanCurves, plan_curves
from aisle_desktop.sizing.result import SizingResult
from aisle_desktop.sizing.scenario import Scenario
from aisle_desktop.sizing.size import size_scenario

DEBOUNCE_MS = 60
# The GUI thread needs the interpreter lock to show a result; the comparison gives it this long
# a head start, then a short gap between GPUs (measured in benchmarks/gui.py).
PAINT_HEADSTART_MS = 80
COMPARISON_STEP_GAP_MS = 1
# The comparison of all scenarios is wanted less urgently than the one on screen.
PLAN_DEBOUNCE_MS = 250
CANCELLED = -1


@dataclass(frozen=True)
class SizingOutcome:
    """A sized plan and its curves, tagged with the revision it belongs to."""

    revision: int
    scenario: Scenario
    result: SizingResult
    curves: PlanCurves | None


class LatestRevision:
    """The newest revision requested, shared by the GUI thread and the worker."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = 0

    def set(self, value: int) -> None:
        with self._lock:
            self._value = value

    def get(self) -> int:
        with self._lock:
            return self._value


class SizingWorker(QObject):
    """Runs in the worker thread.

    Signals:
        sized(object): a SizingOutcome.
        failed(int, str): the revision and a message saying what is wrong.
        comparison_progress(int, int, int): revision, GPUs done, GPUs in all.
        compared(int, object): the revision and its list of GpuOption.
        plan_sized(int, object): a plan request's number and, per scenario, its name and
            its SizingResult or a message saying why it cannot be sized.
    """

    sized = Signal(object)
    failed = Signal(int, str)
    comparison_progress = Signal(int, int, int)
    compared = Signal(int, object)
    plan_sized = Signal(int, object)

    def __init__(
        self, catalog: Catalog, latest: LatestRevision, latest_plan: LatestRevision | None = None
    ) -> None:
        super().__init__()
        self._catalog = catalog
        self._latest = latest
        self._latest_plan = latest_plan or LatestRevision()

    @Slot(object)
    def set_catalog(self, catalog: Catalog) -> None:
        self._catalog = catalog

    @Slot(int, object)
    def size_all(self, number: int, scenarios: list[Scenario]) -> None:
        results: list[tuple[str, SizingResult | str]] = []
        for scenario in scenarios:
            if number != self._latest_plan.get():
                return
            try:
                results.append((scenario.name, size_scenario(self._catalog, scenario)))
            except (SizingError, CatalogError) as err:
                results.append((scenario.name, str(err)))
        self.plan_sized.emit(number, results)

    def _stale(self, revision: int) -> bool:
        return revision != self._latest.get()

    @Slot(int, object)
    def size(self, revision: int, scenario: Scenario) -> None:
        if self._stale(revision):
            return
        try:
            result = size_scenario(self._catalog, scenario)
            curves = plan_curves(self._catalog, scenario, result)
        except (SizingError, CatalogError) as err:
            self.failed.emit(revision, str(err))
            return
        self.sized.emit(SizingOutcome(revision, scenario, result, curves))
        self._compare(revision, scenario)

    def _compare(self, revision: int, scenario: Scenario) -> None:
        """Compare GPU by GPU, each step a separate event of this thread's loop.

        Between steps the worker waits in Qt's event loop, where it holds no Python lock, so
        the GUI thread can paint the result just sent without queueing behind the sweep; the
        first step waits a little for that paint. A newer request is seen at the next step.
        """
        gpu_ids = list(self._catalog.gpus)
        options: list[GpuOption] = []

        def step() -> None:
            if self._stale(revision):
                return
            options.append(compare_gpu(self._catalog, scenario, gpu_ids[len(options)]))
            self.comparison_progress.emit(revision, len(options), len(gpu_ids))
            if len(options) == len(gpu_ids):
                self.compared.emit(revision, options)
            else:
                QTimer.singleShot(COMPARISON_STEP_GAP_MS, step)

        QTimer.singleShot(PAINT_HEADSTART_MS, step)


class SizingService(QObject):
    """The GUI thread's handle on the worker: debounces requests and forwards results.

    Signals:
        sized(object): a current SizingOutcome (stale ones are dropped here too).
        failed(int, str): a current revision could not be sized, and why.
        comparison_progress(int, int): GPUs done, GPUs in all, for the current revision.
        compared(object): the current revision's list of GpuOption.
        plan_sized(object): per scenario of the newest plan request, (name, SizingResult
            or a message).
        _post, _post_all, _post_catalog: internal, queued to the worker thread.
    """

    sized = Signal(object)
    failed = Signal(int, str)
    comparison_progress = Signal(int, int)
    compared = Signal(object)
    plan_sized = Signal(object)
    _post = Signal(int, object)
    _post_all = Signal(int, object)
    _post_catalog = Signal(object)

    def __init__(self, catalog: Catalog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest = LatestRevision()
        self._latest_plan = LatestRevision()
        self._pending: tuple[int, Scenario] | None = None
        self._pending_plan: list[Scenario] | None = None
        self._thread = QThread()
        self._thread.setObjectName("aisle-sizing-worker")
        self._worker = SizingWorker(catalog, self._latest, self._latest_plan)
        self._worker.moveToThread(self._thread)
        self._post.connect(self._worker.size)
        self._post_all.connect(self._worker.size_all)
        self._post_catalog.connect(self._worker.set_catalog)
        self._worker.plan_sized.connect(self._on_plan_sized)
        self._plan_timer = QTimer(self)
        self._plan_timer.setSingleShot(True)
        self._plan_timer.setInterval(PLAN_DEBOUNCE_MS)
        self._plan_timer.timeout.connect(self._flush_plan)
        self._worker.sized.connect(self._on_sized)
        self._worker.failed.connect(self._on_failed)
        self._worker.comparison_progress.connect(self._on_progress)
        self._worker.compared.connect(self._on_compared)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._flush)
        self._thread.start()

    def request(self, revision: int, scenario: Scenario) -> None:
        """Size this revision soon; a newer request before then replaces it."""
        self._pending = (revision, scenario)
        self._latest.set(revision)
        self._timer.start()

    def set_catalog(self, catalog: Catalog) -> None:
        """Size every later request against `catalog` (a plan's entries merged in)."""
        self._post_catalog.emit(catalog)

    def request_plan(self, scenarios: list[Scenario]) -> None:
        """Size all these scenarios soon, for the comparison; a newer call replaces it."""
        self._pending_plan = list(scenarios)
        self._latest_plan.set(self._latest_plan.get() + 1)
        self._plan_timer.start()

    def cancel_comparison(self) -> None:
        """Stop the running GPU comparison; the sized plan already shown stays."""
        self._latest.set(CANCELLED)

    def shutdown(self) -> None:
        """Stop the worker thread and wait for it (called when the window closes)."""
        self._timer.stop()
        self._plan_timer.stop()
        self._latest.set(CANCELLED)
        self._latest_plan.set(CANCELLED)
        self._thread.quit()
        self._thread.wait()

    def _flush(self) -> None:
        if self._pending is not None:
            revision, scenario = self._pending
            self._pending = None
            self._post.emit(revision, scenario)

    def _flush_plan(self) -> None:
        if self._pending_plan is not None:
            scenarios, self._pending_plan = self._pending_plan, None
            self._post_all.emit(self._latest_plan.get(), scenarios)

    def _on_plan_sized(self, number: int, results: list[tuple[str, SizingResult | str]]) -> None:
        if number == self._latest_plan.get():
            self.plan_sized.emit(results)

    def _current(self, revision: int) -> bool:
        return revision == self._latest.get()

    def _on_sized(self, outcome: SizingOutcome) -> None:
        if self._current(outcome.revision):
            self.sized.emit(outcome)

    def _on_failed(self, revision: int, message: str) -> None:
        if self._current(revision):
            self.failed.emit(revision, message)

    def _on_progress(self, revision: int, done: int, total: int) -> None:
        if self._current(revision):
            self.comparison_progress.emit(done, total)

    def _on_compared(self, revision: int, options: list[GpuOption]) -> None:
        if self._current(revision):
            self.compared.emit(options)
