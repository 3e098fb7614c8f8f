"""An encoder pool on servers of its own type: the default 70B RAG plan (one DGX H100) with
the embeddings-search preset's corpus (5 M documents × 1,500 tokens in 48 h: 43,403 tokens/s)
encoded on L4s in a 2U server with 4 (`l4-4x-2u`, $25,000, 600 W base, 1.4 kW nameplate).

The worked example. One L4 encodes 121 TFLOP/s × 0.25 / (2 × 335 M parameters) = 45,149
tokens/s, so one L4 does; one server holds it and 3 idle L4s. That server draws 1 × 72 W ×
0.7 + 3 × 72 W × 0.1 + 600 W = 672 W on average (628.8 W idle: 4 × 7.2 W + 600 W) and
stands in the DGX's rack, whose room holds it (test_encoder_racks). The DGX H100 no longer
lends a GPU to the encoder, so it runs 4 replicas of TP 2 as the plain plan does. The encoder
pool adds a year:
- amortisation 27,500 / 3 = 9,166.67 (capex $25,000 × 1.1 network and storage)
- support 27,500 × 0.1 = 2,750
- energy (1.008 kW × 2,000 h + 0.9432 kW × 6,760 h) × $0.146 = 1,225.24 (PUE 1.5)
- colocation 1.4 kW × $194.95 × 12 = 3,275.16
= $16,417.07 a year.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, Scenario, preset_scenario, save_plan
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import plan_purchase, size_scenario
from aisle_desktop.sizing.planning.gpu_counts import own_encoder_gpus
from tests.sizing.scenario_edits import with_parts

DGX_H100_USD, L4_SERVER_USD = 300_000.0, 25_000.0
ENCODER_POOL_USD_A_YEAR = 9_166.667 + 2_750.0 + 1_225.237 + 3_275.16


def _on_own_servers(server_id: str | None, scenario_id: str = "llama-70b-rag") -> Scenario:
    emb = preset_scenario("embeddings-search").workload.embeddings
    assert emb is not None
    return with_parts(
        preset_scenario(scenario_id),
        workload={"embeddings": emb.model_copy(update={"server_id": server_id})},
    )


def test_the_encoder_runs_at_its_own_gpus_datasheet_throughput(catalog: Catalog) -> None:
    result = size_scenario(catalog, _on_own_servers("l4-4x-2u"), CURRENT_CALIBRATION)
    assert result.value("embedding_tokens_per_s_per_gpu") == pytest.approx(
        121e12 * 0.25 / (2 * 335e6), rel=1e-3
    )
    assert (result.encoder_gpus, result.encoder_servers, result.encoder_gpus_installed) == (1, 1, 4)
    assert result.value("embedding_servers") == 1
    # The answering server keeps all its GPUs: 4 replicas, as without embeddings.
    assert (result.replicas, result.whole_server_replicas, result.gpus_installed) == (4, 1, 8)
    assert (result.servers, result.servers_of_plan_type, result.racks) == (2, 1, 1)
    assert result.idle_gpus == 0


def test_the_encoder_servers_draw_and_cost_their_own(catalog: Catalog) -> None:
    plain = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    result = size_scenario(catalog, _on_own_servers("l4-4x-2u"), CURRENT_CALIBRATION)
    assert result.value("server_average_kw") == pytest.approx(plain.value("server_average_kw"))
    assert result.value("encoder_server_average_kw") == pytest.approx(0.672)
    assert result.value("it_average_kw") == pytest.approx(plain.value("it_average_kw") + 0.672)
    assert result.value("it_nameplate_kw") == pytest.approx(plain.value("it_nameplate_kw") + 1.4)
    assert result.value("facility_kw") == pytest.approx(result.value("it_average_kw") * 1.5)
    assert result.value("capex_usd") == pytest.approx((DGX_H100_USD + L4_SERVER_USD) * 1.1)
    assert result.value("tco_per_year_usd") == pytest.approx(
        plain.value("tco_per_year_usd") + ENCODER_POOL_USD_A_YEAR, abs=0.01
    )
    assert result.value("cost_per_million_tokens_usd") == pytest.approx(
        result.value("tco_per_year_usd") / result.value("tokens_per_year") * 1e6
    )
    assert result.value("encoder_racks") == 0


def test_the_explanations_name_both_kinds_of_server(catalog: Catalog) -> None:
    result = size_scenario(catalog, _on_own_servers("l4-4x-2u"), CURRENT_CALIBRATION)
    capex = [t.name for t in result.figures["capex_usd"].explanation.terms]
    assert capex == ["1 answering × $300,000 × 1.1", "1 encoder × $25,000 × 1.1"]
    # The plan's "Model server price" prices the answering servers; the encoder's its own.
    explained = result.figures["capex_usd"].explanation
    assert explained.formula.startswith(
        "(answering servers × model server price + encoder servers × encoder server price)"
    )
    prices = {q.name: q.value for q in explained.inputs if q.unit == "USD"}
    assert prices == {"model server price": DGX_H100_USD, "encoder server price": L4_SERVER_USD}
    it_average = [t.name for t in result.figures["it_average_kw"].explanation.terms]
    assert it_average == ["1 answering server × 6.42 kW", "1 encoder server × 0.672 kW"]
    own = [t.name for t in result.figures["encoder_server_average_kw"].explanation.terms]
    assert own[0] == "1 encoder GPU × 72 W TDP × 0.7 average share"
    assert result.figures["tco_per_year_usd"].explanation.formula.endswith(
        "; the TCO includes the encoder servers for embeddings"
    )


def test_the_gpu_and_server_texts_say_which_gpus_are_for_what(catalog: Catalog) -> None:
    result = size_scenario(catalog, _on_own_servers("l4-4x-2u"), CURRENT_CALIBRATION)
    assert result.gpus_text() == (
        "8 GPUs bought, 6 needed, and 4 × NVIDIA L4 24GB for embeddings (1 needed)"
    )
    assert result.hardware_text().startswith("8 × NVIDIA H100 SXM5 80GB bought, 6 needed, and 4 ×")
    assert result.encoders_text() == ", and 1 encoder GPU for embeddings on 1 server of its own"
    assert result.servers_text() == (
        "1 × NVIDIA DGX H100 (8x H100 SXM5 80GB) and 1 × 2U server with 4x NVIDIA L4 "
        "(e.g. Dell PowerEdge R760, HPE DL380 Gen11)"
    )
    assert own_encoder_gpus("NVIDIA L4 24GB", 4, 4) == "4 × NVIDIA L4 24GB for embeddings"


def test_the_default_keeps_the_encoder_on_the_models_gpus(catalog: Catalog) -> None:
    """Unset (the default), the encoder takes a free H100 of the answering server, as before."""
    result = size_scenario(catalog, _on_own_servers(None), CURRENT_CALIBRATION)
    assert (result.encoder_gpus, result.encoder_servers, result.servers) == (1, 0, 1)
    assert result.encoder_gpu_name == ""
    assert result.gpus_text() == "8 GPUs bought, 6 needed + 1 for embeddings"
    assert "encoder_server_average_kw" not in result.figures


def test_the_bill_has_a_line_for_each_kind_of_server(catalog: Catalog) -> None:
    scenario = _on_own_servers("l4-4x-2u")
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    purchase = plan_purchase(catalog, scenario, result)
    assert purchase is not None
    servers = [x for x in purchase.bill.lines if x.section == "Servers"]
    assert [(x.quantity, x.unit_price_usd) for x in servers] == [
        (1, DGX_H100_USD),
        (1, L4_SERVER_USD),
    ]
    assert servers[1].rule == (
        "1 encoder GPU for embeddings; at 4 a server, 1 server for the encoder alone, "
        "holding 4 GPUs (3 idle)"
    )
    gpus = [(x.item, x.quantity) for x in purchase.bill.lines if x.section == "GPUs"]
    assert gpus == [("NVIDIA H100 SXM5 80GB", 8), ("NVIDIA L4 24GB", 4)]
    assert purchase.bill.section_usd("Servers") == DGX_H100_USD + L4_SERVER_USD
    # The encoder server stands in the DGX's rack, whose 1.8 kW to spare power it.
    assert [(r.rack, r.servers, r.nameplate_kw) for r in purchase.power.racks] == [
        (1, 2, pytest.approx(11.6))
    ]


def test_separate_pools_buy_the_encoder_servers_too(catalog: Catalog) -> None:
    scenario = with_parts(_on_own_servers("l4-4x-2u"), hardware={"serving": "disaggregated"})
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert result.serving == "disaggregated"
    answering = result.servers_of_plan_type
    assert (result.encoder_gpus, result.encoder_servers, result.servers) == (1, 1, answering + 1)
    assert result.gpus_installed == answering * 8
    assert result.value("capex_usd") == pytest.approx(
        (answering * DGX_H100_USD + L4_SERVER_USD) * 1.1
    )


def test_size_names_both_kinds_of_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "l4.aisle"
    save_plan(Plan(scenarios=[_on_own_servers("l4-4x-2u")]), path)
    assert main(["size", str(path)]) == 0
    out = capsys.readouterr().out
    assert (
        "and 1 encoder GPU for embeddings on 1 server of its own, in 1 × NVIDIA DGX H100 (8x "
        "H100 SXM5 80GB) and 1 × 2U server with 4x NVIDIA L4"
    ) in out
    assert "  Encoder server, average                      0.672 kW" in out
    assert "  Racks for the encoder servers alone          0 racks" in out
