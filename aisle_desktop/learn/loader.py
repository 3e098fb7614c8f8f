"""Reads the Learn content from `resources/learn/`: lessons, glossary, tooltips, pictures.

Lessons are Markdown files with a TOML header between `+++` lines (tomllib is in the standard
library, so no YAML parser is needed); the glossary and the tooltip map are JSON. Everything is
checked on load, references included, so a broken file is one clear error naming it, never a
missing tooltip or a dead link found by a planner.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from aisle_desktop.learn.model import GlossaryTerm, LearnContent, Lesson, Tooltips

FRONT_MATTER = "+++"
# A link from lesson text to a glossary term: [KV cache](term:kv-cache).
TERM_LINK = re.compile(r"\]\(term:([a-z0-9\-]+)\)")


class LearnContentError(ValueError):
    """A Learn content file is missing, malformed or names something that does not exist."""


def shipped_learn_dir() -> Path:
    """`resources/learn` beside the package (a checkout) or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if isinstance(bundle, str):
        candidate = Path(bundle) / "resources" / "learn"
        if candidate.is_dir():
            return candidate
    return Path(__file__).resolve().parent.parent.parent / "resources" / "learn"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise LearnContentError(f"{path}: cannot be read ({err})") from err


def _read_json(path: Path) -> Any:
    try:
        return json.loads(_read_text(path))
    except json.JSONDecodeError as err:
        raise LearnContentError(f"{path}: not valid JSON (line {err.lineno}: {err.msg})") from err


def _problem(path: Path, err: ValidationError) -> LearnContentError:
    first = err.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "top level"
    return LearnContentError(f"{path}: {where}: {first['msg']}")


def parse_lesson(path: Path) -> Lesson:
    """One lesson file: `+++`, TOML header, `+++`, Markdown body."""
    text = _read_text(path)
    parts = text.split(f"{FRONT_MATTER}\n", 2)
    if len(parts) != 3 or parts[0].strip():
        raise LearnContentError(f"{path}: must start with a {FRONT_MATTER} TOML header block")
    try:
        header = tomllib.loads(parts[1])
    except tomllib.TOMLDecodeError as err:
        raise LearnContentError(f"{path}: header is not valid TOML ({err})") from err
    header["try_this"] = header.pop("try", None)
    try:
        return Lesson.model_validate({**header, "body_markdown": parts[2].strip()})
    except ValidationError as err:
        raise _problem(path, err) from err


def _glossary(path: Path) -> tuple[GlossaryTerm, ...]:
    data = _read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise LearnContentError(f'{path}: wants {{"terms": [...]}}')
    try:
        terms = [GlossaryTerm.model_validate(item) for item in data["terms"]]
    except ValidationError as err:
        raise _problem(path, err) from err
    return tuple(sorted(terms, key=lambda t: t.term.casefold()))


def _tooltips(path: Path) -> Tooltips:
    try:
        return Tooltips.model_validate(_read_json(path))
    except ValidationError as err:
        raise _problem(path, err) from err


def _check_unique(folder: Path, kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise LearnContentError(f"{folder}: {kind} id {item!r} is used twice")
        seen.add(item)


def _check_references(folder: Path, content: LearnContent) -> None:
    """Every term, lesson and picture named anywhere exists."""
    terms = {t.id for t in content.glossary}
    lessons = {lesson.id for lesson in content.lessons}
    for part in ("fields", "figures", "curves", "rows"):
        for key, term in getattr(content.tooltips, part).items():
            if term not in terms:
                raise LearnContentError(
                    f"{folder / 'tooltips.json'}: {part}.{key} names term {term!r}, "
                    "which is not in glossary.json"
                )
    for term in content.glossary:
        if term.lesson is not None and term.lesson not in lessons:
            raise LearnContentError(
                f"{folder / 'glossary.json'}: term {term.id!r} names lesson {term.lesson!r}, "
                "which does not exist"
            )
    for lesson in content.lessons:
        for linked in TERM_LINK.findall(lesson.body_markdown):
            if linked not in terms:
                raise LearnContentError(
                    f"lesson {lesson.id!r} links to term {linked!r}, not in glossary.json"
                )
        if lesson.picture is not None and not (folder / "pictures" / lesson.picture).is_file():
            raise LearnContentError(f"lesson {lesson.id!r}: no picture pictures/{lesson.picture}")


def load_learn_content(folder: Path | None = None) -> LearnContent:
    """Lessons in file-name order, the glossary sorted by term, and the tooltip map."""
    folder = folder if folder is not None else shipped_learn_dir()
    lesson_files = sorted((folder / "lessons").glob("*.md"))
    if not lesson_files:
        raise LearnContentError(f"{folder / 'lessons'}: no lessons (*.md) found")
    lessons = tuple(parse_lesson(path) for path in lesson_files)
    content = LearnContent(
        lessons=lessons,
        glossary=_glossary(folder / "glossary.json"),
        tooltips=_tooltips(folder / "tooltips.json"),
        pictures_dir=str(folder / "pictures"),
    )
    _check_unique(folder, "lesson", [lesson.id for lesson in content.lessons])
    _check_unique(folder, "term", [t.id for t in content.glossary])
    _check_references(folder, content)
    return content
