"""One replica of a scenario: the catalog entries it names, with its draft and expert split."""

from __future__ import annotations

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import PerformanceAssumptions
from aisle_desktop.sizing.engine import (
    Deployment,
    resolve_deployment,
    with_expert_parallel,
    with_speculation,
)


def scenario_deployment(
    catalog: Catalog,
    scenario: Scenario,
    performance: PerformanceAssumptions,
    tp: int,
    pp: int,
    weight_precision: str | None = None,
) -> Deployment:
    """A TP x PP replica as the scenario asks for it (raises SizingError if none can run).

    Expert parallel is planned on the same TP x PP split search: the TP group holds whole
    experts (EP = TP) instead of slicing each one.
    """
    w, hardware = scenario.workload, scenario.hardware
    dep = resolve_deployment(
        catalog,
        w.model_id,
        hardware.gpu_id,
        w.engine_id,
        weight_precision or w.weight_precision,
        w.kv_precision,
        tp,
        pp,
        performance,
        engine_version=w.engine_version,
    )
    if hardware.expert_parallel:
        dep = with_expert_parallel(dep, hardware.data_parallel_attention)
    spec = w.speculative
    if spec is not None:
        dep = with_speculation(
            catalog, dep, spec.method, spec.draft_tokens, spec.acceptance, spec.draft_model_id
        )
    return dep
