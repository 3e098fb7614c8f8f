"""Copies of a scenario with a few fields changed, as the sizing tests need them."""

from __future__ import annotations

from aisle_desktop.plan import Scenario


def with_parts(scenario: Scenario, **parts: dict[str, object]) -> Scenario:
    """A copy with some fields of workload / hardware / costs / load changed."""
    workload = scenario.workload
    if "load" in parts:
        workload = workload.model_copy(
            update={"load": workload.load.model_copy(update=parts["load"])}
        )
    if "workload" in parts:
        workload = workload.model_copy(update=parts["workload"])
    return scenario.model_copy(
        update={
            "workload": workload,
            "hardware": scenario.hardware.model_copy(update=parts.get("hardware", {})),
            "costs": scenario.costs.model_copy(update=parts.get("costs", {})),
        }
    )
