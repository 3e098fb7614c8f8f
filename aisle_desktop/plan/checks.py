"""What is wrong with a plan that opened: unknown catalog ids per scenario, clashing entries.

None of these stop a plan from opening: the window shows the plan and flags the scenarios that
cannot be sized here, and the file's own entries are kept so saving loses nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan.document import Plan
from aisle_desktop.plan.plan_catalog import (
    broken_references,
    catalog_for_plan,
    differing_entries,
)
from aisle_desktop.plan.scenario import Scenario


@dataclass(frozen=True)
class PlanProblem:
    """One problem; ``scenario`` names the scenario it affects, None for the whole plan."""

    scenario: str | None
    message: str

    def __str__(self) -> str:
        return f'scenario "{self.scenario}": {self.message}' if self.scenario else self.message


def unknown_entries(catalog: Catalog, scenario: Scenario) -> list[tuple[str, str]]:
    """(kind, id) of every id ``scenario`` uses that ``catalog`` lacks: ("model", "my-llama")."""
    w, h = scenario.workload, scenario.hardware
    apis = {a.id for a in catalog.prices.hosted_apis}
    wanted: list[tuple[str, str | None, Collection[str]]] = [
        ("model", w.model_id, catalog.models.keys()),
        ("engine", w.engine_id, catalog.engines.keys()),
        ("precision", w.weight_precision, catalog.precisions.keys()),
        ("KV precision", w.kv_precision, catalog.precisions.keys()),
        ("GPU", h.gpu_id, catalog.gpus.keys()),
        ("server", h.server_id, catalog.servers.keys()),
        ("embedding model", w.embeddings.model_id if w.embeddings else None, catalog.models.keys()),
        ("encoder server", w.embeddings.server_id if w.embeddings else None, catalog.servers),
        ("hosted API", scenario.costs.hosted_api_id, apis),
    ]
    return [
        (kind, wanted_id)
        for kind, wanted_id, table in wanted
        if wanted_id is not None and wanted_id not in table
    ]


def unknown_ids(catalog: Catalog, scenario: Scenario) -> list[str]:
    """``GPU "x"``-style names of every id ``scenario`` uses that ``catalog`` lacks."""
    return [f'{kind} "{wanted_id}"' for kind, wanted_id in unknown_entries(catalog, scenario)]


UNKNOWN_HERE = "unknown on this machine and not in the plan: "


def entries_lacked(catalog: Catalog, scenario: Scenario) -> str | None:
    """Every entry ``scenario`` uses that ``catalog`` lacks, named at once, when it lacks more
    than one; None otherwise. Sizing stops at the first id it looks up, so a plan naming a
    retired model and a retired GPU was mended one refusal at a time; with one missing,
    sizing's own message (which offers the closest ids) says it better."""
    missing = unknown_ids(catalog, scenario)
    return UNKNOWN_HERE + ", ".join(missing) if len(missing) > 1 else None


def context_problem(catalog: Catalog, scenario: Scenario) -> str | None:
    """Why a request of this scenario cannot fit its model's context window, or None."""
    w = scenario.workload
    model = catalog.models.get(w.model_id)
    total = w.prompt.input_tokens + w.output_tokens
    if model is None or total <= model.max_context_tokens:
        return None
    return (
        f"the prompt ({w.prompt.input_tokens:,} tokens) plus the answer ({w.output_tokens:,} "
        f"tokens) is {total:,} tokens, beyond {model.name}'s context window of "
        f"{model.max_context_tokens:,} tokens; shorten the history, RAG chunks or answer"
    )


def release_problem(catalog: Catalog, scenario: Scenario) -> str | None:
    """Why the scenario's engine release cannot be applied, or None.

    Any version names a release of an engine that lists some (see catalog.matching_release);
    an engine without releases (a planner's own entry) has none to choose from.
    """
    w = scenario.workload
    engine = catalog.engines.get(w.engine_id)
    if w.engine_version is None or engine is None or engine.releases:
        return None
    return (
        f'engine release "{w.engine_version}": {engine.name} lists no releases in the '
        "catalog; choose Newest"
    )


def hosted_api_problem(catalog: Catalog, scenario: Scenario) -> str | None:
    """Why the scenario's chosen hosted API cannot price its answers, or None: an embeddings
    API charges for the tokens it embeds and nothing for answers (a plan file naming one
    priced the default plan's year at $651 where Llama 3.1 70B's costs $64.6 k)."""
    api_id = scenario.costs.hosted_api_id
    api = next((a for a in catalog.prices.hosted_apis if a.id == api_id), None)
    if api is None or api.kind != "embedding":
        return None
    return (
        f'hosted API "{api.id}": {api.name} prices embeddings, not answers; choose an API '
        "that serves a language model, or Automatic"
    )


def check_plan(machine: Catalog, plan: Plan) -> list[PlanProblem]:
    """Every problem with ``plan`` on this machine's catalog (empty when it sizes as saved)."""
    merged = catalog_for_plan(machine, plan)
    problems = [
        PlanProblem(
            None,
            f"plan's own {kind} \"{entry_id}\" differs from this machine's entry; "
            "sizing uses this machine's",
        )
        for kind, entry_id in differing_entries(machine, plan)
    ]
    problems += [
        PlanProblem(None, f"plan catalog: {m}") for m in broken_references(merged, plan.catalog)
    ]
    for scenario in plan.scenarios:
        missing = unknown_ids(merged, scenario)
        if missing:
            problems.append(PlanProblem(scenario.name, UNKNOWN_HERE + ", ".join(missing)))
        for problem in (
            context_problem(merged, scenario),
            release_problem(merged, scenario),
            hosted_api_problem(merged, scenario),
        ):
            if problem is not None:
                problems.append(PlanProblem(scenario.name, problem))
    return problems
