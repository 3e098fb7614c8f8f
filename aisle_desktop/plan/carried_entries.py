"""Which custom catalog entries a saved plan carries.

``entries_used`` gives what the scenarios need now; the entries the file arrived with are
kept as well (by id, after those), so opening and saving a plan never drops an entry a
colleague put in it, even one no scenario names at the moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from aisle_desktop.catalog import Catalog, Entry
from aisle_desktop.plan.document import PlanCatalog
from aisle_desktop.plan.plan_catalog import entries_used
from aisle_desktop.plan.scenario import Scenario

E = TypeVar("E", bound=Entry)


def _union(used: list[E], kept: list[E]) -> list[E]:
    ids = {e.id for e in used}
    return [*used, *(e for e in kept if e.id not in ids)]


def carried_entries(
    catalog: Catalog, scenarios: Sequence[Scenario], arrived_with: PlanCatalog
) -> PlanCatalog:
    """The entries to store in the plan: those used now, plus those it arrived with."""
    used = entries_used(catalog, scenarios)
    return PlanCatalog(
        gpus=_union(used.gpus, arrived_with.gpus),
        servers=_union(used.servers, arrived_with.servers),
        models=_union(used.models, arrived_with.models),
        engines=_union(used.engines, arrived_with.engines),
    )
