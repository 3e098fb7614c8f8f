"""The model's calibration: one named, dated object holding every mechanism-level assumption.

``CURRENT_CALIBRATION`` is what new sizings use; ``Calibration.with_overrides`` applies a
scenario's overrides (checked against its names and ranges). Each assumption's value and source
are declared once, in ``assumptions.py``; engine-specific factors live in the engine catalog.
"""

from aisle_desktop.sizing.calibration.assumptions import (
    GB,
    GIB,
    CostAssumptions,
    PerformanceAssumptions,
)
from aisle_desktop.sizing.calibration.calibration import (
    CALIBRATIONS,
    CURRENT_CALIBRATION,
    OVERRIDE_FIELD,
    Calibration,
)
from aisle_desktop.sizing.calibration.engine_eras import VLLM_ASYNC_SCHEDULING_DEFAULT
from aisle_desktop.sizing.calibration.provenance import Provenance
from aisle_desktop.sizing.calibration.release_provenance import era_provenance

__all__ = [
    "CALIBRATIONS",
    "CURRENT_CALIBRATION",
    "GB",
    "GIB",
    "OVERRIDE_FIELD",
    "VLLM_ASYNC_SCHEDULING_DEFAULT",
    "Calibration",
    "CostAssumptions",
    "PerformanceAssumptions",
    "Provenance",
    "era_provenance",
]
