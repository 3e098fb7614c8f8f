"""A plan that cannot be powered reads as blocked in the window, not as fitting."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS


def test_a_blocking_problem_turns_the_headline_red_and_leads_the_warnings(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = window.results_panel
    red = panel._theme.tone("bad").style()
    assert red not in panel.banner.styleSheet()
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.controller.set_field(("hardware", "rack_power_limit_kw"), 8.0, "Rack power limit")
    assert red in panel.banner.styleSheet()
    assert panel.banner.text().startswith("Blocked: One NVIDIA DGX H100")
    first = panel.warnings.text().split("<br><br>")[0]
    assert first.startswith("<b>Blocking problems</b><br>• One NVIDIA DGX H100")
    assert "\u26d4" not in panel.warnings.text()  # no glyph the font lacks


def test_warnings_to_check_come_before_those_good_to_know(window: MainWindow) -> None:
    """The default plan's stale API price (a warning) was listed after five notes."""
    sections = window.results_panel.warnings.text().split("<br><br>")
    headings = [section.split("<br>")[0] for section in sections]
    assert headings == ["<b>Check</b>", "<b>Good to know</b>"]
    assert "Catalog prices older than a year" in sections[0]


def test_a_plan_short_only_of_its_spare_reads_as_a_warning_not_blocked(
    window: MainWindow, qtbot: QtBot
) -> None:
    """4 GPUs hold 2 replicas of TP 2; the load needs 2 and the N+1 spare makes 3: the costs
    table says "no spare" (a warning), so the headline is amber, as on paper, not red."""
    panel = window.results_panel
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.controller.set_field(("hardware", "gpu_count"), 4, "GPU count")
    assert panel._theme.tone("warn").style() in panel.banner.styleSheet()
    assert panel._theme.tone("bad").style() not in panel.banner.styleSheet()
