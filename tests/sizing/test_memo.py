"""Sizing's caches do not keep a replaced catalog alive (`forget_cached_work`)."""

from __future__ import annotations

import dataclasses
import gc
import weakref

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing import forget_cached_work
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario
from tests.sizing.scenario_edits import with_parts


def _own_copy(catalog: Catalog) -> Catalog:
    """A catalog whose GPU and model entries are objects of its own, as a reload makes."""
    return dataclasses.replace(
        catalog,
        gpus={k: g.model_copy() for k, g in catalog.gpus.items()},
        models={k: m.model_copy() for k, m in catalog.models.items()},
    )


def test_a_replaced_catalog_is_freed_with_what_sizing_worked_out_of_it(catalog: Catalog) -> None:
    """A plan that misses its targets asks what would fit on other GPUs, kept by the catalog
    (`Catalog.worked_out`); the steps its replicas worked out live in the replicas
    (`replica_memo`): dropping the result and the catalog frees both, with no cache to empty."""
    old = _own_copy(catalog)
    base = preset_scenario("llama-70b-rag")
    targets = base.workload.targets.model_copy(update={"tpot_ms": 5.0})
    tight = with_parts(base, workload={"targets": targets})
    result = size_scenario(old, tight, CURRENT_CALIBRATION)
    assert not result.meets_targets and result.alternatives
    assert old.worked_out and not _own_copy(old).worked_out  # a reload starts with none
    old_catalog, old_gpu = weakref.ref(old), weakref.ref(old.gpus["h100-sxm"])
    del old, result
    gc.collect()
    assert old_catalog() is None and old_gpu() is None


def test_forgetting_at_a_reload_empties_what_is_left_kept_by_value() -> None:
    """What sizing still keeps by value (an older model entry's layer groups, the fields of
    a dataclass) is emptied when the window replaces its catalog."""
    assert forget_cached_work() >= 1
