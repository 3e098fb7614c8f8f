"""A plan file missing its model, GPU or load opens as documented, with a note naming each.

docs/plan-format.md: "Missing fields take the model's defaults". QA's files of 4 December
lacked `model_id`, or `load` and `gpu_id`, and opened as Llama 3.1 70B on H100s with `plan
check` saying "no problems". They still open (older and hand-written plans rely on defaults);
each defining field left out is named, with the default used.
"""

from __future__ import annotations

import json
from pathlib import Path

from aisle_desktop.plan import Plan, load_plan, preset_scenario, save_plan
from tests.plan.old_files import v2_file

FIRST = 'scenario 1 "Llama 3.1 8B chat assistant"'


def _file_without(tmp_path: Path, *paths: tuple[str, ...]) -> Path:
    path = tmp_path / "cut.aisle"
    save_plan(Plan(scenarios=[preset_scenario("llama-8b-chat")]), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    for keys in paths:
        node = data["scenarios"][0]
        for key in keys[:-1]:
            node = node[key]
        del node[keys[-1]]
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_a_missing_model_gpu_and_load_are_named_with_the_default_used(tmp_path: Path) -> None:
    path = _file_without(
        tmp_path, ("workload", "model_id"), ("workload", "load"), ("hardware", "gpu_id")
    )
    before = path.read_bytes()
    loaded = load_plan(path)
    assert loaded.plan.scenarios[0].workload.model_id == "llama-3.1-70b"
    assert loaded.plan.scenarios[0].hardware.gpu_id == "h100-sxm"
    assert loaded.defaulted == (
        f"{FIRST}, workload, Model (model_id): not in the file, so Aisle uses the default: "
        '"llama-3.1-70b"',
        f"{FIRST}, workload, load: not in the file, so Aisle uses the default: kind "
        '"active_users", requests_in_flight 50, active_users 300, ...',
        f'{FIRST}, hardware, GPU (gpu_id): not in the file, so Aisle uses the default: "h100-sxm"',
    )
    assert path.read_bytes() == before


def test_a_missing_section_is_one_note(tmp_path: Path) -> None:
    loaded = load_plan(_file_without(tmp_path, ("hardware",)))
    assert len(loaded.defaulted) == 1
    assert loaded.defaulted[0].startswith(f"{FIRST}, hardware: not in the file, so Aisle uses ")


def test_complete_files_of_every_version_have_no_notes(tmp_path: Path) -> None:
    plan = Plan(scenarios=[preset_scenario("llama-70b-rag"), preset_scenario("deepseek-v3")])
    current = tmp_path / "now.aisle"
    save_plan(plan, current)
    old = tmp_path / "v2.aisle"
    old.write_text(json.dumps(v2_file(plan)), encoding="utf-8")
    assert load_plan(current).defaulted == ()
    assert load_plan(old).defaulted == () and load_plan(old).migrated
    # Fields written only when set (engine release, serving, overrides) are no one's omission.
    data = json.loads(current.read_text(encoding="utf-8"))
    assert "engine_version" not in data["scenarios"][0]["workload"]
