"""After a result the headline figures update at once and the curves and the table of every
figure follow on later event-loop turns: they must still arrive, and show the newest result
after fast typing, never an older one; a hidden plot tab is drawn when it is shown."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSpinBox
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing import figure_text
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION as CALIBRATION
from aisle_desktop.sizing.planning import plan_curves, size_scenario
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.worker import SizingOutcome

from .conftest import RESULT_TIMEOUT_MS

STEPS = 6
KEPT_ROLE = Qt.ItemDataRole.UserRole + 1


def test_the_curves_and_figure_table_show_the_newest_result_after_fast_typing(
    window: MainWindow, qtbot: QtBot, catalog: Catalog
) -> None:
    panel = window.curves_panel
    panel.setCurrentWidget(panel.load_page)
    spin = window.workload_panel.fields.widget(("workload", "output_tokens"))
    assert isinstance(spin, QSpinBox)
    first_tokens = spin.value()
    spin.setFocus()
    row = window.figure_table.item_for("tpot_ms")
    assert row is not None
    row.setData(0, KEPT_ROLE, True)  # the same figures: rows are updated, not rebuilt
    sized: list[int] = []
    window.service.sized.connect(lambda outcome: sized.append(outcome.revision))

    def newest_shown() -> bool:
        return bool(sized) and sized[-1] == window.controller.revision

    with qtbot.waitSignal(
        window.later.drained, timeout=RESULT_TIMEOUT_MS, check_params_cb=newest_shown
    ):
        for _ in range(STEPS):  # each arrow step is a new revision; most are throttled away
            qtbot.keyClick(spin, Qt.Key.Key_Up)
    scenario = window.controller.scenario
    assert scenario.workload.output_tokens == first_tokens + STEPS * spin.singleStep()
    result = size_scenario(catalog, scenario, CALIBRATION)
    curves = plan_curves(result)
    assert curves is not None
    x, y = panel.throughput.getData()
    assert np.array_equal(x, curves.concurrency.in_flight)
    assert np.array_equal(y, curves.concurrency.output_tokens_per_s)
    assert panel.load_mark.value() == curves.planned_in_flight
    item = window.figure_table.item_for("tpot_ms")
    assert item is not None and item.text(1) == figure_text(result, "tpot_ms")
    assert item.data(0, KEPT_ROLE) is True
    assert window.results_panel.value_text("tpot_ms") == figure_text(result, "tpot_ms")

    # The memory tab was hidden while the results came: it is drawn, newest, once shown.
    with qtbot.waitSignal(window.later.drained, timeout=RESULT_TIMEOUT_MS):
        panel.setCurrentWidget(panel.memory_plot)
    _, kv_top = panel.mem_kv.getData()
    m = curves.memory
    expected_gb = m.weights_gb + m.runtime_gb + m.kv_cache_gb
    assert np.allclose(kv_top, expected_gb * 1e9, rtol=1e-12)
    assert panel.context_mark.value() == curves.planned_context_tokens


def test_the_figures_are_shown_before_the_curves(window: MainWindow, qtbot: QtBot) -> None:
    """When a result arrives its headline figures are shown at once; its curves wait for the
    event loop's next turn, then show it."""
    panel = window.curves_panel
    panel.setCurrentWidget(panel.load_page)
    at_arrival: list[tuple[bool, bool]] = []
    outcomes: list[SizingOutcome] = []

    def on_sized(outcome: SizingOutcome) -> None:  # connected after the window's own slot
        _, throughput = panel.throughput.getData()
        assert outcome.curves is not None
        new_figure = figure_text(outcome.result, "tpot_ms")
        at_arrival.append(
            (
                window.results_panel.value_text("tpot_ms") == new_figure,
                np.array_equal(throughput, outcome.curves.concurrency.output_tokens_per_s),
            )
        )
        outcomes.append(outcome)

    window.service.sized.connect(on_sized)
    with qtbot.waitSignals([window.service.sized, window.later.drained], timeout=RESULT_TIMEOUT_MS):
        window.controller.set_field(("workload", "output_tokens"), 1000, "Output tokens")
    assert at_arrival == [(True, False)]
    curves = outcomes[0].curves
    assert curves is not None
    # `drained` may be an earlier turn's (the first plan's pools, searched after its figures,
    # are drawn late on a busy machine): wait for the turn that draws these curves.
    expected = curves.concurrency.output_tokens_per_s
    qtbot.waitUntil(
        lambda: np.array_equal(panel.throughput.getData()[1], expected),
        timeout=RESULT_TIMEOUT_MS,
    )
