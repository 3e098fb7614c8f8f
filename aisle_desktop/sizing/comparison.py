"""The same workload on every GPU in the catalog: how many GPUs, and at what cost."""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.scenario import Scenario
from aisle_desktop.sizing.size import size_scenario


@dataclass(frozen=True, slots=True)
class GpuOption:
    gpu_id: str
    gpu_name: str
    gpus: int
    cost_per_million_tokens_usd: float | None
    tco_per_year_usd: float | None
    meets_targets: bool
    note: str


def compare_gpus(catalog: Catalog, scenario: Scenario) -> list[GpuOption]:
    """Size the scenario on each GPU with an automatic count; options that cannot run say why."""
    options = []
    for gpu in catalog.gpus.values():
        hardware = scenario.hardware.model_copy(
            update={"gpu_id": gpu.id, "server_id": None, "gpu_count": None, "tp": None, "pp": None}
        )
        trial = scenario.model_copy(update={"hardware": hardware})
        try:
            result = size_scenario(catalog, trial)
        except (SizingError, CatalogError) as err:
            options.append(GpuOption(gpu.id, gpu.name, 0, None, None, False, str(err)))
            continue
        if not result.fits:
            options.append(GpuOption(gpu.id, gpu.name, 0, None, None, False, result.status))
            continue
        options.append(
            GpuOption(
                gpu_id=gpu.id,
                gpu_name=gpu.name,
                gpus=result.gpus,
                cost_per_million_tokens_usd=result.value("cost_per_million_tokens_usd"),
                tco_per_year_usd=result.value("tco_per_year_usd"),
                meets_targets=result.meets_targets,
                note=result.status,
            )
        )
    return options
