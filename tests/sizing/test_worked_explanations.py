"""Every headline figure's explanation carries its numbers, and they make the figure."""

from __future__ import annotations

import re

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import with_unit
from aisle_desktop.labels import FIGURE_LABELS, HEADLINE_FIGURES
from aisle_desktop.plan import PRESETS, Scenario, preset_scenario
from aisle_desktop.sizing import Figure, SizingResult, worked_line
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.explain import input_text, shown_digits, written_terms
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
    # No preset puts its encoder on servers of their own: their figures come from one that does.
    own = size_scenario(catalog, _encoder_on_l4("embeddings-search"), CURRENT_CALIBRATION)
    assert set(FIGURE_LABELS) <= shown | set(pooled.figures) | set(own.figures)


def _encoder_on_l4(preset_id: str) -> Scenario:
    scenario = preset_scenario(preset_id)
    emb = scenario.workload.embeddings
    assert emb is not None
    embeddings = emb.model_copy(update={"server_id": "l4-4x-2u"})
    workload = scenario.workload.model_copy(update={"embeddings": embeddings})
    return scenario.model_copy(update={"workload": workload})


@pytest.mark.parametrize("pooled", [False, True])
def test_every_figure_with_the_encoder_on_its_own_servers_carries_its_numbers(
    catalog: Catalog, pooled: bool
) -> None:
    """The encoder on an L4 box: its servers' draw, racks, the totals and the capex that add
    both kinds of server still add up, together and in separate pools."""
    scenario = _encoder_on_l4("embeddings-search")
    if pooled:
        hardware = scenario.hardware.model_copy(update={"serving": "disaggregated"})
        scenario = scenario.model_copy(update={"hardware": hardware})
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert "encoder_server_average_kw" in result.figures
    _assert_every_figure_worked(result)


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
    # A term with numbers of its own, as the energy's terms above, puts its value first (not
    # "× 9.63 kW $2.81 k/year"); TPOT's name the step each weighs, with its length (walk:
    # "(1 - p) × decode step 19.7 ms" read as a 19.7 ms decode step beside its 20.3 ms).
    assert worked_line(result.figures["tpot_ms"]) == (
        "19.7 ms (97.2 % of steps × decode step 20.26 ms) + 3.9 ms (2.8 % of steps × step "
        "with prefill 139.1 ms) = 23.6 ms"
    )
    ttft = worked_line(result.figures["ttft_ms"])
    assert ttft.startswith(
        "request overhead (retrieval included) 121 ms + half an iteration (TPOT / 2) 11.8 ms"
    )
    # 2.93 × 20.26 = 59.36: the iterations planned ahead name the step they count.
    assert "+ 59.4 ms (2.93 iterations planned ahead × decode step 20.26 ms) +" in ttft
    assert ttft.endswith("= 333 ms")  # 4 replicas share the load (one on GPUs bought anyway)
    # Users who think 60 s settle where they ask as often as their answers allow.
    assert worked_line(result.figures["requests_per_s"]) == (
        "300 active users / cycle (E2E + think time) 66.4 s = 4.52 requests/s"
    )
    users = worked_line(result.figures["max_users_within_targets"])
    assert users.endswith("14.734 requests/s × cycle (E2E + think time) 73.14 s = 1,078 users")


