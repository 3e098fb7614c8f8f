"""Whether the engine release a plan runs was measured: the 2025-26 measurements ran vLLM
0.11-0.19, TensorRT-LLM 1.0-1.3 candidates and SGLang 0.5.1-0.5.10, and the values fitted on
them stand for every later release of their era. A plan on a later release (the newest, by
default) is told so: its figures are an extrapolation of those fits with the release's own
defaults, not a fit to it."""

from __future__ import annotations

from aisle_desktop.catalog import EngineSpec
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.calibration.release_provenance import measured_releases
from aisle_desktop.sizing.planning.result import PlanWarning


def release_without_measurements(
    engine: EngineSpec, calibration: Calibration
) -> PlanWarning | None:
    """A note naming the releases whose fitted values a later, unmeasured release runs with;
    None for a measured release, one before the 2025-26 eras, or an engine with no releases."""
    release = engine.release
    if release is None:
        return None
    era = calibration.era(engine.id, release.version)
    span = measured_releases(engine.id, release.version)
    if era is None or span is None:
        return None
    return PlanWarning(
        code="release-without-measurements",
        severity="info",
        message=f"{release.dated_label} has no measurements of its own: it runs with the "
        f"values of the {era.label} era, fitted on measurements of releases {span[0]} to "
        f"{span[1]} (docs/calibration.md), and with the defaults the catalog lists for it.",
    )
