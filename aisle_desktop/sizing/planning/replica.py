"""One replica of a scenario: the catalog entries it names, with its draft and expert layout."""

from __future__ import annotations

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import ExpertLayout, Scenario, Workload
from aisle_desktop.sizing.calibration import PerformanceAssumptions
from aisle_desktop.sizing.engine import Deployment, resolve_deployment, with_speculation
from aisle_desktop.sizing.planning.layouts import Layout, with_layout


def scenario_deployment(
    catalog: Catalog,
    scenario: Scenario,
    performance: PerformanceAssumptions,
    tp: int,
    pp: int,
    weight_precision: str | None = None,
    layout: Layout | None = None,
) -> Deployment:
    """A TP x PP replica as the scenario asks for it (raises SizingError if none can run).

    `layout` maps a mixture-of-experts model onto the TP group (layouts.py); None takes the
    plan's own, tensor parallel when the plan leaves it to the split search.
    """
    hardware = scenario.hardware
    on = (hardware.gpu_id, hardware.expert_layout)
    return workload_deployment(
        catalog, scenario.workload, on, performance, (tp, pp), weight_precision, layout
    )


def workload_deployment(
    catalog: Catalog,
    w: Workload,
    on: tuple[str, ExpertLayout],
    performance: PerformanceAssumptions,
    split: tuple[int, int],
    weight_precision: str | None = None,
    layout: Layout | None = None,
) -> Deployment:
    """`scenario_deployment` from the parts of a scenario a replica depends on: its workload,
    and the GPU and expert layout it runs `on`; `split` is (TP, PP)."""
    gpu_id, expert_layout = on
    tp, pp = split
    dep = resolve_deployment(
        catalog,
        w.model_id,
        gpu_id,
        w.engine_id,
        weight_precision or w.weight_precision,
        w.kv_precision,
        tp,
        pp,
        performance,
        engine_version=w.engine_version,
    )
    chosen = layout or ("tp" if expert_layout == "auto" else expert_layout)
    if chosen != "tp":
        dep = with_layout(dep, chosen)
    spec = w.speculative
    if spec is not None:
        dep = with_speculation(
            catalog, dep, spec.method, spec.draft_tokens, spec.acceptance, spec.draft_model_id
        )
    return dep
