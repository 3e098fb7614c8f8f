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
MOST_GPUS_PER_REPLICA = 64
# (TP, PP) up to MOST_GPUS_PER_REPLICA GPUs, fewest GPUs first.
SPLITS_FEWEST_GPUS_FIRST = tuple(
    sorted(
        ((tp, pp) for tp in TP_CHOICES for pp in PP_CHOICES if tp * pp <= MOST_GPUS_PER_REPLICA),
        key=lambda split: split[0] * split[1],
    )
)


def smallest_fitting_gpus(
    catalog: Catalog,
    scenario: Scenario,
    calibration: Calibration,
    weight_precision: str,
    most_gpus: int = MOST_GPUS_PER_REPLICA,
) -> int | None:
    """Fewest GPUs (TP x PP, up to `most_gpus`) whose memory holds one full-length request.

    Splits are tried fewest GPUs first, so the first that fits is the answer: the GPU
    comparison asks this for every GPU, and each split tried resolves a whole deployment."""
    w = scenario.workload
    tokens = w.prompt.input_tokens + w.output_tokens
    performance = calibration.performance_for(w.engine_id, w.engine_version)
    for tp, pp in SPLITS_FEWEST_GPUS_FIRST:
        if tp * pp > most_gpus:
            break
        try:
            dep = scenario_deployment(catalog, scenario, performance, tp, pp, weight_precision)
        except SizingError:
            continue
        if memory_breakdown(dep, tokens).fits:
            return tp * pp
    return None


def what_would_fit(catalog: Catalog, scenario: Scenario, calibration: Calibration) -> list[str]:
    """Plain-language options that would make the workload fit."""
    w, hw = scenario.workload, scenario.hardware
    gpu = catalog.gpu(hw.gpu_id)
    options = []
    gpus = smallest_fitting_gpus(catalog, scenario, calibration, w.weight_precision)
    if gpus is not None:
        options.append(
            f"{gpus} × {gpu.name} per replica at {w.weight_precision.upper()} holds the model "
            "and one full-length request"
        )
    # Other choices are named only when they need fewer GPUs: none beyond that is tried.
    fewer = MOST_GPUS_PER_REPLICA if gpus is None else gpus - 1
    for precision in LOWER_PRECISIONS:
        if precision == w.weight_precision:
            continue
        lower = smallest_fitting_gpus(catalog, scenario, calibration, precision, fewer)
        if lower is not None and (gpus is None or lower < gpus):
            options.append(f"{precision.upper()} weights fit on {lower} × {gpu.name}")
    for other in catalog.gpus.values():
        if other.id == gpu.id or other.usable_memory_gib <= gpu.usable_memory_gib:
            continue
        trial = scenario.model_copy(
            update={"hardware": hw.model_copy(update={"gpu_id": other.id, "server_id": None})}
        )
        n = smallest_fitting_gpus(
            catalog, trial, calibration, w.weight_precision, min(GPUS_PER_SERVER_TYPICAL, fewer)
        )
        if n is not None and n <= GPUS_PER_SERVER_TYPICAL and (gpus is None or n < gpus):
            options.append(
                f"{n} × {other.name} ({other.memory_gb:g} GB each) at the same precision"
            )
    return options[:6]
