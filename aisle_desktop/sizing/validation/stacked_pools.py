"""One formula of a replica, worked out for many elements of many replicas at once.

A file's disaggregated lines name a few dozen decode workers, each with a few lines, and ask
each worker's step times at the decode split's candidates and at the workers sized for the
load. A step of the model costs about the same for one number as for a thousand, so the
elements of every replica of one shape go through the formula as one array: their replicas
are stacked (`Stacking`, one element an element), and each element is what its replica gives
alone. Replicas the formula cannot take as one (`branched_apart`) go replica by replica.

A power whose exponent is stacked (an array) may differ from the plain one in its last bit:
every replica's elements, a replica alone included, go through as arrays, so a line gets the
same figure alone as in its file (the faster split, the workers a load needs, the physical
floors its bands are cut at).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from aisle_desktop.sizing.engine import Deployment, Number
from aisle_desktop.sizing.validation.stacked import (
    NotStackableError,
    Stacking,
    branched_apart,
    replica_shape,
)

# A formula of a replica and numbers (arrays of one element an element), giving numbers.
Formula = Callable[..., tuple[Number, ...]]


def across_replicas(
    deps: Sequence[Deployment], formula: Formula, columns: Sequence[Sequence[float]]
) -> list[np.ndarray]:
    """`formula(dep, *numbers)` of each element (`deps[i]` and the i-th of each of
    `columns`), as one array per figure the formula gives, in the elements' order."""
    at: dict[int, tuple[Deployment, list[int]]] = {}
    for index, dep in enumerate(deps):
        at.setdefault(id(dep), (dep, []))[1].append(index)
    shapes: dict[tuple[Any, ...], list[tuple[Deployment, np.ndarray]]] = {}
    for dep, members in at.values():
        shapes.setdefault(replica_shape(dep), []).append((dep, np.array(members)))
    numbers = [np.asarray(column, dtype=float) for column in columns]
    found: list[np.ndarray] = []
    for same_shape in shapes.values():
        for indexes, figures in _of_shape(same_shape, formula, numbers):
            if not found:
                found = [np.empty(len(deps)) for _ in figures]
            for column, figure in zip(found, figures, strict=True):
                column[indexes] = figure
    return found


def _of_shape(
    same_shape: list[tuple[Deployment, np.ndarray]], formula: Formula, numbers: list[np.ndarray]
) -> list[tuple[np.ndarray, tuple[Number, ...]]]:
    """(element indexes, the formula's figures for them) of replicas of one shape: all as one
    stack where the formula takes them as one, else replica by replica."""
    if len(same_shape) > 1:
        lines = [members.size for _, members in same_shape]
        indexes = np.concatenate([members for _, members in same_shape])
        try:
            stacked = Stacking(lines).of([dep for dep, _ in same_shape], "replica")
            return [(indexes, formula(stacked, *(each[indexes] for each in numbers)))]
        except (NotStackableError, ValueError, TypeError, OverflowError) as err:
            if not branched_apart(err):
                raise
    found = []
    for dep, indexes in same_shape:
        found.append((indexes, formula(dep, *(each[indexes] for each in numbers))))
    return found
