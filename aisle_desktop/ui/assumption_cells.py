"""How the Assumptions tab writes an assumption's value, and reads what a planner types over it.

Shares read as percentages with their range ("52.9 %", named "... (0-100 %)"), as the report
and `size` write them, and are typed as percentages ("60" or "60 %" is 0.6); times, memory and
bandwidth carry their unit ("20.9 ms", "1.61 GB"), factors their "×"; counts are grouped
("2,540", "1,500"), their unit in the row's name. A value reads with every figure it was
entered with (`as_entered`), and its tooltip holds it exactly as the calibration stores it. The
tab read "0.529" beside a name saying "(0 to 1)" where the report said "52.9 %". Plain
functions: a test reaches every case without a window.

A share typed without its "%" at or below 1 ("0.6", "1") is refused with the question "did you
mean 60 %?": typed as a fraction, it was read as 0.6 % and the plan sized at a hundredth of
what was meant, the cell showing "0.6 %" as the only sign. Typed with its sign ("0.6 %") it is
taken as written.
"""

from __future__ import annotations

from decimal import Decimal

from aisle_desktop.formatting import as_entered
from aisle_desktop.labels import (
    ZERO_READS,
    assumption_label,
    shown_assumption,
    stored_assumption,
    stored_unit_differs,
)
from aisle_desktop.plan import NumberLimits, number_limits
from aisle_desktop.sizing.calibration import CostAssumptions, PerformanceAssumptions
from aisle_desktop.ui.typed_number import TYPED_FOR, read_number

SHARE = "share"
PERCENT = "%"
# Units a value's cell writes beside its number: short ones, which keep the column narrow
# enough for the names and sources to share the rest. A count's unit ("columns", "requests")
# is read from the row's name.
UNITS_IN_THE_CELL = frozenset({"ms", "µs", "GB", "GB/s"})
TIMES = "times"
# Units that count things: one of them reads in the singular ("1 request").
COUNTED = frozenset({"requests", "steps", "adapters", "layers", "columns", "tokens"})
# What a keyboard types for a unit it has no key for: "us" for µs; "x" for × (`TYPED_FOR`).
TYPED_UNITS = {"µs": ("us",), TIMES: ("×", *TYPED_FOR["×"])}


def limits_of(name: str) -> NumberLimits:
    """The calibration's own limits of assumption ``name``, in the unit it is stored in."""
    model = PerformanceAssumptions if name in PerformanceAssumptions.model_fields else None
    return number_limits((name,), model or CostAssumptions)


def typed_unit(name: str) -> str:
    """The unit a planner types ``name`` in: "%" for a share, else the unit its label names."""
    unit = assumption_label(name)[1]
    return PERCENT if unit == SHARE else unit


def number_text(name: str, stored: float) -> str:
    """A stored value as a number in the unit it is typed in, without the unit: "52.9" for a
    share of 0.529, "1.61" for 1.5 GiB, "2,540"."""
    if assumption_label(name)[1] == SHARE:
        return as_entered(stored, SHARE).removesuffix(f" {PERCENT}")
    return as_entered(shown_assumption(name, stored), "")


def range_text(name: str) -> str:
    """``0-100 %``: a share's range as percentages, read from the calibration's limits; a
    lowest value itself refused reads "above 0". The "%" is held to its number (a no-break
    space): the names' narrow column wrapped "(0-100" with "%)" alone on the next line."""
    limits = limits_of(name)
    low = number_text(name, limits.low or 0.0)
    high = "" if limits.high is None else number_text(name, limits.high)
    if limits.low_excluded:
        return f"above {low}, up to {high}\u00a0{PERCENT}"
    return f"{low}-{high}\u00a0{PERCENT}"


def row_label(name: str) -> str:
    """``Time per request before its first step (ms)``, ``Planned peak load, share of capacity
    (1-100 %)``: the report's name, with the unit typed, a share's with its range."""
    label, unit = assumption_label(name)
    typed = range_text(name) if unit == SHARE else unit
    return f"{label} ({typed})" if typed else label


