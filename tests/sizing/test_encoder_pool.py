"""An embeddings workload's encoder GPUs are bought with the plan: counted in its GPUs bought,
servers, racks, power, yearly cost and cost per million tokens, each with its arithmetic.

The worked example: the default 70B RAG plan indexing 5 M documents of 1,500 tokens in 0.1 h
(7.5 billion tokens in 360 s: 20.8 M tokens/s). One H100 encodes 989 TFLOP/s × 0.25 /
(2 × 335 M bge-large parameters) = 369 k tokens/s, so the encoder needs ceil(56.45) = 57
GPUs. The answering model needs 6 (three replicas of TP 2): 6 + 57 = 63 GPUs take
ceil(63 / 8) = 8 DGX H100 (64 GPUs, 1 idle); the answering server's 2 free GPUs take 2
encoders, the other 55 take ceil(55 / 8) = 7 more servers.
"""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.main import main
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import (
    compare_gpu,
    gpus_cell,
    gpus_text,
    plan_purchase,
    size_scenario,
)
from aisle_desktop.sizing.planning.plan_numbers import Headline
from tests.sizing.scenario_edits import with_parts

DGX_H100_USD = 300_000.0
NETWORK_STORAGE = 1.1  # capex: servers × price × (1 + 0.1 network and storage)


def _with_embeddings(scenario_id: str, **embeddings: float) -> Scenario:
    scenario = preset_scenario(scenario_id)
    emb = preset_scenario("embeddings-search").workload.embeddings
    assert emb is not None
    return with_parts(scenario, workload={"embeddings": emb.model_copy(update=embeddings)})


def test_the_encoder_gpus_are_bought_with_the_plan(catalog: Catalog) -> None:
    plain = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    result = size_scenario(
        catalog, _with_embeddings("llama-70b-rag", ingest_hours=0.1), CURRENT_CALIBRATION
    )
    assert result.value("embedding_tokens_per_s_per_gpu") == pytest.approx(369_030, rel=1e-4)
    assert result.encoder_gpus == result.value("embedding_gpus") == 57
    # Without the encoder, a fourth replica ran on the server's last 2 GPUs; they encode now.
    assert (plain.replicas, plain.whole_server_replicas, plain.servers) == (4, 1, 1)
    assert (result.replicas, result.whole_server_replicas) == (3, 0)
    assert (result.servers, result.encoder_servers, result.gpus_bought) == (8, 7, 64)
    assert result.value("embedding_servers") == 7
    assert result.idle_gpus == 64 - 6 - 57 == 1
    assert result.gpus_text() == "64 GPUs bought, 6 needed + 57 for embeddings"
    assert result.served_by() + result.encoders_text() == (
        "3 replicas of TP 2 × PP 1 (1 GPU bought sits idle), "
        "and 57 encoder GPUs for embeddings on 7 more servers"
    )
    assert result.racks == 8  # a 10.2 kW DGX H100 a rack in a 12 kW room
    assert result.value("capex_usd") == pytest.approx(8 * DGX_H100_USD * NETWORK_STORAGE)
    assert plain.value("capex_usd") == pytest.approx(1 * DGX_H100_USD * NETWORK_STORAGE)


def test_the_encoder_gpus_draw_power_and_the_explanations_say_so(catalog: Catalog) -> None:
    """Each server's average: (6 replica GPUs + 57 encoder GPUs) × 700 W × 0.7 and 1 idle GPU
    × 700 W × 0.1, over 8 servers, plus the 2.5 kW base: 5.5125 + 0.00875 + 2.5 = 6.37 kW."""
    result = size_scenario(
        catalog, _with_embeddings("llama-70b-rag", ingest_hours=0.1), CURRENT_CALIBRATION
    )
    assert result.value("server_average_kw") == pytest.approx(
        (63 * 700 * 0.7 + 1 * 700 * 0.1) / 8 / 1e3 + 2.5
    )
    assert result.value("it_average_kw") == pytest.approx(8 * 6.3675)
    power_terms = [t.name for t in result.figures["server_average_kw"].explanation.terms]
    assert "57 encoder GPUs × 700 W TDP × 0.7 average share ÷ 8 servers" in power_terms
    capex_terms = [t.name for t in result.figures["capex_usd"].explanation.terms]
    assert "servers (1 answering + 7 for embeddings)" in capex_terms
    per_million = result.figures["cost_per_million_tokens_usd"]
    assert per_million.explanation.formula.endswith(
        "; the TCO includes the encoder servers for embeddings"
    )
    assert result.figures["api_cost_per_year_usd"].explanation.formula.startswith(
        "requests served a year × API cost per request + hosted embeddings a year "
        "(Llama 3.1 70B Instruct Turbo (Together AI"
    )
    assert per_million.value == pytest.approx(
        result.value("tco_per_year_usd") / result.value("tokens_per_year") * 1e6
    )


