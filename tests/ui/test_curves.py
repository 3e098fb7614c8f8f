"""The latency axis stays readable however short the plot and wide the range; a new result
paints each load plot once."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION as CALIBRATION
from aisle_desktop.sizing.planning import PlanCurves, plan_curves, size_scenario
from aisle_desktop.ui.curves_panel import LATENCY_TICK_SPACING_PX, CurvesPanel, latency_ticks
from aisle_desktop.ui.update_queue import UpdateQueue
from tests.ui.conftest import shown_alone


def labels(ticks: list[tuple[float, str]]) -> list[str]:
    return [label for _, label in ticks]


def test_a_short_latency_axis_over_a_wide_range_thins_its_labels() -> None:
    assert len(latency_ticks(0.02, 8.0, most=20)) == 8  # 1-2-5 steps when there is room
    assert labels(latency_ticks(0.02, 8.0)) == ["30 ms", "100 ms", "300 ms", "1 s", "3 s"]
    assert labels(latency_ticks(0.02, 8.0, most=3)) == ["100 ms", "1 s"]


def _load_curves(catalog: Catalog, output_tokens: int) -> PlanCurves:
    scenario = preset_scenario("llama-70b-rag")
    workload = scenario.workload.model_copy(update={"output_tokens": output_tokens})
    result = size_scenario(catalog, scenario.model_copy(update={"workload": workload}), CALIBRATION)
    curves = plan_curves(result)
    assert curves is not None
    return curves


def _drawn_panel(qtbot: QtBot, curves: PlanCurves, width: int, height: int) -> CurvesPanel:
    """A curves panel of that size, shown, its load plots drawn from `curves`."""
    later = UpdateQueue()
    panel = CurvesPanel(later)
    qtbot.addWidget(panel)
    panel.resize(width, height)
    panel.show()
    qtbot.waitExposed(panel)
    with qtbot.waitSignal(later.drained):
        panel.show_curves(curves)
    return panel


class _Paints(QObject):
    """Counts the paint events a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_each_load_plot_paints_once_for_a_new_result(qtbot: QtBot, catalog: Catalog) -> None:
    """Painting the two load plots was the GUI thread's longest stall after an edit: each
    new result must paint each plot once, not once for its data and again for its ranges."""
    panel = _drawn_panel(qtbot, _load_curves(catalog, 256), 700, 420)
    for _ in range(5):  # the first result is painted and laid out
        QApplication.processEvents()
    plots = (panel.throughput_plot, panel.latency_plot)
    paints = [_Paints(plot.viewport()) for plot in plots]
    panel.show_curves(_load_curves(catalog, 512))
    qtbot.waitUntil(lambda: all(p.count >= 1 for p in paints))
    for _ in range(5):
        QApplication.processEvents()
    assert [p.count for p in paints] == [1, 1]
    assert panel.throughput_plot.getViewBox().viewRange()[1][1] > 0  # the new ranges are shown


def test_the_latency_labels_follow_the_plot_s_height_when_resized(
    qtbot: QtBot, catalog: Catalog
) -> None:
    """Counted only when the plot was drawn, the labels followed whichever height the plot
    had then: at 1280 x 800 one run read "10 s, 1 s, 100 ms", the next six labels. Resized,
    the plot counts them again for its new height."""
    panel = _drawn_panel(qtbot, _load_curves(catalog, 256), 700, 900)
    view = panel.latency_plot.getViewBox()
    axis = panel.latency_plot.getAxis("left")
    tall = labels(axis._tickLevels[0])
    with qtbot.waitSignal(view.sigResized):
        panel.resize(700, 300)
    short = labels(axis._tickLevels[0])
    assert len(short) < len(tall)
    assert len(short) * LATENCY_TICK_SPACING_PX <= view.height()


