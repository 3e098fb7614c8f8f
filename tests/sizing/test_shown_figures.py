"""Figures as a planner reads them when a plan serves nothing within its targets (its hosted
API priced on the load offered), or breaks even only beyond its capacity; and the owning line
of the cost curve stepping up where the break-even share says the hardware is full."""

from __future__ import annotations

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import with_unit
from aisle_desktop.plan import preset_scenario
from aisle_desktop.report import compare_results
from aisle_desktop.report.compare import hosted_notes
from aisle_desktop.sizing import SizingResult, figure_text
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.explain import worked_line
from aisle_desktop.sizing.planning import (
    compare_gpu,
    offered_requests_priced,
    plan_curves,
    size_scenario,
)
from tests.sizing.scenario_edits import with_parts


def _long_prompt_kimi(catalog: Catalog) -> SizingResult:
    """QA's case: Kimi K2 at INT4 on H100 with 30,000-token histories. Even one request's
    first token takes about 3.9 s against a 1 s target, so no load is served within it. The
    catalog prices no model of Kimi K2's size class, so the planner chose DeepSeek-V3's API."""
    scenario = with_parts(
        preset_scenario("llama-70b-rag"),
        workload={"model_id": "kimi-k2", "weight_precision": "int4"},
        load={"active_users": 5000},
        costs={"hosted_api_id": "together-deepseek-v3"},
    )
    prompt = scenario.workload.prompt.model_copy(update={"history_tokens": 30_000})
    workload = scenario.workload.model_copy(update={"prompt": prompt})
    return size_scenario(
        catalog, scenario.model_copy(update={"workload": workload}), CURRENT_CALIBRATION
    )


def test_a_plan_serving_nothing_within_targets_has_no_cost_per_token(catalog: Catalog) -> None:
    result = _long_prompt_kimi(catalog)
    assert result.fits and not result.meets_targets
    assert result.value("tokens_per_year") == 0
    for name in ("cost_per_million_tokens_usd", "cost_per_request_usd", "break_even_duty_cycle"):
        assert figure_text(result, name) == "–", name
    # The Scenarios tab and the report's comparison read the same dash (the tab read "$0/M
    # tokens" where the headline read "–").
    compared = {row.name: row.values for row in compare_results([result])}
    assert compared["cost_per_million_tokens_usd"] == (None,)
    assert compared["tco_per_year_usd"] == (result.value("tco_per_year_usd"),)
    # What owning costs is still a figure: the servers are bought whatever they serve.
    assert figure_text(result, "tco_per_year_usd") == "$174 k/year"
    # Owning never pays for a plan that serves nothing: no break-even, said plainly (QA:
    # "348 k requests/day (beyond capacity)").
    assert figure_text(result, "break_even_requests_per_day") == (
        "no break-even (the plan serves nothing within its latency targets)"
    )
    # The comparison spreadsheet holds the hosted API's figures as numbers: the load offered's
    # price (it was a dash: no volume served to price), no break-even, the words in the notes.
    assert compared["api_cost_per_year_usd"] == (result.value("api_cost_per_year_usd"),)
    assert compared["break_even_requests_per_day"] == (None,)
    assert hosted_notes(result, ["api_cost_per_year_usd", "break_even_requests_per_day"]) == (
        "priced on the load offered, none of which the plan as bought serves within its "
        "targets; no break-even: the plan serves nothing within its latency targets"
    )
    assert "first to meet the targets" not in result.layout_reason


