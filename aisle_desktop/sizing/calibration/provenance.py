"""How an engine era's value was found: fitted to the 2025-26 measurements, sourced from an
engine's code, release notes, a recipe or a harness's rules, or measured in a published run.

The Assumptions tab said "fitted" of calibration 2026.12.52's two zeros for vLLM 0.10-0.13
(`first_token_wait_steps`, `host_overlap`: those releases schedule in turn by default, read
from vLLM's release notes) because a value's provenance was looked up by its name alone, and
the same names are fitted for vLLM 0.14 and the other engines. Each era value now has its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ProvenanceKind = Literal["fitted", "sourced", "measured"]


@dataclass(frozen=True)
class Provenance:
    """How one era value was found, and from what (empty for a fit: the 2025-26 rows)."""

    kind: ProvenanceKind
    source: str = ""

    @property
    def words(self) -> str:
        """As it follows "Per engine release, …": ``fitted to the 2025-26 measurements``,
        ``sourced (NVIDIA's TensorRT-LLM recipes for attention DP), not fitted``."""
        if self.kind == "fitted":
            return "fitted to the 2025-26 measurements"
        return f"{self.kind} ({self.source}), not fitted"


FITTED = Provenance("fitted")


def sourced(source: str) -> Provenance:
    """A value read from an engine's code, release notes, a recipe or a harness's rules."""
    return Provenance("sourced", source)


def measured(source: str) -> Provenance:
    """A value taken from a published measurement."""
    return Provenance("measured", source)
