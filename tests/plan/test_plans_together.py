"""Several plans opened together: each file read or refused with why, their scenarios gathered
in one new plan under names that stay unique and within a scenario name's length.

The window's glue (File > Open…, a drop) is tested in tests/ui/test_open_several_plans.py.
"""

from __future__ import annotations

from pathlib import Path

from aisle_desktop.plan import (
    MAX_SCENARIO_NAME_CHARS,
    LoadedPlan,
    Plan,
    gathered,
    load_plan,
    preset_scenario,
    read_plans,
    save_plan,
)
from aisle_desktop.plan.plans_together import COUNTER_CHARS

CHAT = preset_scenario("llama-8b-chat")
RAG = preset_scenario("llama-70b-rag")


def _saved(path: Path, plan: Plan) -> LoadedPlan:
    save_plan(plan, path)
    return load_plan(path)


def test_files_that_open_are_read_and_each_other_one_says_why(tmp_path: Path) -> None:
    good = tmp_path / "good.aisle"
    save_plan(Plan(scenarios=[CHAT]), good)
    cut = tmp_path / "cut.aisle"
    cut.write_text('{"format": "aisle-plan", "version": 4, "scenarios": [', encoding="utf-8")
    before = [good.read_bytes(), cut.read_bytes()]
    read = read_plans([cut, good])
    assert [one.path for one in read.loaded] == [good]
    (why,) = read.refused
    assert why.startswith(f"{cut}: the file is cut short at line 1")
    assert [good.read_bytes(), cut.read_bytes()] == before


def test_a_name_taken_gets_its_files_name_and_then_a_counter(tmp_path: Path) -> None:
    a = _saved(tmp_path / "a.aisle", Plan(scenarios=[CHAT, RAG]))
    b = _saved(tmp_path / "b.aisle", Plan(scenarios=[CHAT]))
    (tmp_path / "other").mkdir()
    b_again = _saved(tmp_path / "other" / "b.aisle", Plan(scenarios=[CHAT]))
    plan, too_many = gathered([a, b, b_again])
    assert [s.name for s in plan.scenarios] == [
        CHAT.name,
        RAG.name,
        f"{CHAT.name} (b.aisle)",
        f"{CHAT.name} (b.aisle) 2",
    ]
    assert too_many == []


def test_a_long_name_is_cut_so_file_name_and_counter_still_fit(tmp_path: Path) -> None:
    """200 characters of name, then " (b.aisle)" (10) and room for " 1001" (5): 185 kept."""
    long = CHAT.model_copy(update={"name": "x" * MAX_SCENARIO_NAME_CHARS})
    a = _saved(tmp_path / "a.aisle", Plan(scenarios=[long]))
    b = _saved(tmp_path / "b.aisle", Plan(scenarios=[long]))
    plan, _ = gathered([a, b])
    assert COUNTER_CHARS == 5
    second = plan.scenarios[1].name
    assert second == "x" * 185 + " (b.aisle)"
    assert len(second) + COUNTER_CHARS == MAX_SCENARIO_NAME_CHARS


def test_a_file_that_would_pass_the_plans_limit_is_left_out_and_named(tmp_path: Path) -> None:
    many = [CHAT.model_copy(update={"name": f"Option {n}"}) for n in range(999)]
    big = _saved(tmp_path / "big.aisle", Plan(scenarios=many))
    two = _saved(tmp_path / "two.aisle", Plan(scenarios=[CHAT, RAG]))
    one = _saved(tmp_path / "one.aisle", Plan(scenarios=[RAG]))
    plan, too_many = gathered([big, two, one])
    assert len(plan.scenarios) == 1_000
    assert plan.scenarios[-1].name == RAG.name
    assert too_many == [f"{two.path}: not added: a plan holds at most 1,000 scenarios"]
