"""The plan document: what a planner wrote, as it is kept in memory and in a ``.aisle`` file.

A plan is one or more named scenarios (each the sizing engine's own ``Scenario``, stored as the
user set it), free-text notes, and copies of the custom catalog entries those scenarios use, so
the file reopens identically on a machine that lacks them. The format and version live in the
file, not here: this model is always the current version (see ``migrations``).
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from aisle_desktop.catalog import EngineSpec, Entry, GpuSpec, ModelSpec, ServerSpec
from aisle_desktop.one_line_names import one_line_value
from aisle_desktop.plan.scenario import Scenario

FORMAT = "aisle-plan"
EXTENSION = ".aisle"
MAX_SCENARIOS = 1_000
MAX_NOTES_CHARS = 1_000_000
MAX_PLAN_NAME_CHARS = 200

E = TypeVar("E", bound=Entry)


def _as_plan_entries(entries: list[E]) -> list[E]:
    # Whatever the entry's origin on the machine that saved it ("user", "shipped" override),
    # inside a plan it is the plan's copy; this also makes save-then-load compare equal.
    return [e if e.origin == "plan" else e.model_copy(update={"origin": "plan"}) for e in entries]


def _unique_ids(entries: list[E], kind: str) -> list[E]:
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise ValueError(f'{kind} id "{entry.id}" appears twice')
        seen.add(entry.id)
    return entries


class PlanCatalog(BaseModel):
    """Custom catalog entries the plan's scenarios use, carried so the plan is self-contained."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    gpus: list[GpuSpec] = Field(default_factory=list)
    servers: list[ServerSpec] = Field(default_factory=list)
    models: list[ModelSpec] = Field(default_factory=list)
    engines: list[EngineSpec] = Field(default_factory=list)

    @field_validator("gpus", "servers", "models", "engines", mode="after")
    @classmethod
    def _normalise(cls, value: list[Any], info: ValidationInfo) -> list[Any]:
        return _as_plan_entries(_unique_ids(value, str(info.field_name).rstrip("s")))

    def is_empty(self) -> bool:
        """True when the plan uses only entries every Aisle ships."""
        return not (self.gpus or self.servers or self.models or self.engines)


class Plan(BaseModel):
    """One planning document: scenarios compared side by side, notes, and its own entries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # The plan's title (the report's title); "" until the planner names it.
    name: Annotated[str, Field(max_length=MAX_PLAN_NAME_CHARS), BeforeValidator(one_line_value)] = (
        ""
    )
    notes: Annotated[str, Field(max_length=MAX_NOTES_CHARS)] = ""
    scenarios: Annotated[list[Scenario], Field(min_length=1, max_length=MAX_SCENARIOS)]
    catalog: PlanCatalog = Field(default_factory=PlanCatalog)

    @field_validator("scenarios", mode="after")
    @classmethod
    def _names_unique(cls, value: list[Scenario]) -> list[Scenario]:
        # Names label the comparison columns and the CLI output; two alike would be ambiguous.
        seen: set[str] = set()
        for scenario in value:
            if scenario.name in seen:
                raise ValueError(
                    f'scenario name "{scenario.name}" is used twice; names must differ'
                )
            seen.add(scenario.name)
        return value

    def title(self, fallback: str) -> str:
        """What the plan is called: its name, else its only scenario's, else ``fallback``."""
        if self.name.strip():
            return self.name.strip()
        return self.scenarios[0].name if len(self.scenarios) == 1 else fallback

    def scenario(self, name: str) -> Scenario:
        """The scenario with this name (KeyError if the plan has none)."""
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        raise KeyError(name)
