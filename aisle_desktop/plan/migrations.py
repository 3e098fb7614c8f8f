"""Plan format versions and the steps between them.

Each step is a pure function from one version's top-level dict to the next version's, registered
in order with ``@step(from_version)``. Reading runs every step from the file's version up to
``CURRENT_VERSION``; the file on disk is never rewritten by reading (only a later save writes
the current layout). Steps must accept a malformed dict without raising: they move what they
recognise and leave the rest for validation to report. History is in docs/plan-format.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

JsonObject = dict[str, Any]
Step = Callable[[JsonObject], JsonObject]

CURRENT_VERSION = 4

_STEPS: dict[int, Step] = {}


def step(from_version: int) -> Callable[[Step], Step]:
    """Register ``function`` as the migration from ``from_version`` to ``from_version + 1``."""

    def register(function: Step) -> Step:
        if from_version in _STEPS:
            raise RuntimeError(f"two migrations from plan version {from_version}")
        _STEPS[from_version] = function
        return function

    return register


def steps() -> dict[int, Step]:
    """The registered steps by the version they start from (for tests and docs)."""
    return dict(_STEPS)


@step(1)
def v1_to_v2(data: JsonObject) -> JsonObject:
    """Version 1 held one ``scenario`` and ``custom_entries``; 2: ``scenarios`` and ``catalog``.

    Version 2 lets one plan compare options side by side, so the single scenario becomes a
    one-item list, and the entries it carries move to ``catalog`` (same four lists).
    """
    out = {k: v for k, v in data.items() if k not in ("scenario", "custom_entries")}
    if "scenario" in data and "scenarios" not in data:
        out["scenarios"] = [data["scenario"]]
    elif "scenario" in data:
        out["scenario"] = data["scenario"]  # both present: leave it for validation to flag
    if "custom_entries" in data and "catalog" not in data:
        out["catalog"] = data["custom_entries"]
    elif "custom_entries" in data:
        out["custom_entries"] = data["custom_entries"]
    out["version"] = 2
    return out


# Every value a released Aisle ever shipped as the default of each assumption, read from the
# history of its declaration (git log -p aisle_desktop/sizing/assumptions.py, later
# sizing/calibration/assumptions.py). A version-2 file wrote all of them out in full; a stored
# value found here was the default of its day, not the planner's choice.
PAST_DEFAULTS: dict[str, dict[str, tuple[float, ...]]] = {
    "performance": {
        "runtime_overhead_gib_tp1": (1.5,),
        "runtime_overhead_gib_multi_gpu": (2.5,),
        "paging_waste_fraction": (0.02,),
        "request_overhead_ms": (10.0, 5.0),
        "allreduce_efficiency": (1.0, 0.5),
        "attention_flops_efficiency": (0.35,),
        "attention_bandwidth_efficiency": (0.72,),
        "block_scaled_gemm_efficiency": (0.8, 0.65),
        "expert_gemm_half_rate_width": (1000.0,),
        "layer_overhead_us": (20.0,),
        "activation_quantization_us_per_layer": (30.0,),
        "stream_overhead_us_per_sequence": (20.0, 40.0),
        "pipeline_send_latency_us": (20.0,),
        "benchmark_requests": (500,),
    },
    "cost_assumptions": {
        "gpu_average_power_fraction": (0.7,),
        "network_storage_overhead_fraction": (0.1,),
        "support_fraction_per_year": (0.1,),
        "target_utilization": (0.8,),
    },
}


def _overrides_of(scenario: JsonObject) -> JsonObject:
    """The stored assumptions that were not a shipped default: the planner's own values."""
    kept: JsonObject = {}
    for section, defaults in PAST_DEFAULTS.items():
        stored = scenario.get(section)
        if not isinstance(stored, dict):
            continue
        for name, value in stored.items():
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            if not (is_number and value in defaults.get(name, ())):
                kept[name] = value
    return kept


@step(2)
def v2_to_v3(data: JsonObject) -> JsonObject:
    """Version 2 froze the model's assumptions into every scenario; 3 keeps only overrides.

    Each scenario's ``performance`` and ``cost_assumptions`` objects go. A value equal to any
    default a release shipped is dropped, so the plan sizes with the calibration of the day it
    is opened; any other value (or name) is the planner's and becomes an entry of
    ``assumption_overrides``, which sizing then checks against its calibration.
    """
    scenarios = data.get("scenarios")
    if not isinstance(scenarios, list):
        return {**data, "version": 3}
    moved: list[Any] = []
    for scenario in scenarios:
        untouched = "assumption_overrides" in scenario if isinstance(scenario, dict) else True
        if untouched or not any(s in scenario for s in PAST_DEFAULTS):
            moved.append(scenario)  # nothing to move, or a mix: left for validation to flag
            continue
        out = {k: v for k, v in scenario.items() if k not in PAST_DEFAULTS}
        overrides = _overrides_of(scenario)
        for section in PAST_DEFAULTS:
            if section in scenario and not isinstance(scenario[section], dict):
                out[section] = scenario[section]  # not an object: left for validation to flag
        if overrides:
            out["assumption_overrides"] = overrides
        moved.append(out)
    return {**data, "scenarios": moved, "version": 3}


def _expert_layout(hardware: JsonObject) -> JsonObject:
    """A version-3 ``hardware`` with its two expert flags turned into ``expert_layout``."""
    flags = ("expert_parallel", "data_parallel_attention")
    ep, dp = (hardware.get(f) for f in flags)
    if not all(isinstance(v, bool | None) for v in (ep, dp)) or "expert_layout" in hardware:
        return hardware  # malformed or mixed: left for validation to flag
    out = {k: v for k, v in hardware.items() if k not in flags}
    if ep:
        out["expert_layout"] = "ep_attention_dp" if dp else "ep"
    return out


@step(3)
def v3_to_v4(data: JsonObject) -> JsonObject:
    """Version 3 had two flags, ``expert_parallel`` and ``data_parallel_attention``; 4 has one
    ``expert_layout`` that may also be ``"auto"`` (the split search sizes each layout).

    A set ``expert_parallel`` was the planner's choice and is kept (``"ep"``, or
    ``"ep_attention_dp"`` with data-parallel attention); ``false`` was the default every file
    wrote, so it becomes the new default, ``"auto"``.
    """
    scenarios = data.get("scenarios")
    if not isinstance(scenarios, list):
        return {**data, "version": 4}
    moved: list[Any] = []
    for scenario in scenarios:
        hardware = scenario.get("hardware") if isinstance(scenario, dict) else None
        if isinstance(hardware, dict):
            scenario = {**scenario, "hardware": _expert_layout(hardware)}
        moved.append(scenario)
    return {**data, "scenarios": moved, "version": 4}


def migrate(data: JsonObject, version: int) -> JsonObject:
    """Run every step from ``version`` to the current one; ``version`` must be in range."""
    if not 1 <= version <= CURRENT_VERSION:
        raise ValueError(f"no migration path from plan version {version}")
    for from_version in range(version, CURRENT_VERSION):
        data = _STEPS[from_version](data)
    return data


def _check_registry() -> None:
    # A gap in the chain would only show up when someone opens an old file; fail at import.
    missing = [v for v in range(1, CURRENT_VERSION) if v not in _STEPS]
    if missing:
        raise RuntimeError(f"plan migrations missing from versions {missing}")


_check_registry()
