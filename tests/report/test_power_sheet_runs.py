"""The report's power sheet writes a run of racks that hold and draw the same as one row: a
row a rack made 1.29 million rows for a plan of 2.57 million servers, and its report never
finished laying them out."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from aisle_desktop.report.decision_pages import _power_table, _rack_numbers
from aisle_desktop.sizing.planning import PowerSheet, RackRow, RackRun


def _run(first: int, last: int, servers: int) -> RackRun:
    return RackRun(RackRow(first, servers, 3.21 * servers, 5.1 * servers, 100.0, 214.0, 1, 2), last)


def _sheet(*runs: RackRun) -> PowerSheet:
    return PowerSheet(
        runs, runs[-1].last, 1, "rack power", "208 V three-phase 30 A", "a server: 30 kg"
    )


def test_racks_alike_in_a_row_read_as_one_row_and_the_rest_apart() -> None:
    html = _power_table(SimpleNamespace(power=_sheet(_run(1, 3, 2), _run(4, 4, 1), _run(5, 5, 2))))  # type: ignore[arg-type]
    assert "1–3" in html and "<td>4</td>" in html and "<td>5</td>" in html
    assert _rack_numbers(1, 1_285_120) == "1–1,285,120"


def test_a_sheet_of_runs_says_each_row_gives_each_racks_figures() -> None:
    """A row "1–3" with "2" servers and "6.42 kW" could read as the run's total."""
    sheet = _sheet(_run(1, 2, 2), _run(3, 3, 1))
    html = _power_table(SimpleNamespace(power=sheet))  # type: ignore[arg-type]
    assert "1–2" in html
    assert "Figures are each rack's" in html
    one_a_row = dataclasses.replace(sheet, runs=(_run(1, 1, 2), _run(2, 2, 1)))
    assert "each rack's" not in _power_table(SimpleNamespace(power=one_a_row))  # type: ignore[arg-type]
