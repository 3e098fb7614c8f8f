"""Answers of a group of benchmark lines, worked out as columns, split back into lines.

A group of lines of one replica is predicted as arrays (one element a line, a line alone an
array of one); each figure is a column: an array, or one value every line shares.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from aisle_desktop.sizing.engine import Number

Columns = dict[str, Number]


def _values(column: Number, count: int) -> list[Any]:
    """A column's value for each of `count` lines, as plain Python values (JSON-ready); a
    list or dict every line shares is copied into each (every answer owns its own)."""
    if isinstance(column, np.ndarray):
        return column.tolist()  # type: ignore[no-any-return]
    if isinstance(column, dict) and any(isinstance(v, np.ndarray) for v in column.values()):
        # A breakdown whose parts differ between lines (lines of several replicas).
        parts = {name: _values(part, count) for name, part in column.items()}
        return [dict(zip(parts, line, strict=True)) for line in zip(*parts.values(), strict=True)]
    if isinstance(column, (list, dict)):
        return [column.copy() for _ in range(count)]
    if isinstance(column, np.generic):
        column = column.item()
    return [column] * count


def rows(
    count: int, head: Columns, fits: Number, served: Columns, shown: Columns, unfit: Columns
) -> list[dict[str, Any]]:
    """Each line's answer, in the columns' order: `head`, then `served` if the line fits
    (leaving out a figure whose `shown` column is false for it), else `unfit`.

    A line's answer is a copy of one answer holding what every line shares, updated with the
    line's own values: the same keys in the same order as one built whole (`head` and
    `served` name different figures)."""
    merged = {**head, **served}
    hidden = _left_out(served, shown, count)
    shared = {name: _shared(column) for name, column in merged.items()}
    own_names = [name for name, column in merged.items() if _differs(column)]
    own_values = zip(*(_values(merged[name], count) for name in own_names), strict=True)
    lines = own_values if own_names else itertools.repeat(())
    answers = []
    for index, (fit, values) in enumerate(zip(_values(fits, count), lines, strict=False)):
        answer = shared.copy()
        answer.update(zip(own_names, values, strict=True))
        if fit and served:
            if index in hidden:
                for name in hidden[index]:
                    del answer[name]
        else:
            answer = dict(itertools.islice(answer.items(), len(head)))
            if not fit:
                answer.update(unfit)
        answers.append(answer)
    return answers


def _differs(column: Number) -> bool:
    """Whether each line gets a value of its own from `column` (`_values`): an array's
    elements, or its own copy of a list or dict."""
    return isinstance(column, (np.ndarray, list, dict))


def _shared(column: Number) -> Any:
    """The value every line gets from a column that does not differ (`_differs`)."""
    return column.item() if isinstance(column, np.generic) else column


def _left_out(served: Columns, shown: Columns, count: int) -> dict[int, list[str]]:
    """The lines (by index) whose `shown` columns leave figures of `served` out, and those
    figures (most lines leave none out)."""
    hidden: dict[int, list[str]] = {}
    for name, show in shown.items():
        if name not in served or (show if isinstance(show, bool) else show.all()):
            continue  # shown on every line (most figures)
        flags = np.broadcast_to(np.asarray(show, dtype=bool), (count,))
        for index in np.flatnonzero(~flags).tolist():
            hidden.setdefault(index, []).append(name)
    return hidden
