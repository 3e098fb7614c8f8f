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


# Planners read "856 billion tokens", not "856 G tokens": the two largest scales are words.
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "M"), (1e3, "k"))
# Money reads better with words planners use in budgets; a plan of millions of servers costs
# trillions ("$15,600,000 B" read as a number cut in two).
_MONEY_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def _significant(value: float, digits: int = 3, zeros: bool = False) -> str:
    """Three significant figures (or `digits`), without trailing zeros or a lone decimal
    point unless `zeros` keeps them ("1.90" beside "1.25")."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    text = f"{value:,.{decimals}f}"
    if "." in text and not zeros:
        text = text.rstrip("0").rstrip(".")
    return text


def _scaled(
    value: float, scales: tuple[tuple[float, str], ...], digits: int, zeros: bool
) -> tuple[str, str]:
    """The one rule for big figures: `value` in the largest of `scales` (largest first) it
    is at least one of, to `digits` significant figures, and that scale's name ("" below
    them all). Tokens, dollars and watts all read so: "1.17 M tokens/s", "$1.40 M", "737 MW",
    never "1,171 MW"; a figure that rounds up to a scale reads in it ("1 MW", not "1,000 kW")."""
    shown = rounded(value, digits)
    for scale, name in scales:
        if abs(shown) >= scale:
            return _significant(shown / scale, digits, zeros), name
    return _significant(shown, digits, zeros), ""


def compact(value: float, digits: int = 3) -> str:
    """1234567 -> '1.23 M', 8.56e11 -> '856 billion'; small numbers keep three significant
    figures (or `digits`)."""
    if not math.isfinite(value):
        return "n/a"
    number, scale = _scaled(value, _SCALES, digits, zeros=False)
    return f"{number} {scale}" if scale else number


def money(usd: float, digits: int = 3, zeros: bool = True) -> str:
    """Dollars the way a budget line reads, to three significant figures with their zeros:
    $1.40 M, $38.2 k, $1.90, $0.880, $0.00420. Amounts a planner reads in a column or side by
    side then read alike: "$1.9" beside "$1.25" looked less precise, and "$1.9" is no price
    anyone writes. An amount the planner typed reads as typed (`zeros` False: a $95 k
    budget, not "$95.0 k")."""
    if not math.isfinite(usd):
        return "n/a"
    number, scale = _scaled(usd, _MONEY_SCALES, digits, zeros)
    return f"${number} {scale}" if scale else f"${number}"


def bill_money(usd: float) -> str:
    """Dollars as a bill of materials states them, exactly, for purchasing to check against a
    quote: $60, $2,000, $300,000; cents only below $100 and only when there are any ($0.50).
    Figures rounded to three significant figures read as estimates there ("@ $60.0 = $60.0",
    a $2,000 rack as "$2.00 k")."""
    if not math.isfinite(usd):
        return "n/a"
    cents = round(usd * 100)
    if abs(usd) >= 100 or cents % 100 == 0:
        return f"${round(usd):,}"
    return f"${cents / 100:,.2f}"


def money_tick(usd: float) -> str:
    """An axis's mark of money, a round amount: $1.5 M, $2 M, $0 (no zeros: the marks step
    evenly, and "$2.00 M" under a chart's axis reads as a price, not a place on it)."""
    return money(usd, zeros=False)


# The shortest time written as a number: below it a wait reads "< 0.001 ms" (the report's
# DeepSeek-V3 TTFT once added "prefill queue 0.000000192 ms").
SHORTEST_MS = 0.001


def duration_ms(ms: float, digits: int = 3) -> str:
    """Milliseconds below a second, seconds below two minutes, then minutes."""
    if not math.isfinite(ms):
        return "n/a"
    if 0 < ms < SHORTEST_MS:
        return f"< {SHORTEST_MS:g} ms"
    if abs(ms) < 1000:
        return f"{_significant(ms, digits)} ms"
    if abs(ms) < 120_000:
        return f"{_significant(ms / 1000, digits)} s"
    return f"{_significant(ms / 60_000, digits)} min"


def seconds(value: float, digits: int = 3) -> str:
    """A time in seconds however long: "134.06 s", where `duration_ms` writes "2.2343 min".
    A worked line that multiplies it by a rate per second ("20.524 requests/s × 134.06 s")
    redoes on a calculator only in seconds."""
    return f"{_significant(value, digits)} s"


def percent(share: float, digits: int = 3) -> str:
    return f"{_significant(share * 100, digits)} %"


