"""Every field of a user's catalog entry, and of an entry a plan carries, given a wrong kind of
value: refused naming the file and the field, within a second of reading the catalog.

The hostile36 sweep gave GPU, server, model and engine entries nine wrong values a field and
none failed; kept here sampled (GPU and model entries, three values), in seconds.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import CatalogError, load_catalog, shipped_catalog_dir
from aisle_desktop.plan import Plan, PlanFileError, load_plan, plan_to_text, preset_scenario
from tests.fuzz.mutate import MISSING, changed_at

ONE_SECOND = 1.0
HOSTILE: dict[str, object] = {
    "huge": 10**30,
    "a word": "abc",
    "missing": MISSING,
}
FILES = {"gpus": "gpus.json", "models": "models.json"}


def _fields(entry: dict[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for key, value in entry.items():
        yield (*path, key)
        if isinstance(value, dict):
            yield from _fields(value, (*path, key))


def _first_entry(kind: str) -> dict[str, Any]:
    """The first shipped entry of ``kind`` under an id of its own (holding no shipped server's
    GPUs, which would be refused for that alone)."""
    entries = json.loads((shipped_catalog_dir() / FILES[kind]).read_text(encoding="utf-8"))
    first = entries["entries"][0]
    return {**first, "id": f"mine-{first['id']}", **({"server_ids": []} if kind == "gpus" else {})}


def _sweep(kind: str, refusal_of: Any) -> list[str]:
    """What each change of the entry is told, where it names neither file nor field or takes
    longer than a second (`refusal_of` gives the refusal, None where it is taken)."""
    entry, wrong = _first_entry(kind), []
    # Reading the whole catalog takes most of a second on a busy machine: a refusal may take
    # a second more than the entry taken as it is, twice over, not spin.
    start = time.monotonic()
    assert refusal_of(entry) is None
    limit_s = ONE_SECOND + 2 * (time.monotonic() - start)
    for where in _fields(entry):
        for said, value in HOSTILE.items():
            start = time.monotonic()
            refusal = refusal_of(changed_at(entry, where, value))
            took = time.monotonic() - start
            named = refusal is None or any(re.search(rf"\b{key}\b", refusal) for key in where)
            if not named or took > limit_s:
                wrong.append(f"{where} {said} ({took:.2f} s): {refusal}")
    return wrong


@pytest.mark.parametrize("kind", list(FILES))
def test_a_user_catalog_entry_made_hostile_is_refused_by_file_and_field(
    tmp_path: Path, kind: str
) -> None:
    def refusal_of(entry: dict[str, Any]) -> str | None:
        (tmp_path / FILES[kind]).write_text(json.dumps({"entries": [entry]}), encoding="utf-8")
        try:
            load_catalog(user_folder=tmp_path)
        except CatalogError as refused:
            assert FILES[kind] in str(refused)
            return str(refused)
        return None

    assert _sweep(kind, refusal_of) == []


@pytest.mark.parametrize("kind", list(FILES))
def test_an_entry_a_plan_carries_made_hostile_is_refused_by_field(
    tmp_path: Path, kind: str
) -> None:
    plan = json.loads(plan_to_text(Plan(scenarios=[preset_scenario("llama-70b-rag")])))
    path = tmp_path / "carried.aisle"

    def refusal_of(entry: dict[str, Any]) -> str | None:
        plan["catalog"][kind] = [entry]
        path.write_text(json.dumps(plan), encoding="utf-8")
        try:
            load_plan(path)
        except PlanFileError as refused:
            assert str(refused).startswith(f"{path}: ")
            return str(refused)
        return None

    assert _sweep(kind, refusal_of) == []