def value_text(name: str, stored: float) -> str:
    """A value as its cell writes it: "52.9 %", "20.9 ms", "1.61 GB", "3.03×", "2,540"; a
    switch's 0 in its words ("off (no balancer)", `ZERO_READS`), as the report and `size`
    say it."""
    if stored == 0 and name in ZERO_READS:
        return ZERO_READS[name]
    number, unit = number_text(name, stored), typed_unit(name)
    if unit == TIMES:
        return f"{number}×"
    return f"{number} {unit}" if unit == PERCENT or unit in UNITS_IN_THE_CELL else number


def exact_text(name: str, stored: float) -> str:
    """The value as the calibration stores it, every digit, for the cell's tooltip: "Exactly
    52.94117647 % (a share of 0.5294117647)", "Exactly 1.610612736 GB (1.5 GiB)"."""
    unit = assumption_label(name)[1]
    if unit == SHARE:
        return f"Exactly {stored * 100:,.12g} % (a share of {stored:.12g})"
    if stored_unit_differs(name):
        return f"Exactly {shown_assumption(name, stored):,.12g} {unit} ({stored:.12g} GiB)"
    if unit == TIMES:
        return f"Exactly {stored:,.12g}×"
    one = stored == 1 and unit in COUNTED
    return f"Exactly {stored:,.12g} {unit.removesuffix('s') if one else unit}".rstrip()


def allowed_range(name: str) -> str:
    """``from 1 to 100 %``, ``from 0 to 68.7 GB``: the calibration's limits in the unit typed."""
    limits = limits_of(name)
    low = "any" if limits.low is None else number_text(name, limits.low)
    start = f"more than {low}" if limits.low_excluded else f"from {low}"
    end = "" if limits.high is None else f" to {number_text(name, limits.high)}"
    if limits.low_excluded and end:
        end = f", up{end}"
    unit = typed_unit(name)
    written = "" if not unit else "×" if unit == TIMES else f" {unit}"
    return f"{start}{end}{written}"


class UnclearShareError(ValueError):
    """A share typed as a bare number at or below 1: a fraction (0.6 for 60 %) or a
    percentage (0.6 %)? `unclear_share_text` asks which."""

    def __init__(self, typed: float) -> None:
        super().__init__(typed)
        self.typed = typed


def unclear_share_text(label: str, typed: float) -> str:
    """``Planned peak load ... (1-100 %): did you mean 60 %? ...``: the question a share typed
    as "0.6" gets, with what to type for either reading."""
    number = as_entered(typed, "")
    meant = as_entered(float(Decimal(repr(typed)).scaleb(2)), "")
    return (
        f"{label}: did you mean {meant}\u00a0%? Shares are typed in percent: type "
        f"“{meant}\u00a0%”, or “{number}\u00a0%” to keep {number}\u00a0%"
    )


def typed_value(name: str, text: str) -> float | None:
    """What a planner typed over ``name``'s value, in the calibration's own unit: a share typed
    as a percentage ("60", "60 %", "60%" are 0.6), memory in GB stored in GiB; the unit may be
    typed again, as the cell writes it ("20.9 ms", "3×"). None for an empty cell;
    UnclearShareError for a share typed without "%" at or below 1 (above 0); `read_number`'s
    errors for anything else."""
    body = text.strip()
    unit = typed_unit(name)
    unit_typed = False
    for written in (unit, *TYPED_UNITS.get(unit, ())) if unit else ():
        if body.endswith(written):
            body = body.removesuffix(written).strip()
            unit_typed = True
            break
    value = read_number(body)
    if value is None:
        return None
    if unit == PERCENT and not unit_typed and 0 < value <= 1:
        raise UnclearShareError(value)
    return stored_assumption(name, _share_of(value) if unit == PERCENT else value)


def _share_of(percentage: float) -> float:
    """A percentage as the share it is, in decimal so that "72.55" is stored 0.7255 as typed,
    not the 0.7254999999999999 a float's division by 100 makes of it."""
    return float(Decimal(repr(percentage)).scaleb(-2))
