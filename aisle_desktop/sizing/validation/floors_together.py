"""The physical floors of a file's disaggregated lines, worked out together.

Each line's bands are cut at its floors (`physical_floor`): the TTFT of its prompt on its
prefill replica at peak rates, the TPOT of its decode batch on its decode replica at peak
rates. A file's few hundred lines name some hundred replicas, each with a handful of
floors; one step of the model for each costs its many small numpy steps every time. Here
the floors of every replica of one shape (`replica_shape`) go through the model as one
array, their ideal replicas stacked (`Stacking`: what differs between them is an array of
one element a floor); replicas that do not stack go one by one, each with its floors as one
array. A line alone goes the same way, its floors an array of one: it gets the floors it
gets in its file (numpy's vectorised power and C's `pow` may differ in the last bit).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

import numpy as np

from aisle_desktop.sizing.engine import Deployment, Number
from aisle_desktop.sizing.validation.stacked import (
    NotStackableError,
    Stacking,
    branched_apart,
    replica_shape,
)

Key = TypeVar("Key", bound=Hashable)

# The floor of one replica's counts, each an array of one element a floor.
FloorOf = Callable[..., Number]


def floors_together(
    asked: dict[Key, tuple[Deployment, tuple[float, ...]]], floor: FloorOf
) -> dict[Key, float]:
    """`floor(fastest, *counts)` of each key's ideal replica and counts (the floor's
    arguments after the replica), in seconds: keys of replicas of one shape in one call."""
    by_replica: dict[int, tuple[Deployment, list[Key]]] = {}
    for key, (fastest, _) in asked.items():
        by_replica.setdefault(id(fastest), (fastest, []))[1].append(key)
    by_shape: dict[tuple[object, ...], list[tuple[Deployment, list[Key]]]] = {}
    for fastest, keys in by_replica.values():
        by_shape.setdefault(replica_shape(fastest), []).append((fastest, keys))
    found: dict[Key, float] = {}
    for same_shape in by_shape.values():
        for keys, seconds in _of_one_shape(same_shape, asked, floor):
            found.update(zip(keys, seconds, strict=True))
    return found


def _of_one_shape(
    same_shape: list[tuple[Deployment, list[Key]]],
    asked: dict[Key, tuple[Deployment, tuple[float, ...]]],
    floor: FloorOf,
) -> list[tuple[list[Key], list[float]]]:
    """The floors of replicas of one shape: stacked where they stack, else replica by
    replica (a formula read a label or branched on a number they do not share)."""
    if len(same_shape) > 1:
        keys = [key for _, replica_keys in same_shape for key in replica_keys]
        try:
            stacked = Stacking([len(replica_keys) for _, replica_keys in same_shape]).of(
                [fastest for fastest, _ in same_shape], "ideal replica"
            )
            return [(keys, _floors(stacked, keys, asked, floor))]
        except (NotStackableError, ValueError, TypeError, OverflowError) as err:
            if not branched_apart(err):
                raise
    return [(keys, _floors(fastest, keys, asked, floor)) for fastest, keys in same_shape]


def _floors(
    fastest: Deployment,
    keys: Sequence[Key],
    asked: dict[Key, tuple[Deployment, tuple[float, ...]]],
    floor: FloorOf,
) -> list[float]:
    columns = zip(*(asked[key][1] for key in keys), strict=True)
    seconds = floor(fastest, *(np.array(column, dtype=float) for column in columns))
    each: list[float] = np.broadcast_to(seconds, (len(keys),)).tolist()
    return each
