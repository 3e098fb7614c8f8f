"""The sizing thread on its own, without Qt: newest request wins, errors come back, it stops."""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import queue
from collections.abc import Iterator

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, Scenario, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import sized_scenarios
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
    SizeRequest,
    SizingFailed,
    SizingOutcome,
    SizingThread,
    TailLatencyDone,
)
from aisle_desktop.worker import thread as worker_thread
from tests.conftest import ErrorRecords
from tests.split_searches import SplitSearches

REPORT_TIMEOUT_S = 30.0


@dataclasses.dataclass
class Harness:
    thread: SizingThread
    latest: LatestRevision
    latest_plan: LatestRevision
    reports: queue.Queue[Report]

    def until_done(self) -> list[Report]:
        """Every report up to and including the next JobDone."""
        seen: list[Report] = []
        while not seen or not isinstance(seen[-1], JobDone):
            seen.append(self.reports.get(timeout=REPORT_TIMEOUT_S))
        return seen

    def next_report(self) -> Report:
        return self.reports.get(timeout=REPORT_TIMEOUT_S)


@pytest.fixture
def harness(catalog: Catalog) -> Iterator[Harness]:
    reports: queue.Queue[Report] = queue.Queue()
    latest, latest_plan = LatestRevision(), LatestRevision()
    thread = SizingThread(catalog, CURRENT_CALIBRATION, latest, latest_plan, reports)
    thread.start()
    yield Harness(thread, latest, latest_plan, reports)
    assert thread.stop(REPORT_TIMEOUT_S)


def small_scenario() -> Scenario:
    return preset_scenario("llama-8b-chat")


def test_a_stale_request_is_skipped_and_the_latest_is_sized_and_compared(
    harness: Harness, catalog: Catalog
) -> None:
    harness.latest.set(2)
    harness.thread.post(SizeRequest(1, small_scenario()))
    assert harness.until_done() == [JobDone()]  # revision 1 is no longer the latest

    harness.thread.post(SizeRequest(2, small_scenario()))
    reports = harness.until_done()
    assert isinstance(reports[0], SizingOutcome) and reports[0].revision == 2
    assert reports[0].result.gpus >= 1
    tail = reports[1]  # simulated next, before any GPU is compared
    assert isinstance(tail, TailLatencyDone) and tail.revision == 2 and tail.tail is not None
    assert tail.tail.ttft_p50_s <= tail.tail.ttft_p99_s
    progress = [r.done for r in reports if isinstance(r, ComparisonProgress)]
    assert progress[0] == 1 and progress[-1] == len(catalog.gpus)  # the first GPU, and the end
    assert progress == sorted(set(progress))  # then at most every PROGRESS_INTERVAL_S
    done = reports[-2]
    assert isinstance(done, ComparisonDone) and len(done.options) == len(catalog.gpus)


