"""The window shows what the hosted side pays for the embeddings, with its arithmetic: the
embeddings-search preset embeds 23,052 M tokens a year, $231 at DeepInfra's bge-large price,
and the hosted API's year adds it to the answers' $2,745 (tests/sizing/test_hosted_embeddings.py
works the numbers out)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from tests.ui.conftest import RESULT_TIMEOUT_MS
from tests.ui.test_explanation_units import opened


def test_the_hosted_embeddings_are_explained_where_the_planner_clicks(
    window: MainWindow, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.open_preset("embeddings-search")
    window.curves_panel.setCurrentWidget(window.figure_table)  # it takes the result when shown
    qtbot.waitUntil(lambda: window.figure_table.item_for("api_embeddings_per_year_usd") is not None)
    tokens = opened(window, qtbot, "embedding_tokens_per_year")[0]
    assert "queries 30/s × 64 tokens × 2,250 h × 3600" in tokens
    assert "corpus 5 M documents × 1,500 tokens" in tokens
    assert "= 23.1 billion tokens/year" in tokens
    hosted = opened(window, qtbot, "api_embeddings_per_year_usd")[0]
    assert "BGE large en v1.5 (DeepInfra) (2025-11-18)" in hosted
    # The catalog's price reads as given, in the worked line as in its Assuming row (it read
    # "$0.0100/M tokens" over the row's "$0.01/M tokens").
    assert "hosted embedding price $0.01/M tokens = $231/year" in hosted
    assert "Hosted embedding price: $0.01/M tokens (BGE large en v1.5 (DeepInfra)" in hosted
    api = opened(window, qtbot, "api_cost_per_year_usd")[0]
    assert "+ hosted embeddings a year $230.5/year = $2.98 k/year" in api
    assert window.results_panel.value_text("api_cost_per_year_usd") == "$2.98 k/year"
