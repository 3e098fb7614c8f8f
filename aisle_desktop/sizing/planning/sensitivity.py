"""What swings the budget: each choice sized at a lower and a higher setting against the plan.

The plan is sized with the GPU count and split left to Aisle (see
`budget_choices.automatic_count`; the note names what the plan pins and its figures as
written), then every setting of every choice; a row keeps the GPU count and yearly cost of its
two settings, and rows are sorted by how far apart the yearly costs lie (a tornado chart's
order). Two
goal-seeks answer what a planner argues about most: how many GPUs a latency target takes, and
how many users a yearly budget buys. A few dozen sizings (about a second): run it on the sizing
thread or the command line, only when asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.formatting import count
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.planning.budget_choices import (
    Choice,
    Setting,
    automatic_count,
    budget_choices,
)
from aisle_desktop.sizing.planning.gpu_counts import gpus_cell, gpus_text
from aisle_desktop.sizing.planning.result import SizingResult
from aisle_desktop.sizing.planning.shown_figures import yearly_text

Sizer = Callable[[Scenario], SizingResult]
MAX_LOAD = 100_000_000  # the scenario model's largest user count


@dataclass(frozen=True)
class Outcome:
    """A setting sized: its GPUs and yearly cost, or why it has none."""

    label: str
    gpus: int | None  # the replicas' GPUs (those added to fill whole servers included)
    tco_per_year_usd: float | None
    meets_targets: bool
    gpus_for_load: int | None = None  # the GPUs the load needs (None: as `gpus`)
    gpus_bought: int | None = None  # the GPUs of the whole servers bought (None: as `gpus`)
    encoder_gpus: int = 0  # an embeddings workload's, among those bought

    def gpus_text(self) -> str:
        """``8 GPUs bought, 4 needed`` (gpu_counts.py); ``does not fit``. The yearly cost pays
        for every GPU bought, so a setting whose load needs fewer GPUs but as many servers
        costs the same: the two counts side by side say why."""
        if self.gpus is None or self.tco_per_year_usd is None:
            return "does not fit"
        return gpus_text(*self._counts())

    def gpus_cell(self) -> str:
        """`gpus_text` in a column headed "GPUs bought": ``8 (4 needed)``; ``–``."""
        if self.gpus is None or self.tco_per_year_usd is None:
            return "–"
        return gpus_cell(*self._counts())

    def bought_text(self) -> str:
        """The GPUs bought alone, ``8 GPUs`` (what the yearly cost pays for); ``does not
        fit``: `gpus_text` shortened, where a chart's label has no room for it."""
        if self.gpus is None or self.tco_per_year_usd is None:
            return "does not fit"
        return count(self._counts()[1], "GPU")

    def _counts(self) -> tuple[int, int, int]:
        gpus = self.gpus or 0
        return self.gpus_for_load or gpus, self.gpus_bought or gpus, self.encoder_gpus


@dataclass(frozen=True)
class Swing:
    """One choice: the yearly cost at its lower and higher setting, against the plan's."""

    choice: str
    low: Outcome | None
    high: Outcome | None
    tco_per_year_usd_base: float

    @property
    def swing_usd(self) -> float:
        """How far the yearly costs of the plan and its two settings lie apart."""
        costs = [self.tco_per_year_usd_base] + [
            o.tco_per_year_usd
            for o in (self.low, self.high)
            if o is not None and o.tco_per_year_usd is not None
        ]
        return max(costs) - min(costs)

    def as_json(self) -> dict[str, Any]:
        def part(o: Outcome | None, field: str) -> Any:
            return None if o is None else getattr(o, field)

        return {
            "choice": self.choice,
            "low": part(self.low, "label"),
            "high": part(self.high, "label"),
            "gpus_low": part(self.low, "gpus"),
            "gpus_high": part(self.high, "gpus"),
            "gpus_for_load_low": part(self.low, "gpus_for_load"),
            "gpus_for_load_high": part(self.high, "gpus_for_load"),
            "gpus_bought_low": part(self.low, "gpus_bought"),
            "gpus_bought_high": part(self.high, "gpus_bought"),
            "tco_per_year_usd_low": part(self.low, "tco_per_year_usd"),
            "tco_per_year_usd_base": self.tco_per_year_usd_base,
            "tco_per_year_usd_high": part(self.high, "tco_per_year_usd"),
            "meets_targets_low": part(self.low, "meets_targets"),
            "meets_targets_high": part(self.high, "meets_targets"),
        }


