"""What `size FILE` says last of a plan of several scenarios: the report's recommendation and
each scenario's status and yearly cost, in the words of the report's first page (QA: `size`
of a three-scenario plan printed three summaries one after another and left the planner to
find the cheapest that meets its targets, which the report names on its first line)."""

from __future__ import annotations

from collections.abc import Sequence

from aisle_desktop.sizing import SizingResult


def recommendation_text(
    results: Sequence[SizingResult], unsized: Sequence[tuple[str, str]] = ()
) -> str:
    """The recommendation, why, and the hosted API beside it (`against_api`), then a line a
    scenario: its name, status and yearly cost.
    `unsized` names the scenarios that could not be sized, each with why."""
    from aisle_desktop.report.against_api import against_the_api
    from aisle_desktop.report.decision import recommend
    from aisle_desktop.report.verdict import not_sized, verdict
    from aisle_desktop.sizing import figure_text

    chosen, reason = recommend(results, unsized)
    lines = ["Recommendation", "=============="]
    if chosen is not None:
        lines.append(f"Buy: {chosen}")
    chosen_result = next((r for r in results if r.scenario_name == chosen), None)
    beside = "" if chosen_result is None else against_the_api(chosen_result)
    lines += [f"{reason} {beside}".rstrip(), ""]
    rows = [
        (
            r.scenario_name,
            verdict(r).word,
            figure_text(r, "tco_per_year_usd") if "tco_per_year_usd" in r.figures else "–",
        )
        for r in results
    ]
    rows += [(name, not_sized(why).word, "–") for name, why in unsized]
    width = max(len(name) for name, _, _ in rows)
    lines += [f"  {name:<{width}}  {cost:>14}  {word}" for name, word, cost in rows]
    return "\n".join(lines) + "\n"
