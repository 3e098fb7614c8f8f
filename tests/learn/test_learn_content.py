"""The shipped Learn content parses, names only things that exist, and is searched as typed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pydantic import BaseModel

from aisle_desktop.labels import FIGURE_LABELS
from aisle_desktop.learn import (
    CURVES,
    LearnContent,
    LearnContentError,
    load_learn_content,
    shipped_learn_dir,
)
from aisle_desktop.plan import PRESETS, Scenario
from aisle_desktop.report import compare_results


@pytest.fixture(scope="module")
def content() -> LearnContent:
    return load_learn_content()


def test_lessons_come_in_reading_order_with_a_try_this_each(content: LearnContent) -> None:
    sections = list(dict.fromkeys(lesson.section for lesson in content.lessons))
    assert sections == [
        "Start here",
        "Four assumptions inference breaks",
        "The figures",
        "Before you buy",
    ]
    assumptions = [x.id for x in content.lessons if x.section == sections[1]]
    assert assumptions == ["kv-cache", "precision", "bandwidth", "rack-power"]
    for lesson in content.lessons:
        assert lesson.try_this is not None, lesson.id
        assert lesson.try_this.preset in PRESETS, lesson.id


def test_the_power_lesson_carries_its_figures_and_sources(content: LearnContent) -> None:
    lesson = content.lesson("rack-power")
    assert lesson is not None
    body = lesson.body_markdown
    for fact in ("10.2 kW", "NVIDIA DGX H100 User Guide", "SPECpower", "AFCOM", "30.6 kW"):
        assert fact in body, fact


def test_every_figure_has_a_glossary_term_and_every_mapping_names_a_real_figure(
    content: LearnContent,
) -> None:
    assert set(content.tooltips.figures) == set(FIGURE_LABELS), (
        "every figure in labels.py needs a term in resources/learn/tooltips.json, and back"
    )
    assert set(content.tooltips.curves) == set(CURVES)


def test_every_row_of_the_scenario_comparison_has_a_glossary_term(content: LearnContent) -> None:
    named = {**content.tooltips.figures, **content.tooltips.rows}
    for row in compare_results([]):
        assert row.name in named, f"{row.name}: add it to rows in resources/learn/tooltips.json"


def _is_scenario_path(path: str) -> bool:
    model: type[BaseModel] = Scenario
    for part in path.split("."):
        field = model.model_fields.get(part)
        if field is None:
            return False
        inner = [a for a in getattr(field.annotation, "__args__", ()) if isinstance(a, type)]
        candidates = [field.annotation, *inner]
        model = next(
            (c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), model
        )
    return True


def test_every_field_tooltip_names_a_scenario_field(content: LearnContent) -> None:
    for path in content.tooltips.fields:
        assert _is_scenario_path(path), path


def test_every_term_used_by_a_tooltip_exists(content: LearnContent) -> None:
    tips = content.tooltips
    used = [*tips.fields.values(), *tips.figures.values(), *tips.curves.values()]
    for term in [*used, *tips.rows.values()]:
        assert content.term(term) is not None, term


def test_search_matches_names_first_then_definitions(content: LearnContent) -> None:
    found = [t.id for t in content.search("kv")]
    assert found[:2] == ["kv-cache", "kv-precision"]
    assert all(
        "kv" in (t.term + " ".join(t.also) + t.definition).casefold() for t in content.search("kv")
    )
    assert content.search("TTFT")[0].id == "ttft"
    assert content.search("rack power")[0].id == "rack-power"
    assert content.search("zzz-not-a-word") == []
    assert len(content.search("   ")) == len(content.glossary)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "learn"
    shutil.copytree(shipped_learn_dir(), folder)
    return folder


def test_a_lesson_without_its_header_is_refused_by_name(copy: Path) -> None:
    lesson = copy / "lessons" / "04-kv-cache.md"
    lesson.write_text("# no header\n", encoding="utf-8")
    with pytest.raises(LearnContentError, match=r"04-kv-cache\.md.*header"):
        load_learn_content(copy)


def test_a_lesson_linking_an_unknown_term_is_refused(copy: Path) -> None:
    lesson = copy / "lessons" / "04-kv-cache.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + "\nSee [this](term:no-such-term).\n", "utf-8"
    )
    with pytest.raises(LearnContentError, match="no-such-term"):
        load_learn_content(copy)


def test_a_tooltip_naming_an_unknown_term_is_refused(copy: Path) -> None:
    path = copy / "tooltips.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["figures"]["ttft_ms"] = "time-to-nothing"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(LearnContentError, match=r"figures\.ttft_ms.*time-to-nothing"):
        load_learn_content(copy)


def test_a_broken_glossary_is_refused_with_its_line(copy: Path) -> None:
    (copy / "glossary.json").write_text('{"terms": [\n{"id": }', encoding="utf-8")
    with pytest.raises(LearnContentError, match=r"glossary.json: not valid JSON \(line 2"):
        load_learn_content(copy)


def test_a_missing_picture_and_a_bad_target_are_refused(copy: Path) -> None:
    (copy / "pictures" / "kv-cache.svg").unlink()
    with pytest.raises(LearnContentError, match=r"pictures/kv-cache\.svg"):
        load_learn_content(copy)
    (copy / "pictures" / "kv-cache.svg").write_text("<svg/>", encoding="utf-8")
    lesson = copy / "lessons" / "05-precision.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace('target = "field:', 'target = "widget:'), "utf-8")
    with pytest.raises(LearnContentError, match=r"05-precision\.md: try_this\.target"):
        load_learn_content(copy)
