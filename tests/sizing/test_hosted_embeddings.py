"""The hosted side prices the embeddings the plan buys encoder GPUs for: like for like.

The worked example, the embeddings-search preset (Llama 3.1 8B answering on L40S, bge-large
embedding 5 M documents of 1,500 tokens and 30 search queries/s of 64 tokens, 9 h × 250 days):

- tokens embedded a year: 30 queries/s × 64 tokens × 2,250 h × 3600 = 15,552 M, plus the
  corpus once, 5 M × 1,500 = 7,500 M: 23,052 M tokens;
- at DeepInfra's $0.01 a million for bge-large-en-v1.5: 23,052 × $0.01 = $230.52 a year;
- the answers: 5,000 users × 10 requests × 250 days = 12.5 M requests at 1,100 × $0.18/M +
  120 × $0.18/M = $0.0002196 each: $2,745; the hosted API a year $2,745 + $230.52 = $2,975.52;
- owning costs $62,158.74 a year, so owning is cheaper above ($62,158.74 - $230.52) /
  $0.0002196 / 250 days = 1,128,019 requests a day.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, Scenario, check_plan, hosted_api_problem, preset_scenario
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario
from aisle_desktop.sizing.planning.hosted_embeddings import (
    automatic_embedding_api,
    embedded_tokens_a_year,
)
from aisle_desktop.sizing.planning.price_age import prices_relied_on
from aisle_desktop.sizing.planning.shown_figures import figure_text
from aisle_desktop.sizing.planning.splits_to_try import server_for
from aisle_desktop.sizing.planning.sweeps import cost_curve
from tests.sizing.scenario_edits import with_parts

QUERY_TOKENS = 30 * 64 * 2_250 * 3_600  # 15,552 M
CORPUS_TOKENS = 5_000_000 * 1_500  # 7,500 M
EMBEDDINGS_USD = (QUERY_TOKENS + CORPUS_TOKENS) / 1e6 * 0.01  # $230.52
PER_REQUEST_USD = (1_100 * 0.18 + 120 * 0.18) / 1e6  # $0.0002196
ANSWERS_USD = 12_500_000 * PER_REQUEST_USD  # $2,745


def _without(catalog: Catalog, api_id: str) -> Catalog:
    apis = [a for a in catalog.prices.hosted_apis if a.id != api_id]
    prices = catalog.prices.model_copy(update={"hosted_apis": apis})
    return dataclasses.replace(catalog, prices=prices)


def _encoder(scenario_id: str, model_id: str) -> Scenario:
    scenario = preset_scenario(scenario_id)
    emb = scenario.workload.embeddings
    assert emb is not None
    return with_parts(
        scenario, workload={"embeddings": emb.model_copy(update={"model_id": model_id})}
    )


def test_the_hosted_side_prices_the_embeddings_the_plan_buys_encoders_for(
    catalog: Catalog,
) -> None:
    result = size_scenario(catalog, preset_scenario("embeddings-search"), CURRENT_CALIBRATION)
    assert QUERY_TOKENS + CORPUS_TOKENS == 23_052_000_000
    assert result.value("embedding_tokens_per_year") == pytest.approx(23_052e6)
    assert result.value("api_embeddings_per_year_usd") == pytest.approx(EMBEDDINGS_USD)
    assert pytest.approx(230.52) == EMBEDDINGS_USD
    assert result.value("api_cost_per_request_usd") == pytest.approx(PER_REQUEST_USD)
    assert result.value("api_cost_per_year_usd") == pytest.approx(ANSWERS_USD + EMBEDDINGS_USD)
    assert pytest.approx(2_975.52) == ANSWERS_USD + EMBEDDINGS_USD
    tco = result.value("tco_per_year_usd")
    assert tco == pytest.approx(62_158.74, abs=0.01)
    assert result.value("break_even_requests_per_day") == pytest.approx(
        (tco - EMBEDDINGS_USD) / PER_REQUEST_USD / 250
    )
    assert figure_text(result, "break_even_requests_per_day") == "1.13 M requests/day"
    assert not [w for w in result.warnings if w.code.startswith("embeddings-api")]


def test_the_explanations_write_the_arithmetic_out(catalog: Catalog) -> None:
    result = size_scenario(catalog, preset_scenario("embeddings-search"), CURRENT_CALIBRATION)
    tokens = result.figures["embedding_tokens_per_year"].explanation
    assert tokens.formula.startswith(
        "search queries/s × tokens per query × service hours a year × 3600 + corpus documents "
        "× tokens per document, once a year"
    )
    assert [(t.name, t.value) for t in tokens.terms] == [
        ("queries 30/s × 64 tokens × 2,250 h × 3600", QUERY_TOKENS),
        ("corpus 5 M documents × 1,500 tokens", CORPUS_TOKENS),
    ]
    hosted = result.figures["api_embeddings_per_year_usd"].explanation
    assert hosted.formula == (
        "embedding tokens a year × hosted embedding price "
        "(BGE large en v1.5 (DeepInfra) (2025-11-18))"
    )
    assert hosted.worked_value() == pytest.approx(EMBEDDINGS_USD)
    (price,) = hosted.assumptions
    assert price.source.startswith("BGE large en v1.5 (DeepInfra), 2025-11-18, https://deepinfra")
    api = result.figures["api_cost_per_year_usd"].explanation
    assert api.formula == (
        "requests served a year × API cost per request + hosted embeddings a year "
        "(Llama 3.1 8B Instruct Turbo (Together AI) (2025-06-01))"
    )
    assert [(t.name, round(t.value, 2)) for t in api.terms] == [
        ("answers: requests served a year × API cost per request", 2_745.0),
        ("hosted embeddings a year", 230.52),
    ]
    even = result.figures["break_even_requests_per_day"].explanation
    assert even.formula == (
        "owning is cheaper above (TCO - hosted embeddings a year) / API cost per request, "
        "spread over the days a year"
    )
    assert even.terms[0].name == "yearly TCO - hosted embeddings a year"
    assert even.worked_value() == pytest.approx(result.value("break_even_requests_per_day"))
    duty = result.figures["break_even_duty_cycle"].explanation
    assert duty.worked_value() == pytest.approx(result.value("break_even_duty_cycle"))


def test_an_encoder_without_its_own_price_takes_the_nearest_of_its_class(
    catalog: Catalog,
) -> None:
    """Without E5 large v2's own entry, bge-large's price stands for it: the same 335 M
    parameters and 1,024 dimensions. It is named in a note and marked beside the figure."""
    bare = _without(catalog, "deepinfra-e5-large-v2")
    assert automatic_embedding_api(catalog, "e5-large-v2").id == "deepinfra-e5-large-v2"
    assert automatic_embedding_api(bare, "e5-large-v2").id == "deepinfra-bge-large-en-v1.5"
    result = size_scenario(bare, _encoder("embeddings-search", "e5-large-v2"), CURRENT_CALIBRATION)
    (note,) = [w for w in result.warnings if w.code == "embeddings-api-same-size-model"]
    assert note.severity == "info"
    assert note.message == (
        "The catalog has no hosted price for E5 large v2: the hosted side prices the "
        "embeddings at BGE large en v1.5 (DeepInfra), priced for BGE large en v1.5, an encoder "
        "of its class (335 M parameters, 1,024 dimensions, against 335 M parameters, 1,024 "
        "dimensions)."
    )
    assert figure_text(result, "api_embeddings_per_year_usd") == (
        "$231/year (a same-size encoder's price)"
    )


def test_an_encoder_no_hosted_price_comes_near_leaves_the_answers_alone_and_says_so(
    catalog: Catalog,
) -> None:
    """Nomic Embed v1.5 (137 M parameters, 768 dimensions): bge-large is 2.4 times its size
    and all-MiniLM a sixth of it, both outside 1.5 times, so the hosted side prices the
    answers only and says so in its formula and a note; owning's cost keeps the encoder."""
    assert automatic_embedding_api(catalog, "nomic-embed-text-v1.5") is None
    result = size_scenario(
        catalog, _encoder("embeddings-search", "nomic-embed-text-v1.5"), CURRENT_CALIBRATION
    )
    assert "api_embeddings_per_year_usd" not in result.figures
    assert result.value("api_cost_per_year_usd") == pytest.approx(ANSWERS_USD)
    assert result.figures["api_cost_per_year_usd"].explanation.formula.startswith(
        "requests served a year × API cost per request, the answers only: the embeddings are "
        "not priced on the hosted side (Llama 3.1 8B"
    )
    (note,) = [w for w in result.warnings if w.code == "embeddings-api-none-comparable"]
    assert note.message.startswith(
        "The hosted API's cost prices the answers only: the catalog has no hosted price for "
        "Nomic Embed Text v1.5 or an encoder of its class (within 1.5 times its 137 M "
        "parameters, 768 dimensions)"
    )


