"""The model's calibration: mechanism-level assumptions every engine shares, with sources.

Engine-specific factors live in the engine catalog; what is here is owned by sizing.
"""

from aisle_desktop.sizing.calibration.assumptions import (
    GB,
    GIB,
    CostAssumptions,
    PerformanceAssumptions,
)

__all__ = ["GB", "GIB", "CostAssumptions", "PerformanceAssumptions"]
