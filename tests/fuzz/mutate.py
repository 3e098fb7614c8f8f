"""Seeded mutations of plan and catalog files, as a careless editor or a hostile sender makes them.

Half the mutations work on the parsed JSON (a value replaced by a hostile one, a key removed or
added, a list item repeated), half on the text (cut short, a byte flipped, ``Infinity`` or a
5,000-digit number or 100,000 brackets spliced in, a key written twice). The same seed always
gives the same file, so a failure found by the soak can be replayed.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from typing import Any

HOSTILE_VALUES: tuple[Any, ...] = (
    "80",
    True,
    False,
    None,
    0,
    -1,
    0.5,
    1e308,
    -1e308,
    1e-300,
    5e-324,
    2**31,
    2**63,
    10**30,
    3_000_000_000,
    "",
    "x" * 5_000,
    '<img src="/dev/zero">',
    "\x1b]0;title\x07",
    "line\nbreak",
    "\u202eevil",
    [],
    {},
    [1, 2, 3],
    {"unexpected": 1},
)
TEXT_SPLICES: tuple[str, ...] = (
    "Infinity",
    "-Infinity",
    "NaN",
    "1e400",
    "9" * 5_000,
    "[" * 100_000 + "]" * 100_000,
    '"\\ud800"',
    "\x00",
    "null",
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in ``data`` a value sits (keys of objects, indexes of lists)."""
    found: list[tuple[Any, ...]] = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_paths(value, (*prefix, index)))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _hostile_value(rng: random.Random) -> Any:
    """A copy of one of HOSTILE_VALUES: a later mutation that adds a key to the ``{}`` it put in
    must not change the shared one (the next file would depend on the files made before it, and
    a ``{}`` given a key holding itself could no longer be written)."""
    return copy.deepcopy(rng.choice(HOSTILE_VALUES))


def _replace_value(rng: random.Random, data: Any) -> None:
    places = _paths(data)[1:]
    if not places:  # an earlier mutation emptied the document
        data["entries"] = _hostile_value(rng)
        return
    path = rng.choice(places)
    parent = _parent(data, path)
    old = parent[path[-1]]
    if isinstance(old, (int, float)) and not isinstance(old, bool) and rng.random() < 0.5:
        factor = rng.choice((-1, 0, 1e-9, 1e-3, 10, 1e3, 1e9, 1e300))
        parent[path[-1]] = old * factor
    else:
        parent[path[-1]] = _hostile_value(rng)


def _remove_key(rng: random.Random, data: Any) -> None:
    objects = [p for p in _paths(data) if isinstance(_parent(data, (*p, None)), dict)]
    holders = [p for p in objects if _parent(data, (*p, None))]
    if holders:
        holder = _parent(data, (*rng.choice(holders), None))
        del holder[rng.choice(sorted(holder, key=str))]


def _add_key(rng: random.Random, data: Any) -> None:
    holders = [p for p in _paths(data) if isinstance(_parent(data, (*p, None)), dict)]
    holder = _parent(data, (*rng.choice(holders), None))
    holder[rng.choice(("extra", "origin", "id", "name", "version"))] = _hostile_value(rng)


def _repeat_item(rng: random.Random, data: Any) -> None:
    lists = [p for p in _paths(data) if isinstance(_parent(data, (*p, None)), list)]
    filled = [p for p in lists if _parent(data, (*p, None))]
    if filled:
        items = _parent(data, (*rng.choice(filled), None))
        items.append(json.loads(json.dumps(rng.choice(items))))


STRUCTURAL: tuple[Callable[[random.Random, Any], None], ...] = (
    _replace_value,
    _replace_value,
    _replace_value,
    _remove_key,
    _add_key,
    _repeat_item,
)


def _textual(rng: random.Random, text: str) -> str:
    choice = rng.randrange(4)
    at = rng.randrange(len(text) + 1)
    if choice == 0:
        return text[:at]  # cut short
    if choice == 1:
        return text[:at] + rng.choice(TEXT_SPLICES) + text[at:]
    if choice == 2:
        raw = bytearray(text.encode("utf-8"))
        raw[rng.randrange(len(raw))] = rng.randrange(256)
        return raw.decode("utf-8", "surrogateescape")
    key = text.find('"', at)
    end = text.find('":', key + 1) if key >= 0 else -1
    if key < 0 or end < 0:
        return text + "}"
    duplicate = text[key : end + 2] + " 1, "
    return text[:key] + duplicate + text[key:]  # the same key twice


def mutate(text: str, seed: int) -> bytes:
    """One mutation of the JSON ``text``, chosen by ``seed``; bytes, as it would be on disk."""
    rng = random.Random(seed)
    if rng.random() < 0.5:
        data = json.loads(text)
        for _ in range(rng.randint(1, 3)):
            rng.choice(STRUCTURAL)(rng, data)
        return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return _textual(rng, text).encode("utf-8", "surrogateescape")


# What `changed_at` puts in place of a value to remove its key.
MISSING: Any = object()


def changed_at(data: Any, path: tuple[str | int, ...], value: object) -> Any:
    """A copy of JSON ``data`` with the value at ``path`` replaced by ``value`` (removed where
    it is `MISSING`): one hostile change at a time, for the sweeps over every field."""
    changed = json.loads(json.dumps(data))
    holder = changed
    for part in path[:-1]:
        holder = holder[part]
    if value is MISSING:
        del holder[path[-1]]
    else:
        holder[path[-1]] = value
    return changed
