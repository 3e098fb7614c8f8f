"""What would fit: the smallest split, a lower precision, or a larger GPU (SIZING.md s.6)."""

from __future__ import annotations

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.engine import (
    GPUS_PER_SERVER_TYPICAL,
    memory_breakdown,
)
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.planning.parallelism import PP_CHOICES, TP_CHOICES
from aisle_desktop.sizing.planning.replica import scenario_deployment

LOWER_PRECISIONS = ("fp8", "int4", "fp4")


def smallest_fitting_gpus(
    catalog: Catalog, scenario: Scenario, calibration: Calibration, weight_precision: str
) -> int | None:
    """Fewest GPUs (TP x PP, up to 64) whose memory holds one full-length request."""
    w = scenario.workload
    tokens = w.prompt.input_tokens + w.output_tokens
    best: int | None = None
    performance = calibration.performance_for(w.engine_id, w.engine_version)
    for tp in TP_CHOICES:
        for pp in PP_CHOICES:
            gpus = tp * pp
            if gpus > 64 or (best is not None and gpus >= best):
                continue
            try:
                dep = scenario_deployment(catalog, scenario, performance, tp, pp, weight_precision)
            except SizingError:
                continue
            if memory_breakdown(dep, tokens).fits:
                best = gpus
    return best


def what_would_fit(catalog: Catalog, scenario: Scenario, calibration: Calibration) -> list[str]:
    """Plain-language options that would make the workload fit."""
    w, hw = scenario.workload, scenario.hardware
    gpu = catalog.gpu(hw.gpu_id)
    options = []
    gpus = smallest_fitting_gpus(catalog, scenario, calibration, w.weight_precision)
    if gpus is not None:
        options.append(
            f"{gpus} x {gpu.name} per replica at {w.weight_precision.upper()} holds the model "
            "and one full-length request"
        )
    for precision in LOWER_PRECISIONS:
        if precision == w.weight_precision:
            continue
        lower = smallest_fitting_gpus(catalog, scenario, calibration, precision)
        if lower is not None and (gpus is None or lower < gpus):
            options.append(f"{precision.upper()} weights fit on {lower} x {gpu.name}")
    for other in catalog.gpus.values():
        if other.id == gpu.id or other.usable_memory_gib <= gpu.usable_memory_gib:
            continue
        trial = scenario.model_copy(
            update={"hardware": hw.model_copy(update={"gpu_id": other.id, "server_id": None})}
        )
        n = smallest_fitting_gpus(catalog, trial, calibration, w.weight_precision)
        if n is not None and n <= GPUS_PER_SERVER_TYPICAL and (gpus is None or n < gpus):
            options.append(
                f"{n} x {other.name} ({other.memory_gb:g} GB each) at the same precision"
            )
    return options[:6]
