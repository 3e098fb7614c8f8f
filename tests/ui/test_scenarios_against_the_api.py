"""The Scenarios tab ends, as the report's "Scenarios compared" does, with each scenario's
hosted API, its yearly cost for the same load, its hosted embeddings where it pays for them,
and the volume above which owning costs less (the tab had none of them; the report's rows
came in report36), aligned as the figures above them are."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS, start_from


def test_the_scenarios_tab_compares_each_scenario_with_its_hosted_api(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The embeddings search, duplicated: both columns read its Results table's figures
    ($2.98 k/year on Llama 3.1 8B Instruct Turbo, $231/year of hosted embeddings, owning
    cheaper above 1.13 M requests/day), each row named whole in its tooltip."""
    start_from(qtbot, window, "embeddings-search")
    with qtbot.waitSignal(window.service.plan_sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.mouseClick(window.scenario_bar.buttons["duplicate"], Qt.MouseButton.LeftButton)
    view = window.comparison_view
    window.curves_panel.setCurrentWidget(view)
    table = view.table
    shown = {
        table.verticalHeaderItem(r).text(): [
            table.item(r, c).text().replace("\n", " ") for c in range(2)
        ]
        for r in range(table.rowCount())
    }
    api = "Llama 3.1 8B Instruct Turbo (Together AI) (2025-06-01)"
    assert shown["Hosted API"] == [api, api]
    assert shown["Hosted API a year"] == ["$2.98 k/year"] * 2
    assert shown["Hosted embeddings"] == ["$231/year"] * 2
    assert shown["Break-even"] == ["1.13 M requests/day"] * 2
    # 8 bought, 2 needed: the encoder's GPU said beside them, as the headline says it.
    assert (shown["GPUs needed"], shown["GPUs for embeddings"]) == (["2"] * 2, ["1"] * 2)
    names = [r.name for r in view.rows]
    assert names[-4:] == [
        "api",
        "api_cost_per_year_usd",
        "api_embeddings_per_year_usd",
        "break_even_requests_per_day",
    ]
    tip = table.verticalHeaderItem(names.index("break_even_requests_per_day")).toolTip()
    assert "Owning is cheaper above" in tip
    assert window.results_panel.value_text("api_cost_per_year_usd") == "$2.98 k/year"
    # A column reads down one edge: its scenario's name, words (GPU, hosted API) and figures
    # ("$2.98 k/year" stood left under "$62.2 k/year" at the right).
    edges = {
        int(table.item(r, c).textAlignment()) for r in range(table.rowCount()) for c in range(2)
    }
    edges.add(int(table.horizontalHeader().defaultAlignment()))
    assert edges == {int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)}
