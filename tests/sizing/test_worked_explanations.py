"""Every headline figure's explanation carries its numbers, and they make the figure."""

from __future__ import annotations

import re

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import with_unit
from aisle_desktop.labels import FIGURE_LABELS, HEADLINE_FIGURES
from aisle_desktop.plan import PRESETS, Scenario, preset_scenario
from aisle_desktop.sizing import SizingResult, worked_line
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario
from tests.sizing.scenario_edits import with_parts


@pytest.mark.parametrize("preset_id", sorted(PRESETS))
def test_the_numbers_of_every_headline_make_its_value(catalog: Catalog, preset_id: str) -> None:
    result = size_scenario(catalog, preset_scenario(preset_id), CURRENT_CALIBRATION)
    for name in HEADLINE_FIGURES:
        if name not in result.figures:
            continue
        fig = result.figures[name]
        assert fig.explanation.terms, name
        assert all(t.value >= 0 for t in fig.explanation.terms), name  # no negative wait
        assert fig.explanation.worked_value() == pytest.approx(fig.value, rel=1e-9), name
        assert worked_line(fig).endswith(f"= {with_unit(fig.value, fig.unit)}"), name


def _assert_every_figure_worked(result: SizingResult) -> None:
    for name, fig in result.figures.items():
        assert fig.explanation.terms, name
        assert fig.explanation.worked_value() == pytest.approx(fig.value, rel=1e-9), name
        assert worked_line(fig).endswith(f"= {with_unit(fig.value, fig.unit)}"), name


@pytest.mark.parametrize("preset_id", sorted(PRESETS))
def test_every_figure_of_every_preset_carries_the_numbers_that_make_it(
    catalog: Catalog, preset_id: str
) -> None:
    result = size_scenario(catalog, preset_scenario(preset_id), CURRENT_CALIBRATION)
    assert set(FIGURE_LABELS) & set(result.figures)
    _assert_every_figure_worked(result)


@pytest.mark.parametrize("preset_id", sorted(PRESETS))
def test_every_figure_of_every_preset_in_separate_pools_carries_its_numbers(
    catalog: Catalog, preset_id: str
) -> None:
    """Planned disaggregated, every figure's worked terms still add up to it."""
    result = size_scenario(catalog, _pooled(preset_id), CURRENT_CALIBRATION)
    assert result.serving == "disaggregated"
    _assert_every_figure_worked(result)


def _pooled(preset_id: str) -> Scenario:
    scenario = preset_scenario(preset_id)
    hardware = scenario.hardware.model_copy(update={"serving": "disaggregated"})
    return scenario.model_copy(update={"hardware": hardware})


def test_every_preset_together_shows_every_figure_of_the_all_figures_tab(
    catalog: Catalog,
) -> None:
    shown = {
        name
        for preset_id in PRESETS
        for name in size_scenario(catalog, preset_scenario(preset_id), CURRENT_CALIBRATION).figures
    }
    pooled = size_scenario(catalog, _pooled("llama-70b-rag"), CURRENT_CALIBRATION)
    assert set(FIGURE_LABELS) <= shown | set(pooled.figures)


@pytest.mark.parametrize(
    "parts",
    [
        {"hardware": {"gpu_id": "l40s", "gpu_count": 1}},  # does not fit: memory figures only
        {"hardware": {"gpu_count": 8}, "load": {"requests_in_flight": 100_000}},  # overloaded
    ],
)
def test_plans_that_fail_still_carry_their_numbers(
    catalog: Catalog, parts: dict[str, dict[str, object]]
) -> None:
    result = size_scenario(
        catalog, with_parts(preset_scenario("llama-405b-fp8"), **parts), CURRENT_CALIBRATION
    )
    _assert_every_figure_worked(result)
    if result.fits:  # the overloaded plan serves a share: capacity over demand
        assert worked_line(result.figures["served_share"]).startswith("capacity within targets")


def test_subtractions_and_rounding_read_as_arithmetic(catalog: Catalog) -> None:
    result = size_scenario(catalog, preset_scenario("deepseek-v3"), CURRENT_CALIBRATION)
    free = worked_line(result.figures["free_per_gpu_gb"])
    assert free.startswith("max(0, usable ") and " - weights " in free and " - KV room " in free
    racks = worked_line(result.figures["racks_by_power"])
    assert racks == "round up (2 servers / servers a rack can power 1 server/rack) = 2 racks"
    assert worked_line(result.figures["served_share"]).endswith("all of it 100 % = 100 %")


