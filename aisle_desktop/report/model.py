"""What a report shows, gathered without Qt: each scenario sized, its curves, or why not.

Every scenario is sized once, through a `SizedScenarios` memory that the scenario pages, the
tail latencies and the decision (bills, what swings the budget) share. The window hands over
its sizing thread's memory, so a printout reuses the results, curves and tail latencies already
on screen; the CLI starts an empty one. Either way the paper matches the plan it names (hash
included), and the CLI and the window print the same thing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError

from aisle_desktop import __version__
from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.plan import (
    CURRENT_VERSION,
    Plan,
    Scenario,
    catalog_for_plan,
    check_plan,
    describe_validation_error,
    entries_lacked,
    plan_to_text,
)
from aisle_desktop.report.decision import Decision, decide
from aisle_desktop.report.progress import Step, unwatched
from aisle_desktop.sizing import SizingError, SizingResult
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION, Calibration
from aisle_desktop.sizing.engine import TailLatency
from aisle_desktop.sizing.planning import (
    PlanCurves,
    ServingComparison,
    SizedScenarios,
)

HASH_CHARS = 12


@dataclass(frozen=True)
class ReportScenario:
    """One scenario as printed: its inputs, and its result and curves or the reason it has none."""

    scenario: Scenario
    result: SizingResult | None
    curves: PlanCurves | None
    error: str | None
    tail: TailLatency | None = None
    # Whether separate prefill and decode pools would need fewer GPUs (None: not worked out).
    serving: ServingComparison | None = None

    @property
    def name(self) -> str:
        return self.scenario.name


@dataclass(frozen=True)
class Report:
    """Everything the pages show; nothing in the drawing code computes a figure."""

    plan_name: str
    plan: Plan
    plan_hash: str
    created: date
    version: str
    catalog_as_of: date
    catalog: Catalog
    calibration: Calibration
    scenarios: tuple[ReportScenario, ...]
    problems: tuple[str, ...] = field(default_factory=tuple)
    decision: Decision | None = None
    # The plan format its file was saved in when an older Aisle saved it (None: today's, or
    # no file): the report says it was sized again with today's calibration.
    saved_in_format: int | None = None

    @property
    def document_title(self) -> str:
        """What its PDF, exported or printed to a file, is titled (a viewer's title bar, a
        print queue): "Llama 3.1 70B RAG assistant: LLM inference plan"."""
        return f"{self.plan_name}: LLM inference plan"

    @property
    def made_by(self) -> str:
        """The program its PDF names as its creator."""
        return f"Aisle {self.version}"

    @property
    def sized(self) -> list[tuple[ReportScenario, SizingResult]]:
        """The scenarios that could be sized, with their results."""
        return [(s, s.result) for s in self.scenarios if s.result is not None]

    def not_printed(self) -> list[str]:
        """What the report could not show, one sentence each (also printed on the CLI)."""
        lines = [
            f'Scenario "{s.name}" could not be sized: {s.error}' for s in self.scenarios if s.error
        ]
        lines += [
            f'Scenario "{s.name}" does not fit in memory; the report shows what would fit '
            "instead of curves and costs."
            for s, r in self.sized
            if not r.fits
        ]
        return lines


def plan_hash(plan: Plan) -> str:
    """A short SHA-256 of the plan's file text: ties a printout to the exact plan it came from."""
    return hashlib.sha256(plan_to_text(plan).encode("utf-8")).hexdigest()[:HASH_CHARS]


def _size(sized: SizedScenarios, scenario: Scenario) -> ReportScenario:
    lacked = entries_lacked(sized.catalog, scenario)
    if lacked is not None:
        return ReportScenario(scenario, None, None, lacked)
    try:
        result = sized.result(scenario)
        curves = sized.curves(scenario)
        tail = sized.tail(scenario)
    except (CatalogError, SizingError, KeyError) as err:
        return ReportScenario(scenario, None, None, str(err).strip("'\""))
    except ValidationError as err:
        return ReportScenario(scenario, None, None, describe_validation_error(err))
    return ReportScenario(scenario, result, curves, None, tail, result.serving_comparison)


def build_report(
    catalog: Catalog,
    plan: Plan,
    plan_name: str,
    created: date | None = None,
    calibration: Calibration = CURRENT_CALIBRATION,
    sized: SizedScenarios | None = None,
    step: Step = unwatched,
    saved_in_format: int | None = None,
) -> Report:
    """Size every scenario of ``plan`` against ``catalog`` (plus the plan's own entries),
    with ``calibration`` (today's unless told otherwise; the report names it).

    ``sized`` is a memory of results already sized with that calibration; it is used when its
    catalog holds the same entries as the plan's (the window's, as it shows the plan), else a
    new memory is started.

    A scenario that cannot be sized here (an id this machine lacks, an input out of range) is
    kept with its reason, so the report still prints everything else and says what is missing.

    ``step`` is told before each scenario is sized and before the decision (it may stop the
    work by raising `ReportStoppedError`). ``saved_in_format``: the format version of the
    plan's file when it is older than today's (`LoadedPlan.file_version`).
    """
    merged = catalog_for_plan(catalog, plan)
    problems = tuple(str(p) for p in check_plan(catalog, plan) if p.scenario is None)
    day = created or date.today()
    if sized is None or sized.calibration != calibration or not sized.catalog.same_entries(merged):
        sized = SizedScenarios(merged, calibration, day)
    parts = len(plan.scenarios) + 1  # and the decision across them
    scenarios = []
    for index, scenario in enumerate(plan.scenarios):
        step(f"Sizing scenario {index + 1} of {len(plan.scenarios)}", index / parts)
        scenarios.append(_size(sized, scenario))
    step("Choosing among the scenarios", (parts - 1) / parts)
    results = [(s.scenario, s.result) for s in scenarios if s.result is not None]
    unsized = [(s.name, s.error) for s in scenarios if s.error is not None]

    return Report(
        plan_name=plan.title(plan_name),
        plan=plan,
        plan_hash=plan_hash(plan),
        created=day,
        version=__version__,
        catalog_as_of=merged.catalog_as_of(),
        catalog=merged,
        calibration=calibration,
        scenarios=tuple(scenarios),
        problems=problems,
        decision=decide(merged, results, sized.result, unsized),
        saved_in_format=saved_in_format if saved_in_format != CURRENT_VERSION else None,
    )
