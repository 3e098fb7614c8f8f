"""How Aisle writes numbers for people: the window, the CLI and the PDF all use this module,
so a figure reads the same everywhere (1.2 M tokens/s, 85 ms, $1.4 M/year). The unit
conversions between what the model computes in (seconds, bytes) and what planners read (ms,
GB) live here too, written once, for floats and numpy arrays alike."""

from __future__ import annotations

import math
import re
from typing import TypeVar

import numpy as np
import numpy.typing as npt

MS_PER_S = 1e3
BYTES_PER_GB = 1e9  # decimal GB, as GPU datasheets state memory

# A float, or an array of them (a curve).
Quantity = TypeVar("Quantity", float, npt.NDArray[np.float64])


def ms_from_s(seconds: Quantity) -> Quantity:
    """Seconds as milliseconds."""
    return seconds * MS_PER_S


def s_from_ms(ms: Quantity) -> Quantity:
    """Milliseconds as seconds."""
    return ms / MS_PER_S


def bytes_from_gb(gb: Quantity) -> Quantity:
    """Decimal gigabytes as bytes."""
    return gb * BYTES_PER_GB


def gb_from_bytes(count: Quantity) -> Quantity:
    """Bytes as decimal gigabytes."""
    return count / BYTES_PER_GB


_SCALES = ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))
# Money reads better with words planners use in budgets.
_MONEY_SCALES = ((1e9, "B"), (1e6, "M"), (1e3, "k"))


def _significant(value: float, digits: int = 3) -> str:
    """Three significant figures, without trailing zeros or a lone decimal point."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def compact(value: float) -> str:
    """1234567 -> '1.23 M'; small numbers keep three significant figures."""
    if not math.isfinite(value):
        return "n/a"
    for scale, suffix in _SCALES:
        if abs(value) >= scale:
            return f"{_significant(value / scale)} {suffix}"
    return _significant(value)


def money(usd: float) -> str:
    """Dollars the way a budget line reads: $1.4 M, $38.2 k, $0.0042."""
    if not math.isfinite(usd):
        return "n/a"
    for scale, suffix in _MONEY_SCALES:
        if abs(usd) >= scale:
            return f"${_significant(usd / scale)} {suffix}"
    return f"${_significant(usd)}"


def duration_ms(ms: float) -> str:
    """Milliseconds below a second, seconds below two minutes, then minutes."""
    if not math.isfinite(ms):
        return "n/a"
    if abs(ms) < 1000:
        return f"{_significant(ms)} ms"
    if abs(ms) < 120_000:
        return f"{_significant(ms / 1000)} s"
    return f"{_significant(ms / 60_000)} min"


def percent(share: float) -> str:
    return f"{_significant(share * 100)} %"


# Units that count things read in the singular for exactly one: "1 rack", not "1 racks".
_COUNTED = ("racks", "servers", "GPUs", "replicas", "users", "requests", "sequences", "tokens")
_SINGULAR = {plural: plural.removesuffix("s") for plural in _COUNTED}

# A campus draws megawatts: above a thousand kilowatts the figure reads in MW.
KW_PER_MW = 1e3

# Users are counted one by one up to a million ("14,769 users"); beyond, "1.2 M users".
WHOLE_USERS_BELOW = 1e6

_UNIT_STYLE = {
    "USD": money,
    "ms": duration_ms,
    "share": percent,
}


def with_unit(value: float, unit: str) -> str:
    """A figure with its unit, in the style that unit reads best in."""
    if unit in _UNIT_STYLE:
        return _UNIT_STYLE[unit](value)
    if unit.startswith("USD/"):
        return f"{money(value)}/{unit[4:]}"
    if unit == "s":
        return duration_ms(value * 1000)
    if unit == "":
        return compact(value)
    if unit == "kW" and abs(value) >= KW_PER_MW:
        return f"{_significant(value / KW_PER_MW, 4)} MW"  # 540.8 MW, not 540,750 kW
    if unit in ("GB", "GiB", "kW", "W", "TB/s"):
        return f"{_significant(value)} {unit}"
    if unit == "B":
        return bytes_(value)
    if value == 1 and unit in _SINGULAR:
        return f"1 {_SINGULAR[unit]}"
    if unit == "users" and abs(value) < WHOLE_USERS_BELOW:
        return f"{value:,.0f} users"  # people are counted whole: 1,077 users, not 1.08 k
    return f"{compact(value)} {unit}"


def unbroken(text: str) -> str:
    """``text`` kept on one line wherever it is laid out ("3.35 TB/s", "1.69 k tokens/s"):
    non-breaking spaces, and a word joiner after each slash, where Qt would otherwise break
    ("3.35 TB/" at a line's end, "s" on the next)."""
    return text.replace(" ", "\u00a0").replace("/", "/\u2060")


# A figure as Aisle writes it inside a sentence: a number (money or not), its scale, and a
# rate's unit: "$114 k/year", "$2.44/M tokens", "361 k requests/day", "3.35 TB/s", "$330 k".
_FIGURE = re.compile(
    r"\$?\d[\d,]*(?:\.\d+)?"  # the number: 1,077 / 2.44 / $0.146
    r"(?: [kMGTB](?![\w-]))?"  # its scale, a letter alone: "$114 k", not "8 GB"
    r"(?:(?: [A-Za-z]+)?/[A-Za-z][\w-]*(?: tokens)?)?"  # a rate: k/year, tokens/s, /M tokens
)


def figures_unbroken(text: str) -> str:
    """``text`` with every money figure and every rate kept whole (`unbroken`), wherever the
    sentence wraps: a line never ends in "$114 k/" with "year" on the next, nor "$179" with
    "k/year" below it. Other words still wrap where they may."""

    def whole(match: re.Match[str]) -> str:
        figure = match.group(0)
        return unbroken(figure) if figure.startswith("$") or "/" in figure else figure

    return _FIGURE.sub(whole, text)


def bytes_(value: float) -> str:
    """Bytes in KiB, MiB, GiB: how memory is sized."""
    for scale, suffix in ((2**40, "TiB"), (2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB")):
        if abs(value) >= scale:
            return f"{_significant(value / scale)} {suffix}"
    return f"{_significant(value)} B"


# Unit symbols read the same in the plural: 3 TB, not 3 TBs.
_SYMBOLS = frozenset({"TB", "GB", "GiB", "kW", "W", "kg", "U", "h", "ms", "s", "BTU/h"})


def count(number: float, noun: str, plural: str | None = None) -> str:
    """A count with its noun in the right number: '1 server', '3 servers', '3 TB'."""
    word = noun if number == 1 or noun in _SYMBOLS else plural or f"{noun}s"
    text = f"{int(number):,}" if float(number).is_integer() else f"{number:,}"
    return f"{text} {word}"


def grouped(value: float) -> str:
    """A number exactly as typed or allowed, thousands grouped: 10,000,000; 0.125; 1,234.5."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.12g}"


def parameters(billions: float) -> str:
    """A model's parameter count: 8.03 B, 70.6 B, 1.03 T (a trillion), 135 M."""
    if billions >= 1e3:
        return f"{_significant(billions / 1e3)} T"
    if billions >= 1:
        return f"{_significant(billions)} B"
    return f"{_significant(billions * 1e3)} M"
