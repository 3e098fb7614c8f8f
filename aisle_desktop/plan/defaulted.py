"""Fields that define a scenario, missing from a plan file and so taken at their defaults.

The plan format lets a missing field take the model's default (docs/plan-format.md), and a
hand-written or cut-down plan relies on that. But a plan without its model, GPU or load opens
as the default Llama 3.1 70B on H100s, which its author never chose: such a plan is read as
before, and each defining field it lacks is named in a note (`plan check`, the window's Notes
tab), so nobody takes the defaults for the author's choice.
"""

from __future__ import annotations

import json
from typing import Any

from aisle_desktop.plan.file_problems import field_place, scenario_label
from aisle_desktop.plan.scenario import Scenario
from aisle_desktop.strict_json import excerpt

# What a planner chooses to say what the scenario is; the rest (costs, racks, adapters...) has
# defaults nobody would miss. A whole section missing is one note, not one per field in it.
DEFINING: tuple[tuple[str, ...], ...] = (
    ("name",),
    ("workload",),
    ("workload", "model_id"),
    ("workload", "weight_precision"),
    ("workload", "engine_id"),
    ("workload", "prompt"),
    ("workload", "output_tokens"),
    ("workload", "load"),
    ("workload", "targets"),
    ("hardware",),
    ("hardware", "gpu_id"),
    ("costs",),
)


def _default(path: tuple[str, ...]) -> str:
    """The default as the file would write it: "llama-3.1-70b", or a section's first fields."""
    value: Any = Scenario().model_dump(mode="json")
    for key in path:
        value = value[key]
    if isinstance(value, dict):
        shown = ", ".join(f"{k} {json.dumps(v)}" for k, v in list(value.items())[:3])
        return excerpt(shown, 100) + (", ..." if len(value) > 3 else "")
    return json.dumps(value)


def _missing(raw: dict[str, Any]) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for path in DEFINING:
        if any(path[: len(gone)] == gone for gone in found):
            continue  # inside a section already missing
        node: Any = raw
        for key in path[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict) and path[-1] not in node:
            found.append(path)
    return found


def defaulted_notes(scenarios: Any) -> list[str]:
    """One note per defining field the file's scenarios lack (after migration): `scenario 1
    "Chat", workload, Model (model_id): not in the file, so Aisle uses the default:
    "llama-3.1-70b"`."""
    if not isinstance(scenarios, list):
        return []
    notes = []
    for index, raw in enumerate(scenarios):
        if not isinstance(raw, dict):
            continue
        for path in _missing(raw):
            place = field_place(path)
            notes.append(
                f"{scenario_label(index, raw)}, {place}: not in the file, so Aisle uses the "
                f"default: {_default(path)}"
            )
    return notes
