"""The latency axis stays readable however short the plot and wide the range."""

from __future__ import annotations

from aisle_desktop.ui.curves_panel import latency_ticks


def labels(ticks: list[tuple[float, str]]) -> list[str]:
    return [label for _, label in ticks]


def test_a_short_latency_axis_over_a_wide_range_thins_its_labels() -> None:
    assert len(latency_ticks(0.02, 8.0, most=20)) == 8  # 1-2-5 steps when there is room
    assert labels(latency_ticks(0.02, 8.0)) == ["30 ms", "100 ms", "300 ms", "1 s", "3 s"]
    assert labels(latency_ticks(0.02, 8.0, most=3)) == ["100 ms", "1 s"]
