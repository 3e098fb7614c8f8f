"""The encoder's own servers stand in the answering servers' racks where space and power allow.

Worked examples on the default 70B RAG plan (DGX H100: 8U, 10.2 kW nameplate) with the
embeddings-search preset's corpus (5 M documents × 1,500 tokens) encoded on 2U servers of 4
L4s (`l4-4x-2u`, 1.4 kW nameplate), in the room's 42U racks:

- Default room (12 kW a rack), 48 h to index: 1 encoder server. The DGX's rack keeps
  42 - 8 = 34U and 12 - 10.2 = 1.8 kW: room for min(floor(34 / 2), floor(1.8 / 1.4)) =
  min(17, 1) = 1, so the plan takes 1 rack, not 2.
- Default room, 1.25 h to index: 7.5 G tokens / 4,500 s = 1.667 M tokens/s over 45,149 an
  L4 = 37 L4s, 10 servers. One stands beside the DGX; the other 9 take racks of their own at
  min(floor(42 / 2), floor(12 / 1.4)) = min(21, 8) = 8 a rack: ceil(9 / 8) = 2. 3 racks in all.
- 40 kW racks, 32 H100s (4 DGX), 1.25 h to index: the DGX fill racks of 3 (floor(40 / 10.2)),
  the second holding 1. Rack 1 keeps 42 - 24 = 18U and 40 - 30.6 = 9.4 kW, room for
  min(9, 6) = 6 encoder servers; rack 2 keeps 34U and 29.8 kW, min(17, 21), and takes the 4
  left. 2 racks in all, as for the DGX alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, Scenario, preset_scenario, save_plan
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import plan_purchase, size_scenario
from aisle_desktop.sizing.planning.facility import server_layout
from aisle_desktop.sizing.planning.rack_packing import Rack, encoders_beside
from tests.sizing.scenario_edits import with_parts


def _encoders_on_l4(ingest_hours: float = 48.0, **hardware: object) -> Scenario:
    emb = preset_scenario("embeddings-search").workload.embeddings
    assert emb is not None
    own = emb.model_copy(update={"server_id": "l4-4x-2u", "ingest_hours": ingest_hours})
    return with_parts(
        preset_scenario("llama-70b-rag"), workload={"embeddings": own}, hardware=hardware
    )


def _terms(catalog: Catalog, scenario: Scenario, name: str) -> list[tuple[str, float]]:
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    return [(t.name, t.value) for t in result.figures[name].explanation.terms]


def test_one_encoder_server_stands_beside_the_dgx(catalog: Catalog) -> None:
    scenario = _encoders_on_l4()
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert (result.servers, result.encoder_servers, result.racks) == (2, 1, 1)
    assert result.value("encoder_servers_beside") == 1
    assert result.value("encoder_racks") == 0
    assert _terms(catalog, scenario, "encoder_servers_beside") == [
        ("1 rack of 1 answering server: 34 U and 1.8 kW left, room for min(17, 1) each", 1.0)
    ]
    purchase = plan_purchase(catalog, scenario, result)
    assert purchase is not None
    # One rack holds both: 10.2 + 1.4 kW nameplate, the DGX's 130.45 kg and the L4 box's 32.
    [rack] = purchase.power.racks
    assert (rack.servers, rack.nameplate_kw) == (2, pytest.approx(11.6))
    assert rack.heat_btu_per_h == pytest.approx(11_600 * 3.412)
    racks_line = [x for x in purchase.bill.lines if x.item.startswith("Rack")]
    assert [x.quantity for x in racks_line][:1] == [1]


def test_encoder_servers_beyond_the_room_take_racks_of_their_own(catalog: Catalog) -> None:
    scenario = _encoders_on_l4(1.25)
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert (result.encoder_gpus, result.encoder_servers, result.racks) == (37, 10, 3)
    assert result.value("encoder_servers_beside") == 1
    assert result.value("encoder_racks") == 2
    assert _terms(catalog, scenario, "encoder_racks") == [
        ("encoder servers beyond the answering racks", 9.0),
        ("servers a rack holds", 8.0),
    ]
    purchase = plan_purchase(catalog, scenario, result)
    assert purchase is not None
    rows = [(r.rack, r.servers, r.nameplate_kw) for r in purchase.power.racks]
    assert rows == [
        (1, 2, pytest.approx(11.6)),
        (2, 8, pytest.approx(11.2)),
        (3, 1, pytest.approx(1.4)),
    ]
    # The DGX's rack by power (1) and space (1), the L4s' racks by power (2) and space (1).
    assert purchase.power.racks_rule() == "3 racks by power, 2 by space: power decides"


def test_a_rack_the_dgx_leave_room_in_holds_many(catalog: Catalog) -> None:
    scenario = _encoders_on_l4(1.25, gpu_count=32, rack_power_limit_kw=40.0)
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert (result.servers_of_plan_type, result.encoder_servers, result.racks) == (4, 10, 2)
    assert result.value("racks_by_power") == 2
    assert _terms(catalog, scenario, "encoder_servers_beside") == [
        ("1 rack of 3 answering servers: 18 U and 9.4 kW left, room for min(9, 6) each", 6.0),
        ("1 rack of 1 answering server: 34 U and 29.8 kW left, room for min(17, 21) each", 4.0),
    ]
    purchase = plan_purchase(catalog, scenario, result)
    assert purchase is not None
    rows = [(r.servers, r.nameplate_kw) for r in purchase.power.racks]
    assert rows == [(9, pytest.approx(30.6 + 8.4)), (5, pytest.approx(10.2 + 5.6))]
    # Every rack within the room's limit by nameplate, as racks are counted.
    assert max(r.nameplate_kw for r in purchase.power.racks) <= 40.0


def test_nothing_shares_a_rack_scale_systems_racks(catalog: Catalog) -> None:
    """A GB300 NVL72 rack is its trays', switches' and power shelves': an encoder server
    beside it would be outside its NVLink spine's rack, so it takes a rack of its own."""
    tray = catalog.server("gb300-nvl72-tray")
    layout = server_layout(tray, 9, 48, 150_000.0)
    l4_box = catalog.server("l4-4x-2u")
    assert encoders_beside((tray, layout), l4_box, 3, Rack(48, 150_000.0)) == ()
    dgx = catalog.server("dgx-h100")
    beside = encoders_beside((dgx, server_layout(dgx, 1, 42, 12_000.0)), l4_box, 3, Rack(42, 12e3))
    assert [(r.racks, r.encoders_each) for r in beside] == [(1, 1)]


