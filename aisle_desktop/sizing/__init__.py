"""The model of inference: scenario in, explained result out (pure Python, no Qt).

See SIZING.md in the design notes and docs/architecture.md for the mechanisms.
"""

from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.presets import DEFAULT_PRESET, PRESETS, preset_scenario
from aisle_desktop.sizing.result import PlanWarning, SizingResult
from aisle_desktop.sizing.scenario import Scenario
from aisle_desktop.sizing.size import size_scenario

__all__ = [
    "DEFAULT_PRESET",
    "PRESETS",
    "PlanWarning",
    "Scenario",
    "SizingError",
    "SizingResult",
    "preset_scenario",
    "size_scenario",
]
