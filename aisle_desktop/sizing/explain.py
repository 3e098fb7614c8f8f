"""Explanations: every figure Aisle shows can say how it was computed.

A planner signs off on numbers they can check, so each result carries the formula in words,
the numbers that went into it (with units) and the assumptions behind it (with sources).
"""

from __future__ import annotations

import math
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from aisle_desktop.formatting import (
    MOST_DIGITS_BESIDE_TARGET,
    as_entered,
    entered_digits,
    rounded,
    seconds,
    with_unit,
)

# How a figure's worked terms make its value: added, multiplied, or the first divided by the
# product of the others.
Combine = Literal["sum", "product", "ratio"]
# What is then done to the combination: rounded up or down to a whole number (servers, racks,
# requests that fit), or kept at zero and above (memory left over).
Finish = Literal["ceil", "floor", "at_least_zero"]


class Quantity(BaseModel):
    """One named number with its unit, as it went into a formula."""

    model_config = ConfigDict(frozen=True)

    name: str
    value: float
    unit: str
    # Aisle worked it out (a cost per request, a part of the weights): it reads to the digits
    # every computed figure has, not every figure it happens to have ("$0.00199/request", not
    # "$0.00198528"); False for what the planner or the catalog gave, read as entered.
    worked_out: bool = False


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
    # The formula with its numbers: `terms` combined by `combine` give the figure's value, so
    # a planner can redo the arithmetic (a test redoes it for every figure that has them).
    combine: Combine | None = None
    terms: list[Quantity] = Field(default_factory=list)
    finish: Finish | None = None

    def worked_value(self) -> float | None:
        """What the terms make (None without terms)."""
        return self.made_from([t.value for t in self.terms])

    def made_from(self, values: list[float]) -> float | None:
        """What `values`, one for each term, make as the terms do: the planner's arithmetic
        on the terms as they read them, rounded (None without terms)."""
        if self.combine is None or not values:
            return None
        if self.combine == "sum":
            made = math.fsum(values)
        elif self.combine == "product":
            made = math.prod(values)
        else:
            divisor = math.prod(values[1:])
            made = values[0] / divisor if divisor else 0.0
        if self.finish == "ceil":
            return float(math.ceil(made))
        if self.finish == "floor":
            return float(math.floor(made))
        return max(0.0, made) if self.finish == "at_least_zero" else made


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
    worked: tuple[Combine, dict[str, tuple[float, str]]] | None = None,
    finish: Finish | None = None,
    worked_out: tuple[str, ...] = (),
) -> Figure:
    """Build a Figure from plain values; `inputs` maps a name to (value, unit), `worked_out`
    names those of them Aisle computed (`Quantity.worked_out`); `band` is
    (low, high, extrapolation reasons); `target` is the planner's upper limit, if any;
    `worked` is how named terms (value, unit) combine into the value, `finish` what is then
    done to it (rounded, kept at zero and above)."""
    quantities = [
        Quantity(name=k, value=float(v), unit=u, worked_out=k in worked_out)
        for k, (v, u) in (inputs or {}).items()
    ]
    low, high, reasons = band if band is not None else (None, None, ())
    combine, terms = worked if worked is not None else (None, {})
    explanation = Explanation(
        formula=formula,
        inputs=quantities,
        assumptions=assumptions or [],
        combine=combine,
        terms=[Quantity(name=k, value=float(v), unit=u) for k, (v, u) in terms.items()],
        finish=finish,
    )
    return Figure(
        value=float(value),
        unit=unit,
        explanation=explanation,
        low=low,
        high=high,
        extrapolation=list(reasons),
        target=target,
    )


_FINISH = {"ceil": "round up ({})", "floor": "round down ({})", "at_least_zero": "max(0, {})"}


# A plain multiplier's unit ("PUE 1.3 ×" in the inputs): in a worked line the sign before it
# already says it multiplies ("IT average 6.42 kW × PUE 1.5").
TIMES = "×"


def _holds_its_own_numbers(name: str) -> bool:
    """Whether a term's name is a product or a quotient with numbers of its own ("2 decode
    workers × 2 GPUs", "capex $330 k / 3 years"; "(1 - p) × decode step" is a product of
    names): its value then reads before it."""
    operator = f" {TIMES} " in name or " / " in name
    return operator and any(c.isdigit() for c in re.sub(r"\([^)]*\)", "", name))


def _is_given(q: Quantity) -> bool:
    """Whether an input is a number the planner or the catalog gave: not worked out by Aisle,
    and written whole in six figures or fewer (a computed TCO passed on as an input, $174,208.3,
    is not: it reads to the worked line's digits)."""
    return not q.worked_out and entered_digits(q.value) is not None


def _entered(fig: Figure) -> set[tuple[float, str]]:
    """The numbers the planner or the catalog gave among the figure's inputs (value, unit)."""
    return {(q.value, q.unit) for q in fig.explanation.inputs if _is_given(q)}


