"""The name Aisle gives a duplicated scenario once its model or GPU changes.

A copy kept "Llama 3.1 70B RAG assistant (3)" after the planner made it Qwen3 32B on B200s:
the tab named what it no longer was. A name Aisle gave follows the model and GPU until the
planner types one (PlanDocument keeps which names are Aisle's); a typed name never changes.
A preset's name is Aisle's wherever it is (the window's first plan, New Plan, Start from, a
plan saved with it): the walk made the default plan DeepSeek-V3 on B200s, and its tab, the
Scenarios table and the report's "Not considered: Llama 3.1 70B RAG assistant has a blocking
problem" still named the Llama plan it no longer was.
"""

from __future__ import annotations

import re

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import PRESETS, Scenario, preset_scenario

# Each preset by the name of its scenario: Aisle's words, never a planner's.
PRESET_OF = {preset_scenario(preset_id).name: preset_id for preset_id in PRESETS}
PRESET_NAMES = frozenset(PRESET_OF)
# A name and the number `PlanDocument.unique_name` gave it: "Llama 3.1 70B RAG assistant (2)".
NUMBERED_NAME = re.compile(r"(?P<stem>.*\S) \((?P<number>[0-9]+)\)")


def name_stem(name: str) -> str:
    """``name`` without the number a copy's name carries ("X (2)" -> "X")."""
    numbered = NUMBERED_NAME.fullmatch(name)
    return numbered["stem"] if numbered is not None else name


def preset_named(name: str) -> str | None:
    """The preset whose scenario's name ``name`` is, or a numbered copy of; None for another."""
    return PRESET_OF.get(name, PRESET_OF.get(name_stem(name)))


def model_and_gpu(scenario: Scenario) -> tuple[str, str]:
    """What an automatic name says: the scenario's model and GPU ids."""
    return scenario.workload.model_id, scenario.hardware.gpu_id


def automatic_name(catalog: Catalog, scenario: Scenario) -> str:
    """'Qwen3 32B on NVIDIA B200 180GB': the model's name and the GPU's short one (the tab
    read "Qwen3 32B on NVIDIA B200 (HGX/DGX B200, 180GB)"); an id the catalog lacks stands
    for itself."""
    model_id, gpu_id = model_and_gpu(scenario)
    model = catalog.models.get(model_id)
    gpu = catalog.gpus.get(gpu_id)
    return f"{model.name if model else model_id} on {gpu.shown_name if gpu else gpu_id}"
