"""What to buy for a sized plan: its bill of materials and its power sheet, together.

Both read the sized result; the rack layout is the same arithmetic the result's rack count
came from (`facility.server_layout`), applied to the same servers and limits.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import Catalog, ServerSpec
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.planning.bill_of_materials import BillOfMaterials, bill_of_materials
from aisle_desktop.sizing.planning.encoder_pool import encoder_server
from aisle_desktop.sizing.planning.facility import Layout, server_layout
from aisle_desktop.sizing.planning.power_sheet import (
    PowerSheet,
    power_sheet,
    with_racks_after,
    with_servers_beside,
)
from aisle_desktop.sizing.planning.rack_packing import (
    Rack,
    encoders_beside,
    encoders_per_answering_rack,
    placed_beside,
)
from aisle_desktop.sizing.planning.result import SizingResult
from aisle_desktop.sizing.planning.splits_to_try import server_for


@dataclass(frozen=True)
class Purchase:
    """One scenario's bill and power sheet."""

    bill: BillOfMaterials
    power: PowerSheet


def plan_purchase(catalog: Catalog, scenario: Scenario, result: SizingResult) -> Purchase | None:
    """The bill and power sheet of a plan that fits; None when nothing fits."""
    if not result.fits or result.servers == 0:
        return None
    server = server_for(catalog, scenario)
    hw = scenario.hardware
    rack = Rack(hw.rack_units_per_rack, hw.rack_power_limit_kw * 1e3)
    average_w = result.value("server_average_kw") * 1e3
    layout = _layout(server, result.servers_of_plan_type, rack)
    sheet = power_sheet(catalog, server, layout, average_w, hw.power_feed)
    if result.encoder_gpu_name:  # the encoder's own servers: beside the answering ones first
        own = encoder_server(catalog, scenario, server)
        own_w = result.value("encoder_server_average_kw") * 1e3
        room = encoders_beside((server, layout), own, result.encoder_servers, rack)
        beside = encoders_per_answering_rack(room)
        sheet = with_servers_beside(catalog, sheet, (own, beside, own_w), hw.power_feed)
        rest = _layout(own, result.encoder_servers - placed_beside(room), rack)
        sheet = with_racks_after(sheet, power_sheet(catalog, own, rest, own_w, hw.power_feed))
    return Purchase(bill_of_materials(catalog, scenario, result, server, sheet), sheet)


def _layout(server: ServerSpec, servers: int, rack: Rack) -> Layout:
    """The racks of `servers` of one type in the room's racks."""
    return server_layout(server, servers, rack.rack_units, rack.power_limit_w)
