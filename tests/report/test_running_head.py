"""Each page's footer names the section the page is in (QA, report35: in a plan of three
scenarios, the second page of DeepSeek-V3's results, a page of the 70B's charts and the end
of the 8B's bill of materials named neither the scenario nor the section)."""

from __future__ import annotations

import re
from pathlib import Path

from aisle_desktop.report.running_head import Heading, RunningHead, heads_of_pages
from tests.report.conftest import needs_poppler, poppler

SCENARIOS = ("Llama 3.1 70B RAG assistant", "DeepSeek-V3 MoE deployment")
PAGE = 1000.0


def _h(level: int, top: float, text: str) -> Heading:
    return Heading(level, top, top + 20.0, text)


def test_a_page_is_in_the_section_in_force_at_its_top() -> None:
    headings = [
        _h(1, 0.0, "Three options"),
        _h(2, 100.0, "Bill of materials and power"),
        _h(3, 130.0, "Bill of materials: Llama 3.1 70B RAG assistant"),
        # Its top margin reaches back over the break: the page opens with it.
        _h(3, PAGE - 5.0, "Bill of materials: DeepSeek-V3 MoE deployment"),
        _h(2, 2 * PAGE + 400.0, "Scenario: DeepSeek-V3 MoE deployment"),
        _h(3, 2 * PAGE + 450.0, "Results"),
    ]
    heads, end = heads_of_pages(headings, [0.0, PAGE, 2 * PAGE, 3 * PAGE], 4 * PAGE)
    assert [head.words(SCENARIOS) for head in heads] == [
        "",  # the title page: the plan's name says it
        "Bill of materials and power · Bill of materials: DeepSeek-V3 MoE deployment",
        "Bill of materials and power · Bill of materials: DeepSeek-V3 MoE deployment",
        # The scenario's own section: its "Results" says less than its name.
        "Scenario: DeepSeek-V3 MoE deployment",
    ]
    assert end == RunningHead("Scenario: DeepSeek-V3 MoE deployment", "Results")


def test_the_next_documents_headings_are_left_to_it() -> None:
    """A document laid out a few sections at a time holds the next one's first headings
    past its last page: the next document starts from the head in force at its end."""
    headings = [_h(2, 10.0, "Summary"), _h(2, PAGE + 3.0, "What swings the budget")]
    heads, end = heads_of_pages(headings, [0.0], PAGE, RunningHead("Recommendation"))
    assert heads == [RunningHead("Summary")] and end == RunningHead("Summary")
    assert RunningHead("Summary", "Key figures").words(SCENARIOS) == "Summary"


def test_a_plan_of_one_scenario_names_the_subsection_not_itself_twice() -> None:
    """Its footer read "Llama 3.1 70B RAG assistant · Scenario: Llama 3.1 70B RAG assistant"."""
    plan = SCENARIOS[0]
    in_results = RunningHead(f"Scenario: {plan}", "Results")
    assert in_results.words([plan], plan) == "Results"
    assert RunningHead(f"Scenario: {plan}").words([plan], plan) == ""
    # A plan of several scenarios, or a section of another name, keeps its heading.
    assert in_results.words(SCENARIOS, "Three options") == f"Scenario: {plan}"
    assert RunningHead("Assumptions").words([plan], plan) == "Assumptions"


# A section's heading as a page's text reads it: a line of its own.
_SECTION = re.compile(
    r"^(Recommendation|Summary|What swings the budget|Bill of materials and power|"
    r"Scenario: .+|Scenarios compared|Warnings, explained|Assumptions|"
    r"Checklist for the conversation with the AI team|Methodology and measured accuracy)$"
)


def test_every_page_of_the_pdf_names_the_section_it_goes_on_with(
    three_pdf: tuple[Path, int],
) -> None:
    needs_poppler()
    path, pages = three_pdf
    section = ""
    texts = poppler("pdftotext", str(path), "-").split("\f")[:pages]
    for number, text in enumerate(texts, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        # The footer's first line, over where the page came from (`pages.footer_text`).
        named = lines[next(at for at, line in enumerate(lines) if " · calibration " in line) - 1]
        if _SECTION.match(lines[0]):
            section = lines[0]
        if number == 1:
            assert named == "Three options"
        else:
            assert named.startswith(f"Three options · {section}"), (number, named)
        if section.startswith("Bill of") and lines[0] == "Item and why this quantity":
            # a bill going on from the page before names its scenario
            assert re.search(r" · Bill of materials: .+ (assistant|deployment)$", named)
        section = next((line for line in reversed(lines) if _SECTION.match(line)), section)


def test_a_page_of_the_load_and_cost_charts_is_footed_by_them(rag_pdf: Path) -> None:
    """The default preset's report: the page its cost chart opens, with Warnings after it,
    was footed "GPU memory, per GPU", the heading over the memory bar the charts followed."""
    needs_poppler()
    texts = poppler("pdftotext", str(rag_pdf), "-").split("\f")
    page = next(text for text in texts if "Cost a year against volume" in text)
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    named = lines[next(at for at, line in enumerate(lines) if " · calibration " in line) - 1]
    assert named == "Llama 3.1 70B RAG assistant · Load and cost"
