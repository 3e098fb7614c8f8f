"""A picture of the window (`--screenshot`, the bundle's self-test) is taken once the result is
wholly shown: a grab at the tail latencies showed empty curves and a headline table half laid
out, their slices still queued."""

from __future__ import annotations

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION as CALIBRATION
from aisle_desktop.sizing.planning import plan_curves, size_scenario
from aisle_desktop.ui import worker as ui_worker
from aisle_desktop.ui.app import after_result_shown, build_window

from .conftest import RESULT_TIMEOUT_MS, NeverStartedComparisonProcesses


def test_the_action_runs_once_the_curves_and_every_queued_view_are_shown(
    qtbot: QtBot, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui_worker, "ComparisonProcesses", NeverStartedComparisonProcesses)
    window = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(window)
    seen: list[tuple[bool, int, float]] = []

    def look() -> None:
        _x, y = window.curves_panel.throughput.getData()
        seen.append((window.later.is_empty(), 0 if y is None else len(y), float(np.nanmax(y))))

    after_result_shown(window, look)
    window.show()
    qtbot.waitUntil(lambda: bool(seen), timeout=RESULT_TIMEOUT_MS)
    result = size_scenario(catalog, window.controller.scenario, CALIBRATION)
    curves = plan_curves(result)
    assert curves is not None
    queue_empty, points, highest = seen[0]
    assert queue_empty
    assert points == len(curves.concurrency.in_flight)
    assert highest == float(np.nanmax(curves.concurrency.output_tokens_per_s))
    assert window.results_panel.value_text("ttft_ms") == "333 ms"
    window.close()
