"""A plan of absurd scale: a power sheet of a million racks keeps racks alike as one run (a row
a rack took a plan of 2.57 million servers a minute to size its bill and forever to write it),
and its load line groups its figures."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.bom_cmd import bom_text
from aisle_desktop.plan import LoadSpec, PowerFeed
from aisle_desktop.report.spreadsheet import power_table
from aisle_desktop.sizing.planning import Purchase
from aisle_desktop.sizing.planning.bill_of_materials import BillOfMaterials
from aisle_desktop.sizing.planning.demand import demand
from aisle_desktop.sizing.planning.facility import rack_layout
from aisle_desktop.sizing.planning.power_sheet import power_sheet, with_servers_beside
from aisle_desktop.sizing.planning.rack_packing import servers_per_rack


def test_a_million_racks_alike_are_one_run(catalog: Catalog) -> None:
    """4,000,001 2U servers of 2.8 kW in 12 kW racks: four a rack by power, so 1,000,000 full
    racks (11.2 kW: two 8.6 kW circuits a feed, 4 PDUs; 130 kg rack + 4 x 28.6 kg + 4 x 10 kg =
    284.4 kg) and one with the last server, beside which three 1.4 kW encoder servers stand
    (2.8 + 3 x 1.4 = 7 kW, one circuit a feed; 130 + 28.6 + 3 x 32 + 2 x 10 = 274.6 kg)."""
    layout = rack_layout(4_000_001, 2, 2800.0, 42, 12_000.0)
    assert servers_per_rack(layout) == ((4, 1_000_000), (1, 1))
    feed = PowerFeed()
    sheet = power_sheet(catalog, catalog.server("l40s-4x-2u"), layout, 2000.0, feed)
    beside = (catalog.server("l4-4x-2u"), ((0, 1_000_000), (3, 1)), 1000.0)
    sheet = with_servers_beside(catalog, sheet, beside, feed)
    full, last = sheet.runs
    assert (full.first, full.last, full.each.servers, full.each.pdus) == (1, 1_000_000, 4, 4)
    assert full.each.weight_kg == pytest.approx(284.4)
    assert (last.first, last.last, last.each.servers, last.each.pdus) == (1_000_001,) * 2 + (4, 2)
    assert last.each.nameplate_kw == pytest.approx(7.0)
    assert last.each.weight_kg == pytest.approx(274.6)
    assert (sheet.total_pdus, sheet.rack_count, len(sheet.racks)) == (4_000_002, *(1_000_001,) * 2)
    assert sheet.racks[-1] == last.each and sheet.racks[999_999].rack == 1_000_000
    bought = Purchase(BillOfMaterials("Huge", ()), sheet)
    rows = power_table(bought).rows
    assert [row[:2] for row in rows[:2]] == [("1–1,000,000", 4), (1_000_001, 4)]
    assert str(rows[-1][0]).endswith("A row of racks alike gives each rack's figures.")
    text = bom_text(bought)
    assert "  Racks 1–1,000,000: 4 servers each, 8 kW average, 11.2 kW nameplate" in text
    assert "  Rack 1,000,001: 4 servers, 5 kW average, 7 kW nameplate" in text
    assert "1,000,001 racks by power, 190,477 by space" in text


def test_a_hundred_thousand_requests_a_day_are_grouped() -> None:
    """The load line read "100,000,000 users × 100000 requests a day"."""
    load = LoadSpec(kind="daily_requests", users=100_000_000, requests_per_user_per_day=100_000)
    assert demand(load, 1.0).description.startswith(
        "100,000,000 users × 100,000 requests a day over 8 working hours"
    )
