"""The splits a scenario's search tries, and the server they go in.

Shared by the aggregated split search (size.py) and the disaggregated pools' search
(disaggregated_plan.py), which tries each split as a prefill and as a decode worker.
"""

from __future__ import annotations

from collections.abc import Iterator

from aisle_desktop.catalog import Catalog, ServerSpec
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.engine import Deployment
from aisle_desktop.sizing.engine.copies import replaced
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.planning.adapters import adapter_bytes, adapter_slowdown
from aisle_desktop.sizing.planning.layouts import layouts_to_size, with_layout
from aisle_desktop.sizing.planning.parallelism import candidate_splits
from aisle_desktop.sizing.planning.replica import scenario_deployment


def server_for(catalog: Catalog, scenario: Scenario) -> ServerSpec:
    """The server the planner chose, else the first the GPU's catalog entry lists."""
    gpu = catalog.gpu(scenario.hardware.gpu_id)
    server_id = scenario.hardware.server_id or (gpu.server_ids[0] if gpu.server_ids else None)
    if server_id is None:
        raise SizingError(f"the catalog lists no server for {gpu.name}; choose one")
    server = catalog.server(server_id)
    if server.gpu_id != gpu.id:
        raise SizingError(wrong_server_message(catalog, server, gpu.id))
    return server


def wrong_server_message(catalog: Catalog, server: ServerSpec, gpu_id: str) -> str:
    """Why a server cannot be sized with the plan's GPU, by the names the planner chose from
    (the catalog's ids, "rtx-pro-4500" and "dgx-b200", are in no box), and what to choose."""
    gpu = catalog.gpu(gpu_id)
    held = catalog.gpus[server.gpu_id].name if server.gpu_id in catalog.gpus else server.gpu_id
    fitting = [catalog.servers[s].name for s in gpu.server_ids if s in catalog.servers]
    advice = (
        f"choose {' or '.join(fitting)}, or the GPU's usual server"
        if fitting
        else "the catalog lists no server that holds it"
    )
    return f"the server {server.name} holds {held} GPUs, not the plan's {gpu.name}; {advice}"


def deployments_to_size(
    catalog: Catalog, scenario: Scenario, calibration: Calibration, server: ServerSpec
) -> Iterator[Deployment]:
    """Every split worth sizing, smallest first, each in every expert layout to size.

    A generator: the split search stops resolving splits that can no longer win."""
    workload, hardware = scenario.workload, scenario.hardware
    model = catalog.model(workload.model_id)
    gpu = catalog.gpu(hardware.gpu_id)
    splits = candidate_splits(model, gpu, server.gpus_per_server, hardware.tp, hardware.pp)
    slowdown = adapter_slowdown(workload.adapters)
    adapters = adapter_bytes(model, workload.adapters)
    performance = calibration.performance_for(workload.engine_id, workload.engine_version)
    for tp, pp in splits:
        layouts = layouts_to_size(model, hardware.expert_layout, tp)
        dep = scenario_deployment(catalog, scenario, performance, tp, pp, layout=layouts[0])
        if workload.adapters.count:  # else the replica as resolved: no copy for each split
            dep = replaced(
                dep,
                step_multiplier=slowdown,
                usable_memory_bytes=dep.usable_memory_bytes - adapters / (tp * pp),
            )
        yield dep
        for layout in layouts[1:]:
            yield with_layout(dep, layout)
