"""The circuits that feed a rack, as the planner's facility provides them.

Defaults are the common North American data-centre rack circuit: 208 V three-phase, 30 A.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field

# US NEC 210.19(A)/210.20(A): a circuit carries at most 80% of its rating continuously.
CONTINUOUS_LOAD_SHARE = 0.8


class PowerFeed(BaseModel):
    """The circuits that feed each rack: voltage, breaker rating, phases. Every rack has two
    feeds (A and B) so a failed circuit or PDU drops nothing."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    voltage_v: float = Field(208.0, ge=100, le=1000)
    breaker_a: float = Field(30.0, ge=1, le=1000)
    phases: int = Field(3, ge=1, le=3)

    @property
    def usable_w(self) -> float:
        """Continuous watts one circuit carries: V x A (x sqrt 3 for three-phase) x 80%."""
        phase_factor = math.sqrt(3) if self.phases == 3 else 1.0
        return self.voltage_v * self.breaker_a * phase_factor * CONTINUOUS_LOAD_SHARE

    def describe(self) -> str:
        phase = "three-phase" if self.phases == 3 else "single-phase"
        return (
            f"{self.voltage_v:g} V {phase} {self.breaker_a:g} A circuits, "
            f"{self.usable_w / 1e3:.1f} kW each at 80 % continuous load"
        )