def test_the_target_names_never_hide_one_another(qtbot: QtBot, catalog: Catalog) -> None:
    """At 1280 x 800 the latency plot is some 130 px high: DeepSeek-V3's 2 s and 80 ms
    targets drew their names one over the other; they are now named apart, or, where a name
    finds no clear spot beside its line, in the legend ("TPOT ≤ 80 ms")."""
    scenario = preset_scenario("deepseek-v3")
    curves = plan_curves(size_scenario(catalog, scenario, CALIBRATION))
    assert curves is not None
    later = UpdateQueue()
    panel = CurvesPanel(later)
    shown_alone(qtbot, panel, 520, 300)
    with qtbot.waitSignal(later.drained):
        panel.show_curves(curves)
    legend = panel.latency_plot.getPlotItem().legend
    assert legend is not None

    def named() -> bool:
        entries = [label.text for _sample, label in legend.items]
        return all(
            line.label.isVisible() or f"{name} ≤ {target}" in entries
            for line, name, target in (
                (panel.ttft_target, "TTFT", "2 s"),
                (panel.tpot_target, "TPOT", "80 ms"),
            )
        )

    qtbot.waitUntil(named)
    chips = [line.label for line in (panel.ttft_target, panel.tpot_target)]
    shown = [chip.sceneBoundingRect() for chip in chips if chip.isVisible()]
    assert not any(a.intersects(b) for i, a in enumerate(shown) for b in shown[i + 1 :])


def test_a_plan_that_does_not_fit_leaves_no_planned_marks_on_empty_plots(
    qtbot: QtBot, catalog: Catalog
) -> None:
    later = UpdateQueue()
    panel = CurvesPanel(later)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_curves(_load_curves(catalog, 256))
    marks = (panel.load_mark, panel.latency_mark, panel.context_mark, panel.volume_mark)
    assert all(mark.isVisible() for mark in marks)
    panel.show_curves(None)  # what the window shows for a plan that does not fit
    assert not any(mark.isVisible() for mark in (*marks, panel.crossover, panel.usable))
    panel.show_curves(_load_curves(catalog, 256))
    assert all(mark.isVisible() for mark in marks)


def test_unchanged_curves_are_not_drawn_again_and_a_hidden_tab_waits(
    qtbot: QtBot, catalog: Catalog
) -> None:
    """A result whose load curves equal those shown queues nothing and paints nothing; the
    memory tab, hidden, is drawn only once it is shown."""
    later = UpdateQueue()
    panel = CurvesPanel(later)
    shown_alone(qtbot, panel, 700, 420)
    curves = _load_curves(catalog, 256)
    with qtbot.waitSignal(later.drained):
        panel.show_curves(curves)
    for _ in range(5):
        QApplication.processEvents()
    paints = [_Paints(plot.viewport()) for plot in (panel.throughput_plot, panel.latency_plot)]
    panel.show_curves(_load_curves(catalog, 256))  # the same curves, sized again
    assert later.is_empty()
    for _ in range(5):
        QApplication.processEvents()
    assert [p.count for p in paints] == [0, 0]
    assert panel.mem_kv.getData()[1] is None  # never shown: never drawn
    with qtbot.waitSignal(later.drained):
        panel.setCurrentWidget(panel.memory_plot)
    _, kv_top = panel.mem_kv.getData()
    assert kv_top is not None and len(kv_top) == len(curves.memory.context_tokens)


def test_the_two_load_plots_start_at_the_same_x(qtbot: QtBot, catalog: Catalog) -> None:
    """Throughput ticks ("4 k") and latency ticks ("500 ms") differ in width: each axis
    sized itself by its own labels and the plots, one above the other, started apart."""
    later = UpdateQueue()
    panel = CurvesPanel(later)
    shown_alone(qtbot, panel, 700, 420)
    with qtbot.waitSignal(later.drained):
        panel.show_curves(_load_curves(catalog, 256))
    plots = (panel.throughput_plot, panel.latency_plot)

    def left_edges() -> list[int]:
        return [
            plot.mapTo(
                panel, plot.mapFromScene(plot.getViewBox().sceneBoundingRect().topLeft())
            ).x()
            for plot in plots
        ]

    qtbot.waitUntil(lambda: all(plot.getViewBox().width() > 0 for plot in plots))
    first, second = left_edges()
    assert first == second and first > 0
    assert panel.throughput_plot.getAxis("left").tickStrings([4000.0], 1.0, 1000.0) == ["4 k"]
