"""A thousand damaged plan files: each opens or fails with PlanFileError, never anything else."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from aisle_desktop.plan import Plan, PlanFileError, load_plan, plan_to_text

_RUNS = 1_000
_SWAPS: list[Any] = [None, True, 0, -1, 1e308, "x", "", [], {}, [1, "a"], {"k": None}, 2**70]


def _paths(data: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*here, index))
    return found


def _mutate_structure(data: Any, rng: random.Random) -> str:
    target = rng.choice(_paths(data)[1:])
    parent = data
    for part in target[:-1]:
        parent = parent[part]
    last = target[-1]
    if rng.random() < 0.5:
        del parent[last]  # drop a field or a list item
    else:
        parent[last] = rng.choice(_SWAPS)  # swap the type
    return json.dumps(data)


def _mutate_bytes(text: str, rng: random.Random) -> bytes:
    raw = bytearray(text.encode("utf-8"))
    kind = rng.randrange(3)
    if kind == 0:
        for _ in range(rng.randint(1, 8)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)  # flip bytes
    elif kind == 1:
        del raw[rng.randrange(len(raw)) :]  # truncate
    else:
        cut = rng.randrange(len(raw))
        raw[cut:cut] = rng.choice([b"[", b"{", b"]", b",", b'"', b"NaN", b"\x00", b"\xff"])
    return bytes(raw)


def test_mutated_files_never_raise_anything_else(plan: Plan, tmp_path: Path) -> None:
    small = plan.model_copy(update={"scenarios": plan.scenarios[:2]})
    text = plan_to_text(small)
    rng = random.Random(20240604)
    path = tmp_path / "fuzz.aisle"
    outcomes = {"opened": 0, "refused": 0}
    for _ in range(_RUNS):
        if rng.random() < 0.5:
            content = _mutate_structure(json.loads(text), rng).encode("utf-8")
        else:
            content = _mutate_bytes(text, rng)
        path.unlink(missing_ok=True)  # a new file: cutting the last one short cost ext4 a flush
        path.write_bytes(content)
        try:
            load_plan(path)  # the whole path: size check, decoding, JSON, version, validation
            outcomes["opened"] += 1
        except PlanFileError as err:
            assert str(path) in str(err)
            outcomes["refused"] += 1
    assert sum(outcomes.values()) == _RUNS
    assert outcomes["refused"] > _RUNS // 2