def test_a_plan_serving_nothing_prices_the_hosted_api_on_the_load_offered(
    catalog: Catalog,
) -> None:
    """The default plan at a 100 ms TTFT target serves nothing within it (one request's first
    token takes about 0.3 s), yet its 300 users still ask, at 300 / (9.88 s E2E + 60 s think)
    = 4.29 requests/s (the "offered" beside its 0 served). Over 8 h on 250 days that is 30.9 M
    requests a year; each is 2,256 tokens at $0.88/M = $0.00198528 on Llama 3.1 70B Instruct
    Turbo: $61.4 k/year. (The default plan, answering in 6.35 s, is asked 4.52 requests/s:
    $64.6 k/year.) It read "–": the volume served, 0, priced."""
    default = preset_scenario("llama-70b-rag")
    targets = default.workload.targets.model_copy(update={"ttft_ms": 100})
    result = size_scenario(
        catalog, with_parts(default, workload={"targets": targets}), CURRENT_CALIBRATION
    )
    assert result.value("requests_per_s") == 0
    offered_per_s = 300 / (result.value("e2e_latency_s") + 60)
    assert offered_per_s == pytest.approx(4.2929, abs=1e-4)
    assert figure_text(result, "requests_per_s") == "0 requests/s (4.29 requests/s offered)"
    offered_a_year = offered_per_s * 8 * 250 * 3600
    assert offered_requests_priced(result) == pytest.approx(offered_a_year)
    assert offered_a_year == pytest.approx(30.909e6, rel=1e-4)
    per_request = 2256 * 0.88 / 1e6
    assert result.value("api_cost_per_request_usd") == pytest.approx(per_request)
    assert result.value("api_cost_per_year_usd") == pytest.approx(offered_a_year * per_request)
    assert figure_text(result, "api_cost_per_year_usd") == (
        "$61.4 k/year (priced on the load offered, none of which the plan as bought serves "
        "within its targets)"
    )
    # Its explanation names the volume it priced, never "requests served".
    api = result.figures["api_cost_per_year_usd"]
    assert api.explanation.formula == (
        "requests offered a year × API cost per request: the plan as bought serves none of "
        "them within its latency targets, so the load offered is priced, not the load served "
        "(Llama 3.1 70B Instruct Turbo (Together AI) (2025-06-01))"
    )
    assert worked_line(api) == (
        "requests offered a year 30.91 M requests × API cost per request $0.001985 = $61.4 k/year"
    )
    # Owning still has no break-even: the plan as bought answers none of that load in time.
    # Its "why" says so before its arithmetic, the volume at which the API costs what owning
    # does (it read "owning is cheaper above ... = 348 k requests/day" under "no break-even").
    assert figure_text(result, "break_even_requests_per_day").startswith("no break-even (")
    assert result.figures["break_even_requests_per_day"].explanation.formula == (
        "no break-even: the plan as bought serves none of the load within its latency targets; "
        "the API would cost as much as owning at TCO / API cost per request, spread over the "
        "days a year"
    )
    # A plan that serves its load prices what it serves.
    served = size_scenario(catalog, default, CURRENT_CALIBRATION)
    assert offered_requests_priced(served) is None
    assert "requests served a year × API cost per request (" in (
        served.figures["api_cost_per_year_usd"].explanation.formula
    )


def test_the_gpu_comparison_ranks_it_with_no_cost_not_the_cheapest(catalog: Catalog) -> None:
    result = _long_prompt_kimi(catalog)
    scenario = result.planned.scenario if result.planned else None
    assert scenario is not None
    option = compare_gpu(catalog, scenario, CURRENT_CALIBRATION, "h100-sxm")
    assert option.cost_per_million_tokens_usd is None
    assert option.tco_per_year_usd == pytest.approx(result.value("tco_per_year_usd"))


def test_a_served_plan_reads_as_its_numbers(catalog: Catalog) -> None:
    result = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    assert figure_text(result, "cost_per_million_tokens_usd") == "$2.37/M tokens"
    assert figure_text(result, "break_even_requests_per_day") == "351 k requests/day"


def test_the_owning_line_steps_up_where_the_hardware_is_full(catalog: Catalog) -> None:
    """The default plan breaks even at 84.9% of what it serves within targets over its
    8 h x 250 days: the owning line must step up at 1 / 0.849 of the break-even volume, not
    three times later as a calendar month of 24 h put it."""
    result = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    curves = plan_curves(result)
    assert curves is not None and curves.cost.crossover_monthly_tokens is not None
    cost = curves.cost
    first_step = float(
        cost.monthly_tokens[np.argmax(cost.on_prem_usd_per_year > cost.on_prem_usd_per_year[0])]
    )
    grid = float(cost.monthly_tokens[1] - cost.monthly_tokens[0])
    full = cost.crossover_monthly_tokens / result.value("break_even_duty_cycle")
    assert full <= first_step <= full + grid


def test_api_figures_priced_from_a_same_size_model_say_so(catalog: Catalog) -> None:
    """Llama 2 70B has no hosted price in the catalog: the comparison takes Llama 3.1 70B's,
    a model of its size class (70.6 B parameters against 69 B), and says so beside each."""
    scenario = with_parts(preset_scenario("llama-70b-rag"), workload={"model_id": "llama-2-70b"})
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    (note,) = [w for w in result.warnings if w.code == "api-same-size-model"]
    assert "priced for Llama 3.1 70B, a model of its size class" in note.message
    assert figure_text(result, "api_cost_per_request_usd").endswith(" (a same-size model's price)")
    default = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    assert figure_text(default, "api_cost_per_year_usd") == "$64.6 k/year"


def test_a_factor_reads_as_one() -> None:
    """The assumptions' factors read "3.03×" and "1×": the older releases' value of the link
    speed gain read "earlier releases 1 times"."""
    assert with_unit(3.0312, "times") == "3.03×"
    assert with_unit(1.0, "times") == "1×"
