"""Lines that differ only in their id, answered once: each copy gets its own id.

A file's disaggregated lines repeat one another: aiconfigurator's dated runs and the "cfg"
lines of the same runs measure the same pools at the same load (321 different lines of the
566 in the 2025-26 set), and working out such a line (its split, its pools, their curves,
where its clients settle, its bands) costs a hundred times more than copying its answer.
Two lines are alike when every field of the validated line but its id is the same and they
are read at the same lengths (`script_lengths.read_lengths`, which reads some runs by their id),
so that nothing the model reads can tell them apart. The validated fields are compared as values:
whole-number fields take only integers and the float fields only positive finite numbers
(which read the same as JSON whenever they are equal), so equal values are lines written
alike (`model_dump_json` would tell them apart no better, at twice the cost).
"""

from __future__ import annotations

from itertools import compress
from operator import itemgetter
from typing import Any

from aisle_desktop.sizing.validation.benchmark_scenario import BenchmarkScenario
from aisle_desktop.sizing.validation.script_lengths import read_lengths

# A validated line's fields but its id (nested models are frozen: hashable, equal by value).
_ALL_BUT_ID = itemgetter(*(name for name in BenchmarkScenario.model_fields if name != "id"))
# The values each copy of an answer owns a copy of.
_OWNED_TYPES = frozenset({list, dict})


def first_alike(scenarios: list[BenchmarkScenario]) -> list[int]:
    """For each disaggregated line, the index of the first line alike (its own for the
    first); every other line is its own first (copying its cheaper answer would save
    little, and telling lines apart costs a few microseconds a line)."""
    firsts: dict[tuple[Any, ...], int] = {}
    found = []
    for index, scenario in enumerate(scenarios):
        if scenario.disaggregated is None:
            found.append(index)
            continue
        key = (_ALL_BUT_ID(scenario.__dict__), read_lengths(scenario))
        found.append(firsts.setdefault(key, index))
    return found


def with_alike_answers(answers: list[Any], firsts: list[int], ids: list[str]) -> None:
    """Each line alike an earlier one (`first_alike`) answered with a copy of that line's
    answer: its own id (`ids`), in the same place, and its own lists and dicts (every answer
    owns its own); an error as it is. The copies of one answer find its lists and dicts once.
    """
    owned: dict[int, list[str]] = {}
    for index, first in enumerate(firsts):
        if first == index:
            continue
        alike = answers[first]
        if not isinstance(alike, dict):
            answers[index] = alike
            continue
        names = owned.get(first)
        if names is None:  # found in C: an answer's values are plain, lists or dicts
            names = list(compress(alike, map(_OWNED_TYPES.__contains__, map(type, alike.values()))))
            owned[first] = names
        copied = alike.copy()
        copied["id"] = ids[index]
        for name in names:
            copied[name] = alike[name].copy()
        answers[index] = copied
