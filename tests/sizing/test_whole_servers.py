"""GPUs are bought in whole servers: what a server holds is bought, powered and licensed,
and the plan says so when some of it sits idle.

Worked example, the default plan (Llama 3.1 70B RAG on vLLM, Automatic GPU count): 3 replicas
of TP 2 use 6 H100, in one DGX H100 that holds 8. So 2 GPUs sit idle, and:
- capex: 1 server x $300,000 x (1 + 10% network, storage, racks) = $330,000;
- average power: all 8 GPUs x 700 W x 0.7 + 2,500 W base = 6,420 W (the 6 used alone would
  give 5,440 W);
- bill: 8 GPUs in the GPU line, and the optional per-GPU subscription for 8 GPUs at $4,500 =
  $36,000 a year (NVIDIA licenses every physical GPU of a server the software runs on).
"""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.size_cmd import summary_text
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing import SizingResult, worked_line
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import plan_purchase, size_scenario
from tests.sizing.scenario_edits import with_parts


@pytest.fixture(scope="module")
def default_plan(catalog: Catalog) -> SizingResult:
    return size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)


def test_the_default_plan_buys_eight_gpus_and_uses_six(default_plan: SizingResult) -> None:
    r = default_plan
    assert (r.gpus, r.servers, r.gpus_installed, r.idle_gpus) == (6, 1, 8, 2)
    assert r.idle_note() == "2 of the 8 GPUs bought sit idle"


def test_price_and_power_count_every_gpu_the_server_holds(default_plan: SizingResult) -> None:
    r = default_plan
    assert r.value("capex_usd") == pytest.approx(330_000)
    assert r.value("server_average_kw") == pytest.approx(6.42)  # 8 x 700 W x 0.7 + 2.5 kW
    assert r.value("it_average_kw") == pytest.approx(6.42)
    power = r.figures["server_average_kw"].explanation
    assert {q.name: q.value for q in power.inputs}["GPUs per server"] == 8
    assert "those no replica uses too" in power.formula
    assert worked_line(r.figures["server_average_kw"]) == (
        "8 GPUs × 700 W TDP × 0.7 average share 3.92 kW + base 2.5 kW = 6.42 kW"
    )


def test_the_bill_counts_and_licenses_the_gpus_bought(
    catalog: Catalog, default_plan: SizingResult
) -> None:
    bought = plan_purchase(catalog, preset_scenario("llama-70b-rag"), default_plan)
    assert bought is not None
    lines = {x.section + ": " + x.unit: x for x in bought.bill.lines}
    assert lines["GPUs: GPU"].quantity == 8
    assert "2 of them serve no replica" in lines["GPUs: GPU"].rule
    server = lines["Servers: server"]
    assert "1 server holding 8 GPUs (2 idle)" in server.rule
    (optional,) = [x for x in bought.bill.lines if x.optional]
    assert (optional.quantity, optional.total_usd) == (8, 36_000)
    assert "idle ones included" in optional.rule


def test_size_says_which_gpus_sit_idle(default_plan: SizingResult) -> None:
    assert "Idle      2 of the 8 GPUs bought sit idle (servers come whole)" in summary_text(
        default_plan
    )


def test_a_plan_that_fills_its_servers_says_nothing_of_idle_gpus(catalog: Catalog) -> None:
    """Four replicas of TP 2 fill the DGX H100: nothing idle, no note anywhere."""
    scenario = with_parts(preset_scenario("llama-70b-rag"), hardware={"gpu_count": 8})
    r = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert (r.gpus, r.gpus_installed, r.idle_gpus, r.idle_note()) == (8, 8, 0, "")
    assert "Idle " not in summary_text(r)
    assert "spare-gpus-in-servers" not in {w.code for w in r.warnings}
