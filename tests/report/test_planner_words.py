"""What a planner reads: billions of tokens in words, the pools plan's replicas named as the
workers they are, and "Tail latency" kept clear of the Results table above it."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

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


def _gap_above_heading_px(html: str, heading: str) -> float:
    """How far below the end of the first block or table of `html` its `heading` starts."""
    doc = QTextDocument()
    doc.setDefaultStyleSheet(STYLE)
    doc.setHtml(html)
    doc.setTextWidth(600)
    layout = doc.documentLayout()
    tables = doc.rootFrame().childFrames()
    above = layout.frameBoundingRect(tables[0]) if tables else layout.blockBoundingRect(doc.begin())
    return layout.blockBoundingRect(doc.find(heading).block()).top() - above.bottom()


def test_tail_latency_keeps_clear_of_the_results_table(gui_app: object) -> None:
    results = table(["Figure", "Value"], [["TTFT", "312 ms"]])
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
    # Qt sets a heading straight after a table 6.5 px below it, its 10 px top margin lost:
    # "Tail latency" sat on the Results table. It now has the room a heading has after text.
    straight_after = _gap_above_heading_px(results + "<h3>Next</h3>", "Next")
    after_text = _gap_above_heading_px("<p>Text</p><h3>Next</h3>", "Next")
    tail_gap = _gap_above_heading_px(results + tail_latency_html(tail), "Tail latency")
    assert (straight_after, after_text, tail_gap) == (6.5, 10.0, 10.5)
