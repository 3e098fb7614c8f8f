"""What "Start from" shows for the scenario under edit: the preset it is, the preset it began
as and has since been edited from, or none.

The walk: a planner loaded the 8B chat preset, changed its history to 980 tokens, and "Start
from" still read "Llama 3.1 8B chat assistant", as if the figures were the preset's. A
scenario is a preset's while every value but its name is the preset's; edited, the box shows
the preset's name marked "(edited)", greyed as a placeholder is, and choosing the preset in
its list loads it again. A preset's scenario takes a new name when its model or GPU changes
(`scenario_names`); it still began as the preset (`PlanDocument.started_as`): the box read
"a preset…" there, as if it had been opened from a file.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.plan import PRESETS, Scenario, preset_scenario

# What the box shows for a scenario that did not start from a preset (one opened or renamed).
NO_PRESET = "a preset…"
# What follows a preset's name once the scenario is edited from it.
EDITED_MARK = " (edited)"


@dataclass(frozen=True)
class PresetShown:
    """The preset selected in "Start from" (None: none, the box shows `placeholder`)."""

    preset_id: str | None
    placeholder: str


def preset_shown(scenario: Scenario, started_as: str | None) -> PresetShown:
    """What "Start from" shows for `scenario`, which began as the preset `started_as` (None:
    as none): that preset, that preset "(edited)", or none."""
    if started_as is None:
        return PresetShown(None, NO_PRESET)
    preset = preset_scenario(started_as)
    if scenario.model_copy(update={"name": preset.name}) == preset:
        return PresetShown(started_as, NO_PRESET)
    return PresetShown(None, f"{PRESETS[started_as].title}{EDITED_MARK}")
