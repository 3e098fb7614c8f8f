"""What the Learn content is made of: lessons, their "Try this" step, glossary terms, tooltips.

The content itself is text under `resources/learn/`, written for an IT infrastructure planner;
these models only give it a checked shape, shared by the window and the report.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# Where a "Try this" step points in the Sizer: a curve tab, a headline figure, an input field
# (its dotted scenario path), or the line that states the plan's split.
TARGET_KINDS = ("curve", "figure", "field", "view")
CURVES = ("load", "memory", "cost", "gpus")
VIEWS = ("plan-line", "memory-bar", "all-figures")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TryThis(_Strict):
    """Open `preset` in the Sizer and point at `target` ("curve:memory", "field:...")."""

    preset: str = Field(min_length=1)
    target: str = Field(pattern=r"^(curve|figure|field|view):[a-z0-9_.\-]+$")
    hint: str = Field(min_length=1)

    @property
    def target_kind(self) -> str:
        return self.target.split(":", 1)[0]

    @property
    def target_name(self) -> str:
        return self.target.split(":", 1)[1]


class Lesson(_Strict):
    """One short lesson: a title, its section, optional picture, Markdown body, a Try this."""

    id: str = Field(pattern=r"^[a-z0-9\-]+$")
    title: str = Field(min_length=1)
    section: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    picture: str | None = None
    body_markdown: str = Field(min_length=1)
    try_this: TryThis | None = None


class GlossaryTerm(_Strict):
    """A word a planner meets in the Sizer, explained in a sentence or three."""

    id: str = Field(pattern=r"^[a-z0-9\-]+$")
    term: str = Field(min_length=1)
    also: tuple[str, ...] = ()
    definition: str = Field(min_length=1)
    lesson: str | None = None

    def matches(self, words: list[str], *, names_only: bool = False) -> bool:
        """Whether every word occurs in the term, its other names or (unless `names_only`)
        its definition."""
        parts = (self.term, *self.also) if names_only else (self.term, *self.also, self.definition)
        haystack = " ".join(parts).casefold()
        return all(word in haystack for word in words)


class Tooltips(_Strict):
    """Which glossary term explains each input (scenario path), figure, curve and row of the
    scenario comparison that is not a figure."""

    fields: dict[str, str]
    figures: dict[str, str]
    curves: dict[str, str]
    rows: dict[str, str] = {}


class LearnContent(_Strict):
    """Everything the Learn page shows, in reading order."""

    lessons: tuple[Lesson, ...]
    glossary: tuple[GlossaryTerm, ...]
    tooltips: Tooltips
    pictures_dir: str

    def term(self, term_id: str) -> GlossaryTerm | None:
        return next((t for t in self.glossary if t.id == term_id), None)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def search(self, query: str) -> list[GlossaryTerm]:
        """Terms whose name, other names or definition hold every word of `query`: those
        matched by name first, each group in alphabetical order."""
        words = query.casefold().split()
        found = [t for t in self.glossary if t.matches(words)]
        return sorted(found, key=lambda t: not t.matches(words, names_only=True))
