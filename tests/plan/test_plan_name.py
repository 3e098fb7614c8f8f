"""A plan's name: saved only when set, read back, and the title its report carries."""

from __future__ import annotations

import json
from pathlib import Path

from aisle_desktop.plan import Plan, plan_from_text, plan_to_text, preset_scenario


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
