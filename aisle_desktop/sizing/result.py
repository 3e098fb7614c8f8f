"""What `size_scenario` returns: every figure with its unit and explanation, plus warnings.

Figures are keyed by stable names (the window, the report and the CLI look them up by name)
so adding a figure never reshuffles the others.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from aisle_desktop.sizing.explain import Assumption, Figure

Severity = Literal["info", "warning", "critical"]


class PlanWarning(BaseModel):
    """Something a planner would miss, said in plain language."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    message: str


class SizingResult(BaseModel):
    """The sized plan for one scenario."""

    model_config = ConfigDict(frozen=True)

    scenario_name: str
    fits: bool
    meets_targets: bool
    status: str
    model_name: str
    gpu_name: str
    engine_name: str
    server_name: str
    weight_precision: str
    kv_precision: str
    weight_only: bool
    input_tokens: int
    output_tokens: int
    demand: str
    tp: int
    pp: int
    replicas: int
    gpus: int
    servers: int
    racks: int
    binding_constraint: str
    bound: str
    figures: dict[str, Figure] = Field(default_factory=dict)
    warnings: list[PlanWarning] = Field(default_factory=list)
    alternatives: list[str] = Field(default_factory=list)
    assumptions: list[Assumption] = Field(default_factory=list)

    def value(self, name: str) -> float:
        """A figure's value by name (raises KeyError naming the figure if absent)."""
        return self.figures[name].value
