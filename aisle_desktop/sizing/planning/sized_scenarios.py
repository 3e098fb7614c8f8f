"""Scenarios sized once: each scenario's result, curves and tail latency, kept for reuse.

The figures, the curves, the tail-latency simulation, the side-by-side comparison of a plan's
scenarios, the GPU comparison, what swings the budget and the report all start from the same
sized scenario. Asking this memory instead of `size_scenario` runs each split search once per
scenario, however many of them ask, and every view then describes the same deployment.

A memory belongs to one catalog and one calibration (a new catalog takes a new memory). A
scenario is known by its saved form, so two equal scenarios share one result. Errors the planner
can fix are remembered too, and raised again for each asker; an unexpected error is not (the
next asker tries again). A remembered error and those it was raised from or during keep no
traceback: its frames would keep the scenario, the catalog and the arrays of the sizing alive
as long as the memory holds it, so an asker's traceback starts at the memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.engine import TailLatency
from aisle_desktop.sizing.errors import SizingError, without_tracebacks
from aisle_desktop.sizing.planning.curves import PlanCurves, plan_curves
from aisle_desktop.sizing.planning.plan_numbers import Headline
from aisle_desktop.sizing.planning.result import SizingResult
from aisle_desktop.sizing.planning.size import (
    SearchedScenario,
    plan_tail_latency,
    search_scenario,
    searched_headline,
    searched_result,
)

T = TypeVar("T")

# Every scenario of a large plan, every GPU of the comparison and a budget's forty variants
# fit; past this the memory starts again (a result is a few hundred kilobytes at most).
MAX_REMEMBERED = 512


@dataclass
class _Sized:
    searched: SearchedScenario | None = None
    error: Exception | None = None
    result: SizingResult | None = None
    headline: Headline | None = None
    curves: dict[bool, PlanCurves | None] = field(default_factory=dict)  # by `beside`
    tail: TailLatency | None = None
    tail_done: bool = False


@dataclass
class SizedScenarios:
    """Results by scenario for one catalog and calibration (`today` for the price-age warning).

    Not thread-safe: one thread (the window's sizing thread, or a command) owns it.
    """

    catalog: Catalog
    calibration: Calibration
    today: date | None = None
    _known: dict[str, _Sized] = field(default_factory=dict)

    def result(self, scenario: Scenario) -> SizingResult:
        """The scenario sized (`size_scenario`), once; its SizingError or CatalogError again."""
        found = self._searched(scenario)
        if found.result is None:
            searched = found.searched
            assert searched is not None
            found.result = self._remembering(
                found, lambda: searched_result(self.catalog, searched, self.today)
            )
        return found.result

    def headline(self, scenario: Scenario) -> Headline:
        """What the GPU comparison shows of the scenario: from its result if it was built,
        else worked out alone (the figures, explanations and alternatives are not built), or
        as it was given (`remember_headline`)."""
        given = self._entry(scenario).headline
        if given is not None:
            return given
        found = self._searched(scenario)
        if found.headline is None and scenario.hardware.serving == "disaggregated":
            found.headline = Headline.of(self.result(scenario))  # the pools' result
        if found.headline is None:
            searched, result = found.searched, found.result
            assert searched is not None
            found.headline = (
                Headline.of(result)
                if result is not None
                else self._remembering(found, lambda: searched_headline(self.catalog, searched))
            )
        return found.headline

    def remember_headline(self, scenario: Scenario, headline: Headline) -> None:
        """Take `headline` as the scenario's, worked out by another memory for the same catalog,
        calibration and day: the sizing thread gives the GPU comparison process the plan it has
        just sized, so the plan's own GPU is read there, not searched again."""
        key = scenario.model_dump_json()
        if key not in self._known:
            self._keep(key, _Sized(headline=headline))

    @staticmethod
    def _remembering(found: _Sized, build: Callable[[], T]) -> T:
        """`build()`, its error the planner can fix remembered for the next asker."""
        try:
            return build()
        except (SizingError, CatalogError) as err:
            found.error = without_tracebacks(err)
            raise

    def _searched(self, scenario: Scenario) -> _Sized:
        """The scenario's entry, searched; its SizingError or CatalogError again."""
        found = self._entry(scenario)
        if found.searched is None and found.error is None:  # only its headline was given
            self._search(found, scenario)
        if found.error is not None:  # a fresh traceback each time, not one growing per asker
            raise without_tracebacks(found.error)
        return found

    def curves(self, scenario: Scenario, beside: bool = True) -> PlanCurves | None:
        """The curves around the scenario's planned load (None when it does not fit); with
        ``beside`` False, without the pools a compared plan draws beside its replicas (they
        need the pools searched: the window draws the replicas first, then both)."""
        found = self._entry(scenario)
        if beside not in found.curves:
            found.curves[beside] = plan_curves(self.result(scenario), beside)
        return found.curves[beside]

    def tail(self, scenario: Scenario) -> TailLatency | None:
        """The scenario's simulated percentiles (`plan_tail_latency`), simulated once."""
        found = self._entry(scenario)
        if not found.tail_done:
            found.tail = plan_tail_latency(self.result(scenario))
            found.tail_done = True
        return found.tail

    def __call__(self, scenario: Scenario) -> SizingResult:
        """The same as `result`: a memory serves wherever a `Sizer` is asked for."""
        return self.result(scenario)

    def _entry(self, scenario: Scenario) -> _Sized:
        key = scenario.model_dump_json()
        found = self._known.get(key)
        if found is not None:
            return found
        found = _Sized()
        self._search(found, scenario)
        self._keep(key, found)
        return found

    def _search(self, found: _Sized, scenario: Scenario) -> None:
        try:
            found.searched = search_scenario(self.catalog, scenario, self.calibration)
        except (SizingError, CatalogError) as err:  # the planner's to fix: the same every time
            found.error = without_tracebacks(err)

    def _keep(self, key: str, found: _Sized) -> None:
        if len(self._known) >= MAX_REMEMBERED:
            self._known.clear()
        self._known[key] = found