def test_an_encoder_takes_gpus_the_servers_hold_beyond_the_load_first(catalog: Catalog) -> None:
    """The preset's encoder needs 1 L40S (5 M documents × 1,500 tokens in 48 h: 43.4 k
    tokens/s, at 135 k a GPU): it takes one of the six GPUs that ran replicas the load does
    not need, so nothing more is bought and the cost stays $62.2 k a year, while the spare
    capacity shrinks by one replica (8 to 7)."""
    result = size_scenario(catalog, preset_scenario("embeddings-search"), CURRENT_CALIBRATION)
    assert (result.encoder_gpus, result.encoder_servers, result.servers) == (1, 0, 1)
    assert (result.replicas, result.whole_server_replicas) == (7, 5)
    assert result.gpus_text() == "8 GPUs bought, 2 needed + 1 for embeddings"
    assert result.value("embedding_servers") == 0
    assert result.value("tco_per_year_usd") == pytest.approx(62_200, rel=1e-3)
    note = next(w for w in result.warnings if w.code == "whole-server-replicas")
    assert "(2 GPUs) and the embeddings 1 GPU, and it takes 1 × 8-GPU PCIe server" in note.message
    assert "runs 5 more replicas on GPUs already bought" in note.message


def test_on_a_count_set_by_hand_the_encoder_takes_an_idle_gpu(catalog: Catalog) -> None:
    """2 GPUs set: the encoder takes one of the server's 6 idle GPUs, which now draws the
    working share: (2 + 1) × 350 W × 0.7 + 5 × 350 W × 0.1 + 1.5 kW base = 2.41 kW."""
    scenario = with_parts(preset_scenario("embeddings-search"), hardware={"gpu_count": 2})
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert (result.gpus, result.encoder_gpus, result.idle_gpus, result.servers) == (2, 1, 5, 1)
    assert result.value("server_average_kw") == pytest.approx(3 * 0.245 + 5 * 0.035 + 1.5)
    spare = next(w for w in result.warnings if w.code == "spare-gpus-in-servers")
    assert "holds 8 GPUs and the plan uses 3, so 5 sit idle" in spare.message


def test_separate_pools_count_the_encoder_servers_too(catalog: Catalog) -> None:
    """Both pools fill one DGX H100 (8 GPUs): the 57 encoder GPUs take ceil(57 / 8) = 8 more."""
    scenario = with_parts(
        _with_embeddings("llama-70b-rag", ingest_hours=0.1), hardware={"serving": "disaggregated"}
    )
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert result.serving == "disaggregated"
    assert (result.gpus, result.encoder_gpus, result.encoder_servers) == (8, 57, 8)
    assert (result.servers, result.gpus_bought) == (9, 72)
    assert result.value("capex_usd") == pytest.approx(9 * DGX_H100_USD * NETWORK_STORAGE)


def test_the_gpu_comparison_counts_the_encoder_gpus(catalog: Catalog) -> None:
    scenario = _with_embeddings("llama-70b-rag", ingest_hours=0.1)
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    head = Headline.of(result)
    assert (head.gpus_bought, head.gpus_needed, head.encoder_gpus) == (64, 6, 57)
    option = compare_gpu(catalog, scenario, CURRENT_CALIBRATION, "h100-sxm")
    assert (option.gpus_bought, option.gpus_needed, option.encoder_gpus) == (64, 6, 57)
    assert option.tco_per_year_usd == pytest.approx(result.value("tco_per_year_usd"))


def test_size_names_the_encoder_gpus(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["size", "--preset", "embeddings-search"]) == 0
    out = capsys.readouterr().out
    assert (
        "Hardware  8 × NVIDIA L40S 48GB bought, 2 needed + 1 for embeddings = 7 replicas of "
        "TP 1 × PP 1 (2 needed, 5 more on GPUs already bought), and 1 encoder GPU for "
        "embeddings, in 1 × "
    ) in out
    assert "  Servers added for embeddings" in out


def test_gpu_counts_name_the_encoder_gpus_apart() -> None:
    assert gpus_text(2, 8, 1) == "8 GPUs bought, 2 needed + 1 for embeddings"
    assert gpus_text(7, 8, 1) == "8 GPUs (1 for embeddings)"  # every GPU bought is needed
    assert gpus_cell(2, 8, 1) == "8 (2 needed + 1 for embeddings)"
    assert (gpus_text(6, 8), gpus_cell(6, 8)) == ("8 GPUs bought, 6 needed", "8 (6 needed)")


def test_the_bill_buys_the_encoder_servers(catalog: Catalog) -> None:
    scenario = _with_embeddings("llama-70b-rag", ingest_hours=0.1)
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    purchase = plan_purchase(catalog, scenario, result)
    assert purchase is not None
    servers = purchase.bill.lines[0]
    assert servers.quantity == 8
    assert servers.rule.startswith(
        "63 GPUs = 3 replicas of 2 (TP 2) + 57 encoder GPUs for embeddings; at 8 a server, "
        "8 servers holding 64 GPUs (1 idle)"
    )
    gpus = purchase.bill.lines[1]
    assert (gpus.quantity, gpus.unit) == (64, "GPU")
    assert "1 of them serves no replica or encoder but is bought with its server" in gpus.rule
    assert len(purchase.power.racks) == 8
