"""The serving choice and the pools' goal in plan files: plans from before them open unchanged
(compared with pools, as they were shown) and are not rewritten; a value no Aisle knows is
refused naming the field; the defaults are not written, so older Aisles read new files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisle_desktop.plan import PlanFileError, load_plan, plan_to_text, save_plan

SCENARIO_1 = 'scenario 1 "Llama 3.1 70B RAG assistant"'


def test_a_plan_from_before_the_choice_opens_compared_and_unchanged(plan_file: Path) -> None:
    data = json.loads(plan_file.read_text(encoding="utf-8"))
    assert all("serving" not in s["hardware"] for s in data["scenarios"])
    before = plan_file.read_bytes()
    loaded = load_plan(plan_file)
    assert {s.hardware.serving for s in loaded.plan.scenarios} == {"compare"}
    assert {s.hardware.search_goal for s in loaded.plan.scenarios} == {"fewest_gpus"}
    assert plan_file.read_bytes() == before  # opening never rewrites
    # Saved again with the defaults, the file reads the same as before the fields existed.
    assert plan_to_text(loaded.plan) == before.decode("utf-8")


def test_a_chosen_serving_and_goal_are_written_and_read_back(plan_file: Path) -> None:
    loaded = load_plan(plan_file).plan
    first = loaded.scenarios[0]
    hardware = first.hardware.model_copy(
        update={"serving": "disaggregated", "search_goal": "lowest_cost"}
    )
    changed = loaded.model_copy(
        update={"scenarios": [first.model_copy(update={"hardware": hardware})]}
    )
    save_plan(changed, plan_file)
    data = json.loads(plan_file.read_text(encoding="utf-8"))
    assert data["scenarios"][0]["hardware"]["serving"] == "disaggregated"
    assert data["scenarios"][0]["hardware"]["search_goal"] == "lowest_cost"
    assert load_plan(plan_file).plan.scenarios[0].hardware == hardware


@pytest.mark.parametrize(
    ("field", "value"),
    [("serving", "split"), ("serving", 2), ("search_goal", "cheapest")],
)
def test_an_unknown_serving_value_is_refused_naming_the_field(
    plan_file: Path, field: str, value: object
) -> None:
    data = json.loads(plan_file.read_text(encoding="utf-8"))
    data["scenarios"][0]["hardware"][field] = value
    plan_file.write_text(json.dumps(data, indent=2), encoding="utf-8")
    content = plan_file.read_bytes()
    with pytest.raises(PlanFileError) as info:
        load_plan(plan_file)
    message = str(info.value)
    label = {"serving": "Serving", "search_goal": "Pools search for"}[field]
    allowed = {
        "serving": "'aggregated', 'disaggregated' or 'compare'",
        "search_goal": "'fewest_gpus' or 'lowest_cost'",
    }[field]
    got = json.dumps(value)
    assert message == (
        f"{plan_file}: {SCENARIO_1}, hardware, {label} ({field}): must be {allowed}, got {got}"
    )
    assert plan_file.read_bytes() == content  # nothing else changes
