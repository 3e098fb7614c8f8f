"""A plan's name: saved only when set, read back, and the title its report carries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisle_desktop.plan import Plan, PlanFileError, plan_from_text, plan_to_text, preset_scenario


def test_a_named_plan_keeps_its_name_and_an_unnamed_one_writes_none() -> None:
    named = Plan(name="Hospital assistant, 2027", scenarios=[preset_scenario("llama-70b-rag")])
    text = plan_to_text(named)
    assert list(json.loads(text))[:3] == ["format", "version", "name"]
    assert plan_from_text(text, Path("named.aisle"))[0].name == "Hospital assistant, 2027"
    unnamed = named.model_copy(update={"name": ""})
    assert "name" not in json.loads(plan_to_text(unnamed))


def test_the_title_is_the_name_else_the_only_scenario_else_the_fallback() -> None:
    one = Plan(scenarios=[preset_scenario("llama-70b-rag")])
    two = Plan(scenarios=[preset_scenario("llama-70b-rag"), preset_scenario("llama-8b-chat")])
    assert one.model_copy(update={"name": "  Budget 2027 "}).title("file") == "Budget 2027"
    assert one.title("file") == "Llama 3.1 70B RAG assistant"
    assert two.title("file") == "file"


def _with_names(plan_name: str, scenario_name: str) -> str:
    data = json.loads(plan_to_text(Plan(scenarios=[preset_scenario("llama-70b-rag")])))
    data["name"] = plan_name
    data["scenarios"][0]["name"] = scenario_name
    return json.dumps(data)


def test_line_breaks_and_control_characters_in_names_read_as_spaces() -> None:
    """The walk: a file's scenario "Option A\\nOption B" (or one with a tab or a NUL) opened
    as a two-line tab, a two-line heading in `size` and the report; names are one line."""
    text = _with_names("Q3\r\nbudget\x00", " Option A\nOption B\t(fallback) ")
    plan = plan_from_text(text, Path("odd.aisle"))[0]
    assert plan.name == "Q3 budget"
    assert plan.scenarios[0].name == "Option A Option B (fallback)"
    assert plan_from_text(plan_to_text(plan), Path("odd.aisle"))[0] == plan


@pytest.mark.parametrize("blank", ["", "   ", "\n\t", "\x00"])
def test_a_scenario_named_only_in_blanks_is_refused(blank: str) -> None:
    """ "   " opened as a tab with no name at all, which the window's Rename refuses."""
    with pytest.raises(PlanFileError) as refused:
        plan_from_text(_with_names("", blank), Path("blank.aisle"))
    assert str(refused.value) == "blank.aisle: scenario 1, name: must not be empty"
