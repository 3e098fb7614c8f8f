"""Any valid plan saves and loads back equal, and its file is stable readable JSON."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings

from aisle_desktop.catalog import load_catalog
from aisle_desktop.plan import (
    CURRENT_VERSION,
    Plan,
    load_plan,
    plan_from_text,
    plan_to_text,
    preset_scenario,
)
from tests.plan.plan_strategies import custom_entries, plans

_CUSTOM = custom_entries(load_catalog())


@settings(max_examples=100)  # Hypothesis' default; each run draws other plans
@given(plans(_CUSTOM))
def test_any_plan_round_trips_through_text(plan: Plan) -> None:
    text = plan_to_text(plan)
    again, version = plan_from_text(text, Path("memory.aisle"))
    assert again == plan
    assert version == CURRENT_VERSION
    assert plan_to_text(again) == text  # stable: saving twice writes the same bytes


def test_file_round_trip_and_layout(plan: Plan, plan_file: Path) -> None:
    loaded = load_plan(plan_file)
    assert loaded.plan == plan and not loaded.migrated
    text = plan_file.read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data)[:2] == ["format", "version"]
    assert data["format"] == "aisle-plan" and data["version"] == CURRENT_VERSION
    assert text.startswith('{\n  "format": "aisle-plan",\n  "version": ')
    assert all("origin" not in e for e in data["catalog"]["gpus"])  # set on loading, not stored
    assert {e.origin for e in loaded.plan.catalog.gpus} == {"plan"}


def test_a_negative_zero_is_written_as_zero() -> None:
    """A file's -0.0 reads as 0.0 (strict_json), so a plan holding -0.0 (built in code, not
    typed or opened) is written 0.0: else it read back changed and saved to other bytes."""
    data = Plan(scenarios=[preset_scenario("llama-70b-rag")]).model_dump()
    data["scenarios"][0]["workload"]["load"]["think_time_s"] = -0.0
    data["scenarios"][0]["assumption_overrides"] = {"paging_waste_fraction": -0.0}
    text = plan_to_text(Plan.model_validate(data))
    assert '"think_time_s": 0.0' in text and '"paging_waste_fraction": 0.0' in text
    assert plan_to_text(plan_from_text(text, Path("memory.aisle"))[0]) == text