def test_no_hosted_api_compared_no_embeddings_priced(catalog: Catalog) -> None:
    """The agentic-coding preset's Qwen2.5 32B has no comparable API: with an embeddings
    workload added, nothing hosted is priced and no note about the embeddings is added."""
    scenario = with_parts(
        preset_scenario("agentic-coding"),
        workload={"embeddings": preset_scenario("embeddings-search").workload.embeddings},
    )
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert "api_embeddings_per_year_usd" not in result.figures
    assert not [w for w in result.warnings if w.code.startswith("embeddings-api")]


def test_a_plan_without_embeddings_is_priced_as_before(catalog: Catalog) -> None:
    """The default plan: no embeddings figure, its API cost $64.6 k a year."""
    result = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    assert "api_embeddings_per_year_usd" not in result.figures
    assert figure_text(result, "api_cost_per_year_usd") == "$64.6 k/year"


def test_tokens_embedded_follow_the_service_hours() -> None:
    """Around the clock (8,760 h) the same 30 queries/s embed 3.9 times as many tokens."""
    emb = preset_scenario("embeddings-search").workload.embeddings
    assert emb is not None
    tokens = embedded_tokens_a_year(emb, 8_760.0)
    assert tokens.query_tokens == pytest.approx(30 * 64 * 8_760 * 3_600)
    assert tokens.corpus_tokens == CORPUS_TOKENS


