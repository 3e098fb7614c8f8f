"""The same workload on every GPU in the catalog: how many GPUs, and at what cost."""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.planning.size import search_scenario, searched_headline
from aisle_desktop.sizing.planning.sized_scenarios import SizedScenarios


@dataclass(frozen=True, slots=True)
class GpuOption:
    gpu_id: str
    gpu_name: str
    gpus: int  # the GPUs the replicas use
    cost_per_million_tokens_usd: float | None
    tco_per_year_usd: float | None
    meets_targets: bool
    note: str
    blocked: bool = False  # a critical problem stops it (a rack that cannot power a server)
    gpus_bought: int = 0  # every GPU of the whole servers bought; 0 when it cannot run
    gpus_needed: int = 0  # the GPUs the load needs (gpu_counts.py); 0: as gpus
    encoder_gpus: int = 0  # an embeddings workload's, among those bought
    # The catalog's short name ("NVIDIA GH200 96GB"), where the GPUs tab's column is too
    # narrow for the whole one ("NVIDIA GH200 Grace Hopper Superchip (96GB HBM3)"); "": none.
    gpu_short_name: str = ""


def compare_gpu(
    catalog: Catalog,
    scenario: Scenario,
    calibration: Calibration,
    gpu_id: str,
    sized: SizedScenarios | None = None,
) -> GpuOption:
    """Size the scenario on one GPU with an automatic count; if it cannot run, say why.

    Only the figures the comparison shows are worked out (`Headline`), not the whole result.
    The window passes its `SizedScenarios` (for ``calibration``), so a GPU is searched once
    however often the comparison is shown.
    """
    gpu = catalog.gpu(gpu_id)
    hardware = scenario.hardware.model_copy(
        update={"gpu_id": gpu.id, "server_id": None, "gpu_count": None, "tp": None, "pp": None}
    )
    trial = scenario.model_copy(update={"hardware": hardware})
    try:
        if sized is not None:
            head = sized.headline(trial)
        else:
            head = searched_headline(catalog, search_scenario(catalog, trial, calibration))
    except (SizingError, CatalogError) as err:
        return GpuOption(
            gpu.id, gpu.name, 0, None, None, False, str(err), gpu_short_name=gpu.shown_name
        )
    if not head.fits:
        return GpuOption(
            gpu.id, gpu.name, 0, None, None, False, head.status, gpu_short_name=gpu.shown_name
        )
    costs = (head.cost_per_million_tokens_usd, head.tco_per_year_usd)
    return GpuOption(
        gpu.id,
        gpu.name,
        head.gpus,
        *costs,
        head.meets_targets,
        head.status,
        head.blocking,
        head.gpus_bought,
        head.gpus_needed,
        head.encoder_gpus,
        gpu.shown_name,
    )


def compare_gpus(
    catalog: Catalog,
    scenario: Scenario,
    calibration: Calibration,
    sized: SizedScenarios | None = None,
) -> list[GpuOption]:
    """The scenario on every GPU in the catalog (``sized`` as for `compare_gpu`)."""
    return [compare_gpu(catalog, scenario, calibration, gpu_id, sized) for gpu_id in catalog.gpus]
