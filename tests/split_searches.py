"""A spy on the split search, the costly part of sizing: which scenarios were searched, in order.

Tests that claim a scenario is sized once (per edit, per GPU, per report) count here rather
than time anything.
"""

from __future__ import annotations

from typing import Any

import pytest

from aisle_desktop.sizing.planning import size


class SplitSearches:
    """Records "<scenario name> on <GPU id>" (and the scenario) for every split search run
    while installed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.searched: list[str] = []
        self.scenarios: list[Any] = []
        search = size._planned_split

        def counted(catalog: Any, scenario: Any, *args: Any) -> Any:
            self.searched.append(f"{scenario.name} on {scenario.hardware.gpu_id}")
            self.scenarios.append(scenario)
            return search(catalog, scenario, *args)

        monkeypatch.setattr(size, "_planned_split", counted)