def test_the_cost_of_a_million_tokens_reads_with_its_units(catalog: Catalog) -> None:
    """QA: it read "million tokens a year 73.5 k", no unit. 4.52 requests/s served over 8 h on
    250 days is 32.6 M requests a year of 2,256 tokens each: 73.4 billion tokens a year (as the
    tokens-a-year row reads; it read "73,443 M"), which the $174 k a year costs $2.37 a million
    of."""
    result = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    assert worked_line(result.figures["cost_per_million_tokens_usd"]) == (
        "yearly TCO $174 k/year / tokens a year 73.4 billion tokens/year = $2.37/M tokens"
    )
    assert worked_line(result.figures["cost_per_request_usd"]) == (
        "yearly TCO $174.2 k/year / requests served a year 32.55 M requests = $0.00535"
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
    assert (
        "+ 1.226 s (30 iterations held until every attention rank has a prompt × iteration "
        "40.86 ms) +"
    ) in ttft
    assert ttft.endswith("+ prefill queue 14.19 ms + prefill step 313.2 ms = 1.73 s")


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


def _audited_plans() -> dict[str, Scenario]:
    """The four plans walk34 audited with a calculator: the default RAG plan, 8B chat,
    DeepSeek-V3.2 with expert parallel and MTP, and enterprise search with 8 LoRA adapters."""
    search = preset_scenario("embeddings-search")
    adapters = search.workload.adapters.model_copy(update={"count": 8})
    return {
        "llama-70b-rag": preset_scenario("llama-70b-rag"),
        "llama-8b-chat": preset_scenario("llama-8b-chat"),
        "deepseek-v3.2-ep": preset_scenario("deepseek-v3.2-ep"),
        "search-with-adapters": with_parts(search, workload={"adapters": adapters}),
    }


@pytest.mark.parametrize("plan", sorted(_audited_plans()))
def test_a_calculator_on_the_written_terms_makes_every_figure_as_written(
    catalog: Catalog, plan: str
) -> None:
    """A planner redoing a worked line types in the numbers it writes, rounded: the default
    plan's users read "14.7 requests/s × E2E + think time 73.1 s = 1,078 users", which makes
    1,075, and its free memory "85.5 GB - 36.3 GB - 2.68 GB - 37.9 GB = 8.55 GB", 8.62. Each
    worked line now writes its numbers with the figures it takes (14.734 × 73.14 = 1,078)."""
    result = size_scenario(catalog, _audited_plans()[plan], CURRENT_CALIBRATION)
    for name, fig in result.figures.items():
        typed = written_terms(fig, shown_digits(fig))  # as written
        made = fig.explanation.made_from(typed)
        assert made is not None, name
        assert with_unit(made, fig.unit) == with_unit(fig.value, fig.unit), (name, made)


def test_the_default_plans_memory_and_users_redo_on_a_calculator(catalog: Catalog) -> None:
    """85.47 - 36.33 - 2.684 - 37.91 = 8.546 GB free (85.5 - 36.3 - 2.68 - 37.9 made 8.62);
    14.734 × 73.14 = 1,077.6 users (14.7 × 73.1 made 1,075); 174.2 / (0.001985 × 250) = 351
    k requests a day (174 / (0.00199 × 250) made 350 k)."""
    figures = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION).figures
    assert worked_line(figures["free_per_gpu_gb"]) == (
        "max(0, usable 85.47 GB - weights 36.33 GB - runtime 2.684 GB - KV room 37.91 GB) = 8.55 GB"
    )
    assert worked_line(figures["max_users_within_targets"]) == (
        "requests/s within targets 14.734 requests/s × cycle (E2E + think time) 73.14 s = 1,078 "
        "users"
    )
    assert worked_line(figures["break_even_requests_per_day"]) == (
        "yearly TCO $174.2 k/year / (API cost per request $0.001985 × days a year 250 days) "
        "= 351 k requests/day"
    )


def _rows(fig: Figure) -> dict[str, str]:
    """The inputs under a figure's worked line, as its explanation lists them."""
    return {q.name: input_text(q, fig) for q in fig.explanation.inputs}


def test_a_number_reads_alike_in_the_worked_line_and_the_rows_under_it(catalog: Catalog) -> None:
    """The break-even's worked line wrote "API cost per request $0.001985" over a row reading
    "$0.00199/request", and "yearly TCO $174.2 k/year" over "$174 k/year": the rows Aisle
    worked out now read as the line does. The catalog's $300,000 server read "$300 k" in the
    capex line under the row's "$300,000": what was given reads whole in both. The sequences
    that fit listed the cache per token, Aisle's arithmetic, as "327.68 kB" beside the KV cache
    per token figure's "328 kB"."""
    figures = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION).figures
    break_even = _rows(figures["break_even_requests_per_day"])
    assert break_even == {
        "TCO": "$174.2 k/year",
        "API cost per request": "$0.001985/request",
        "days a year": "250 days",
    }
    assert _rows(figures["api_cost_per_year_usd"])["requests served a year"] == "32.55 M requests"
    assert _rows(figures["api_cost_per_request_usd"]) == {
        "input tokens": "2,000 tokens",
        "output tokens": "256 tokens",
    }
    capex = figures["capex_usd"]
    assert worked_line(capex) == (
        "1 server × model server price $300,000 × (1 + network/storage share) 1.1 = $330 k"
    )
    assert _rows(capex)["model server price"] == "$300,000"
    sequences = _rows(figures["max_sequences_per_replica"])
    assert sequences["KV per token (whole model)"] == "328 kB"
    assert _rows(figures["conversation_at_max_context_gb"])["KV per token"] == "328 kB"


