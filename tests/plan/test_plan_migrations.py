"""Each migration step, the chain, and opening a version-1 file without rewriting it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.plan import CURRENT_VERSION, Plan, load_plan, save_plan
from aisle_desktop.plan.migrations import migrate, steps, v1_to_v2


def _v1_file(plan: Plan) -> dict[str, Any]:
    """A version-1 layout: one ``scenario`` and its ``custom_entries`` (docs/plan-format.md)."""
    gpu = plan.catalog.gpus[0].model_dump(mode="json", exclude={"origin"})
    return {
        "format": "aisle-plan",
        "version": 1,
        "notes": "from 2024",
        "scenario": plan.scenarios[0].model_dump(mode="json"),
        "custom_entries": {"gpus": [gpu]},
    }


def test_every_version_below_current_has_a_step() -> None:
    assert sorted(steps()) == list(range(1, CURRENT_VERSION))


def test_v1_to_v2_moves_the_scenario_and_entries(plan: Plan) -> None:
    old = _v1_file(plan)
    kept = copy.deepcopy(old)
    new = v1_to_v2(old)
    assert old == kept  # pure: the input is not changed
    assert new["version"] == 2
    assert new["scenarios"] == [old["scenario"]]
    assert new["catalog"] == old["custom_entries"]
    assert "scenario" not in new and "custom_entries" not in new
    assert new["notes"] == "from 2024"


def test_v1_to_v2_leaves_what_it_does_not_recognise(plan: Plan) -> None:
    assert v1_to_v2({"version": 1}) == {"version": 2}
    both = {"version": 1, "scenario": {}, "scenarios": []}
    assert v1_to_v2(both) == {"version": 2, "scenario": {}, "scenarios": []}  # validation flags it


def test_migrate_runs_the_chain_and_refuses_out_of_range() -> None:
    assert migrate({"version": CURRENT_VERSION, "x": 1}, CURRENT_VERSION) == {"version": 2, "x": 1}
    with pytest.raises(ValueError, match="no migration path"):
        migrate({}, CURRENT_VERSION + 1)


def test_opening_a_v1_file_migrates_in_memory_only(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "old.aisle"
    path.write_text(json.dumps(_v1_file(plan), indent=2), encoding="utf-8")
    before = path.read_bytes()
    loaded = load_plan(path)
    assert loaded.file_version == 1 and loaded.migrated
    assert loaded.plan.scenarios == [plan.scenarios[0]]
    assert [g.id for g in loaded.plan.catalog.gpus] == [plan.catalog.gpus[0].id]
    assert path.read_bytes() == before
    save_plan(loaded.plan, path)  # saving writes the current version and keeps the v1 as .bak
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == CURRENT_VERSION
    assert (tmp_path / "old.aisle.bak").read_bytes() == before


def test_a_v1_file_with_both_layouts_is_refused(plan: Plan, tmp_path: Path) -> None:
    from aisle_desktop.plan import PlanFileError

    data = _v1_file(plan) | {"scenarios": []}
    path = tmp_path / "odd.aisle"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PlanFileError, match="scenario"):
        load_plan(path)
