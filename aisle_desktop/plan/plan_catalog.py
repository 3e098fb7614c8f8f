"""The plan's own catalog entries: gathering them for a save, merging them in on open.

A plan carries copies of the non-shipped GPUs, servers, models and engines its scenarios use.
On another machine those copies fill in the ids it lacks (marked ``origin="plan"``); an id the
machine already has keeps the machine's entry, and a differing copy is reported by ``checks``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from aisle_desktop.catalog import Catalog, Entry, GpuSpec, ServerSpec
from aisle_desktop.plan.document import Plan, PlanCatalog
from aisle_desktop.plan.scenario import Scenario

E = TypeVar("E", bound=Entry)


def _custom(table: Mapping[str, E], ids: Iterable[str | None]) -> list[E]:
    wanted = dict.fromkeys(i for i in ids if i is not None)  # keeps first-use order, no repeats
    return [table[i] for i in wanted if i in table and table[i].origin != "shipped"]


def _servers_used(catalog: Catalog, scenario: Scenario) -> list[str]:
    # With no server chosen, sizing picks one of the GPU's servers; carry those it could pick.
    # An encoder pool on servers of its own carries its server too.
    emb = scenario.workload.embeddings
    encoder = [emb.server_id] if emb is not None and emb.server_id is not None else []
    if scenario.hardware.server_id is not None:
        return [scenario.hardware.server_id, *encoder]
    gpu = catalog.gpus.get(scenario.hardware.gpu_id)
    listed = gpu.server_ids if gpu is not None else []
    return [*listed, *(s.id for s in catalog.servers_for_gpu(scenario.hardware.gpu_id)), *encoder]


def _models_used(scenarios: Sequence[Scenario]) -> list[str]:
    """The models ``scenarios`` answer and encode with, in first-use order."""
    models = []
    for s in scenarios:
        models.append(s.workload.model_id)
        if s.workload.embeddings is not None:
            models.append(s.workload.embeddings.model_id)
    return models


def _gpus_of(catalog: Catalog, servers: Iterable[str]) -> list[str]:
    """The GPUs of `servers` (an encoder pool's own server may hold another GPU type)."""
    return [catalog.servers[s].gpu_id for s in servers if s in catalog.servers]


def entries_used(catalog: Catalog, scenarios: Sequence[Scenario]) -> PlanCatalog:
    """The non-shipped entries ``scenarios`` use: what a plan must carry to reopen elsewhere.

    Call it when saving, with the catalog the window sized against, and store the result as
    ``plan.catalog`` so a colleague without those entries can open the plan unchanged.
    """
    models = _models_used(scenarios)
    servers = [sid for s in scenarios for sid in _servers_used(catalog, s)]
    return PlanCatalog(
        gpus=_custom(
            catalog.gpus,
            [*(s.hardware.gpu_id for s in scenarios), *_gpus_of(catalog, servers)],
        ),
        servers=_custom(catalog.servers, servers),
        models=_custom(catalog.models, models),
        engines=_custom(catalog.engines, (s.workload.engine_id for s in scenarios)),
    )


def _added(table: dict[str, E], entries: Sequence[E]) -> dict[str, E]:
    merged = dict(table)
    for entry in entries:
        merged.setdefault(entry.id, entry)
    return merged


def catalog_for_plan(machine: Catalog, plan: Plan) -> Catalog:
    """``machine`` plus the plan's entries whose ids it lacks (those keep ``origin="plan"``)."""
    own = plan.catalog
    return dataclasses.replace(
        machine,
        gpus=_added(machine.gpus, own.gpus),
        servers=_added(machine.servers, own.servers),
        models=_added(machine.models, own.models),
        engines=_added(machine.engines, own.engines),
    )


def differing_entries(machine: Catalog, plan: Plan) -> list[tuple[str, str]]:
    """(kind, id) of plan entries whose id this machine defines differently (machine's wins)."""
    pairs: list[tuple[str, Mapping[str, Entry], Sequence[Entry]]] = [
        ("GPU", machine.gpus, plan.catalog.gpus),
        ("server", machine.servers, plan.catalog.servers),
        ("model", machine.models, plan.catalog.models),
        ("engine", machine.engines, plan.catalog.engines),
    ]
    found = []
    for kind, table, entries in pairs:
        for entry in entries:
            mine = table.get(entry.id)
            if mine is not None and _content(mine) != _content(entry):
                found.append((kind, entry.id))
    return found


def _content(entry: Entry) -> object:
    return entry.model_dump(exclude={"origin"})


def broken_references(merged: Catalog, own: PlanCatalog) -> list[str]:
    """References from the plan's own entries to ids neither the plan nor the machine has."""
    problems = []
    for server in own.servers:
        if server.gpu_id not in merged.gpus:
            problems.append(f'server "{server.id}" names unknown GPU "{server.gpu_id}"')
    for gpu in own.gpus:
        problems += _missing_servers(merged, gpu)
    for engine in own.engines:
        for row in engine.supported:
            if row.weight_precision not in merged.precisions:
                problems.append(
                    f'engine "{engine.id}" names unknown precision "{row.weight_precision}"'
                )
    return problems


def _missing_servers(merged: Catalog, gpu: GpuSpec) -> list[str]:
    servers: dict[str, ServerSpec] = merged.servers
    return [
        f'GPU "{gpu.id}" names unknown server "{s}"' for s in gpu.server_ids if s not in servers
    ]


def sized_alike(before: Catalog, after: Catalog, scenarios: Sequence[Scenario]) -> bool:
    """Whether ``scenarios`` size the same against ``after`` as against ``before``: the two
    differ at most in models that neither the scenarios nor a hosted API's price names.
    Sizing reads every GPU and server (the usual server of a GPU, GPUs that would hold the
    model in fewer, the GPU comparison), the engines, precisions, prices and parts, so a change
    there sizes again. The user's own catalog joining once the window was up sized the plan a
    second time when it only added models of the user's own."""
    whole = ("gpus", "servers", "engines", "precisions", "prices", "parts")
    if any(getattr(before, name) != getattr(after, name) for name in whole):
        return False
    named = set(_models_used(scenarios))
    named |= {a.comparable_model_id for a in after.prices.hosted_apis if a.comparable_model_id}
    return all(before.models.get(i) == after.models.get(i) for i in named)