def test_the_default_plans_power_and_latency_read_as_arithmetic(catalog: Catalog) -> None:
    result = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    assert worked_line(result.figures["it_average_kw"]) == (
        "1 server × server average 6.42 kW = 6.42 kW"
    )
    assert worked_line(result.figures["facility_kw"]) == "IT average 6.42 kW × PUE 1.5 = 9.63 kW"
    # 8 h on 250 days at 9.63 kW, the other 6,760 h with all 8 GPUs idle (8 x 70 W + 2.5 kW
    # base, x 1.5 PUE = 4.59 kW), at $0.146/kWh: $2,812 + $4,530.
    assert worked_line(result.figures["energy_per_year_usd"]) == (
        "$2.81 k/year (serving 2,000 h × 9.63 kW) + $4.53 k/year (idle 6,760 h × 4.59 kW) "
        "= $7.34 k/year"
    )
    # A product of names reads as its name and value; one with numbers of its own, as the
    # energy's terms above, puts its value first (not "× 9.63 kW $2.81 k/year").
    assert worked_line(result.figures["tpot_ms"]) == (
        "(1 - p) × decode step 19.7 ms + p × step with prefill 3.9 ms = 23.6 ms"
    )
    ttft = worked_line(result.figures["ttft_ms"])
    assert ttft.startswith("request overhead (retrieval included) 121 ms + half an iteration")
    assert "+ 2.93 iterations planned ahead 59.4 ms +" in ttft
    assert ttft.endswith("= 333 ms")  # 4 replicas share the load (one on GPUs bought anyway)
    # Users who think 60 s settle where they ask as often as their answers allow.
    assert worked_line(result.figures["requests_per_s"]) == (
        "300 active users / E2E + think time 66.4 s = 4.52 requests/s"
    )
    users = worked_line(result.figures["max_users_within_targets"])
    assert users.endswith("× E2E + think time 73.1 s = 1,078 users")


def test_the_cost_of_a_million_tokens_reads_with_its_units(catalog: Catalog) -> None:
    """QA: it read "million tokens a year 73.5 k", no unit. 4.52 requests/s served over 8 h on
    250 days is 32.6 M requests a year of 2,256 tokens each: 73,443 M tokens a year, which the
    $174 k a year costs $2.37 a million of."""
    result = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    assert worked_line(result.figures["cost_per_million_tokens_usd"]) == (
        "yearly TCO $174 k/year / tokens a year 73,443 M tokens/year = $2.37/M tokens"
    )
    assert worked_line(result.figures["cost_per_request_usd"]) == (
        "yearly TCO $174 k/year / requests served a year 32.6 M requests = $0.00535"
    )
    for name in ("cost_per_million_tokens_usd", "cost_per_request_usd", "api_cost_per_year_usd"):
        assert all(q.unit for q in result.figures[name].explanation.inputs), name


def test_a_tensorrt_llm_attention_dp_plan_names_the_balancers_wait(catalog: Catalog) -> None:
    """The DeepSeek-V3.2 preset on TensorRT-LLM (attention DP 8): each rank's new prompts
    are held until every rank has one, a term of its own in the worked TTFT. Each of the 8
    ranks has its own 8,192-token budget (65,536 an iteration), so the KV cache, not the
    budget, caps the batch (544 sequences); 9 replicas share the load and each sees few
    enough arrivals that the balancer's timeout (60 iterations, 30 on average) ends the
    wait. The ranks then prefill together, as one scheduler with the replica's 65,536 tokens
    (`balancer_gathers_prompts`, as `predict` reads its lines): a 24,500-token prompt takes
    one iteration, not 3 chunks of its own rank's budget."""
    preset = preset_scenario("deepseek-v3.2-ep")
    workload = preset.workload.model_copy(update={"engine_id": "tensorrt-llm"})
    result = size_scenario(
        catalog, preset.model_copy(update={"workload": workload}), CURRENT_CALIBRATION
    )
    ttft = worked_line(result.figures["ttft_ms"])
    assert "+ 30 iterations held until every attention rank has a prompt 1.23 s +" in ttft
    assert ttft.endswith("+ prefill queue 14.2 ms + prefill step 313 ms = 1.73 s")


LETTER_X_AS_TIMES = re.compile(r"(?<=[\w)%]) x (?=[\w($(])")


@pytest.mark.parametrize("preset_id", sorted(PRESETS))
def test_explanations_multiply_with_the_times_sign(catalog: Catalog, preset_id: str) -> None:
    """Formulas, their inputs and worked terms write ×, never the letter x, as newer ones do
    (a layout's name, "TP 2 × PP 1", is a name and stays as the engines write it)."""
    result = size_scenario(catalog, preset_scenario(preset_id), CURRENT_CALIBRATION)
    for name, fig in result.figures.items():
        layout = fig.explanation.formula.replace(result.layout, "")
        texts = [layout, *(q.name for q in (*fig.explanation.inputs, *fig.explanation.terms))]
        assert not [t for t in texts if LETTER_X_AS_TIMES.search(t)], name
    capex = worked_line(result.figures["capex_usd"])
    assert " × (1 + network/storage share) 1.1 = " in capex
