"""The load's kind is read in one place (demand.py): what each kind states, and how it is read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aisle_desktop import sizing
from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import LOAD_KIND_FIELDS, LoadSpec, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario
from aisle_desktop.sizing.planning.demand import (
    LOAD_KINDS,
    fixed_in_flight,
    load_reading,
    settled_rate,
    stated_count,
    users_within_targets,
)
from tests.sizing.scenario_edits import with_parts

SIZING = Path(sizing.__file__).resolve().parent


def test_only_demand_reads_the_load_kind() -> None:
    readers = [
        path.relative_to(SIZING).as_posix()
        for path in SIZING.rglob("*.py")
        if re.search(r"load\.kind\b", path.read_text(encoding="utf-8"))
    ]
    assert readers == ["planning/demand.py"]


@pytest.mark.parametrize(
    ("kind", "count"), [("in_flight", 64), ("active_users", 300), ("daily_requests", 500)]
)
def test_each_kind_states_its_count_in_a_field_of_the_load(kind: str, count: int) -> None:
    load = LoadSpec(kind=kind, requests_in_flight=64, active_users=300, users=500)  # type: ignore[arg-type]
    assert stated_count(load) == count
    assert LOAD_KINDS[load.kind].count_field in LoadSpec.model_fields
    assert set(LOAD_KIND_FIELDS[load.kind]) <= set(LoadSpec.model_fields)
    assert fixed_in_flight(load) == (64 if kind == "in_flight" else None)


def test_users_within_targets_in_each_kinds_terms() -> None:
    """2 requests/s within targets, 10 in flight, 4 s answers, 80% utilisation."""
    think = LoadSpec(kind="active_users", think_time_s=16.0)
    assert users_within_targets(think, 2.0, 10.0, 4.0, 0.8)[0] == 2.0 * (4.0 + 16.0)
    daily = LoadSpec(
        kind="daily_requests",
        requests_per_user_per_day=36.0,
        working_hours_per_day=10.0,
        peak_to_average=2.0,
    )  # a user's peak: 36 / 36,000 s x 2 = 0.002 requests/s
    assert users_within_targets(daily, 2.0, 10.0, 4.0, 0.8)[0] == pytest.approx(800.0)
    fixed = LoadSpec(kind="in_flight")
    assert users_within_targets(fixed, 2.0, 10.0, 4.0, 0.8)[0] == 10.0


def test_the_reading_of_active_users_names_the_gpus_had_they_been_in_flight() -> None:
    load = LoadSpec(kind="active_users", active_users=300, think_time_s=60.0)
    text = load_reading(load, 25.0, 40, 8)
    assert "keep about 25 requests in flight" in text and "about 40 GPUs instead of 8" in text
    # Quoted as the report's "What it means" quotes "Concurrent users" (it read '300 ...').
    assert 'If "300 concurrent users" meant requests always in flight' in text
    assert "still carry it" in load_reading(load, 25.0, 8, 8)
    assert "busiest" in load_reading(LoadSpec(kind="in_flight"), 64.0, 8, 8)


def test_users_who_never_think_settle_where_each_has_one_request_in_flight() -> None:
    """300 users asking again at once, answers of 2 s + 1 s per 100 requests/s: rate x E2E =
    300 at 100 requests/s (E2E 3 s). The bracket began at the rate at no E2E, infinite here."""
    load = LoadSpec(kind="active_users", active_users=300, think_time_s=0.0)
    assert settled_rate(load, lambda rate: 2.0 + rate / 100.0) == pytest.approx(100.0)


def test_a_plan_whose_users_never_think_is_sized_both_ways(catalog: Catalog) -> None:
    """The walk: a plan with a think time of 0 s stopped `size` with a ZeroDivisionError."""
    scenario = with_parts(preset_scenario("llama-70b-rag"), load={"think_time_s": 0.0})
    comparison = size_scenario(catalog, scenario, CURRENT_CALIBRATION).serving_comparison
    assert comparison is not None and comparison.disaggregated is not None
    assert "300 active users asking again 0 s after answers" in comparison.reason
