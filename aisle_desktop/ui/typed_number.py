"""What a planner typed into a number field, read the way Aisle writes numbers, or refused.

Qt's spin boxes dropped a keystroke that would have left their range, so "25" hours became 2
and "1e30" users 130, with nothing said. Here the text is read as a whole once the planner has
finished (no Qt: a plain test reaches every case): a point for decimals, commas only to group
thousands, whatever the machine's locale (the figures beside the fields are written so; a point
grouping thousands in a whole-number field is refused, never read as a decimal), and a
value past the field's limits, with too many decimals or not a number at all is refused with a
sentence naming the limit in the field's unit.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from aisle_desktop.formatting import grouped
from aisle_desktop.plan import NumberLimits
from aisle_desktop.strict_json import excerpt

# A comma groups thousands ("1,000"). Anywhere else ("1,5") it is a decimal comma, which the
# locale's grouping silently dropped: a PUE typed "1,3" became 13 and then the lowest allowed.
GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
COMMA_REFUSED = (
    "“{text}” was not taken: decimals take a point (1.5) and commas only group thousands (1,000)"
)
# A point before groups of three digits ("1.000", "2.048.000") groups thousands where German
# and many other locales write numbers. In a field that takes decimals it is a decimal point, as
# everywhere in Aisle; in a whole-number field it cannot be one, and "1.000" users was taken as
# 1 user (and "$250.000" a server as $250) without a word.
THOUSANDS_POINT = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")
THOUSANDS_POINT_REFUSED = (
    "“{text}” was not taken: a whole number takes no point, and thousands are grouped with "
    "commas (1,000)"
)
# Units that read in the singular for exactly one: "at least 1 token".
_PLURAL_UNITS = frozenset({"tokens", "users", "requests", "days", "years", "chunks"})
# The longest excerpt of a refused text quoted back (a pasted paragraph is not repeated whole).
QUOTED_CHARS = 40


# What a keyboard types for a unit it has no key for: the Peak factor's "×" typed "2x".
TYPED_FOR = {"×": ("x", "X")}


class RefusedNumberError(ValueError):
    """The text cannot stand in this field; `message` says why, quoting what was typed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def misplaced_comma(body: str) -> bool:
    """Whether `body` has a comma that cannot group thousands ("1,5", "12,50")."""
    return "," in body and GROUPED.fullmatch(body) is None


class TooLargeError(ValueError):
    """A number past any float ("1e309", 400 nines): its sign says which limit it passes."""

    def __init__(self, negative: bool) -> None:
        super().__init__("too large")
        self.negative = negative


# Arabic's decimal point and thousands separator, as a keyboard in Arabic types them around
# Arabic-Indic digits (which Python reads as digits already).
_ARABIC_SEPARATORS = str.maketrans({"\u066b": ".", "\u066c": ","})


def _visible(body: str) -> str:
    """`body` without any space (a plain, no-break, thin or narrow one groups thousands in
    documents a number is pasted from) or invisible mark (a zero-width space, a word joiner,
    the direction marks pasted with right-to-left text)."""
    kept = (c for c in body if not c.isspace() and unicodedata.category(c) != "Cf")
    return "".join(kept).translate(_ARABIC_SEPARATORS)


def read_number(body: str) -> float | None:
    """The number in `body` ("30000", "30,000", "1 024", "1e3", "$130"), None when it is
    empty; TooLargeError past any float, a ValueError for anything else (a decimal comma,
    letters, "inf")."""
    cleaned = _visible(body).removeprefix("$")
    if not cleaned:
        return None
    if "," in cleaned:
        if misplaced_comma(cleaned):
            raise ValueError(cleaned)
        cleaned = cleaned.replace(",", "")
    if NUMBER.fullmatch(cleaned) is None:
        raise ValueError(cleaned)
    value = float(cleaned)
    if not math.isfinite(value):
        raise TooLargeError(value < 0)
    return value + 0.0  # "-0" is zero: -0.0 would read "$-0.00/kW-month" wherever it is shown


def amount(value: float, prefix: str = "", suffix: str = "") -> str:
    """A limit as the field shows it: "24 h", "$10/kWh", "1 token", "10,000,000 tokens"."""
    text = prefix + grouped(value)
    if not suffix:
        return text
    if suffix.startswith("/"):
        return text + suffix
    unit = suffix.removesuffix("s") if value == 1 and suffix in _PLURAL_UNITS else suffix
    return f"{text} {unit}"