@dataclass(frozen=True)
class Sensitivity:
    """Every choice's swing for one scenario, largest first."""

    scenario_name: str
    gpus_base: int
    tco_per_year_usd_base: float
    swings: tuple[Swing, ...]
    note: str
    gpus_base_for_load: int = 0  # 0: as gpus_base
    gpus_base_bought: int = 0  # 0: as gpus_base
    encoder_gpus_base: int = 0  # an embeddings workload's, among those bought

    def base_gpus_text(self) -> str:
        """The plan's GPUs as the swings count theirs: ``8 GPUs bought, 6 needed``."""
        return gpus_text(
            self.gpus_base_for_load or self.gpus_base,
            self.gpus_base_bought or self.gpus_base,
            self.encoder_gpus_base,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario_name,
            "gpus_base": self.gpus_base,
            "gpus_base_for_load": self.gpus_base_for_load or self.gpus_base,
            "gpus_base_bought": self.gpus_base_bought or self.gpus_base,
            "tco_per_year_usd_base": self.tco_per_year_usd_base,
            "note": self.note,
            "choices": [s.as_json() for s in self.swings],
        }


def _outcome(size: Sizer, setting: Setting) -> Outcome:
    try:
        result = size(setting.scenario)
    except (SizingError, CatalogError):
        return Outcome(setting.label, None, None, False)
    if not result.fits or "tco_per_year_usd" not in result.figures:
        return Outcome(setting.label, None, None, False)
    return Outcome(
        setting.label,
        result.gpus,
        result.value("tco_per_year_usd"),
        result.meets_targets,
        result.gpus_for_load,
        result.gpus_bought,
        result.encoder_gpus_beside,
    )


def _cheapest_and_dearest(outcomes: list[Outcome]) -> tuple[Outcome | None, Outcome | None]:
    """Among alternatives that fit and meet the targets: the cheapest and the dearest."""
    usable = [o for o in outcomes if o.tco_per_year_usd is not None and o.meets_targets]
    if not usable:
        return None, None
    ordered = sorted(usable, key=lambda o: o.tco_per_year_usd or 0.0)
    return ordered[0], (ordered[-1] if len(ordered) > 1 else None)


def _first_that_runs(size: Sizer, candidates: tuple[Setting, ...]) -> Outcome | None:
    """The first candidate that fits and meets the targets (a precision this GPU and engine
    run, a GPU that can serve the load), else the closest candidate as it is."""
    first: Outcome | None = None
    for setting in candidates:
        outcome = _outcome(size, setting)
        if outcome.tco_per_year_usd is not None and outcome.meets_targets:
            return outcome
        first = first or outcome
    return first


def _swing(size: Sizer, choice: Choice, base_tco: float) -> Swing | None:
    if choice.alternatives:
        low, high = _cheapest_and_dearest([_outcome(size, s) for s in choice.alternatives])
    else:
        low, high = _first_that_runs(size, choice.low), _first_that_runs(size, choice.high)
    if low is None and high is None:
        return None
    return Swing(choice.name, low, high, base_tco)


def _base(size: Sizer, scenario: Scenario) -> SizingResult:
    result = size(scenario)
    if not result.fits or "tco_per_year_usd" not in result.figures:
        raise SizingError(
            f'"{scenario.name}" does not fit, so nothing can swing its budget: {result.status}'
        )
    return result


def _as_written(scenario: Scenario, size: Sizer) -> str:
    """What the plan pins that the line and the settings leave to Aisle, and the plan as
    written beside them: with its split pinned (TP 8 on the DeepSeek-V3.2 preset) the line
    read "the plan itself is 48 GPUs", a split the plan does not use, against the 56 it plans."""
    hardware = scenario.hardware
    pins = [
        text
        for value, text in (
            (hardware.gpu_count, f"{hardware.gpu_count} GPUs"),
            (hardware.tp, f"TP {hardware.tp}"),
            (hardware.pp, f"PP {hardware.pp}"),
        )
        if value is not None
    ]
    if not pins:
        return ""
    written = size(scenario)
    if not written.fits or "tco_per_year_usd" not in written.figures:
        return f"the plan pins {' and '.join(pins)}"
    gpus = written.gpus_text()
    yearly = yearly_text(written.value("tco_per_year_usd"))
    return f"the plan pins {' and '.join(pins)}: as written, {gpus} at {yearly}"


def budget_sensitivity(catalog: Catalog, scenario: Scenario, size: Sizer) -> Sensitivity:
    """Size every choice's lower and higher setting; rows largest swing first."""
    free = automatic_count(scenario)
    base = _base(size, free)
    base_tco = base.value("tco_per_year_usd")
    swings = [
        swing
        for choice in budget_choices(catalog, free)
        if (swing := _swing(size, choice, base_tco)) is not None
    ]
    swings.sort(key=lambda s: -s.swing_usd)
    written = _as_written(scenario, size)
    if written:
        note = (
            f"The line and every setting are sized with the GPUs and split they need ({written})."
        )
    else:
        note = "Each setting is sized with the GPU count it needs."
    return Sensitivity(
        scenario.name,
        base.gpus,
        base_tco,
        tuple(swings),
        note,
        base.gpus_for_load,
        base.gpus_bought,
        base.encoder_gpus_beside,
    )
