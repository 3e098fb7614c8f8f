"""The window's Scenarios tab writes its figures side by side (zeros kept: "6.40 kW" above
"5.58 kW"), as the report's comparison table does (the rule: tests/cli/test_figures_compared.py)."""

from __future__ import annotations

from aisle_desktop.report import ComparisonRow
from aisle_desktop.ui.comparison_view import value_text


def test_the_scenarios_tab_writes_its_figures_side_by_side() -> None:
    power = ComparisonRow("average_kw", "All servers, average", "kW", (6.4, 5.58), True)
    assert [value_text(power, v) for v in power.values] == ["6.40 kW", "5.58 kW"]
    gpus = ComparisonRow("gpus_bought", "GPUs bought", "", (8.0, 16.0), True)
    assert [value_text(gpus, v) for v in gpus.values] == ["8", "16"]
