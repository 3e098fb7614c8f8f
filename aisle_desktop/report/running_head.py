"""Which section each page of the report is in, for its footer.

A page that opens half-way through a section read as nobody's: in a plan of three scenarios,
the second page of a scenario's results table, its charts, or the end of a bill of materials
named neither the scenario nor the section, and a manager leafing through the paper could not
tell the 70B's results from DeepSeek's. The footer now names the section in force at the
page's top ("Scenario: DeepSeek-V3 MoE deployment"), and where that section holds one
subsection per scenario (the summary, the bills of materials), the scenario's subsection
("Bill of materials and power · Bill of materials: Llama 3.1 8B chat assistant").

Pure: the headings come in as levels, places and texts (`pages` reads them off the laid-out
documents).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SEPARATOR = " · "
SCENARIO_SECTION = "Scenario: "  # how a scenario's own section is headed


@dataclass(frozen=True)
class Heading:
    """A heading of the laid-out report: its level (1 the plan's title, 2 a section, 3 a
    subsection), where it starts and ends on the document (device units), and its words."""

    level: int
    top: float
    bottom: float
    text: str


@dataclass(frozen=True)
class RunningHead:
    """The section and the subsection in force: what a page opening here is part of."""

    section: str = ""
    subsection: str = ""

    def after(self, heading: Heading) -> RunningHead:
        """What is in force once ``heading`` has begun."""
        if heading.level == 2:
            return RunningHead(heading.text)
        if heading.level == 3:
            return RunningHead(self.section, heading.text)
        return RunningHead()  # the plan's title opens the report afresh

    def words(self, scenario_names: Iterable[str], plan_name: str = "") -> str:
        """The section's heading, and the subsection's where it names a scenario the
        section's heading does not (a scenario's own section has subsections such as
        "Results", which say less than the section's name). A plan of one scenario is named
        like it: its footer read "Llama 3.1 70B RAG assistant · Scenario: Llama 3.1 70B RAG
        assistant", so there the scenario's section gives way to its subsection."""
        names = [name for name in scenario_names if name]
        if plan_name and self.section == SCENARIO_SECTION + plan_name:
            return self.subsection
        named_below = any(name in self.subsection for name in names)
        if named_below and not any(name in self.section for name in names):
            return SEPARATOR.join(part for part in (self.section, self.subsection) if part)
        return self.section


def heads_of_pages(
    headings: Sequence[Heading],
    page_tops: Sequence[float],
    end: float,
    start: RunningHead = RunningHead(),
) -> tuple[list[RunningHead], RunningHead]:
    """The head in force at the top of each page (its top in ``page_tops``, in order) of a
    document with these ``headings`` (in order), the head in force where it begins being
    ``start``; and the head in force at ``end``, where its pages end and the next document's
    begin (a document laid out a few sections at a time holds some of the next one's
    headings: they are the next one's to count).

    A heading the page opens with is in force on it: one that starts above the page's top by
    no more than its own height (its top margin may reach back over the page's break)."""
    heads: list[RunningHead] = []
    head = start
    index = 0
    for top in page_tops:
        while index < len(headings) and headings[index].top < top + (
            headings[index].bottom - headings[index].top
        ):
            head = head.after(headings[index])
            index += 1
        heads.append(head)
    for heading in headings[index:]:
        if heading.top >= end:
            break
        head = head.after(heading)
    return heads, head
