"""What "Start from" shows for the scenario under edit: the preset it is, the preset it began
as and has since been edited from, or none.

The walk: a planner loaded the 8B chat preset, changed its history to 980 tokens, and "Start
from" still read "Llama 3.1 8B chat assistant", as if the figures were the preset's. A
scenario is a preset's while its name is the preset's (or that name numbered, "(2)", as a
second copy in one plan is) and every value is the preset's; edited, the box shows the
preset's name marked "(edited)", greyed as a placeholder is, and choosing the preset in its
list loads it again.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.plan import PRESETS, Scenario, preset_scenario
from aisle_desktop.ui.document import NUMBERED_NAME

# What the box shows for a scenario that did not start from a preset (one opened or renamed).
NO_PRESET = "a preset…"
# What follows a preset's name once the scenario is edited from it.
EDITED_MARK = " (edited)"
# Each preset by the name of its scenario.
PRESET_OF = {preset_scenario(p.id).name: p.id for p in PRESETS.values()}


@dataclass(frozen=True)
class PresetShown:
    """The preset selected in "Start from" (None: none, the box shows `placeholder`)."""

    preset_id: str | None
    placeholder: str


def preset_shown(scenario: Scenario) -> PresetShown:
    """What "Start from" shows for `scenario`: its preset, that preset "(edited)", or none."""
    numbered = NUMBERED_NAME.fullmatch(scenario.name)
    stem = numbered["stem"] if numbered is not None else scenario.name
    preset_id = PRESET_OF.get(scenario.name, PRESET_OF.get(stem))
    if preset_id is None:
        return PresetShown(None, NO_PRESET)
    preset = preset_scenario(preset_id)
    if scenario.model_copy(update={"name": preset.name}) == preset:
        return PresetShown(preset_id, NO_PRESET)
    return PresetShown(None, f"{PRESETS[preset_id].title}{EDITED_MARK}")
