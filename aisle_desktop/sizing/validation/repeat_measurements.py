"""Repeat measurements of one configuration: the error that is the measurement's own.

The 2025-26 set measures some configurations more than once, on other dates or with other
releases: SGLang 0.5.9 serves Qwen3.5-397B FP8 on 4 B300s to 64 clients with a first token
in 945 ms, 0.5.10.post1 in 317 ms. A model reads the configuration, not the run, so it gives
every repeat one answer, and the repeats' own spread is error no model of the configuration
removes. Two lines measure one configuration when engine, model, GPU, weight and KV precision,
named lengths, clients and the worker as its engine ran it (`source_layouts.as_engine_ran`:
a line counting its worker twice is the same worker) agree; with releases apart their
`engine_version` must agree too (a model that reads the release may tell them apart), with
releases pooled it need not.

Lines whose TTFT and TPOT agree to the digits the shorter one writes are one measurement filed
twice, not a repeat (a dated run and aiconfigurator's series that file it again:
380.7851118737744 and 380.78511187377444 ms, 169.95 and 169.94694257664378 ms), and count once.

For each measured figure: the spread of two repeats is the larger over the smaller, less 1
(|a/b - 1| read the way that does not depend on which came first); the oracle predicts each
repeat by its configuration's geometric mean, what a model exact on the configuration but
blind to the run would miss by; and the fewest lines any one answer per configuration leaves
beyond +-50% (the TTFT p90 target's width) is a floor no such model goes below.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from aisle_desktop.sizing.validation.source_layouts import SOURCE_KINDS, as_engine_ran

# The figures aiconfigurator measured on every aggregated line.
MEASURED_FIGURES = ("ttft_ms", "tpot_ms")
# What a line names of its configuration as written, and of its worker as its engine ran it.
NAMED_FIELDS = (
    "engine",
    "model",
    "gpu",
    "weight_precision",
    "kv_precision",
    "input_tokens",
    "output_tokens",
)
WORKER_FIELDS = ("num_gpus", "tp", "pp", "ep", "attention_dp")
# Repeats further apart than this disagree: the width of issue 16's TTFT p90 target.
DISAGREEING_SPREAD = 0.5
# Two float writings of one value differ in their last bit or so (0.5 ulp of 380.785... ms
# is 3e-14): relative differences below this are one value.
_SAME_VALUE_RELATIVE = 1e-12


@dataclass(frozen=True)
class RepeatGroup:
    """One configuration measured more than once: its distinct measurements (a copy once),
    the first line of each, and the ids of every line of it, copies included."""

    measurements: tuple[dict[str, float], ...]
    first_lines: tuple[dict[str, Any], ...]
    line_ids: frozenset[str]


@dataclass(frozen=True)
class RepeatSpread:
    """How far one figure's repeats lie apart, and what an oracle of their mean misses by."""

    metric: str
    configurations: int
    pairs: int
    spread_median: float
    spread_p90: float
    pairs_disagreeing: int
    lines: int
    oracle_median: float
    oracle_p90: float
    fewest_lines_beyond: int


def configuration(line: dict[str, Any], releases_apart: bool) -> tuple[str, ...]:
    """What an aggregated line measured (module doc), as text so that any value hashes."""
    worker = as_engine_ran(line)
    load = line.get("load")
    clients = load.get("concurrency") if isinstance(load, dict) else None
    named = [line.get(name) for name in NAMED_FIELDS] + [clients]
    named += [worker.get(name) for name in WORKER_FIELDS]
    if releases_apart:
        named.append(line.get("engine_version"))
    return tuple(repr(value) for value in named)


def same_to_the_digit(a: float, b: float) -> bool:
    """Whether two measured values are one value written to different digits: a rounded to
    b's decimals is b (or the other way), or they differ only in a float's last bit."""
    decimals = min(_decimals(a), _decimals(b))
    return abs(a - b) <= max(0.5 * 10.0**-decimals, _SAME_VALUE_RELATIVE * max(abs(a), abs(b)))


