"""The disaggregated pools of a chunk of `predict` lines, each distinct pair validated once.

A file's disaggregated lines name a few pairs of pools many times over (138 different pairs in
the 566 lines of the 2025-26 set), and validating a line's pools (two `PoolLayout`s and their
checks in Python) costs three times what the rest of the line does. So each line with pools
is first read as its engine ran it (`as_engine_ran`, which the scenario's own validator would
do), and its pools dict is replaced by the `DisaggregatedPools` validated from the first dict
written alike (its `repr`: JSON's values of different types or values never write alike,
not True and 1, nor 1 and 1.0, nor 0.0 and -0.0; pydantic takes an instance as it is). Pools
that do not validate are left as written: the line's own validation then names the problem
where it is, as it would have.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from aisle_desktop.sizing.validation.disaggregated_scenario import DisaggregatedPools
from aisle_desktop.sizing.validation.source_layouts import as_engine_ran


def with_pools_validated_once(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`lines` (JSON objects of scenario lines), those with pools read as their engines ran
    them and holding their pools validated (the same object for equal pools); the others,
    and lines whose pools do not validate, as they are."""
    known: dict[str, DisaggregatedPools | None] = {}
    read_lines = []
    for fields in lines:
        if not isinstance(fields.get("disaggregated"), dict):
            read_lines.append(fields)
            continue
        read = as_engine_ran(fields)
        pools = read.get("disaggregated")
        key = repr(pools)  # of JSON values, equal only for equal values of equal types
        if key not in known:
            known[key] = _validated(pools)
        validated = known[key]
        read_lines.append(fields if validated is None else dict(read, disaggregated=validated))
    return read_lines


def _validated(pools: Any) -> DisaggregatedPools | None:
    try:
        return DisaggregatedPools.model_validate(pools)
    except ValidationError:
        return None
