"""The report says, per scenario, whether separate prefill and decode pools would need fewer
GPUs, in the worked figures at its end (the window shows the same sentence)."""

from __future__ import annotations

import re
from pathlib import Path

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, Scenario, preset_scenario
from aisle_desktop.report import build_report, write_report_pdf
from aisle_desktop.report.scenario_pages import worked_html
from tests.report.conftest import needs_poppler, poppler


def test_each_scenario_says_whether_disaggregated_serving_needs_fewer_gpus(
    catalog: Catalog,
) -> None:
    plan = Plan(scenarios=[preset_scenario("llama-70b-rag")])
    report = build_report(catalog, plan, "Serving")
    (printed,) = report.scenarios
    assert printed.serving is not None and printed.serving.winner == "aggregated"
    html = worked_html(report)
    assert (
        "<b>Separate prefill and decode GPUs?</b> No: 6 GPUs needed serving prompts and "
        "answers together against 8 GPUs needed in two pools (2 prefill workers of TP 2 × "
        "PP 1, 2 decode workers of TP 2 × PP 1" in html
    )


def _served(name: str, serving: str) -> Scenario:
    scenario = preset_scenario("llama-70b-rag")
    hardware = scenario.hardware.model_copy(update={"serving": serving})
    return scenario.model_copy(update={"name": name, "hardware": hardware})


def test_the_pdf_shows_the_pools_and_the_comparison(
    tmp_path: Path, catalog: Catalog, gui_app: object
) -> None:
    """A plan in pools prints the pools as its plan (workers, layouts, GPUs, servers, the KV
    hand-over and its link) and the comparison with its reasons; a compared one prints both
    curves, labelled."""
    needs_poppler()
    plan = Plan(scenarios=[_served("Pools", "disaggregated"), _served("Both", "compare")])
    path = tmp_path / "serving.pdf"
    write_report_pdf(build_report(catalog, plan, "serving"), path)
    text = re.sub(r"\s+", " ", poppler("pdftotext", str(path), "-"))
    text = text.replace("\u200b", "").replace("\ufb01", "fi")  # the "fi" ligature
    assert (
        "The plan runs two pools: 2 prefill workers of TP 2 × PP 1 (4 GPUs) and 2 decode "
        "workers of TP 2 × PP 1 (4 GPUs, up to 106 answers each); both pools in one NVIDIA "
        "DGX H100 (8x H100 SXM5 80GB); each prompt's KV cache crosses NVLink (both workers in "
        "one 8-GPU domain) (0.736 ms a request)" in text
    )
    assert "Serving Prefill and decode pools" in text
    # Pools keep a spare worker each under N+1, replicas a spare replica.
    assert "one spare worker in each pool (N+1)" in text and "one spare replica (N+1)" in text
    assert "Serving Together, compared to pools" in text
    # Rows of one table; a page may end between them.
    assert "Prefill pool 4 GPUs" in text and "Decode pool 4 GPUs" in text
    assert "KV hand-over per request 0.736 ms" in text
    assert "separate prefill and decode pools (2 prefill × TP 2 × PP 1 + 2 decode × TP 2 ×" in text
    # Each pool's GPU memory, named by its split: both TP 2 under calibration 2026.12.29, half
    # of the 72.7 GB of weights on each GPU (a TP 1 prefill GPU held them all under 2026.12.28).
    assert "GPU memory, per GPU, prefill pool (TP 2 × PP 1) Weights 36.3 GB" in text
    assert "GPU memory, per GPU, decode pool (TP 2 × PP 1) Weights 36.3 GB" in text
    assert "Full-length requests a decode worker holds 100 sequences" in text
    assert "Throughput against load (prefill and decode pools)" in text
    assert "Throughput against load (all replicas together: solid; separate pools: dashed)" in text
    # Each scenario's worked figures end with the comparison and its reasons.
    reason = (
        "Separate prefill and decode GPUs? No: 6 GPUs needed serving prompts and answers "
        "together against 8 GPUs needed in two pools (2 prefill workers of TP 2 × PP 1, 2 "
        "decode workers of TP 2 × PP 1 with up to 106 answers each, the prompt's KV over NVLink in "
        "0.736 ms, both pools in one server), 8 bought either way; with 2,000-token prompts"
    )
    assert text.count(reason) == 2
