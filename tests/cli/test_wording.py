"""Counts read in the right number everywhere a planner reads them: "1 rack", "4 replicas"."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import load_catalog
from aisle_desktop.cli.main import main
from aisle_desktop.formatting import with_unit
from aisle_desktop.plan import Hardware


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1, "racks", "1 rack"),
        (2, "racks", "2 racks"),
        (1, "GPUs", "1 GPU"),
        (1, "replicas", "1 replica"),
        (1, "tokens/s", "1 tokens/s"),  # a rate keeps its unit
        (1, "servers/rack", "1 server/rack"),  # a count per thing does not
    ],
)
def test_a_count_of_one_reads_singular(value: float, unit: str, text: str) -> None:
    assert with_unit(value, unit) == text


def test_users_are_counted_whole_below_a_million() -> None:
    """A planner reads "1,077 users" (the default plan's most users within its targets), not
    "1.08 k users"; a million and more read short."""
    assert with_unit(1076.8, "users") == "1,077 users"
    assert with_unit(14_769.2, "users") == "14,769 users"
    assert with_unit(2_500_000, "users") == "2.5 M users"


def test_size_writes_no_bracketed_plurals(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["size", "--preset", "llama-70b-rag"]) == 0
    out = capsys.readouterr().out
    assert "= 4 replicas of TP 2 × PP 1" in out
    assert "1 rack\n" in out or "1 rack " in out
    assert "(s)" not in out


def test_the_default_rack_is_the_catalogs_typical_room() -> None:
    """12 kW, AFCOM's 2024 survey average, not a 40 kW AI hall."""
    presets = {p.id: p for p in load_catalog().prices.rack_power_limit_kw_presets}
    typical = presets["typical-12kw"]
    assert Hardware().rack_power_limit_kw == typical.limit_kw == 12
    assert "AFCOM 2024" in typical.notes
