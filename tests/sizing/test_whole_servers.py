"""GPUs are bought in whole servers: what a server holds is bought, powered and licensed.
With an automatic GPU count the GPUs bought run replicas; a count the planner set may leave
some idle, and the plan says so.

Worked example, the default plan (Llama 3.1 70B RAG on vLLM, N+1): the load needs 3 replicas
of TP 2 (6 H100, one a spare), in one DGX H100 that holds 8, so with the count Automatic a 4th
replica runs on the 2 GPUs left:
- capex: 1 server x $300,000 x (1 + 10% network, storage, racks) = $330,000;
- average power: the 8 GPUs running replicas x 700 W x 0.7 + 2,500 W base = 6,420 W (the 4th
  replica shares the load, but steps whenever it holds a request, each step reading all its
  weights: it draws the working share, not the idle floor);
- bill: 8 GPUs in the GPU line, and the optional per-GPU subscription for 8 GPUs at $4,500 =
  $36,000 a year (NVIDIA licenses every physical GPU of a server the software runs on).
With the count set to 6, 2 GPUs sit idle: 6 x 700 W x 0.7 + 2 x 700 W x 0.1 (idle draw, catalog
prices) + 2,500 W = 5,580 W, and the bill licenses all 8.
"""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.size_cmd import summary_text
from aisle_desktop.plan import EmbeddingsWorkload, preset_scenario
from aisle_desktop.sizing import SizingResult, worked_line
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import plan_purchase, size_scenario
from tests.sizing.scenario_edits import with_parts

SIX_SET = {"gpu_count": 6}


@pytest.fixture(scope="module")
def default_plan(catalog: Catalog) -> SizingResult:
    return size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)


@pytest.fixture(scope="module")
def six_set(catalog: Catalog) -> SizingResult:
    scenario = with_parts(preset_scenario("llama-70b-rag"), hardware=SIX_SET)
    return size_scenario(catalog, scenario, CURRENT_CALIBRATION)


def test_the_default_plan_runs_a_replica_on_the_gpus_its_server_holds(
    default_plan: SizingResult,
) -> None:
    r = default_plan
    assert (r.gpus, r.servers, r.gpus_installed, r.idle_gpus) == (8, 1, 8, 0)
    assert (r.replicas, r.whole_server_replicas) == (4, 1)
    assert r.idle_note() == ""
    assert r.whole_server_note() == "the last replica uses GPUs the whole server already holds"
    # One vocabulary (gpu_counts.py): the GPUs bought, those needed where fewer, the replicas.
    assert (r.gpus_bought, r.gpus_for_load) == (8, 6)
    assert r.gpus_text() == "8 GPUs bought, 6 needed"
    assert r.hardware_text() == "8 × NVIDIA H100 SXM5 80GB bought, 6 needed"
    assert r.served_by() == ("4 replicas of TP 2 × PP 1 (3 needed, 1 more on GPUs already bought)")


def test_a_gpu_count_set_to_six_leaves_two_idle(six_set: SizingResult) -> None:
    r = six_set
    assert (r.gpus, r.servers, r.gpus_installed, r.idle_gpus) == (6, 1, 8, 2)
    assert r.whole_server_replicas == 0
    assert r.idle_note() == "2 of the 8 GPUs bought sit idle"
    assert r.gpus_text() == "8 GPUs bought, 6 needed"
    assert r.served_by() == "3 replicas of TP 2 × PP 1 (2 GPUs bought sit idle)"


def test_price_and_power_count_every_gpu_the_server_holds(default_plan: SizingResult) -> None:
    r = default_plan
    assert r.value("capex_usd") == pytest.approx(330_000)
    assert r.value("server_average_kw") == pytest.approx(6.42)
    assert r.value("it_average_kw") == pytest.approx(6.42)
    power = r.figures["server_average_kw"].explanation
    assert {q.name: q.value for q in power.inputs}["GPUs per server"] == 8
    assert "Every GPU a server holds counts" in power.formula
    assert worked_line(r.figures["server_average_kw"]) == (
        "3.92 kW (8 GPUs running replicas × 700 W TDP × 0.7 average share) + base 2.5 kW = 6.42 kW"
    )


def test_idle_gpus_draw_their_idle_share_not_the_working_one(
    six_set: SizingResult, catalog: Catalog
) -> None:
    r = six_set
    assert catalog.prices.gpu_idle_power_fraction == 0.1
    assert r.value("capex_usd") == pytest.approx(330_000)  # bought all the same
    assert r.value("server_average_kw") == pytest.approx(5.58)
    assert worked_line(r.figures["server_average_kw"]) == (
        "2.94 kW (6 GPUs running replicas × 700 W TDP × 0.7 average share) + 0.14 kW (2 idle "
        "GPUs × 700 W TDP × 0.1 idle share) + base 2.5 kW = 5.58 kW"
    )
    (idle,) = [
        a
        for a in r.figures["server_average_kw"].explanation.assumptions
        if a.name == "gpu_idle_power_fraction"
    ]
    assert idle.value == 0.1 and "2026-12-04" in idle.source and "69-72 W" in idle.source