def test_size_says_where_the_encoder_servers_stand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "l4.aisle"
    save_plan(Plan(scenarios=[_encoders_on_l4(1.25)]), path)
    assert main(["size", str(path)]) == 0
    out = capsys.readouterr().out
    assert "  Encoder servers in the answering racks       1 server" in out
    assert "  Racks for the encoder servers alone          2 racks" in out


def test_a_2u_box_of_four_l40s_needs_more_power_than_the_dgx_rack_keeps(catalog: Catalog) -> None:
    """The catalog's 2U server of 4 L40S (a Dell PowerEdge R760xa: 2.8 kW nameplate, one of
    its 1+1 redundant supplies): 1.25 h to index needs 1.667 M tokens/s over 135 k an L40S
    (362 TFLOP/s × 0.25 / 670 M) = 13 L40S, 4 servers. The DGX's rack keeps 1.8 kW, room for
    min(17, 0) = none; a rack of its own holds min(floor(42 / 2), floor(12 / 2.8)) = 4."""
    box = catalog.server("l40s-4x-2u")
    assert (box.gpus_per_server, box.rack_units, box.nameplate_power_w) == (4, 2, 2800)
    scenario = _encoders_on_l4(1.25)
    emb = scenario.workload.embeddings
    assert emb is not None
    scenario = with_parts(
        scenario, workload={"embeddings": emb.model_copy(update={"server_id": "l40s-4x-2u"})}
    )
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert (result.encoder_gpus, result.encoder_servers, result.racks) == (13, 4, 2)
    assert (result.value("encoder_servers_beside"), result.value("encoder_racks")) == (0, 1)
    assert _terms(catalog, scenario, "encoder_servers_beside") == [
        ("1 rack of 1 answering server: 34 U and 1.8 kW left, room for min(17, 0) each", 0.0)
    ]
