"""The same workload on every GPU in the catalog: how many GPUs, and at what cost."""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.planning.sensitivity import Sizer
from aisle_desktop.sizing.planning.size import size_scenario


@dataclass(frozen=True, slots=True)
class GpuOption:
    gpu_id: str
    gpu_name: str
    gpus: int
    cost_per_million_tokens_usd: float | None
    tco_per_year_usd: float | None
    meets_targets: bool
    note: str
    blocked: bool = False  # a critical problem stops it (a rack that cannot power a server)


def compare_gpu(
    catalog: Catalog,
    scenario: Scenario,
    calibration: Calibration,
    gpu_id: str,
    size: Sizer | None = None,
) -> GpuOption:
    """Size the scenario on one GPU with an automatic count; if it cannot run, say why.

    ``size`` sizes a scenario (by default `size_scenario` with ``calibration``); the window
    passes its `SizedScenarios`, so a GPU is sized once however often the comparison is shown.
    """
    gpu = catalog.gpu(gpu_id)
    hardware = scenario.hardware.model_copy(
        update={"gpu_id": gpu.id, "server_id": None, "gpu_count": None, "tp": None, "pp": None}
    )
    trial = scenario.model_copy(update={"hardware": hardware})
    try:
        result = size(trial) if size else size_scenario(catalog, trial, calibration)
    except (SizingError, CatalogError) as err:
        return GpuOption(gpu.id, gpu.name, 0, None, None, False, str(err))
    if not result.fits:
        return GpuOption(gpu.id, gpu.name, 0, None, None, False, result.status)
    return GpuOption(
        gpu_id=gpu.id,
        gpu_name=gpu.name,
        gpus=result.gpus,
        cost_per_million_tokens_usd=result.value("cost_per_million_tokens_usd"),
        tco_per_year_usd=result.value("tco_per_year_usd"),
        meets_targets=result.meets_targets,
        note=result.status,
        blocked=result.blocking,
    )


def compare_gpus(
    catalog: Catalog, scenario: Scenario, calibration: Calibration, size: Sizer | None = None
) -> list[GpuOption]:
    """The scenario on every GPU in the catalog (``size`` as for `compare_gpu`)."""
    return [compare_gpu(catalog, scenario, calibration, gpu_id, size) for gpu_id in catalog.gpus]