def whole_percent(share: float) -> str:
    """A share to the whole percent, spaced as `percent` spaces it ("33 %", "250 %"): what a
    sentence rounds to ("250 % more capacity" read "250%" beside the figures' "78 %")."""
    return f"{share * 100:,.0f} %"


# Units that count things read in the singular for exactly one: "1 rack", not "1 racks".
_COUNTED = (
    "racks",
    "servers",
    "GPUs",
    "replicas",
    "users",
    "requests",
    "sequences",
    "tokens",
    "layers",
    "heads",
    "groups",
    "stages",
    "workers",
    "elements",
    "chunks",
    "parameters",
    "adapters",
    "columns",
)
_SINGULAR = {plural: plural.removesuffix("s") for plural in _COUNTED}
# What a rate is counted per: its unit reads as a symbol, whatever the count ("1 tokens/s").
_TIMES = ("s", "h", "day", "month", "year")

# Power in kW reads in the largest unit it is at least one of: a campus draws "737 MW", a
# very large one "1.1 GW", an absurd one "304 TW" (not "304,000 GW"), each to the same
# significant figures as any other figure.
_POWER_FROM_KW = ((1e9, "TW"), (1e6, "GW"), (1e3, "MW"), (1.0, "kW"))

# Requests are whole: a count of them with a fraction is an average (Little's law over a
# curve), read whole and said to be one ("about 82 requests", not "81.9 requests") up to where
# it reads in thousands anyway ("1.23 k requests").
ABOUT_WHOLE_REQUESTS = (1, 1e3)
# An average below one request, as a planner says it: "0.4 requests" read as a count of parts
# of requests; with its figure beside it ("… (0.0235 on average)") it was cut short in the All
# figures tab at 1280 x 800. The figure's worked line keeps the rate and time it comes from.
FEWER_THAN_ONE_REQUEST = "fewer than one request"

# Users are counted one by one up to a million ("14,769 users"); beyond, "1.2 M users".
WHOLE_USERS_BELOW = 1e6


# A size in GB smaller than this reads in MB, kB or B, the largest it is at least one of (the
# vector index's bytes a vector read "0.0000043 GB"); decimal, as GB is.
SMALL_GB = 0.01
_DECIMAL_SIZES = ((1e6, "MB"), (1e3, "kB"))
_DECIMAL_BYTES = ((1e12, "TB"), (1e9, "GB"), *_DECIMAL_SIZES)


def small_size(gb: float, digits: int = 3) -> str:
    """A size under SMALL_GB in the unit it reads best in: 4.296e-6 GB -> '4.3 kB'."""
    number, scale = _scaled(bytes_from_gb(gb), _DECIMAL_SIZES, digits, zeros=False)
    return f"{number} {scale or 'B'}"


def with_unit(value: float, unit: str, digits: int = 3, as_typed: bool = False) -> str:
    """A figure with its unit, in the style that unit reads best in (`digits` significant
    figures where it has a fraction: `beside_target` asks for more). Money keeps its zeros
    to its digits ($1.90), unless the planner typed the amount (`as_typed`); other figures
    drop them ("6.4 kW", "12 ms") wherever they are read: the Scenarios tab and the report's
    comparison kept them ("TPOT 12.0 ms" against the headline's "12 ms", a tail row's
    "21 ms", written beside its target, under "37.2 ms"), one figure written two ways."""
    if unit == "USD" or unit.startswith("USD/"):
        return f"{money(value, digits, zeros=not as_typed)}{unit[3:]}"
    if unit == "ms":
        return duration_ms(value, digits)
    if unit == "share":
        return percent(value, digits)
    if unit == "s":
        return duration_ms(value * 1000, digits)
    if unit == "":
        return compact(value, digits)
    if unit == "GB" and 0 < abs(value) < SMALL_GB:
        return small_size(value, digits)
    if unit == "kW":
        number, scale = _scaled(value, _POWER_FROM_KW, digits, zeros=False)
        return f"{number} {scale or unit}"
    if unit.startswith("M "):
        # A count in millions reads as every count does: "73.4 billion tokens/year" beside the
        # tokens-a-year row, never "73,443 M tokens/year" (nor "73.4 k M tokens").
        return f"{compact(value * 1e6, digits)} {unit.removeprefix('M ')}"
    if unit in ("GB", "GiB", "W", "TB/s"):
        return f"{_significant(value, digits)} {unit}"
    if unit == "B":
        return bytes_(value, digits)
    if unit == "times":  # a factor: "3.03×", "1×" (the assumptions read "1 times")
        return f"{compact(value, digits)}×"
    counted, per, rest = unit.partition("/")
    # "1 server", "1 server/rack"; a rate keeps its unit: "1 tokens/s".
    if value == 1 and counted in _SINGULAR and rest not in _TIMES:
        return f"1 {_SINGULAR[counted]}{per}{rest}"
    if unit == "requests" and 0 < abs(value) < 1:
        return FEWER_THAN_ONE_REQUEST
    if unit == "requests":
        shown = requests_count(value, digits)
        return f"{shown} {'request' if shown.endswith(' 1') else 'requests'}"
    if unit == "users" and abs(value) < WHOLE_USERS_BELOW:
        return f"{value:,.0f} users"  # people are counted whole: 1,077 users, not 1.08 k
    return f"{compact(value, digits)} {unit}"


