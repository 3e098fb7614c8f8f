"""Each migration step, the chain, and opening a version-1 file without rewriting it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.plan import CURRENT_VERSION, Hardware, Plan, load_plan, save_plan
from aisle_desktop.plan.migrations import (
    PAST_DEFAULTS,
    migrate,
    steps,
    v1_to_v2,
    v2_to_v3,
    v3_to_v4,
)
from tests.plan.old_files import v2_file


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
    assert migrate({"version": CURRENT_VERSION, "x": 1}, CURRENT_VERSION) == {"version": 4, "x": 1}
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


def test_v2_to_v3_drops_every_shipped_default_of_the_past(plan: Plan) -> None:
    old = v2_file(plan)
    kept = copy.deepcopy(old)
    new = v2_to_v3(old)
    assert old == kept  # pure
    assert new["version"] == 3
    (scenario,) = new["scenarios"]
    assert "performance" not in scenario and "cost_assumptions" not in scenario
    assert "assumption_overrides" not in scenario  # nothing the planner chose


def test_v2_to_v3_keeps_any_other_value_as_the_planners_override(plan: Plan) -> None:
    new = v2_to_v3(v2_file(plan, request_overhead_ms=7.5, target_utilization=0.6))
    (scenario,) = new["scenarios"]
    assert scenario["assumption_overrides"] == {
        "request_overhead_ms": 7.5,
        "target_utilization": 0.6,
    }


def test_v2_to_v3_leaves_what_it_does_not_recognise() -> None:
    odd = {"version": 2, "scenarios": [{"name": "x", "performance": 3}, "not a scenario"]}
    new = v2_to_v3(odd)
    assert new["scenarios"] == [{"name": "x", "performance": 3}, "not a scenario"]
    assert v2_to_v3({"version": 2, "scenarios": {}}) == {"version": 3, "scenarios": {}}
    assert PAST_DEFAULTS["performance"]["block_scaled_gemm_efficiency"] == (0.8, 0.65)


def test_a_saved_plan_writes_no_assumptions_unless_overridden(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "new.aisle"
    save_plan(plan, path)
    text = path.read_text(encoding="utf-8")
    assert "assumption" not in text and "performance" not in text
    mine = plan.scenarios[0].model_copy(update={"assumption_overrides": {"pue_typo": 1.0}})
    save_plan(plan.model_copy(update={"scenarios": [mine]}), path)
    stored = json.loads(path.read_text(encoding="utf-8"))["scenarios"][0]
    assert stored["assumption_overrides"] == {"pue_typo": 1.0}  # names are sizing's to check


def test_opening_a_v2_file_migrates_in_memory_only(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "november.aisle"
    path.write_text(json.dumps(v2_file(plan, layer_overhead_us=25.0), indent=2), "utf-8")
    before = path.read_bytes()
    loaded = load_plan(path)
    assert loaded.file_version == 2 and loaded.migrated
    assert loaded.plan.scenarios[0].assumption_overrides == {"layer_overhead_us": 25.0}
    assert path.read_bytes() == before


def _v3_file(**flags: Any) -> dict[str, Any]:
    hardware = {"gpu_id": "b200", "tp": 8, **flags}
    return {"version": 3, "scenarios": [{"name": "moe", "hardware": hardware}]}


@pytest.mark.parametrize(
    ("flags", "layout"),
    [
        ({"expert_parallel": False, "data_parallel_attention": False}, None),  # the default
        ({"expert_parallel": True, "data_parallel_attention": False}, "ep"),
        ({"expert_parallel": True, "data_parallel_attention": True}, "ep_attention_dp"),
        ({}, None),
    ],
)
def test_v3_to_v4_keeps_a_chosen_expert_layout_and_lets_the_default_search(
    flags: dict[str, Any], layout: str | None
) -> None:
    old = _v3_file(**flags)
    kept = copy.deepcopy(old)
    new = v3_to_v4(old)
    assert old == kept  # pure
    (scenario,) = new["scenarios"]
    assert new["version"] == 4
    assert scenario["hardware"] == {"gpu_id": "b200", "tp": 8} | (
        {"expert_layout": layout} if layout else {}
    )
    loaded = Hardware.model_validate(scenario["hardware"])
    assert loaded.expert_layout == (layout or "auto")


def test_v3_to_v4_leaves_what_it_does_not_recognise() -> None:
    odd = _v3_file(expert_parallel="yes")
    assert v3_to_v4(odd)["scenarios"] == odd["scenarios"]
    assert v3_to_v4({"version": 3, "scenarios": ["x"]}) == {"version": 4, "scenarios": ["x"]}