def test_running_the_spare_gpus_costs_their_working_power(
    default_plan: SizingResult, six_set: SizingResult, catalog: Catalog
) -> None:
    """The 4th replica's 2 GPUs draw 0.84 kW more than idle ones (2 x 700 W x (0.7 - 0.1)),
    1.26 kW with cooling at PUE 1.5, over the service's 2,000 hours (8 h x 250 days; the rest
    of the year every GPU idles) at $0.146/kWh: $368 a year, for a third more capacity within
    the targets."""
    extra_kw = default_plan.value("it_average_kw") - six_set.value("it_average_kw")
    assert extra_kw == pytest.approx(2 * 0.7 * (0.7 - 0.1))
    extra_usd = extra_kw * 1.5 * 2000 * catalog.prices.electricity_usd_per_kwh
    assert extra_usd == pytest.approx(368, abs=1)
    assert default_plan.value("tco_per_year_usd") == pytest.approx(
        six_set.value("tco_per_year_usd") + extra_usd
    )
    assert default_plan.value("max_requests_per_s_within_targets") == pytest.approx(
        six_set.value("max_requests_per_s_within_targets") * 4 / 3
    )


def test_the_bill_counts_and_licenses_the_gpus_bought(
    catalog: Catalog, six_set: SizingResult
) -> None:
    scenario = with_parts(preset_scenario("llama-70b-rag"), hardware=SIX_SET)
    bought = plan_purchase(catalog, scenario, six_set)
    assert bought is not None
    lines = {x.section + ": " + x.unit: x for x in bought.bill.lines}
    assert lines["GPUs: GPU"].quantity == 8
    assert "2 of them serve no replica" in lines["GPUs: GPU"].rule
    server = lines["Servers: server"]
    assert "1 server holding 8 GPUs (2 idle)" in server.rule
    (optional,) = [x for x in bought.bill.lines if x.optional]
    assert (optional.quantity, optional.total_usd) == (8, 36_000)
    assert "idle ones included" in optional.rule


def test_size_says_what_whole_servers_did(
    default_plan: SizingResult, six_set: SizingResult
) -> None:
    assert (
        "Hardware  8 × NVIDIA H100 SXM5 80GB bought, 6 needed = 4 replicas of TP 2 × PP 1 "
        "(3 needed, 1 more on GPUs already bought), in 1 × NVIDIA DGX H100"
    ) in summary_text(default_plan)
    assert (
        "Hardware  8 × NVIDIA H100 SXM5 80GB bought, 6 needed = 3 replicas of TP 2 × PP 1 "
        "(2 GPUs bought sit idle), in 1 × NVIDIA DGX H100"
    ) in summary_text(six_set)


def test_a_count_that_fills_its_servers_says_nothing_of_idle_gpus(catalog: Catalog) -> None:
    """8 GPUs set by hand fill the DGX H100 (4 replicas of TP 2, the split that carries most
    within 8): nothing idle, nothing added."""
    scenario = with_parts(preset_scenario("llama-70b-rag"), hardware={"gpu_count": 8})
    r = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert (r.gpus, r.gpus_installed, r.idle_gpus, r.whole_server_replicas) == (8, 8, 0, 0)
    assert r.gpus_text() == "8 GPUs" and r.served_by() == "4 replicas of TP 2 × PP 1"
    assert "Hardware  8 × NVIDIA H100 SXM5 80GB = 4 replicas of TP 2 × PP 1, in" in (
        summary_text(r)
    )
    assert not {"spare-gpus-in-servers", "whole-server-replicas"} & {w.code for w in r.warnings}


def test_of_splits_needing_the_same_gpus_the_one_that_runs_more_of_the_gpus_bought_wins(
    catalog: Catalog,
) -> None:
    """walk45's support chatbot: gpt-oss-120b (MXFP4) for 500 users with 8,000-token prompts,
    400-token answers, 3 adapters and an embeddings encoder, on a DGX H200 of 8 GPUs. TP 2 x EP 2
    and TP 1 both need 6 GPUs, and TP 2 x EP 2 serves more on those 6; but with the encoder's
    GPU, 7 of the server's 8 are free: TP 2 runs 3 replicas and leaves one idle, TP 1 runs 7.
    The search chose TP 2 (985 users, TPOT 15.9 ms); it now weighs each split on the GPUs bought
    (1,077 users, TPOT 9.9 ms), with the same 6 needed, 1 server and capex."""
    workload = preset_scenario("llama-70b-rag").workload
    scenario = with_parts(
        preset_scenario("llama-70b-rag"),
        workload={
            "model_id": "gpt-oss-120b",
            "weight_precision": "mxfp4",
            "output_tokens": 400,
            "prompt": workload.prompt.model_copy(
                update={
                    "system_prompt_tokens": 1000,
                    "question_tokens": 600,
                    "rag_chunks": 16,
                    "rag_chunk_tokens": 400,
                }
            ),
            "adapters": workload.adapters.model_copy(update={"count": 3}),
            "embeddings": EmbeddingsWorkload(corpus_documents=2_000_000, ingest_hours=8),
        },
        load={"active_users": 500},
        hardware={"gpu_id": "h200-sxm", "rack_power_limit_kw": 15},
    )
    r = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert (r.tp, r.replicas, r.whole_server_replicas, r.idle_gpus) == (1, 7, 1, 0)
    assert (r.gpus_bought, r.gpus_for_load, r.servers) == (8, 6, 1)
    assert round(r.figures["max_users_within_targets"].value) == 1077
