"""A lone UTF-16 surrogate escape ("\\ud800": JSON allows it, no character is one) in a plan's
text says so in words, not pydantic's "unable to parse raw data as a unicode string"."""

from __future__ import annotations

from pathlib import Path

import pytest

from aisle_desktop.plan import Plan, PlanFileError, plan_from_text, plan_to_text
from aisle_desktop.plan.presets import preset_scenario

WORDS = "must be text of whole characters (a lone \\uD800-\\uDFFF escape is half of a UTF-16 pair)"


def test_a_plan_note_of_half_a_character() -> None:
    text = plan_to_text(Plan(scenarios=[preset_scenario("llama-70b-rag")]))
    text = text.replace('"notes": ""', '"notes": "\\ud800"', 1)
    with pytest.raises(PlanFileError) as info:
        plan_from_text(text, Path("half.aisle"))
    assert str(info.value).endswith(f'notes: {WORDS}, got "\\ud800"')
