"""Stacking an object's differing fields in place gives what stacking each value alone gives,
and a step works out only the routing spread its replica has."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from aisle_desktop.sizing.engine.copies import replaced
from aisle_desktop.sizing.engine.steptime import expert_share_touched
from aisle_desktop.sizing.validation import stacked


@dataclass(frozen=True, slots=True)
class _Replica:
    bandwidth_tbps: float
    layers: int
    kv_admission: str
    name: str
    fused: bool
    cap: float | int
    draft: float | int


def test_an_objects_differing_fields_stack_as_each_fields_values_alone() -> None:
    """Numbers become an array of one element a line, the two per-element labels too; any
    other label, a flag or numbers of two types refuse every use; equal values of two types
    (1 and 1.0) stay the first's."""
    rows = [
        _Replica(1.5, 61, "occupancy", "B200", True, 1, 2),
        _Replica(2.5, 61, "full_sequence", "H200", False, 1.0, 2.5),
    ]
    lines = [2, 1]
    got = stacked.Stacking(lines).of(rows, "replica")
    assert got.bandwidth_tbps.tolist() == [1.5, 1.5, 2.5]
    assert got.layers == 61
    assert got.kv_admission.tolist() == ["occupancy", "occupancy", "full_sequence"]
    assert got.cap == 1 and isinstance(got.cap, int)
    for name in ("name", "fused", "draft"):
        field = getattr(got, name)
        assert isinstance(field, stacked.Differs)
        alone = stacked.Stacking(lines).of([getattr(row, name) for row in rows], f"replica.{name}")
        assert isinstance(alone, stacked.Differs) and alone.name == field.name


def test_a_replicas_share_of_experts_touched_is_the_formula_of_its_own_spread(
    deploy,  # type: ignore[no-untyped-def]
) -> None:
    """DeepSeek-V3 (8 of 256 experts a token): even routing touches 1 - (31/32)^n, a spread
    of cv 1 touches 1 - (1 + n / 32)^-1, for one token, a few and a batch, as plain numbers
    and as arrays alike."""
    dep = deploy("deepseek-v3", "h200-sxm", tp=8)
    tokens = np.array([1.0, 8.0, 256.0])
    for cv in (0.0, 1.0):
        assumptions = dep.assumptions.model_copy(update={"expert_load_cv": cv})
        one = replaced(dep, assumptions=assumptions)
        expected = 1.0 - (1.0 + tokens / 32.0) ** -1.0 if cv else 1.0 - (31.0 / 32.0) ** tokens
        np.testing.assert_allclose(expert_share_touched(one, tokens), expected, rtol=1e-15)
        for each, share in zip(tokens.tolist(), expected.tolist(), strict=True):
            assert abs(expert_share_touched(one, each) - share) <= 1e-15 * share


def test_catalog_entries_stack_each_field_when_first_read(catalog) -> None:  # type: ignore[no-untyped-def]
    """An H100's and an H200's entries stacked over 2 and 1 lines: a field read is each
    GPU's value a line (3.35 and 4.8 TB/s), kept; fields never read are never stacked; the
    entry's own properties run on the stacked numbers (79.6 and 140.4 GiB in GB); a copy
    with some fields changed keeps the rest; pydantic's copying, comparing and hashing
    refuse, as a field that differs does."""
    h100, h200 = catalog.gpu("h100-sxm"), catalog.gpu("h200-sxm")
    got = stacked.Stacking([2, 1]).of([h100, h200], "replica.gpu")
    assert isinstance(got, stacked.StackedEntry)
    assert got.memory_bandwidth_tbps.tolist() == [3.35, 3.35, 4.8]
    assert list(got.__dict__) == ["memory_bandwidth_tbps"]
    gb = [h100.usable_memory_gb, h100.usable_memory_gb, h200.usable_memory_gb]
    assert got.usable_memory_gb.tolist() == gb
    assert got.interconnect.kind == h100.interconnect.kind  # both NVLink
    assert isinstance(got.name, stacked.Differs)
    copy = got.model_copy(update={"usable_memory_gib": 1.0})
    assert copy.usable_memory_gb == 2**30 / 1e9
    assert copy.memory_bandwidth_tbps is got.memory_bandwidth_tbps
    for use in (lambda: got == h100, lambda: hash(got), lambda: got.model_dump()):
        with pytest.raises(stacked.NotStackableError, match=r"replica\.gpu"):
            use()
