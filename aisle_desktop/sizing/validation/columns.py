"""Answers of a group of benchmark lines, worked out as columns, split back into lines.

A group of lines of one replica is predicted as arrays (one element a line); a single line as
plain numbers. Either way each figure is a column: an array, or one value every line shares.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from aisle_desktop.sizing.engine import Number

Columns = dict[str, Number]


def _values(column: Number, count: int) -> list[Any]:
    """A column's value for each of `count` lines, as plain Python values (JSON-ready)."""
    if isinstance(column, np.ndarray):
        return list(column.tolist())
    if isinstance(column, np.generic):
        column = column.item()
    return [column] * count


def _own(value: Any) -> Any:
    """A line's own copy of a shared list or dict, so that no two answers share one."""
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


def rows(
    count: int, head: Columns, fits: Number, served: Columns, shown: Columns, unfit: Columns
) -> list[dict[str, Any]]:
    """Each line's answer, in the columns' order: `head`, then `served` if the line fits
    (leaving out a figure whose `shown` column is false for it), else `unfit`."""
    head_values = {name: _values(column, count) for name, column in head.items()}
    served_values = {name: _values(column, count) for name, column in served.items()}
    shown_values = {name: _values(column, count) for name, column in shown.items()}
    fit_values = _values(fits, count)
    answers = []
    for line in range(count):
        answer = {name: _own(values[line]) for name, values in head_values.items()}
        if not fit_values[line]:
            answer.update(unfit)
        else:
            for name, values in served_values.items():
                if name not in shown_values or shown_values[name][line]:
                    answer[name] = _own(values[line])
        answers.append(answer)
    return answers