def test_the_encoders_price_is_dated_with_the_others(catalog: Catalog) -> None:
    scenario = preset_scenario("embeddings-search")
    server = server_for(catalog, scenario)
    labels = [p.label for p in prices_relied_on(catalog, scenario, server)]
    assert "BGE large en v1.5 (DeepInfra) embeddings price" in labels


def test_the_cost_curve_starts_the_api_line_at_the_hosted_embeddings() -> None:
    """$100 k a year owning, $20 k of hosted embeddings, $1 a million tokens: owning is
    cheaper above ($100 k - $20 k) / 12 / $1e-6 = 6,667 M tokens a month."""
    curve = cost_curve(100_000.0, 1e12, 1e-6, 2e10, points=11, api_fixed_usd_per_year=20_000.0)
    assert curve.api_usd_per_year[0] == pytest.approx(20_000.0)
    assert curve.crossover_monthly_tokens == pytest.approx(80_000.0 / 12 / 1e-6)


def test_size_and_the_bill_show_the_hosted_embeddings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["size", "--preset", "embeddings-search"]) == 0
    out = capsys.readouterr().out
    assert "  Hosted embeddings a year                     $231/year" in out
    assert "  Tokens embedded a year                       23.1 billion tokens/year" in out
    bill = tmp_path / "bill.csv"
    assert main(["bom", "--preset", "embeddings-search", "-o", str(bill)]) == 0
    rows = bill.read_text(encoding="utf-8-sig").splitlines()
    assert (
        "Hosted embeddings a year,230.52,USD/year,embedding tokens a year × hosted embedding "
        "price (BGE large en v1.5 (DeepInfra) (2025-11-18))"
    ) in rows


def test_an_embeddings_api_cannot_price_the_answers(catalog: Catalog) -> None:
    """A plan file naming an embeddings API as its hosted API priced the default plan's
    answers at $0.01 a million input tokens and nothing for output: $651 a year against Llama
    3.1 70B's $64.6 k. It is refused, named, in the sizing and in `plan check`."""
    scenario = with_parts(
        preset_scenario("llama-70b-rag"), costs={"hosted_api_id": "deepinfra-bge-large-en-v1.5"}
    )
    message = (
        'hosted API "deepinfra-bge-large-en-v1.5": BGE large en v1.5 (DeepInfra) prices '
        "embeddings, not answers; choose an API that serves a language model, or Automatic"
    )
    assert hosted_api_problem(catalog, scenario) == message
    with pytest.raises(SizingError, match="prices embeddings, not answers"):
        size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    (problem,) = check_plan(catalog, Plan(scenarios=[scenario]))
    assert str(problem) == f'scenario "Llama 3.1 70B RAG assistant": {message}'
    chosen = with_parts(
        preset_scenario("llama-70b-rag"), costs={"hosted_api_id": "together-llama-3.1-70b"}
    )
    assert hosted_api_problem(catalog, chosen) is None