def _decimals(value: float) -> int:
    """The decimals Python's shortest writing of `value` carries ("169.95": 2)."""
    text = repr(float(value))
    if "e" in text or "." not in text:
        return 0
    return len(text.split(".")[1])


def _figures(line: dict[str, Any]) -> dict[str, float] | None:
    """The line's measured TTFT and TPOT, or None unless both are positive finite numbers."""
    expected = line.get("expected")
    if not isinstance(expected, dict):
        return None
    found: dict[str, float] = {}
    for name in MEASURED_FIGURES:
        value = expected.get(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        if not (math.isfinite(value) and value > 0):
            return None
        found[name] = float(value)
    return found


def repeat_groups(lines: Iterable[dict[str, Any]], releases_apart: bool) -> list[RepeatGroup]:
    """The configurations of the aggregated lines measured more than once (module doc)."""
    measured: dict[tuple[str, ...], list[tuple[dict[str, float], dict[str, Any]]]] = {}
    ids: dict[tuple[str, ...], set[str]] = {}
    for line in lines:
        figures = _figures(line)
        kind = line.get("scenario_kind")
        if not isinstance(kind, str) or kind not in SOURCE_KINDS or figures is None:
            continue
        key = configuration(line, releases_apart)
        ids.setdefault(key, set()).add(str(line.get("id")))
        kept = measured.setdefault(key, [])
        if not any(_copies(figures, other) for other, _ in kept):
            kept.append((figures, line))
    return [
        RepeatGroup(
            tuple(figures for figures, _ in found),
            tuple(line for _, line in found),
            frozenset(ids[key]),
        )
        for key, found in measured.items()
        if len(found) > 1
    ]


def _copies(a: dict[str, float], b: dict[str, float]) -> bool:
    return all(same_to_the_digit(a[name], b[name]) for name in MEASURED_FIGURES)


def spread(groups: list[RepeatGroup], metric: str) -> RepeatSpread:
    """The repeats' spread, the geometric-mean oracle's error and its floor (module doc)."""
    spreads: list[float] = []
    misses: list[float] = []
    floor = 0
    for group in groups:
        values = [m[metric] for m in group.measurements]
        spreads += [max(a, b) / min(a, b) - 1.0 for a, b in combinations(values, 2)]
        mean = math.exp(sum(map(math.log, values)) / len(values))
        misses += [abs(mean / value - 1.0) for value in values]
        floor += fewest_beyond(values)
    spread_median, spread_p90 = _median_p90(spreads)
    oracle_median, oracle_p90 = _median_p90(misses)
    return RepeatSpread(
        metric,
        len(groups),
        len(spreads),
        spread_median,
        spread_p90,
        sum(s > DISAGREEING_SPREAD for s in spreads),
        len(misses),
        oracle_median,
        oracle_p90,
        floor,
    )


def _median_p90(values: list[float]) -> tuple[float, float]:
    if not values:
        return math.nan, math.nan
    median, p90 = np.percentile(values, [50, 90])
    return float(median), float(p90)


def fewest_beyond(values: list[float], width: float = DISAGREEING_SPREAD) -> int:
    """The fewest of `values` any one answer leaves further than `width` from it (relative
    to each value): an answer x is within of v when (1 - width) v <= x <= (1 + width) v, and
    the answer within of most values can be taken at one of their lower ends."""
    within = max(
        sum((1 - width) * v <= (1 - width) * low <= (1 + width) * v for v in values)
        for low in values
    )
    return len(values) - within


def group_spread(group: RepeatGroup, metric: str) -> float:
    """How far the group's furthest repeats lie apart in `metric`: largest over smallest, less 1."""
    values = [m[metric] for m in group.measurements]
    return max(values) / min(values) - 1.0


def disagreeing_ids(groups: list[RepeatGroup], metric: str) -> frozenset[str]:
    """The ids of every line (copies included) of the configurations two of whose repeats
    lie more than DISAGREEING_SPREAD apart in `metric`."""
    found: set[str] = set()
    for group in groups:
        if group_spread(group, metric) > DISAGREEING_SPREAD:
            found |= group.line_ids
    return frozenset(found)
