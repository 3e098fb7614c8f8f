"""Explanations: every figure Aisle shows can say how it was computed.

A planner signs off on numbers they can check, so each result carries the formula in words,
the numbers that went into it (with units) and the assumptions behind it (with sources).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Quantity(BaseModel):
    """One named number with its unit, as it went into a formula."""

    model_config = ConfigDict(frozen=True)

    name: str
    value: float
    unit: str


class Assumption(BaseModel):
    """A default the planner may override, and where its value comes from."""

    model_config = ConfigDict(frozen=True)

    name: str
    value: float | str
    unit: str = ""
    source: str


class Explanation(BaseModel):
    """Why a figure has the value it has."""

    model_config = ConfigDict(frozen=True)

    formula: str
    inputs: list[Quantity] = Field(default_factory=list)
    assumptions: list[Assumption] = Field(default_factory=list)


class Figure(BaseModel):
    """A result value, its unit and its explanation."""

    model_config = ConfigDict(frozen=True)

    value: float
    unit: str
    explanation: Explanation
    # The 80% band from the calibration residuals (sizing/uncertainty.py), for throughput and
    # latency figures; `extrapolation` says why the band is wider than usual, if it is.
    low: float | None = None
    high: float | None = None
    extrapolation: list[str] = Field(default_factory=list)
    # The planner's upper limit for this figure (latency targets), in the figure's unit.
    target: float | None = None

    @property
    def meets_target(self) -> bool | None:
        """Within the planner's limit; None when the figure has none."""
        return None if self.target is None else self.value <= self.target


def figure(
    value: float,
    unit: str,
    formula: str,
    inputs: dict[str, tuple[float, str]] | None = None,
    assumptions: list[Assumption] | None = None,
    band: tuple[float, float, tuple[str, ...]] | None = None,
    target: float | None = None,
) -> Figure:
    """Build a Figure from plain values; `inputs` maps a name to (value, unit); `band` is
    (low, high, extrapolation reasons); `target` is the planner's upper limit, if any."""
    quantities = [Quantity(name=k, value=float(v), unit=u) for k, (v, u) in (inputs or {}).items()]
    low, high, reasons = band if band is not None else (None, None, ())
    return Figure(
        value=float(value),
        unit=unit,
        explanation=Explanation(formula=formula, inputs=quantities, assumptions=assumptions or []),
        low=low,
        high=high,
        extrapolation=list(reasons),
        target=target,
    )