def requests_count(value: float, digits: int = 3) -> str:
    """A count of requests without its noun, as the figures and the plots' marks both say it:
    "about 29" for an average with a fraction (`ABOUT_WHOLE_REQUESTS`), "16" whole, "1.23 k"
    in thousands, "0.4" below one (where a figure reads `FEWER_THAN_ONE_REQUEST`). The load
    plots' mark read "planned 28.7 in flight" beside figures that said "about 29 requests"."""
    if _is_average(value, ABOUT_WHOLE_REQUESTS):
        return f"about {round(value):,}"
    return compact(value, digits)


def _is_average(value: float, whole_between: tuple[float, float]) -> bool:
    """Whether a count of whole things has a fraction where it reads one by one."""
    low, high = whole_between
    return low <= abs(value) < high and not float(value).is_integer()


# The most significant figures a figure is written with beside its target: enough to tell
# 50.0004 ms from 50 ms; closer than that, the two are the same to anyone reading.
MOST_DIGITS_BESIDE_TARGET = 6


def rounded(value: float, digits: int) -> float:
    """`value` rounded to `digits` significant figures (as `_significant` writes it)."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def _rounds_to(value: float, target: float, digits: int) -> bool:
    """Whether `value` and `target`, rounded to `digits` significant figures of `value`, read
    alike, whatever unit or scale they are then written in ("1,000 ms" and "1 s" alike)."""
    if value == target or value == 0 or not math.isfinite(value):
        return value == target
    decimals = digits - 1 - math.floor(math.log10(abs(value)))
    return round(value, decimals) == round(target, decimals)


def beside_target(value: float, target: float, unit: str) -> str:
    """`value` as `with_unit` writes it, with as many more significant figures as it takes
    not to round to its `target` unless it equals it: a TPOT of 50.05 ms against a 50 ms
    target reads "50.05 ms", never "50 ms" (which looked met, yet was marked missed), and
    999.7 ms against 1 s reads "999.7 ms", not "1,000 ms"."""
    digits = 3
    while _rounds_to(value, target, digits) and digits < MOST_DIGITS_BESIDE_TARGET:
        digits += 1
    return with_unit(value, unit, digits)


def percentile_text(seconds: float, target_ms: float | None) -> str:
    """A simulated percentile of a latency, in ms or s, written `beside_target` when the plan
    sets one: a p95 TTFT of 1,005 ms against a 1 s target reads "1.005 s", not "1 s"."""
    ms = ms_from_s(seconds)
    return with_unit(ms, "ms") if target_ms is None else beside_target(ms, target_ms, "ms")


def target_text(target: float, unit: str) -> str:
    """A target as the planner set it: with as many significant figures as it was typed with
    (up to six), so a 57.46 ms target never reads as 57.5 ms."""
    digits = 3
    while rounded(target, digits) != target and digits < MOST_DIGITS_BESIDE_TARGET:
        digits += 1
    return with_unit(target, unit, digits, as_typed=True)


# The most significant figures an entered number is written with: as many as a target is.
MOST_DIGITS_ENTERED = MOST_DIGITS_BESIDE_TARGET
# How far apart two floats may be and still be one number: a planner's 2.125 GB is stored in
# GiB and read back as 2.1250000000000004, and 0.529 as a percentage is 52.900000000000006.
FLOAT_NOISE = 1e-12


def entered_digits(value: float) -> int | None:
    """The significant figures that write `value` exactly, at least three, or None when six do
    not: a number someone entered (a planner's 1,536 tokens or $0.1234/kWh, a catalog's
    $194.95/kW-month, a calibration's 0.0617) has few, one Aisle computed (36.327673152 GB)
    runs on."""
    digits = 3
    while not math.isclose(rounded(value, digits), value, rel_tol=FLOAT_NOISE):
        if digits == MOST_DIGITS_ENTERED:
            return None
        digits += 1
    return digits


# Amounts up to this read with their thousands grouped, as typed ("$312,500", "1,536
# tokens"), not scaled ("$312.5 k", "1.536 k tokens").
WHOLE_ENTERED_BELOW = 1e6
# Units `with_unit` writes in a scale of their own (1,500 ms is "1.5 s", 2,500 W "2,500 W"), not
# with "k" or "M": a whole amount in them reads as `with_unit` writes it.
_UNITS_OF_THEIR_OWN = frozenset({"ms", "s", "share", "GB", "GiB", "W", "TB/s", "B", "kW", "times"})


def tflops_text(tflops: float) -> str:
    """Whole TFLOPS from 100 up ("362", "2,517"), three figures below ("98.3"): datasheets'
    decimals ("362.05" for the L40S beside "989" for the H100) read as a difference in kind."""
    return f"{tflops:,.0f}" if tflops >= 100 else f"{tflops:.3g}"


def as_entered(value: float, unit: str) -> str:
    """`value` as it was entered, every figure of it: an input a planner typed reads back as
    typed (1,536 tokens, $312,500, 12.25 kW, 72.55 %), where `with_unit`'s three significant
    figures read "1.54 k tokens", "$313 k", "12.3 kW"; amounts of money and counts below a
    million with their thousands grouped. A number no six figures write (Aisle's own arithmetic)
    reads as every other figure does, to three."""
    digits = entered_digits(value)
    if digits is None:
        return with_unit(value, unit)
    grouped = 1000 <= abs(value) < WHOLE_ENTERED_BELOW
    if grouped and (unit == "USD" or unit.startswith("USD/")):
        return f"{'-' if value < 0 else ''}${_significant(abs(value), digits)}{unit[3:]}"
    if grouped and unit not in _UNITS_OF_THEIR_OWN and not unit.startswith("M "):
        return f"{_significant(value, digits)} {unit}".rstrip()
    return with_unit(value, unit, digits, as_typed=True)


def against_target(value: float, target: float, unit: str) -> str:
    """ "50.05 ms against 50 ms": a figure beside its target in every warning and verdict
    that compares the two, each written so that the difference shows."""
    return f"{beside_target(value, target, unit)} against {target_text(target, unit)}"


def unbroken(text: str) -> str:
    """``text`` kept on one line wherever it is laid out ("3.35 TB/s", "1.69 k tokens/s"):
    non-breaking spaces, and a word joiner after each slash, where Qt would otherwise break
    ("3.35 TB/" at a line's end, "s" on the next)."""
    return text.replace(" ", "\u00a0").replace("/", "/\u2060")


# A Hub repository's name inside a sentence: owner/name, letters, digits, dots and hyphens.
_REPOSITORY = re.compile(r"[\w.-]+/[\w.-]*\w")


def names_unbroken(text: str) -> str:
    """``text`` with every Hub repository's name ("nvidia/Llama-3.1-70B-Instruct-FP8") kept on
    one line: a word joiner after its slash and each hyphen, where Qt broke it ("nvidia/Llama-
    3.1-70B-" at a line's end, "Instruct-FP8" on the next). Other words still wrap."""

    def whole(match: re.Match[str]) -> str:
        return match.group(0).replace("/", "/\u2060").replace("-", "-\u2060")

    return _REPOSITORY.sub(whole, text)


# A figure as Aisle writes it inside a sentence: a number (money or not), its scale, and a
# rate's unit: "$114 k/year", "$2.44/M tokens", "361 k requests/day", "3.35 TB/s", "$330 k".
_FIGURE = re.compile(
    r"\$?\d[\d,]*(?:\.\d+)?"  # the number: 1,077 / 2.44 / $0.146
    r"(?: (?:[kMGTB]|billion|trillion)(?![\w-]))?"  # its scale: "$114 k", not "8 GB"
    r"(?:(?: [A-Za-z]+)?/[A-Za-z][\w-]*(?: tokens)?)?"  # a rate: k/year, tokens/s, /M tokens
    r"(?: %)?"  # a share: "78 %"
)


def figures_unbroken(text: str) -> str:
    """``text`` with every money figure, every rate and every share kept whole (`unbroken`),
    wherever the sentence wraps: a line never ends in "$114 k/" with "year" on the next, nor
    "$179" with "k/year" below it, nor "78" with "% of the planned load" (the 405B preset's
    page 1). Other words still wrap where they may."""

    def whole(match: re.Match[str]) -> str:
        figure = match.group(0)
        kept = figure.startswith("$") or "/" in figure or figure.endswith("%")
        return unbroken(figure) if kept else figure

    return _FIGURE.sub(whole, text)


def memory_as_sold(sold_gb: float, sold_gib: float) -> str:
    """A GPU's memory as sold, named one way wherever Aisle names it: in the decimal GB every
    figure of a plan uses, the datasheet's binary figure beside it ("151.4 GB (141 GiB)").
    "What would fit" once named the H200 "141 GB" beside the hardware panel's 151.4 GB."""
    return f"{sold_gb:.1f} GB ({sold_gib:g} GiB)"


def bytes_(value: float, digits: int = 3) -> str:
    """Bytes in the decimal kB, MB, GB, TB every other memory figure reads in: the KV cache
    per token read "320 KiB" beside "72.7 GB" of weights and "8.25 GB" a conversation (QA:
    one unit system per figure family)."""
    number, scale = _scaled(value, _DECIMAL_BYTES, digits, False)
    return f"{number} {scale or 'B'}"


# Unit symbols read the same in the plural: 3 TB, not 3 TBs.
_SYMBOLS = frozenset({"TB", "GB", "GiB", "kW", "W", "kg", "U", "h", "ms", "s", "BTU/h"})


# A line names at most this many scenarios or entries, then how many more.
NAMED_IN_A_LINE = 3


def first_few(items: list[str], noun: str, plural: str) -> str:
    """The first few items joined, then how many more ("and 997 more scenarios"): a line
    that names them stays a line, however many there are."""
    shown = ", ".join(items[:NAMED_IN_A_LINE])
    more = len(items) - NAMED_IN_A_LINE
    return shown if more <= 0 else f"{shown} and {count(more, noun, plural)}"


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


# Context windows are powers of two and their sums, and planners name them in binary
# thousands: 131,072 tokens is "128 k", 1,048,576 is "1 M". Below this they read whole.
_CONTEXT_IN_THOUSANDS = 10_000
_BINARY_SCALES = ((1024 * 1024, "M"), (1024, "k"))


def context_tokens(tokens: int) -> str:
    """A model's context window as its model card names it: 4,096; 32 k; 128 k; 1 M; 10 M.
    `compact` rounded in decimal thousands ("4.1 k" for 4,096, "131 k" for 131,072), a count
    no planner knows; a window that is not whole binary thousands reads whole (202,752 is
    "198 k", 200,000 is "200,000")."""
    if tokens >= _CONTEXT_IN_THOUSANDS:
        for scale, name in _BINARY_SCALES:
            if tokens % scale == 0:
                return f"{tokens // scale:,} {name}"
    return f"{tokens:,}"


def parameters(billions: float) -> str:
    """A model's parameter count: 8.03 B, 70.6 B, 1.03 T (a trillion), 135 M."""
    if billions >= 1e3:
        return f"{_significant(billions / 1e3)} T"
    if billions >= 1:
        return f"{_significant(billions)} B"
    return f"{_significant(billions * 1e3)} M"


# Where a reader can stop, the strongest first: a sentence's end, a colon or semicolon, a comma.
_STOPS = ((". ", "? ", "! "), (": ", "; ", " — "), (", ",))
# A stop this early would leave too little to read: cut at a word instead.
_SHORTEST_SHARE = 1 / 3


def short_form(text: str, most_chars: int) -> str:
    """`text`, or its beginning up to where a reader can stop when it is longer than
    `most_chars`: the last sentence, clause or phrase that ends within it ("Tensor parallel 3
    cannot split Llama 3.1 70B"), else whole words and an ellipsis. Never a cut word."""
    text = text.strip()
    if len(text) <= most_chars:
        return text
    room = text[: most_chars + 1]
    for stops in _STOPS:
        end = max(room.rfind(stop) for stop in stops)
        if end >= most_chars * _SHORTEST_SHARE:
            return text[:end].rstrip(".,;:— ")
    words = room[: most_chars - 1].rsplit(" ", 1)[0].rstrip(".,;:— ")
    return f"{words}…"
