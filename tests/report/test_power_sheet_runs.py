"""The report's power sheet writes a run of racks that hold and draw the same as one row: a
row a rack made 1.29 million rows for a plan of 2.57 million servers, and its report never
finished laying them out."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from aisle_desktop.report.decision_pages import _alike_racks, _power_table, _rack_numbers
from aisle_desktop.sizing.planning import PowerSheet, RackRow


def _rack(number: int, servers: int) -> RackRow:
    return RackRow(number, servers, 3.21 * servers, 5.1 * servers, 100.0, 214.0, 1, 2)


def test_racks_alike_in_a_row_read_as_one_row_and_the_rest_apart() -> None:
    racks = (_rack(1, 2), _rack(2, 2), _rack(3, 2), _rack(4, 1), _rack(5, 2))
    runs = _alike_racks(racks)
    assert [(first, last, rack.servers) for first, last, rack in runs] == [
        (1, 3, 2),
        (4, 4, 1),
        (5, 5, 2),
    ]
    assert [_rack_numbers(first, last) for first, last, _r in runs] == ["1–3", "4", "5"]


def test_many_racks_alike_are_one_row() -> None:
    runs = _alike_racks(tuple(_rack(n, 2) for n in range(1, 20_001)))
    assert [(first, last) for first, last, _r in runs] == [(1, 20_000)]
    assert _rack_numbers(1, 1_285_120) == "1–1,285,120"


def test_a_sheet_of_runs_says_each_row_gives_each_racks_figures() -> None:
    """A row "1–3" with "2" servers and "6.42 kW" could read as the run's total."""
    sheet = PowerSheet(
        racks=(_rack(1, 2), _rack(2, 2), _rack(3, 1)),
        racks_by_power=3,
        racks_by_space=1,
        binding="rack power",
        feed="208 V three-phase 30 A",
        weight_note="a server: 30 kg",
    )
    html = _power_table(SimpleNamespace(power=sheet))  # type: ignore[arg-type]
    assert "1–2" in html
    assert "Figures are each rack's" in html
    one_a_row = dataclasses.replace(sheet, racks=sheet.racks[1:])
    assert "each rack's" not in _power_table(SimpleNamespace(power=one_a_row))  # type: ignore[arg-type]
