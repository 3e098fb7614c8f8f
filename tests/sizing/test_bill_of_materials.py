"""The bill of materials and power sheet of a sized plan, against numbers worked by hand."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import count
from aisle_desktop.plan import PowerFeed, Scenario, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import Purchase, plan_purchase, size_scenario


def _bought(catalog: Catalog, scenario: Scenario) -> Purchase:
    found = plan_purchase(catalog, scenario, size_scenario(catalog, scenario, CURRENT_CALIBRATION))
    assert found is not None
    return found


def _with_feed(scenario: Scenario, feed: PowerFeed) -> Scenario:
    hardware = scenario.hardware.model_copy(update={"power_feed": feed})
    return scenario.model_copy(update={"hardware": hardware})


def test_one_dgx_h100_rack(catalog: Catalog) -> None:
    """One DGX H100 (10.2 kW nameplate) on 208 V three-phase 30 A circuits: each carries
    208 x 30 x sqrt(3) x 0.8 = 8,646 W, so two circuits per feed and four PDUs (A and B).
    Heat 10,200 W x 3.412 = 34,802 BTU/h; weight 130.45 kg server + 130 kg rack + 4 x 10 kg."""
    bought = _bought(catalog, preset_scenario("llama-70b-rag"))
    assert PowerFeed().usable_w == pytest.approx(8646.4, abs=0.1)
    (rack,) = bought.power.racks
    assert (rack.servers, rack.circuits_per_feed, rack.pdus) == (1, 2, 4)
    # 8 GPUs running replicas x 700 W x 0.7 + 2.5 kW
    assert rack.average_kw == pytest.approx(6.42)
    assert rack.nameplate_kw == pytest.approx(10.2)
    assert rack.heat_btu_per_h == pytest.approx(34_802.4)
    assert rack.weight_kg == pytest.approx(300.45)
    assert bought.power.racks_rule() == "1 rack by power, 1 by space: space decides"


def test_a_european_feed_needs_one_circuit(catalog: Catalog) -> None:
    """415 V three-phase 32 A: 415 x 32 x sqrt(3) x 0.8 = 18,401 W, one circuit per feed."""
    feed = PowerFeed(voltage_v=415, breaker_a=32, phases=3)
    bought = _bought(catalog, _with_feed(preset_scenario("llama-70b-rag"), feed))
    assert feed.usable_w == pytest.approx(18_401.3, abs=0.1)
    assert [(r.circuits_per_feed, r.pdus) for r in bought.power.racks] == [(1, 2)]
    single = PowerFeed(voltage_v=230, breaker_a=16, phases=1)
    assert single.usable_w == pytest.approx(2944.0)
    assert single.describe() == (
        "230 V single-phase 16 A circuits, 2.9 kW each at 80 % continuous load"
    )


def test_bill_lines_and_totals(catalog: Catalog) -> None:
    """Bought once: DGX H100 $300,000 + 2 front-end ports x $700 + 1 management port x $60
    + 1 TB ($600; 73 GB of FP8 weights x 3 versions) + 1 rack $2,000 + 4 PDUs x $2,200 =
    $312,860. Yearly: support 10% of capex $330,000 = $33,000. The DGX ships its NICs."""
    bill = _bought(catalog, preset_scenario("llama-70b-rag")).bill
    by_item = {line.item: line for line in bill.lines}
    server = by_item["NVIDIA DGX H100 (8x H100 SXM5 80GB)"]
    assert (server.quantity, server.unit_price_usd) == (1, 300_000)
    assert server.rule.endswith(
        "2 of the 8 form the N+1 spare replica; the last replica uses GPUs the whole server "
        "already holds"
    )
    nic = next(x for x in bill.lines if x.unit == "adapter")
    assert nic.unit_price_usd is None and "Included in the server's price" in nic.rule
    assert not any(x.item.startswith("400 Gb/s") for x in bill.lines)  # one server: no fabric
    storage = next(x for x in bill.lines if x.section == "Storage")
    assert (storage.quantity, storage.unit) == (1, "TB")
    assert bill.one_time_usd == pytest.approx(312_860)
    assert bill.yearly_usd == pytest.approx(33_000)
    optional = [x for x in bill.lines if x.optional]
    assert [x.total_usd for x in optional] == [8 * 4500]  # per GPU installed; not in the totals
    dated = [x for x in bill.lines if x.unit_price_usd and not x.yearly]
    assert all(x.price_as_of is not None for x in dated)


def test_a_replica_across_servers_gets_a_gpu_fabric(catalog: Catalog) -> None:
    """TP 8 × PP 2 spans two 8-GPU servers: one 400 Gb/s adapter and fabric port per GPU."""
    scenario = preset_scenario("llama-8b-chat")
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION).model_copy(
        update={"tp": 8, "pp": 2, "gpus": 16, "servers": 2, "replicas": 1}
    )
    found = plan_purchase(catalog, scenario, result)
    assert found is not None
    fabric = [x for x in found.bill.lines if x.item.startswith("400 Gb/s")]
    assert [(x.quantity, x.unit_price_usd) for x in fabric] == [(16, 2300), (16, 1600)]


def test_counts_read_in_the_right_number() -> None:
    assert count(1, "server") == "1 server"
    assert count(3, "server") == "3 servers"
    assert count(3, "TB") == "3 TB"
    assert count(12_000, "GPU") == "12,000 GPUs"