def _given(term: Quantity, fig: Figure) -> bool:
    """Whether a worked term is a number the planner or the catalog gave: it reads as given,
    in the worked line as in the inputs ("model server price $300,000", not "$300 k" above
    the inputs' "$300,000")."""
    return (term.value, term.unit) in _entered(fig)


def shown_digits(fig: Figure) -> int:
    """The fewest significant figures (three, or more up to six) the worked terms are written
    with for a calculator to make the figure as it reads from them: the default plan's users
    read "14.7 requests/s × E2E + think time 73.1 s = 1,078 users", which makes 1,075 (14.73
    and 73.14 make 1,078), and its free memory "85.5 GB - 36.3 GB - 2.68 GB - 37.9 GB = 8.55
    GB", which makes 8.62. Three when no number of figures does (a figure made otherwise).
    A term the planner or the catalog gave is written whole (`_given`)."""
    shown = with_unit(fig.value, fig.unit)
    for digits in range(3, MOST_DIGITS_BESIDE_TARGET + 1):
        made = fig.explanation.made_from(written_terms(fig, digits))
        if made is not None and with_unit(made, fig.unit) == shown:
            return digits
    return 3


def written_terms(fig: Figure, digits: int) -> list[float]:
    """The worked terms as a line written with `digits` significant figures reads them, what a
    planner types into a calculator: rounded, but a number the planner or the catalog gave
    whole."""
    return [t.value if _given(t, fig) else rounded(t.value, digits) for t in fig.explanation.terms]


def input_text(q: Quantity, fig: Figure) -> str:
    """One of the figure's inputs as its explanation lists it: as the worked line above writes
    the same number, where it stands there (the hosted API's yearly cost read "× API cost per
    request $0.001985" over an input row of "$0.00199/request", two numbers for one);
    else as given (a planner's $312,500 server, 2,256 tokens) or, worked out by Aisle, to the
    digits every computed figure reads with ("56.4 GB", not 56.3714 GB)."""
    if _is_given(q):
        return as_entered(q.value, q.unit)
    if any(t.value == q.value for t in fig.explanation.terms):
        return with_unit(q.value, q.unit, shown_digits(fig))
    return with_unit(q.value, q.unit)


def _number(term: Quantity, value: float, digits: int, given: bool, in_seconds: bool) -> str:
    """A term's number with its unit: whole where it was `given`, else to `digits`; a time
    in seconds kept in seconds `in_seconds` (a product or quotient: "× E2E + think time
    134.06 s", not "2.2343 min" beside a rate per second)."""
    if given:
        return as_entered(value, term.unit)
    if in_seconds and term.unit == "s":
        return seconds(value, digits)
    return with_unit(value, term.unit, digits)


def _term_text(
    term: Quantity, value: float, digits: int = 3, given: bool = False, in_seconds: bool = False
) -> str:
    """A count reads by itself ("1 server"), not after its own name ("servers 1 server"),
    before a name that ends in its unit ("3 prefill workers", not "prefill workers 3 workers"),
    and before a name that holds its own numbers, in brackets ("4 GPUs (2 decode workers × 2
    GPUs)", not "2 decode workers × 2 GPUs 4 GPUs"). A number `given` by the planner or the
    catalog reads whole, as entered."""
    if term.unit == TIMES:
        factor = as_entered(value, "") if given else with_unit(value, "", digits)
        return f"{term.name} {factor}"
    number = _number(term, value, digits, given, in_seconds)
    if term.name == term.unit:
        return number
    counted = term.name.removesuffix(f" {term.unit}")
    count, _, noun = number.rpartition(" ")
    if _holds_its_own_numbers(counted):
        return f"{number} ({term.name})"  # "4 GPUs (2 decode workers × 2 GPUs)"
    if term.unit and counted != term.name and noun and term.unit.startswith(noun):
        return f"{count} {counted} {noun}"  # "1 prefill worker": the unit's own singular
    return f"{term.name} {number}"


def worked_line(fig: Figure) -> str:
    """The formula with its numbers, ending in the figure: "servers 1 server × server average
    6.42 kW = 6.42 kW" ('' when the figure has no worked terms), the numbers written with as
    many figures as it takes to make it (`shown_digits`). A sum's negative terms read as
    subtractions: "usable 75 GB - weights 70 GB"."""
    how = fig.explanation
    if how.combine is None or not how.terms:
        return ""
    digits = shown_digits(fig)
    if how.combine == "sum":
        first, *rest = how.terms
        text = _term_text(first, first.value, digits, _given(first, fig)) + "".join(
            f" - {_term_text(t, -t.value, digits, _given(t, fig))}"
            if t.value < 0
            else f" + {_term_text(t, t.value, digits, _given(t, fig))}"
            for t in rest
        )
    else:
        parts = [_term_text(t, t.value, digits, _given(t, fig), True) for t in how.terms]
        below = " × ".join(parts[1:])
        if how.combine == "product":
            text = " × ".join(parts)
        else:
            text = f"{parts[0]} / {below if len(parts) == 2 else f'({below})'}"
    if how.finish is not None:
        text = _FINISH[how.finish].format(text)
    return f"{text} = {with_unit(fig.value, fig.unit)}"
