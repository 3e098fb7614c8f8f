"""A log axis's ticks thin out to what its height has room for (QA: the report's latency
chart wrote 10 ms, 20 ms, 50 ms ... 100 s, thirteen labels down 45 mm, each touching the next)."""

from __future__ import annotations

import pytest

from aisle_desktop.axis_ticks import log_ticks


def test_ticks_step_1_2_5_then_1_3_then_by_decades() -> None:
    assert len(log_ticks(0.01, 100.0, 13)) == 13  # 10 ms to 100 s at 1-2-5 steps
    assert log_ticks(0.01, 100.0, 12) == pytest.approx(
        [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]
    )
    assert log_ticks(0.01, 100.0, 8) == pytest.approx([0.01, 0.1, 1.0, 10.0, 100.0])
    assert log_ticks(0.01, 100.0, 2) == pytest.approx([0.01, 0.1, 1.0, 10.0, 100.0])  # at least


def test_only_values_inside_the_range() -> None:
    assert log_ticks(0.02, 8.0, 20) == pytest.approx([0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0])
