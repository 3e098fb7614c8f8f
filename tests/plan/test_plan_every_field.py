"""A real plan made hostile one way at a time: cut short at every 64th byte, and each of its
fields given every wrong kind of value. Each opens or is refused naming the file and the field
(or the line and column where it was cut), within a second, and the file is left as it was.

Hostile walk (hostile36): a field's NaN or Infinity was refused without its place or key
("not a valid plan: NaN is not a number Aisle accepts").
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.plan import Plan, PlanFileError, load_plan, plan_to_text, preset_scenario
from tests.fuzz.mutate import MISSING, changed_at

ONE_SECOND = 1.0
# Each written into the file as JSON writes it; NaN and Infinity as the bare words Python's
# json writes (and strict JSON refuses).
HOSTILE: dict[str, object] = {
    "zero": 0,
    "negative": -1,
    "huge": 10**30,
    "1e308": 1e308,
    "NaN": float("nan"),
    "a word": "abc",
    "a list": [1],
    "an object": {"unheard_of": 1},
    "null": None,
    "missing": MISSING,
}


def _plan_text(preset: str) -> str:
    return plan_to_text(Plan(scenarios=[preset_scenario(preset)]))


def _fields(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """The path to every field of ``data`` but the (empty) catalog, nested ones included."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key != "catalog":
                yield (*path, key)
                yield from _fields(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _fields(value, (*path, index))


def _opened_or_refused(path: Path) -> tuple[str | None, float]:
    """(the refusal, or None where the plan opens; how long it took); the file unchanged."""
    before = path.read_bytes()
    start = time.monotonic()
    try:
        load_plan(path)
        refusal = None
    except PlanFileError as refused:
        refusal = str(refused)
    took = time.monotonic() - start
    assert path.read_bytes() == before
    return refusal, took


@pytest.mark.parametrize("preset", ["deepseek-v3.2-ep", "embeddings-search"])
def test_every_field_given_every_wrong_value_is_refused_by_name(
    tmp_path: Path, preset: str
) -> None:
    original = json.loads(_plan_text(preset))
    path = tmp_path / "hostile.aisle"
    wrong = []
    for where in _fields(original):
        for said, value in HOSTILE.items():
            path.write_text(json.dumps(changed_at(original, where, value)), encoding="utf-8")
            refusal, took = _opened_or_refused(path)
            # A scenario of the list is named by its number ("scenario 1").
            names = [part for part in where if isinstance(part, str)] + ["scenario", "unheard_of"]
            named = refusal is None or (
                refusal.startswith(f"{path}: ")
                and any(re.search(rf"\b{name}\b", refusal) for name in names)
            )
            if not named or took > ONE_SECOND:
                wrong.append(f"{where} {said} ({took:.2f} s): {refusal}")
    assert wrong == []


def test_a_plan_cut_short_at_every_64th_byte_says_where(tmp_path: Path) -> None:
    whole = _plan_text("deepseek-v3.2-ep").encode("utf-8")
    path = tmp_path / "cut.aisle"
    wrong = []
    for size in range(0, len(whole), 64):
        path.write_bytes(whole[:size])
        refusal, took = _opened_or_refused(path)
        expected = "the file is empty" if size == 0 else "the file is cut short at line"
        if refusal is None or not refusal.startswith(f"{path}: {expected}") or took > 1:
            wrong.append(f"{size} bytes ({took:.2f} s): {refusal}")
    assert wrong == []


def test_a_nan_in_a_plan_is_placed_by_line_column_and_key(tmp_path: Path) -> None:
    text = _plan_text("llama-70b-rag").replace('"breaker_a": 30.0', '"breaker_a": NaN')
    path = tmp_path / "nan.aisle"
    path.write_text(text, encoding="utf-8")
    refusal, _ = _opened_or_refused(path)
    at = text.index("NaN")
    line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    assert refusal == (
        f'{path}: not a valid plan at line {line}, column {column}: key "breaker_a": NaN is not '
        "a number Aisle accepts (only finite numbers)"
    )
