"""What a planner reads: billions of tokens in words, the pools plan's replicas named as the
workers they are, and "Tail latency" kept clear of the Results table above it."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument, QTextTable

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import compact, figures_unbroken, unbroken, with_unit
from aisle_desktop.plan import preset_scenario
from aisle_desktop.report import compare_results
from aisle_desktop.report.pages import STYLE
from aisle_desktop.report.scenario_pages import tail_latency_html
from aisle_desktop.report.words import table
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import TailLatency
from aisle_desktop.sizing.planning import size_scenario


def test_billions_and_trillions_read_as_words() -> None:
    assert with_unit(8.56e11, "tokens") == "856 billion tokens"
    assert compact(2e10) == "20 billion"  # a cost axis tick
    assert compact(1.5e12) == "1.5 trillion"
    assert compact(3.2e8) == "320 M"  # millions keep their letter
    whole = unbroken("73.5 billion tokens/year")
    assert figures_unbroken("Tokens: 73.5 billion tokens/year.") == f"Tokens: {whole}."


def test_each_plans_count_sits_in_the_row_named_for_how_it_is_served(catalog: Catalog) -> None:
    """The default plan served together runs 4 replicas; served by pools, its workers are
    counted in a row of their own, and neither plan's count reads under the other's name."""
    scenario = preset_scenario("llama-70b-rag")
    pools = scenario.model_copy(
        update={"hardware": scenario.hardware.model_copy(update={"serving": "disaggregated"})}
    )
    together, apart = (size_scenario(catalog, s, CURRENT_CALIBRATION) for s in (scenario, pools))
    assert "prefill" in apart.layout and "decode" in apart.layout
    rows = {row.name: row for row in compare_results([together, apart])}
    assert rows["replicas"].label == "Replicas"
    assert rows["replicas"].values == (4.0, None)
    assert rows["pool_workers"].label == "Workers in pools (prefill + decode)"
    assert rows["pool_workers"].values == (None, float(apart.replicas))
    alone = [row.name for row in compare_results([together])]
    assert "replicas" in alone and "pool_workers" not in alone
    assert "replicas" not in [row.name for row in compare_results([apart])]


def _gap_under_last_row_px(html: str, heading: str) -> float:
    """How far below the text of the last row of the first table of `html` its `heading`
    starts."""
    doc = QTextDocument()
    doc.setDefaultStyleSheet(STYLE)
    doc.setHtml(html)
    doc.setTextWidth(600)
    layout = doc.documentLayout()
    above = doc.rootFrame().childFrames()[0]
    assert isinstance(above, QTextTable)
    row = above.rows() - 1
    bottom = max(
        layout.blockBoundingRect(above.cellAt(row, column).lastCursorPosition().block()).bottom()
        for column in range(above.columns())
    )
    return layout.blockBoundingRect(doc.find(heading).block()).top() - bottom


def test_tail_latency_keeps_clear_of_the_results_table(gui_app: object) -> None:
    """Qt reads a table whose last cell is empty (the Results table's right half ends early)
    without the empty block it puts after other tables, and set the heading after it with no
    top margin: "Tail latency", "Results" and "Power sheet" 3.5 px under the last row, 13.5
    px under a table whose last cell holds text. Such a table keeps the room in its own
    bottom margin."""
    filled = table(["Figure", "Value"], [["TTFT", "312 ms"]])
    results = table(["Figure", "Value", "Figure", "Value"], [["TTFT", "312 ms", "", ""]])
    tail = TailLatency(
        requests=1600,
        ttft_mean_s=0.33,
        tpot_mean_s=0.025,
        ttft_p50_s=0.312,
        ttft_p95_s=0.441,
        ttft_p99_s=0.552,
        tpot_p50_s=0.0235,
        tpot_p95_s=0.0287,
        tpot_p99_s=0.0373,
    )
    after_filled = _gap_under_last_row_px(filled + "<h3>Next</h3>", "Next")
    after_empty = _gap_under_last_row_px(results + "<h3>Next</h3>", "Next")
    tail_gap = _gap_under_last_row_px(results + tail_latency_html(tail), "Tail latency")
    assert (after_filled, after_empty, tail_gap) == (13.5, 13.5, 13.5)
