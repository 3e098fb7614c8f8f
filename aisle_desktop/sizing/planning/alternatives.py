"""What would fit: the smallest split, a lower precision, or a larger GPU (SIZING.md s.6)."""

from __future__ import annotations

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import memory_as_sold
from aisle_desktop.plan import ExpertLayout, Scenario, Workload
from aisle_desktop.sizing.calibration import Calibration, PerformanceAssumptions
from aisle_desktop.sizing.engine import (
    GPUS_PER_SERVER_TYPICAL,
    memory_breakdown,
)
from aisle_desktop.sizing.engine.replica_memo import kept_by_catalog
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.planning.parallelism import PP_CHOICES, TP_CHOICES
from aisle_desktop.sizing.planning.replica import workload_deployment

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
    """Fewest GPUs (TP x PP, up to `most_gpus`) whose memory holds one full-length request."""
    w, hardware = scenario.workload, scenario.hardware
    performance = calibration.performance_for(w.engine_id, w.engine_version)
    fewest = _fewest_gpus_holding(
        catalog, w, hardware.gpu_id, hardware.expert_layout, performance, weight_precision
    )
    return fewest if fewest is not None and fewest <= most_gpus else None


# The GPU comparison asks this of every GPU for every GPU that does not fit (what would fit
# names the larger GPUs that would): each answer is worked out once a catalog, not once per
# asker.
@kept_by_catalog(max_answers=1024)
def _fewest_gpus_holding(
    catalog: Catalog,
    w: Workload,
    gpu_id: str,
    expert_layout: ExpertLayout,
    performance: PerformanceAssumptions,
    weight_precision: str,
) -> int | None:
    """Fewest GPUs (TP x PP, up to MOST_GPUS_PER_REPLICA) whose memory holds one full-length
    request. Splits are tried fewest GPUs first, so the first that fits is the answer, and
    none fits within a smaller bound if this one is above it."""
    tokens = w.prompt.input_tokens + w.output_tokens
    for tp, pp in SPLITS_FEWEST_GPUS_FIRST:
        try:
            on = (gpu_id, expert_layout)
            dep = workload_deployment(catalog, w, on, performance, (tp, pp), weight_precision)
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
    performance = calibration.performance_for(w.engine_id, w.engine_version)
    for other in catalog.gpus.values():
        if other.id == gpu.id or other.usable_memory_gib <= gpu.usable_memory_gib:
            continue
        n = _fewest_gpus_holding(
            catalog, w, other.id, hw.expert_layout, performance, w.weight_precision
        )
        if (
            n is not None
            and n <= min(GPUS_PER_SERVER_TYPICAL, fewer)
            and (gpus is None or n < gpus)
        ):
            options.append(
                f"{n} × {other.name}, {memory_as_sold(other.memory_sold_gb, other.memory_gb)} "
                "each, at the same precision"
            )
    return options[:6]
