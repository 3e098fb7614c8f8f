"""Plan format versions and the steps between them.

Each step is a pure function from one version's top-level dict to the next version's, registered
in order with ``@step(from_version)``. Reading runs every step from the file's version up to
``CURRENT_VERSION``; the file on disk is never rewritten by reading (only a later save writes
the current layout). Steps must accept a malformed dict without raising: they move what they
recognise and leave the rest for validation to report. History is in docs/plan-format.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

JsonObject = dict[str, Any]
Step = Callable[[JsonObject], JsonObject]

CURRENT_VERSION = 2

_STEPS: dict[int, Step] = {}


def step(from_version: int) -> Callable[[Step], Step]:
    """Register ``function`` as the migration from ``from_version`` to ``from_version + 1``."""

    def register(function: Step) -> Step:
        if from_version in _STEPS:
            raise RuntimeError(f"two migrations from plan version {from_version}")
        _STEPS[from_version] = function
        return function

    return register


def steps() -> dict[int, Step]:
    """The registered steps by the version they start from (for tests and docs)."""
    return dict(_STEPS)


@step(1)
def v1_to_v2(data: JsonObject) -> JsonObject:
    """Version 1 held one ``scenario`` and ``custom_entries``; 2: ``scenarios`` and ``catalog``.

    Version 2 lets one plan compare options side by side, so the single scenario becomes a
    one-item list, and the entries it carries move to ``catalog`` (same four lists).
    """
    out = {k: v for k, v in data.items() if k not in ("scenario", "custom_entries")}
    if "scenario" in data and "scenarios" not in data:
        out["scenarios"] = [data["scenario"]]
    elif "scenario" in data:
        out["scenario"] = data["scenario"]  # both present: leave it for validation to flag
    if "custom_entries" in data and "catalog" not in data:
        out["catalog"] = data["custom_entries"]
    elif "custom_entries" in data:
        out["custom_entries"] = data["custom_entries"]
    out["version"] = 2
    return out


def migrate(data: JsonObject, version: int) -> JsonObject:
    """Run every step from ``version`` to the current one; ``version`` must be in range."""
    if not 1 <= version <= CURRENT_VERSION:
        raise ValueError(f"no migration path from plan version {version}")
    for from_version in range(version, CURRENT_VERSION):
        data = _STEPS[from_version](data)
    return data


def _check_registry() -> None:
    # A gap in the chain would only show up when someone opens an old file; fail at import.
    missing = [v for v in range(1, CURRENT_VERSION) if v not in _STEPS]
    if missing:
        raise RuntimeError(f"plan migrations missing from versions {missing}")


_check_registry()
