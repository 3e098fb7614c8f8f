"""A plan to and from its file contents: format and version checks, migration, validation.

Reading goes text -> strict JSON -> format/version check -> migrations -> pydantic; writing
produces the current version with two-space indents and a fixed key order, so files diff well.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from aisle_desktop.catalog import TIER_FIELDS_WRITTEN_WHEN_SET
from aisle_desktop.plan.defaulted import defaulted_notes
from aisle_desktop.plan.document import FORMAT, Plan
from aisle_desktop.plan.errors import PlanFileError, PlanVersionError
from aisle_desktop.plan.file_problems import describe_plan_problems, describe_scenario_problems
from aisle_desktop.plan.jsontext import parse_json
from aisle_desktop.plan.migrations import CURRENT_VERSION, migrate
from aisle_desktop.plan.scenario import Scenario
from aisle_desktop.strict_json import json_kind

# "origin" says where an entry came from on this machine; the loader sets it, files never do.
_NO_ORIGIN = {"__all__": {"origin"}}
_DUMP_EXCLUDE: Any = {
    "catalog": {
        "gpus": _NO_ORIGIN,
        "servers": _NO_ORIGIN,
        "models": _NO_ORIGIN,
        "engines": _NO_ORIGIN,
    }
}

# Hardware fields added after version 4 and written only when the planner changed them.
_WRITTEN_WHEN_SET = {"serving": "compare", "search_goal": "fewest_gpus"}


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """The file's JSON object: ``format`` and ``version`` first, then the plan's fields."""
    body = plan.model_dump(mode="json", exclude=_DUMP_EXCLUDE)
    if not plan.name:
        del body["name"]  # unnamed plans read the same in every Aisle that knows version 4
    for gpu in body["catalog"]["gpus"]:
        if gpu["short_name"] is None:
            del gpu["short_name"]  # an Aisle from before the field reads the entry the same
    for engine in body["catalog"]["engines"]:
        for tier in engine["gpu_memory_tiers"]:
            for name in TIER_FIELDS_WRITTEN_WHEN_SET:
                if not tier[name]:
                    del tier[name]  # None or no names: read the same by an Aisle before them
    for scenario in body["scenarios"]:
        if not scenario["assumption_overrides"]:
            del scenario["assumption_overrides"]  # written only when the planner set one
        if scenario["workload"]["engine_version"] is None:
            del scenario["workload"]["engine_version"]  # None: the newest release
        embeddings = scenario["workload"]["embeddings"]
        if embeddings is not None and embeddings["server_id"] is None:
            del embeddings["server_id"]  # None: on the answering model's GPUs
        hardware = scenario["hardware"]
        for name, default in _WRITTEN_WHEN_SET.items():
            if hardware[name] == default:
                del hardware[name]  # an Aisle from before the field reads the file the same
    return {"format": FORMAT, "version": CURRENT_VERSION, **_unsigned_zeros(body)}


def _unsigned_zeros(value: Any) -> Any:
    """``value`` with every -0.0 in it written 0.0, as a file's -0.0 is read (`strict_json`):
    a plan holding one would read back changed, and save to other bytes the second time."""
    if isinstance(value, dict):
        return {key: _unsigned_zeros(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unsigned_zeros(item) for item in value]
    return value + 0.0 if isinstance(value, float) else value


def plan_to_text(plan: Plan) -> str:
    """The file contents: readable JSON (indent 2, field order fixed by the models)."""
    return json.dumps(plan_to_data(plan), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def file_version(data: Any, path: Path) -> int:
    """Check ``format`` and ``version``; return the version, refusing newer ones."""
    if not isinstance(data, dict):
        found = json_kind(data)
        raise PlanFileError(path, f"not an Aisle plan: expected a JSON object, found {found}")
    fmt = data.get("format")
    if fmt != FORMAT:
        found = "no format field" if "format" not in data else f"format {json.dumps(fmt)[:60]}"
        raise PlanFileError(path, f'not an Aisle plan: has {found}, expected "{FORMAT}"')
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        shown = json.dumps(version)[:40]
        raise PlanFileError(path, f"version must be a whole number, got {shown}")
    if version > CURRENT_VERSION:
        raise PlanVersionError(path, version, CURRENT_VERSION)
    if version < 1:
        raise PlanFileError(path, f"version must be 1 or more, got {version}")
    return version


def _check_scenarios_strictly(raw: Any, path: Path) -> None:
    # The plan model coerces "256" and true into numbers (pydantic's lax mode); a hand-edited
    # or damaged scenario with the wrong JSON type should be refused, so check scenarios strictly.
    if not isinstance(raw, list):
        return
    for index, item in enumerate(raw):
        try:
            Scenario.model_validate_json(json.dumps(item), strict=True)
        except ValidationError as err:
            raise PlanFileError(path, describe_scenario_problems(err, index, item)) from None


def plan_from_data(data: Any, path: Path) -> tuple[Plan, int]:
    """Validate parsed JSON as a plan; return it and the version the file was written in."""
    plan, version, _notes = plan_and_notes(data, path)
    return plan, version


def plan_and_notes(data: Any, path: Path) -> tuple[Plan, int, list[str]]:
    """As ``plan_from_data``, with a note for each defining field the file left to its
    default (``defaulted_notes``)."""
    version = file_version(data, path)
    body = migrate(data, version)
    body = {k: v for k, v in body.items() if k not in ("format", "version")}
    _check_scenarios_strictly(body.get("scenarios"), path)
    try:
        plan = Plan.model_validate(body)
    except ValidationError as err:
        raise PlanFileError(path, describe_plan_problems(err, body)) from None
    return plan, version, defaulted_notes(body.get("scenarios"))


def plan_from_text(text: str, path: Path) -> tuple[Plan, int]:
    """Parse a file's contents; ``path`` only names the file in error messages."""
    return plan_from_data(parse_json(text, path), path)
