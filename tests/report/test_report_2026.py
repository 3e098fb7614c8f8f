"""The report names a plan's draft and expert split, and shows its 128k-token conversation."""

from __future__ import annotations

from html import unescape

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report
from aisle_desktop.report.assumptions_table import (
    assumption_rows,
    assumptions_html,
    idle_calibration_rows,
)
from aisle_desktop.report.scenario_pages import (
    inputs_rows,
    layout_html,
    results_rows,
    results_table,
)


def test_inputs_and_results_of_the_expert_parallel_preset(catalog: Catalog) -> None:
    plan = Plan(scenarios=[preset_scenario("deepseek-v3.2-ep")])
    report = build_report(catalog, plan, "DeepSeek", created=None)
    item = report.scenarios[0]
    inputs = dict((row[0], row[1]) for row in inputs_rows(report, item))
    assert inputs["Speculative decoding"] == (
        "the model's MTP layers, 1 drafted token a step, the model family's default acceptance"
    )
    assert inputs["Expert layout"] == "EP + data-parallel attention"
    assert inputs["Serving engine"] == (
        "SGLang 0.5.22 (2026-10): 2,048 requests at once, 16,384 tokens a step "
        "(its defaults on GPUs of 160 GiB and more)"
    )
    assert item.result is not None
    assert layout_html(item.result) == (
        "<p>Each replica runs as <b>TP 8 × EP 8, attention data-parallel 8</b>. "
        "EP 8 with data-parallel attention: the expert layout the plan sets.</p>"
    )
    labels = [row[0] for row in results_rows(item.result)]
    assert "One 128k-token conversation" in labels
    assert "Tokens per decode step (speculative)" in labels


def test_the_assumptions_name_the_engine_release_sized(catalog: Catalog) -> None:
    old = preset_scenario("llama-70b-rag")
    old = old.model_copy(
        update={"workload": old.workload.model_copy(update={"engine_version": "0.6.3"})}
    )
    new = preset_scenario("llama-8b-chat").model_copy(update={"name": "Newest vLLM"})
    report = build_report(catalog, Plan(scenarios=[old, new]), "Releases", created=None)
    names = [row[0] for row in assumption_rows(report)]
    assert "vLLM 0.6: engine defaults" in names and "vLLM 0.32: engine defaults" in names
    values = {row[0]: row[1] for row in assumption_rows(report)}
    assert values["vLLM 0.32: engine defaults"].replace("\u00a0", " ") == (
        "memory it takes: 90 % of all the memory; memory bandwidth reached: 55 %; "
        "peak compute reached: 53 %; scheduling a step: 1.5 ms"
    )
    inputs = dict((row[0], row[1]) for row in inputs_rows(report, report.scenarios[0]))
    assert inputs["Serving engine"] == (
        "vLLM 0.6 (2024-09): 256 requests at once, 512 tokens a step (its defaults)"
    )


def test_results_leave_out_rows_that_repeat_another(catalog: Catalog) -> None:
    """One DGX H100: all servers draw what the server draws; Llama 3.1 70B's full context is
    131,072 tokens, so its 128k-token conversation is its full-context one (42.9 GB)."""
    report = build_report(catalog, Plan(scenarios=[preset_scenario("llama-70b-rag")]), "One")
    labels = [row[0] for row in results_rows(report.scenarios[0].result)]
    assert "Server, average" in labels and "All servers, average" not in labels
    assert "All servers, nameplate" not in labels
    assert "One conversation at full context" in labels
    assert "One 128k-token conversation" not in labels


def test_values_that_cannot_move_the_plan_are_listed_apart(catalog: Catalog) -> None:
    """A dense model's plan lists the experts' values and the benchmark runs' apart, with
    their values but not their sources; a MoE plan beside it brings the experts' back."""
    dense = build_report(catalog, Plan(scenarios=[preset_scenario("llama-70b-rag")]), "Dense")
    main = [unescape(row[0]) for row in assumption_rows(dense)]
    apart = {unescape(row[0]): row[1] for row in idle_calibration_rows(dense)}
    assert "Unevenness of the experts' loads (mixture of experts)" in apart
    assert apart["Requests per benchmark run"] == "500 requests"
    assert all(len(row) == 2 for row in idle_calibration_rows(dense))
    assert not set(apart) & set(main)
    assert "Hand-over time between pipeline stages" in main  # the search may pipeline it
    both = Plan(scenarios=[preset_scenario("llama-70b-rag"), preset_scenario("deepseek-v3")])
    mixed = build_report(catalog, both, "Both")
    assert "Unevenness of the experts' loads (mixture of experts)" in [
        unescape(row[0]) for row in assumption_rows(mixed)
    ]
    assert "Requests per benchmark run" in [row[0] for row in idle_calibration_rows(mixed)]


def test_the_assumptions_date_a_value_only_where_it_is_not_the_calibrations(
    catalog: Catalog,
) -> None:
    """The calibration's date is said once above the table; a catalog row leads its source
    with its own date, and the values apart read in two pairs of columns (half as tall)."""
    report = build_report(catalog, Plan(scenarios=[preset_scenario("llama-70b-rag")]), "One")
    html = assumptions_html(report)
    assert f"{report.calibration.label}, dated by it" in html
    assert report.calibration.date.isoformat() == "2026-12-07"
    assert "<th width=60% align=left>Source</th>" in html and ">Date<" not in html
    assert "<td><b>2026-12-07</b> · " not in html
    assert "<td><b>2025-09-01</b> · <span class=source>https:" in html  # the H100's datasheet
    apart = html[html.index("Values that do not bear") :]
    assert apart.count("</th>") == 4
    rows = idle_calibration_rows(report)
    assert apart.count("<tr>") == 1 + (len(rows) + 1) // 2


def test_the_results_read_in_two_halves_the_band_and_target_under_each_value(
    catalog: Catalog,
) -> None:
    report = build_report(catalog, Plan(scenarios=[preset_scenario("llama-70b-rag")]), "One")
    rows = results_rows(report.scenarios[0].result)
    html = results_table(rows)
    assert html.count("<tr>") < len(rows) // 2 + 4  # header and about half the rows
    # The band's top 553 ms since calibration 2026.12.30 (vLLM's era band 0.77-1.66; 550 ms at
    # 1.65).
    ttft = "<td><b>333 ms</b><br><span class=source>80\u00a0%:\u00a0257 ms – 553 ms; "
    assert ttft.replace(" ms –", "\u00a0ms –").replace("553 ms", "553\u00a0ms") in html
    assert "✓\u00a0within\u00a01\u00a0s</span>" in html
    # The halves split where a group starts: "Power and space" heads the right one.
    first_row = html.split("</thead>")[1].split("</tr>")[0]
    assert "<b>Memory per GPU</b>" in first_row and "<b>Power and space</b>" in first_row