def test_a_time_beside_a_rate_per_second_reads_in_seconds(catalog: Catalog) -> None:
    """DeepSeek-V3's users read "20.524 requests/s × E2E + think time 2.2343 min = 2,751
    users": on a calculator 20.524 × 2.2343 makes 46. A time multiplied or divided reads in
    seconds however long ("134.06 s"); the figure itself still reads as it always does."""
    figures = size_scenario(catalog, preset_scenario("deepseek-v3"), CURRENT_CALIBRATION).figures
    line = worked_line(figures["max_users_within_targets"])
    assert re.fullmatch(
        r"requests/s within targets [\d.]+ requests/s × cycle \(E2E \+ think time\) 1[\d.]+ s = "
        r"[\d,]+ users",
        line,
    ), line


def test_the_cache_per_token_and_a_conversation_show_the_models_shape(catalog: Catalog) -> None:
    """The KV cache per token read "80 full-attention layers 328 kB = 328 kB", the numbers
    behind it unsaid: 80 layers × 2 (key and value) × 8 KV heads × 128 × 2 B = 327,680 B,
    and a 131,072-token conversation 327,680 B × 131,072 = 42.95 GB. DeepSeek-V3.2's MLA
    layers keep one latent a token with its rope part and the indexer's key: 61 × (512 + 64
    + 128) × 2 B = 85,888 B."""
    llama = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    assert worked_line(llama.figures["kv_bytes_per_token"]) == (
        "328 kB (80 full-attention layers × 2 (key and value) × 8 KV heads × 128 head dim "
        "× 2 B) = 328 kB"
    )
    assert worked_line(llama.figures["conversation_128k_gb"]) == (
        "42.9 GB (80 full-attention layers × 2 (key and value) × 8 KV heads × 128 head dim "
        "× 2 B × 131,072 tokens) = 42.9 GB"
    )
    assert pytest.approx(llama.value("kv_bytes_per_token")) == 80 * 2 * 8 * 128 * 2
    deepseek = size_scenario(catalog, preset_scenario("deepseek-v3.2-ep"), CURRENT_CALIBRATION)
    per_token = worked_line(deepseek.figures["kv_bytes_per_token"])
    assert per_token == (
        "85.9 kB (61 sparse-attention layers × (512 latent + 64 rope + 128 indexer key) × 2 B) "
        "= 85.9 kB"
    )
    assert pytest.approx(deepseek.value("kv_bytes_per_token")) == 61 * (512 + 64 + 128) * 2
    conversation = worked_line(deepseek.figures["conversation_128k_gb"])
    assert "+ 0.1845 GB (the draft's 1 sparse-attention layer × (512 latent" in conversation


def test_the_yearly_cost_names_the_numbers_of_each_part(catalog: Catalog) -> None:
    """The TCO read "capex / years $110 k/year + energy + colocation $23.9 k/year + support
    $33.0 k/year": neither the years, the colocation price nor the support share in sight.
    $330,000 / 3 = $110 k; 10.2 kW × $194.95 × 12 = $23.86 k; 10 % × $330,000 = $33.0 k.
    The 8B plan's capex, $104,500, reads exactly: "$105 k / 3" made $35.0 k, not $34.83 k."""
    rag = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    assert worked_line(rag.figures["tco_per_year_usd"]) == (
        "$110 k/year (capex $330,000 / 3 years) + energy $7.34 k/year + $23.9 k/year "
        "(colocation 10.2 kW nameplate × $194.95/kW-month × 12 months) + $33.0 k/year "
        "(support 10 % × capex $330,000) = $174 k/year"
    )
    chat = size_scenario(catalog, preset_scenario("llama-8b-chat"), CURRENT_CALIBRATION)
    tco = worked_line(chat.figures["tco_per_year_usd"])
    assert tco.startswith("$34.83 k/year (capex $104,500 / 3 years) + ")
    assert pytest.approx(34_833, abs=1) == 104_500 / 3