def test_one_edit_sizes_its_scenario_once(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The figures, the tail simulation and the plan's comparison share one sizing."""
    counting = SplitSearches(monkeypatch)
    edited, other = small_scenario(), preset_scenario("llama-70b-rag")
    harness.latest.set(1)
    harness.thread.post(SizeRequest(1, edited, compare=False))
    reports = harness.until_done()
    assert isinstance(reports[0], SizingOutcome) and isinstance(reports[1], TailLatencyDone)
    assert not any(isinstance(r, ComparisonProgress) for r in reports)  # GPUs tab not shown
    harness.latest_plan.set(1)
    harness.thread.post(PlanRequest(1, (edited, other)))
    plan = harness.until_done()[0]
    assert isinstance(plan, PlanSized) and [n for n, _ in plan.results] == [
        edited.name,
        other.name,
    ]
    assert counting.searched == [f"{edited.name} on l40s", f"{other.name} on h100-sxm"]


def test_the_gpu_comparison_runs_on_request_and_sizes_each_gpu_once(
    harness: Harness, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    counting = SplitSearches(monkeypatch)
    harness.latest.set(1)
    harness.thread.post(SizeRequest(1, small_scenario(), compare=False))
    harness.until_done()
    harness.thread.post(CompareRequest(1))
    first = harness.until_done()
    assert isinstance(first[-2], ComparisonDone) and len(first[-2].options) == len(catalog.gpus)
    searches = len(counting.searched)
    assert searches == len(catalog.gpus)  # the edit's own sizing plus one per other GPU
    harness.thread.post(CompareRequest(1))  # the tab shown again: nothing is sized again
    again = harness.until_done()
    assert isinstance(again[-2], ComparisonDone) and again[-2].options == first[-2].options
    assert len(counting.searched) == searches
    harness.thread.post(CompareRequest(7))  # not the newest revision: ends at once
    assert harness.until_done() == [JobDone()]


def test_cancel_stops_the_comparison_but_keeps_the_result(harness: Harness) -> None:
    harness.latest.set(1)
    harness.thread.post(SizeRequest(1, small_scenario()))
    assert isinstance(harness.next_report(), SizingOutcome)
    harness.latest.set(CANCELLED)  # within the paint head start: no GPU compared yet
    rest = harness.until_done()
    assert not any(isinstance(r, ComparisonDone) for r in rest)


def test_a_newer_request_replaces_a_running_comparison(harness: Harness) -> None:
    harness.latest.set(1)
    harness.thread.post(SizeRequest(1, small_scenario()))
    assert isinstance(harness.next_report(), SizingOutcome)
    harness.latest.set(2)
    harness.thread.post(SizeRequest(2, small_scenario()))
    first = harness.until_done()  # the comparison of revision 1 ends
    assert not any(isinstance(r, ComparisonDone) for r in first)
    second = harness.until_done()
    assert isinstance(second[0], SizingOutcome) and second[0].revision == 2
    assert isinstance(second[-2], ComparisonDone) and second[-2].revision == 2


def test_a_catalog_change_applies_to_every_later_request(
    harness: Harness, catalog: Catalog
) -> None:
    scenario = small_scenario()
    two_gpus = {k: catalog.gpus[k] for k in (scenario.hardware.gpu_id, "a100-80gb-sxm")}
    harness.thread.post(CatalogChange(dataclasses.replace(catalog, gpus=two_gpus)))
    harness.latest.set(1)
    harness.thread.post(SizeRequest(1, scenario))
    done = harness.until_done()[-2]
    assert isinstance(done, ComparisonDone)
    assert {o.gpu_id for o in done.options} == set(two_gpus)


def test_a_sizing_error_is_reported_in_words(harness: Harness) -> None:
    scenario = small_scenario()
    bad = scenario.model_copy(
        update={"workload": scenario.workload.model_copy(update={"model_id": "no-such-model"})}
    )
    harness.latest.set(1)
    harness.thread.post(SizeRequest(1, bad))
    failed, done = harness.until_done()
    assert isinstance(failed, SizingFailed) and "no-such-model" in failed.message
    assert done == JobDone()


def test_an_unexpected_error_is_reported_and_the_thread_lives_on(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, error_records: ErrorRecords
) -> None:
    def broken(*_args: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(sized_scenarios, "search_scenario", broken)
    harness.latest.set(1)
    harness.thread.post(SizeRequest(1, small_scenario()))
    failed, _ = harness.until_done()
    assert isinstance(failed, SizingFailed)
    assert "Internal error" in failed.message and "ZeroDivisionError" in failed.message
    (logged,) = error_records.claim("sizing revision 1 failed")
    assert logged.exc_info is not None and logged.exc_info[0] is ZeroDivisionError
    monkeypatch.undo()
    harness.latest.set(2)
    harness.thread.post(SizeRequest(2, small_scenario()))
    assert isinstance(harness.until_done()[0], SizingOutcome)


def test_the_plan_is_sized_scenario_by_scenario_and_only_the_newest_counts(
    harness: Harness,
) -> None:
    scenarios = (preset_scenario("llama-8b-chat"), preset_scenario("llama-70b-rag"))
    harness.latest_plan.set(2)
    harness.thread.post(PlanRequest(1, scenarios))
    assert harness.until_done() == [JobDone()]  # request 1 was overtaken before it began
    harness.thread.post(PlanRequest(2, scenarios))
    sized, tails, _ = harness.until_done()
    assert isinstance(sized, PlanSized) and sized.number == 2
    assert [name for name, _ in sized.results] == [s.name for s in scenarios]
    assert not any(isinstance(result, str) for _, result in sized.results)
    # Then each scenario's simulated tail, for the comparison's p95 and p99 rows.
    assert isinstance(tails, PlanTails) and tails.number == 2
    assert len(tails.tails) == 2 and all(tail is not None for tail in tails.tails)


def test_stop_ends_the_thread_even_mid_comparison(harness: Harness) -> None:
    harness.latest.set(1)
    harness.thread.post(SizeRequest(1, small_scenario()))
    assert isinstance(harness.next_report(), SizingOutcome)
    assert harness.thread.stop(REPORT_TIMEOUT_S)
    assert not harness.thread.is_alive()


def test_a_report_is_built_on_the_thread_with_every_scenario(
    harness: Harness, catalog: Catalog
) -> None:
    plan = Plan(scenarios=[preset_scenario("llama-8b-chat"), preset_scenario("deepseek-v3")])
    harness.thread.post(ReportRequest(1, catalog, plan, "Two options"))
    *progress, built, done = harness.until_done()
    # How far it has got, said as it goes: the window's progress dialog reads it.
    assert progress == [
        ReportProgress(1, "Sizing scenario 1 of 2", 0.0),
        ReportProgress(1, "Sizing scenario 2 of 2", 1 / 3),
        ReportProgress(1, "Choosing among the scenarios", 2 / 3),
    ]
    assert isinstance(built, ReportBuilt) and built.number == 1 and built.error is None
    assert built.report is not None and built.report.plan_name == "Two options"
    assert [s.result is not None for s in built.report.scenarios] == [True, True]
    assert done == JobDone()


def test_a_report_stopped_ends_at_its_next_scenario(harness: Harness, catalog: Catalog) -> None:
    """The planner's Stop sets the request's event: the sizing ends before the next scenario
    and the report says it was stopped; the thread serves the next request."""
    plan = Plan(scenarios=[preset_scenario("llama-8b-chat"), preset_scenario("deepseek-v3")])
    request = ReportRequest(1, catalog, plan, "Stopped")
    request.stop.set()
    harness.thread.post(request)
    assert harness.until_done() == [ReportBuilt(1, None, worker_thread.REPORT_STOPPED), JobDone()]


def test_a_report_reuses_the_result_and_tail_latency_shown(
    harness: Harness, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Print after an edit: the report's scenario is the one on screen, not sized again."""
    shown = small_scenario()
    harness.latest.set(1)
    harness.thread.post(SizeRequest(1, shown, compare=False))
    outcome, tail, _ = harness.until_done()
    assert isinstance(outcome, SizingOutcome) and isinstance(tail, TailLatencyDone)
    searches = SplitSearches(monkeypatch)
    harness.thread.post(ReportRequest(2, catalog, Plan(scenarios=[shown]), "Printed"))
    *_progress, built, _ = harness.until_done()
    assert isinstance(built, ReportBuilt) and built.report is not None
    printed = built.report.scenarios[0]
    assert printed.result is outcome.result and printed.tail is tail.tail
    assert shown not in searches.scenarios  # the budget's variants were searched, not it


def test_results_are_sized_anew_for_a_new_catalog_or_a_new_day(
    harness: Harness, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A price may be a year old tomorrow: the window open overnight says so next morning."""
    scenario = small_scenario()
    searches = SplitSearches(monkeypatch)

    def size(revision: int) -> None:
        harness.latest.set(revision)
        harness.thread.post(SizeRequest(revision, scenario, compare=False))
        assert isinstance(harness.until_done()[0], SizingOutcome)

    forgotten: list[int] = []
    monkeypatch.setattr(worker_thread, "forget_cached_work", lambda: forgotten.append(1) or 0)
    size(1)
    size(2)  # the same scenario, the same day and catalog: remembered
    assert len(searches.searched) == 1
    harness.thread.post(CatalogChange(dataclasses.replace(catalog)))
    size(3)
    assert len(searches.searched) == 2
    assert forgotten == [1]  # sizing's caches let the old catalog go (tests/sizing/test_memo.py)

    class Tomorrow(datetime.date):
        @classmethod
        def today(cls) -> Tomorrow:
            return cls.fromordinal(datetime.date.today().toordinal() + 1)

    monkeypatch.setattr(worker_thread, "date", Tomorrow)
    size(4)
    assert len(searches.searched) == 3


def test_the_comparison_reports_its_progress_at_most_every_interval(catalog: Catalog) -> None:
    """Each progress report costs the GUI thread a signal and a repaint: with a clock that
    moves 5 ms at each look, far fewer reports than GPUs arrive, the last one at the end."""
    looks = itertools.count()
    reports: queue.Queue[Report] = queue.Queue()
    latest = LatestRevision()
    thread = SizingThread(
        catalog, CURRENT_CALIBRATION, latest, LatestRevision(), reports, lambda: next(looks) / 200
    )
    thread.start()
    latest.set(1)
    thread.post(SizeRequest(1, small_scenario(), compare=True))
    seen = Harness(thread, latest, LatestRevision(), reports).until_done()
    assert thread.stop(REPORT_TIMEOUT_S)
    progress = [r.done for r in seen if isinstance(r, ComparisonProgress)]
    assert progress[-1] == len(catalog.gpus) and progress == sorted(set(progress))
    assert len(progress) <= len(catalog.gpus) / 3
    assert isinstance(seen[-2], ComparisonDone) and len(seen[-2].options) == len(catalog.gpus)


def test_a_compared_plan_shows_its_figures_first_and_the_pools_after(harness: Harness) -> None:
    """The pools' search takes ten times the figures' (tens of ms): the figures and the
    replicas' curves go out first, the comparison and the curves with the pools with the
    slowest answers, all worked out on this thread."""
    scenario = preset_scenario("llama-70b-rag")
    assert scenario.hardware.serving == "compare"
    harness.latest.set(1)
    harness.thread.post(SizeRequest(1, scenario, compare=False))
    outcome, tail = harness.until_done()[:2]
    assert isinstance(outcome, SizingOutcome) and isinstance(tail, TailLatencyDone)
    assert outcome.curves is not None and outcome.curves.pools is None
    assert tail.serving is not None and tail.serving.short.startswith("No: 6 GPUs needed together")
    assert tail.curves is not None and tail.curves.pools is not None
    assert outcome.result.known_serving_comparison is tail.serving  # searched once


def test_a_report_of_a_plan_an_older_aisle_saved_says_so(
    harness: Harness, catalog: Catalog
) -> None:
    """The window passes on the format an older Aisle saved the open file in: its report's
    first page says the plan was sized again with today's calibration."""
    plan = Plan(scenarios=[preset_scenario("llama-8b-chat")])
    harness.thread.post(ReportRequest(1, catalog, plan, "November", saved_in_format=2))
    *_progress, built, _done = harness.until_done()
    assert isinstance(built, ReportBuilt) and built.report is not None
    assert built.report.saved_in_format == 2
