"""Sizing's caches do not keep a replaced catalog alive (`forget_cached_work`)."""

from __future__ import annotations

import dataclasses
import gc
import weakref

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing import forget_cached_work
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import alternatives, size_scenario
from tests.sizing.scenario_edits import with_parts


def _own_copy(catalog: Catalog) -> Catalog:
    """A catalog whose GPU and model entries are objects of its own, as a reload makes."""
    return dataclasses.replace(
        catalog,
        gpus={k: g.model_copy() for k, g in catalog.gpus.items()},
        models={k: m.model_copy() for k, m in catalog.models.items()},
    )


def test_a_replaced_catalog_is_freed_once_sizing_forgets_its_work(catalog: Catalog) -> None:
    """A plan that misses its targets asks what would fit (cached per catalog); the steps
    its replicas worked out live in the replicas (`replica_memo`), gone with the result."""
    old = _own_copy(catalog)
    base = preset_scenario("llama-70b-rag")
    targets = base.workload.targets.model_copy(update={"tpot_ms": 5.0})
    tight = with_parts(base, workload={"targets": targets})
    result = size_scenario(old, tight, CURRENT_CALIBRATION)
    assert not result.meets_targets and result.alternatives
    assert alternatives._fewest_gpus_holding.cache_info().currsize > 0
    old_catalog, old_gpu = weakref.ref(old), weakref.ref(old.gpus["h100-sxm"])
    del old, result
    gc.collect()
    assert old_catalog() is not None and old_gpu() is not None  # the caches hold them
    assert forget_cached_work() >= 1
    gc.collect()
    assert old_catalog() is None and old_gpu() is None
