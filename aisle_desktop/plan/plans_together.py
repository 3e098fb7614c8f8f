"""Several plans opened at once, to compare: their scenarios side by side in one new plan.

A planner who chooses three plans in File > Open… (or drops them on the window) wants them in
the Scenarios tab together; the window used to open the first and drop the rest without a
word. Each file that cannot be opened (not a plan, cut short, from a newer Aisle) is named with
why, and the others open; no file is written to. A scenario keeps its name unless a scenario
gathered before it has it, when its file's name follows ("Llama RAG (b.aisle)").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from aisle_desktop.catalog import Entry
from aisle_desktop.plan.document import MAX_SCENARIOS, Plan, PlanCatalog
from aisle_desktop.plan.errors import PlanFileError
from aisle_desktop.plan.files import LoadedPlan, load_plan
from aisle_desktop.plan.scenario import MAX_SCENARIO_NAME_CHARS, Scenario

# Room kept after "name (file.aisle)" for the " 2", " 3"... that tells apart scenarios of one
# name from files of one name: a gathered plan holds at most MAX_SCENARIOS, so the counter
# never needs more digits than MAX_SCENARIOS + 1 has (" 1001", five characters).
COUNTER_CHARS = len(f" {MAX_SCENARIOS + 1}")


@dataclass(frozen=True)
class PlansRead:
    """The plans of the files chosen that opened, and why each other one did not."""

    loaded: list[LoadedPlan]
    refused: list[str]


def read_plans(paths: Sequence[Path]) -> PlansRead:
    """Each file read as a plan (nothing written); a file that cannot be is said, naming it."""
    loaded: list[LoadedPlan] = []
    refused: list[str] = []
    for path in paths:
        try:
            loaded.append(load_plan(path))
        except PlanFileError as err:  # its message names the file and the place
            refused.append(str(err))
    return PlansRead(loaded, refused)


def _own_name(scenario: Scenario, path: Path, taken: set[str]) -> str:
    """The scenario's name, or with its file's name after it when one gathered has it."""
    if scenario.name not in taken:
        return scenario.name
    suffix = f" ({path.name})"
    base = f"{scenario.name[: MAX_SCENARIO_NAME_CHARS - len(suffix) - COUNTER_CHARS]}{suffix}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base} {n}", n + 1
    return name


E = TypeVar("E", bound=Entry)


def _first_of_each(entries: Sequence[E]) -> list[E]:
    """One entry an id: the first plan's copy (as a machine's own entry wins over a plan's)."""
    return list({entry.id: entry for entry in reversed(entries)}.values())[::-1]


def gathered(loaded: Sequence[LoadedPlan]) -> tuple[Plan, list[str]]:
    """One new plan of the plans' scenarios in the order chosen, with the entries they carry,
    and the files left out because the plan would hold more than MAX_SCENARIOS."""
    scenarios: list[Scenario] = []
    plans: list[Plan] = []
    too_many: list[str] = []
    taken: set[str] = set()
    for one in loaded:
        if len(scenarios) + len(one.plan.scenarios) > MAX_SCENARIOS:
            too_many.append(
                f"{one.path}: not added: a plan holds at most {MAX_SCENARIOS:,} scenarios"
            )
            continue
        plans.append(one.plan)
        for scenario in one.plan.scenarios:
            name = _own_name(scenario, one.path, taken)
            taken.add(name)
            scenarios.append(scenario.model_copy(update={"name": name}))
    own = PlanCatalog(
        gpus=_first_of_each([e for p in plans for e in p.catalog.gpus]),
        servers=_first_of_each([e for p in plans for e in p.catalog.servers]),
        models=_first_of_each([e for p in plans for e in p.catalog.models]),
        engines=_first_of_each([e for p in plans for e in p.catalog.engines]),
    )
    return Plan(scenarios=scenarios, catalog=own), too_many