def test_the_largest_batchs_throughput_and_the_sequences_that_fit_show_their_making(
    catalog: Catalog,
) -> None:
    """Targets ignored, the default plan's 4 replicas of 106 requests finish in 22.96 s:
    106 × 4 / 22.96 = 18.47 requests/s, × 256 tokens = 4.73 k tokens/s (the batch alone was
    given). A sequence's cache is held in whole 16-token blocks: the 8B chat's 1,700 tokens
    take 1,712, 1,712 × 131,072 B = 0.224 GB, not the 0.223 GB 1,700 tokens make."""
    rag = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    inputs = {q.name: q.value for q in rag.figures["max_output_tokens_per_s"].explanation.inputs}
    made = inputs["batch"] * inputs["replicas"] / inputs["E2E at that batch"]
    assert made * rag.output_tokens == pytest.approx(rag.value("max_output_tokens_per_s"))
    assert (inputs["batch"], inputs["replicas"]) == (106, 4)
    chat = size_scenario(catalog, preset_scenario("llama-8b-chat"), CURRENT_CALIBRATION)
    fits = {q.name: q.value for q in chat.figures["max_sequences_per_replica"].explanation.inputs}
    held = fits["tokens held: 1,700 rounded up to whole 16-token KV blocks"]
    assert held == 1_712
    per_gpu = (
        held
        * fits["KV per token (whole model)"]
        / fits["attention TP (GPUs the K/V heads are split over)"]
    )
    assert per_gpu / 1e9 == pytest.approx(fits["KV per sequence per GPU"])


def test_the_gpus_needed_show_how_the_replicas_are_counted(catalog: Catalog) -> None:
    """The plan line's "8 bought, 6 needed" had no formula: 300 users asking again 60 s
    after answers of 13.8 s at the targets make 4.07 requests/s at the peak; a replica
    serves 3.68 within the targets, planned at 80 %: 4.07 / (0.8 × 3.68) = 1.38, 2 replicas,
    + 1 spare = 3, × 2 GPUs (TP 2) = 6 GPUs; the one 8-GPU server bought runs a 4th."""
    result = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    assert worked_line(result.figures["gpus_needed"]) == (
        "3 replicas (replicas needed, round up (4.07 requests/s at the peak / (80 % planned "
        "load × 3.68 requests/s a replica serves within the targets)) + 1 spare) × GPUs a "
        "replica (TP 2 × PP 1) 2 GPUs = 6 GPUs"
    )
    assert (result.gpus_installed, result.replicas) == (8, 4)
    assert pytest.approx(1.38, abs=0.01) == 4.07 / (0.8 * 3.68)


def test_gpus_set_by_hand_show_what_the_load_needs(catalog: Catalog) -> None:
    """8 GPUs set by hand still need 6 for the load (3 replicas); 4 set hold 2 replicas of
    the 3 it needs, and say so; 100 requests always in flight need round up (100 / 48) + 1
    spare = 4 replicas, 8 GPUs."""
    plan = preset_scenario("llama-70b-rag")
    eight = size_scenario(catalog, with_parts(plan, hardware={"gpu_count": 8}), CURRENT_CALIBRATION)
    assert worked_line(eight.figures["gpus_needed"]).endswith("2 GPUs = 6 GPUs")
    four = size_scenario(catalog, with_parts(plan, hardware={"gpu_count": 4}), CURRENT_CALIBRATION)
    assert worked_line(four.figures["gpus_needed"]) == (
        "replicas the 4 GPUs set hold, fewer than the 3 needed 2 replicas × GPUs a replica "
        "(TP 2 × PP 1) 2 GPUs = 4 GPUs"
    )
    load = {"kind": "in_flight", "requests_in_flight": 100}
    fixed = size_scenario(catalog, with_parts(plan, load=load), CURRENT_CALIBRATION)
    assert worked_line(fixed.figures["gpus_needed"]).startswith(
        "4 replicas (replicas needed, round up (100 requests in flight / 48 requests a replica "
        "carries within the targets) + 1 spare) × "
    )


def test_a_ttft_term_a_planner_set_to_none_says_so_and_the_numbers_still_add_up(
    catalog: Catalog,
) -> None:
    """The default plan with no iterations planned ahead (the planner's override of vLLM
    0.32's 2.93): its TTFT formula says why the term is none, where it listed "iterations
    planned ahead" over numbers without them, and those numbers still make the figure."""
    plan = preset_scenario("llama-70b-rag").model_copy(
        update={"assumption_overrides": {"first_token_wait_steps": 0.0}}
    )
    ttft = size_scenario(catalog, plan, CURRENT_CALIBRATION).figures["ttft_ms"]
    assert ttft.explanation.formula.startswith(
        "TTFT = request overhead (retrieval included) + half an iteration + iterations planned "
        "ahead (none: the planner's override) + prefill queue + prefill step(s);"
    )
    assert "planned ahead ×" not in worked_line(ttft)
    made = ttft.explanation.made_from(written_terms(ttft, shown_digits(ttft)))
    assert made is not None and with_unit(made, "ms") == with_unit(ttft.value, "ms")
