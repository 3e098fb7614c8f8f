"""What a finance reader signs: which scenario to buy and why, what blocks, what it costs.

Gathered without Qt from the sized scenarios: the recommendation (the cheapest scenario a year
that fits, meets its targets and has no blocking problem), the blocking problems of every
scenario (not sized, does not fit, cannot be installed) and what the others fall short of
(`verdict.py` words both), each scenario's bill of materials and power sheet, and what swings
the recommended scenario's budget with two goal-seeks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import duration_ms, percent
from aisle_desktop.plan import Scenario
from aisle_desktop.report.verdict import Verdict, not_sized, verdict
from aisle_desktop.sizing import SizingError, SizingResult, figure_text
from aisle_desktop.sizing.planning import (
    BudgetAnswer,
    Purchase,
    Sensitivity,
    TargetAnswer,
    budget_sensitivity,
    gpus_at_tpot,
    plan_purchase,
    users_for_budget,
    yearly_text,
)

# The goal-seeks the report prints: the TPOT target halved, and the budget half as large again.
TPOT_SEEK_FACTOR = 0.5
BUDGET_SEEK_FACTOR = 1.5


@dataclass(frozen=True)
class Decision:
    """The first page's substance and the sections on buying."""

    recommended: str | None
    reason: str
    # (scenario, message): what stops a scenario serving at all, and what a scenario that
    # serves falls short of (its latency targets, its spare, its headroom).
    blocking: tuple[tuple[str, str], ...]
    short_of: tuple[tuple[str, str], ...] = ()
    # Each scenario's verdict by name, sized or not (the costs table's Status).
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    purchases: dict[str, Purchase] = field(default_factory=dict)
    swings: Sensitivity | None = None
    at_target: TargetAnswer | None = None
    for_budget: BudgetAnswer | None = None


# Yearly costs closer than this are the same (two plans buying the same servers and running
# replicas on the same GPUs).
SAME_COST_USD = 1.0


def _why(chosen: SizingResult, others: Sequence[SizingResult], excluded: Sequence[str]) -> str:
    tco = chosen.value("tco_per_year_usd")
    qualify = len(others) + 1
    text = (
        "It fits, meets its latency targets and has no blocking problem"
        if qualify == 1
        else f"Of the {qualify} scenarios that fit, meet their latency targets and have no "
        "blocking problem, it costs least"
    )
    text += f": {figure_text(chosen, 'tco_per_year_usd')}"
    if "cost_per_million_tokens_usd" in chosen.figures:
        text += f", {figure_text(chosen, 'cost_per_million_tokens_usd')}"
    if others:
        runner = min(others, key=lambda r: r.value("tco_per_year_usd"))
        gap = runner.value("tco_per_year_usd") - tco
        text += (
            f" (the next, {runner.scenario_name}, costs as much, and this one serves as much "
            "or more within the targets)"
            if gap < SAME_COST_USD
            else f"; {yearly_text(gap)} ({percent(gap / runner.value('tco_per_year_usd'))}) "
            f"less than the next, {runner.scenario_name}"
        )
    text += "."
    if excluded:
        text += " Not considered: " + "; ".join(excluded) + "."
    return text


def recommend(
    results: Sequence[SizingResult], unsized: Sequence[tuple[str, str]] = ()
) -> tuple[str | None, str]:
    """The scenario to buy and why, in a sentence; None (and why not) when none qualifies.
    `unsized` names the scenarios that could not be sized, each with why."""
    candidates, excluded = [], []
    for r in results:
        said = verdict(r)
        if not said.recommendable:
            excluded.append(f"{r.scenario_name} {said.clause}")
        elif "tco_per_year_usd" in r.figures:
            candidates.append(r)
    excluded += [f"{name} {not_sized(why).clause}" for name, why in unsized]
    if not candidates:
        reasons = "; ".join(excluded) or "no scenario could be sized"
        return None, f"No scenario can be recommended yet: {reasons}."
    # At the same yearly cost, the fewer GPUs bought, then the more load served within the
    # targets: GPUs a whole server holds anyway cost nothing more, and running them serves more.
    chosen = min(
        candidates,
        key=lambda r: (
            r.value("tco_per_year_usd"),
            r.gpus_installed,
            -r.figures["max_requests_per_s_within_targets"].value
            if "max_requests_per_s_within_targets" in r.figures
            else 0.0,
        ),
    )
    others = [r for r in candidates if r is not chosen]
    return chosen.scenario_name, _why(chosen, others, excluded)


def decide(
    catalog: Catalog,
    sized: Sequence[tuple[Scenario, SizingResult]],
    size: Callable[[Scenario], SizingResult],
    unsized: Sequence[tuple[str, str]] = (),
) -> Decision:
    """The decision of a plan: recommendation, blocking problems and shortfalls, bills,
    swings. `unsized` names the scenarios that could not be sized, each with why."""
    results = [r for _, r in sized]
    recommended, reason = recommend(results, unsized)
    verdicts = {r.scenario_name: verdict(r) for r in results}
    verdicts |= {name: not_sized(why) for name, why in unsized}
    blocking = tuple((name, m) for name, v in verdicts.items() for m in v.problems)
    short_of = tuple((name, m) for name, v in verdicts.items() for m in v.shortfalls)
    purchases = {}
    for scenario, result in sized:
        bought = plan_purchase(catalog, scenario, result)
        if bought is not None:
            purchases[scenario.name] = bought
    focus = next((s for s, r in sized if r.scenario_name == recommended), None)
    if focus is None:
        focus = next((s for s, r in sized if r.fits), None)
    decision = Decision(recommended, reason, blocking, short_of, verdicts, purchases)
    if focus is None:
        return decision
    try:
        swings = budget_sensitivity(catalog, focus, size)
    except SizingError:
        return decision
    tpot_ms = focus.workload.targets.tpot_ms * TPOT_SEEK_FACTOR
    budget = swings.tco_per_year_usd_base * BUDGET_SEEK_FACTOR
    return replace(
        decision,
        swings=swings,
        at_target=gpus_at_tpot(size, focus, tpot_ms),
        for_budget=users_for_budget(size, focus, budget),
    )


def seek_note(decision: Decision) -> str:
    """Why these goal-seek values (half the TPOT target, half as much budget again)."""
    if decision.at_target is None or decision.for_budget is None:
        return ""
    return (
        f"Goal-seeks at half the time-per-token target ({duration_ms(decision.at_target.tpot_ms)})"
        " and at half as much budget again "
        f"({yearly_text(decision.for_budget.budget_usd_per_year)}):"
    )