@dataclass(frozen=True)
class NumberRules:
    """What one field takes: the model's limits, the decimals it shows, its unit, and whether
    an empty field means the field's special value (the catalog's price, Automatic)."""

    limits: NumberLimits
    decimals: int = 0
    prefix: str = ""
    suffix: str = ""
    empty_allowed: bool = False

    def _amount(self, value: float) -> str:
        return amount(value, self.prefix, self.suffix)

    def _range(self) -> str:
        low, high = self.limits.low, self.limits.high
        if low is None and high is None:
            return ""
        if low is None:
            return f" up to {self._amount(high)}"  # type: ignore[arg-type]
        start = "above" if self.limits.low_excluded else "from"
        end = "" if high is None else f" to {self._amount(high)}"
        return f" {start} {self._amount(low)}{end}"

    def read(self, body: str) -> float | None:
        """The value of the text typed (without the field's prefix and suffix), None for an
        empty field that may be empty; RefusedNumberError with the reason otherwise."""
        typed = excerpt(body.strip(), QUOTED_CHARS)
        kind = "whole number" if self.whole else "number"
        if self.whole and THOUSANDS_POINT.fullmatch(_visible(self.without_unit(body))):
            raise RefusedNumberError(THOUSANDS_POINT_REFUSED.format(text=typed))
        try:
            value = read_number(self.without_unit(body))
        except TooLargeError as too_large:
            raise RefusedNumberError(self._too_large(too_large.negative, typed)) from None
        except ValueError:
            if misplaced_comma(body.strip()):
                raise RefusedNumberError(COMMA_REFUSED.format(text=typed)) from None
            message = f"must be a {kind}{self._range()} (you typed {typed})"
            raise RefusedNumberError(message) from None
        if value is None:
            if self.empty_allowed:
                return None
            raise RefusedNumberError(f"must be a {kind}{self._range()} (the field is empty)")
        self._check(value, typed)
        return value

    def _too_large(self, negative: bool, typed: str) -> str:
        """Why a number past any float is refused: the limit on its side of zero."""
        limits = self.limits
        if negative and limits.low is not None:
            word = "above" if limits.low_excluded else "at least"
            return f"must be {word} {self._amount(limits.low)} (you typed {typed})"
        if not negative and limits.high is not None:
            return f"must be at most {self._amount(limits.high)} (you typed {typed})"
        return f"is too far from zero to hold (you typed {typed})"

    def without_unit(self, body: str) -> str:
        """`body` without the field's own sign and unit typed again: a planner types a price
        the way the field shows it ("$0.200/kWh", "12 kW", "1 token") inside the box's own."""
        bare = body.strip().removeprefix(self.prefix).strip()
        unit = self.suffix.strip()
        for written in (unit, unit.removesuffix("s"), *TYPED_FOR.get(unit, ())) if unit else ():
            if bare.endswith(written):
                return bare.removesuffix(written).strip()
        return bare

    @property
    def whole(self) -> bool:
        return self.limits.whole or self.decimals == 0

    def _check(self, value: float, typed: str) -> None:
        low, high = self.limits.low, self.limits.high
        if high is not None and value > high:
            raise RefusedNumberError(f"must be at most {self._amount(high)} (you typed {typed})")
        if low is not None and self.limits.low_excluded and value <= low:
            raise RefusedNumberError(f"must be above {self._amount(low)} (you typed {typed})")
        if low is not None and value < low:
            raise RefusedNumberError(f"must be at least {self._amount(low)} (you typed {typed})")
        if self.whole and not value.is_integer():
            raise RefusedNumberError(f"must be a whole number (you typed {typed})")
        if round(value, self.decimals) != value:
            places = "1 decimal" if self.decimals == 1 else f"{self.decimals} decimals"
            raise RefusedNumberError(f"takes at most {places} (you typed {typed})")

    def text(self, value: float) -> str:
        """`value` as the field writes it: thousands grouped, the field's decimals, but a whole
        number whole ("8 h", "60 s", "100 per user": the walk read "100.0/user" and "8.0 h"
        where the planner had typed 100 and 8), except money, whose cents a price keeps
        ("$0.00/kW-month", as the report prints it)."""
        whole = float(value).is_integer() and not self.prefix
        return f"{value:,.{0 if whole else self.decimals}f}"
