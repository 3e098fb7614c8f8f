"""The versioned calibration: the model's assumptions as one named, dated object.

A plan stores what the planner wrote, never the model's own constants, so a recalibration
reaches every old plan and each result names the calibration it was sized with. A planner may
still override an assumption for one scenario; ``with_overrides`` checks the names and ranges
against this calibration.

Changing a value in ``assumptions.py`` makes a new calibration: give it a new id and date here,
add the id to tests/sizing/test_calibration.py, and regenerate the table in docs/calibration.md
(``python -m aisle_desktop.sizing.calibration.document docs/calibration.md``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import ValidationError

from aisle_desktop.plan import describe_validation_error
from aisle_desktop.sizing.calibration.assumptions import CostAssumptions, PerformanceAssumptions
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.explain import Assumption

OVERRIDE_FIELD = "assumption_overrides"


@dataclass(frozen=True)
class Calibration:
    """Every mechanism-level assumption's value and source, under an id and a date.

    ``overrides`` lists the values a scenario replaced (applied already to ``performance``
    and ``cost``); the shipped calibration has none.
    """

    id: str
    date: datetime.date
    performance: PerformanceAssumptions = field(default_factory=PerformanceAssumptions)
    cost: CostAssumptions = field(default_factory=CostAssumptions)
    overrides: Mapping[str, float] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """``calibration 2026.11 (2026-11-26)``, as ``SizingResult.calibration_label`` says it."""
        return f"calibration {self.id} ({self.date.isoformat()})"

    def names(self) -> tuple[str, ...]:
        """Every assumption a scenario may override, in the order the models declare them."""
        return (*PerformanceAssumptions.model_fields, *CostAssumptions.model_fields)

    def value(self, name: str) -> float:
        """The value in force (the override if there is one); KeyError for an unknown name."""
        for part in (self.performance, self.cost):
            if name in type(part).model_fields:
                return float(getattr(part, name))
        raise KeyError(name)

    def source(self, name: str) -> str:
        """Where the shipped value comes from; KeyError for an unknown name."""
        for model in (PerformanceAssumptions, CostAssumptions):
            if name in model.model_fields:
                return str(model.model_fields[name].description or "")
        raise KeyError(name)

    def with_overrides(self, overrides: Mapping[str, float]) -> Calibration:
        """This calibration with a scenario's overrides applied; SizingError names a bad one."""
        if not overrides:
            return self
        unknown = sorted(set(overrides) - set(self.names()))
        if unknown:
            raise SizingError(
                f"{OVERRIDE_FIELD}: {', '.join(unknown)} is not an assumption of "
                f"{self.label}; the assumptions are {', '.join(self.names())}"
            )
        return Calibration(
            id=self.id,
            date=self.date,
            performance=_replaced(self.performance, overrides),
            cost=_replaced(self.cost, overrides),
            overrides={**self.overrides, **overrides},
        )

    def assumption(self, name: str) -> Assumption:
        """One assumption with its value and source; an override says whose it is."""
        return Assumption(name=name, value=self.value(name), source=self._source_shown(name))

    def as_assumptions(self) -> list[Assumption]:
        """Every assumption, in declaration order, for results and reports."""
        return [self.assumption(name) for name in self.names()]

    def _source_shown(self, name: str) -> str:
        if name not in self.overrides:
            return self.source(name)
        shipped = CALIBRATIONS[self.id].value(name) if self.id in CALIBRATIONS else None
        was = f"; calibration {self.id} has {shipped:g}" if shipped is not None else ""
        return f"the planner's override{was} ({self.source(name)})"


Part = TypeVar("Part", PerformanceAssumptions, CostAssumptions)


def _replaced(part: Part, overrides: Mapping[str, float]) -> Part:
    mine = {k: v for k, v in overrides.items() if k in type(part).model_fields}
    if not mine:
        return part
    try:
        return type(part).model_validate({**part.model_dump(), **mine})
    except ValidationError as err:
        raise SizingError(f"{OVERRIDE_FIELD}: {describe_validation_error(err)}") from None


CALIBRATION_2026_11 = Calibration(id="2026.11", date=datetime.date(2026, 11, 26))

# Every calibration this program can name, by id; the last is what new sizings use.
CALIBRATIONS: dict[str, Calibration] = {CALIBRATION_2026_11.id: CALIBRATION_2026_11}
CURRENT_CALIBRATION = CALIBRATION_2026_11
