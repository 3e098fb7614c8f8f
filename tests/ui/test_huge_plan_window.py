"""A campus-sized plan in the window: the Automatic GPU count shows whole and grouped, and the
load plots' x axes read "10 M", not pyqtgraph's "1e+07"."""

from __future__ import annotations

import json
import re
from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractSpinBox
from pytestqt.qtbot import QtBot

from aisle_desktop.formatting import unbroken
from aisle_desktop.plan import Plan, plan_to_text, preset_scenario
from aisle_desktop.ui.hardware_panel import sized_count_text
from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS

THREE_FIGURES_OF_POWER = re.compile(r"^(\d{1,3}|\d\.\d{1,2}|\d\d\.\d) [kMG]W$")


def _open_huge_plan(window: MainWindow, qtbot: QtBot, folder: Path) -> None:
    data = json.loads(plan_to_text(Plan(scenarios=[preset_scenario("llama-70b-rag")])))
    data["scenarios"][0]["workload"]["load"]["active_users"] = 100_000_000
    path = folder / "huge.aisle"
    path.write_text(json.dumps(data), encoding="utf-8")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        assert window.file_actions.open_path(path)


def test_a_huge_automatic_count_reads_whole_at_the_smallest_window(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window.resize(1280, 800)
    _open_huge_plan(window, qtbot, tmp_path)
    box = window.hardware_panel.fields.widget(("hardware", "gpu_count"))
    assert isinstance(box, QAbstractSpinBox)
    qtbot.waitUntil(lambda: box.text() == "Auto: 923,240", timeout=RESULT_TIMEOUT_MS)
    line = box.lineEdit()
    qtbot.waitUntil(lambda: line.width() <= window.width())  # laid out at the new size
    assert line.width() >= line.fontMetrics().horizontalAdvance("Auto: 923,240")


def test_small_counts_keep_the_whole_word() -> None:
    assert sized_count_text(8) == "Automatic: 8"
    assert sized_count_text(999) == "Automatic: 999"
    assert sized_count_text(1_024) == "Auto: 1,024"
    assert sized_count_text(999_999) == "Auto: 999,999"
    assert sized_count_text(1_037_752) == "Auto: 1.04 M"  # seven digits no longer fit
    assert sized_count_text(378_268_224_024) == "Auto: 378 B"  # nor the word "billion"


def test_the_load_plots_write_requests_in_flight_readably(window: MainWindow) -> None:
    panel = window.curves_panel
    for plot in (panel.throughput_plot, panel.latency_plot):
        assert plot.getAxis("bottom").tickStrings([5e6, 1e7], 1.0, 5e6) == ["5 M", "10 M"]


def _cut_values(window: MainWindow) -> list[str]:
    """The headline values that do not show whole: wider than their label once wrapped where
    they may, or reaching past the results' visible width."""
    panel = window.results_panel
    cut = []
    for name, label in panel._values.items():
        page = QTextDocument()
        page.setDefaultFont(label.font())
        page.setDocumentMargin(0)
        page.setHtml(label.text())
        page.setTextWidth(label.contentsRect().width())
        right = label.mapTo(panel.viewport(), label.rect().topRight()).x()
        if (
            page.idealWidth() > label.contentsRect().width() + 0.5
            or right > panel.viewport().width()
        ):
            cut.append(f"{name}: {panel.value_text(name)}")
    return cut


def test_every_headline_value_shows_whole_at_1280_px(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """QA: "30.4 G requests/da" (now "30.4 billion requests/day") cut at the window's edge
    on a campus-sized plan."""
    window.resize(1280, 800)
    _open_huge_plan(window, qtbot, tmp_path)
    panel = window.results_panel
    # Some 30 billion requests a day (the figure moves with the calibration; its size counts).
    break_even = panel.value_text("break_even_requests_per_day")
    number, scale, unit = break_even.split(" ")
    assert scale == "billion" and unit == "requests/day"
    qtbot.waitUntil(lambda: panel.widget().width() <= panel.viewport().width())
    assert _cut_values(window) == []
    # Money stays on one line; a count may put its unit below its number, never split it.
    yearly = panel.value_text("tco_per_year_usd")
    assert yearly.endswith(" B/year")
    assert unbroken(yearly) in panel.headline_value("tco_per_year_usd").text()
    shown = panel.headline_value("break_even_requests_per_day").text()
    assert f"{number}\u00a0billion requests/\u2060day" in shown


def test_a_campus_draws_megawatts_and_gigawatts_to_three_figures(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    """QA: "736.8 MW" and "1,171 MW" in the headline, four significant figures where every
    other figure has three; the same plan in `size` reads alike (tests/cli)."""
    window.resize(1440, 900)
    _open_huge_plan(window, qtbot, tmp_path)
    panel = window.results_panel
    power = [panel.value_text(name) for name in ("it_average_kw", "it_nameplate_kw", "facility_kw")]
    # Some 740 MW on average, 1.1 GW with cooling (the figures move with the calibration; their
    # form does not): three significant figures, the unit stepped up at a thousand.
    assert all(THREE_FIGURES_OF_POWER.match(text) for text in power), power
    assert power[0].endswith(" MW") and power[2].endswith(" GW")
    assert panel.value_text("output_tokens_per_s").endswith(" M tokens/s")
