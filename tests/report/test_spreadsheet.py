"""CSV and XLSX exports of the bill, the power sheet and the figures, read back."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from aisle_desktop.catalog import load_catalog
from aisle_desktop.cli.main import main
from aisle_desktop.plan import preset_scenario
from aisle_desktop.report.spreadsheet import (
    ExportError,
    purchase_tables,
    sheet_number,
    write_export,
)
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import plan_purchase, size_scenario


def _tables():  # type: ignore[no-untyped-def]
    catalog = load_catalog()
    scenario = preset_scenario("llama-70b-rag")
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    bought = plan_purchase(catalog, scenario, result)
    assert bought is not None
    return purchase_tables(bought, result)


def test_xlsx_holds_numbers_a_spreadsheet_can_add(tmp_path: Path) -> None:
    path = tmp_path / "bill.xlsx"
    write_export(path, _tables())
    book = load_workbook(path)
    assert book.sheetnames == ["Bill of materials", "Power sheet", "Figures"]
    bill = book["Bill of materials"]
    assert bill["A1"].value == "Bill of materials: Llama 3.1 70B RAG assistant"
    rows = list(bill.iter_rows(min_row=3, values_only=True))
    once = next(r for r in rows if r[1] == "Bought once")
    assert once[5] == pytest.approx(312_860)
    server = rows[0]
    assert (server[2], server[4]) == (1, 300_000)
    power = next(iter(book["Power sheet"].iter_rows(min_row=3, max_row=3, values_only=True)))
    assert power[:4] == (1, 1, 6.42, 10.2)


def test_csv_has_each_table_under_its_title(tmp_path: Path) -> None:
    path = tmp_path / "bill.csv"
    write_export(path, _tables())
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    titles = [r[0] for r in rows if len(r) == 1]
    assert titles == [
        "Bill of materials: Llama 3.1 70B RAG assistant",
        "Power sheet",
        "Figures: Llama 3.1 70B RAG assistant",
    ]
    total = next(r for r in rows if r[:2] == ["Total", "Bought once"])
    assert float(total[5]) == pytest.approx(312_860)


def test_other_suffixes_and_unwritable_folders_are_refused(tmp_path: Path) -> None:
    end = "; give a file name ending in .csv or .xlsx"
    with pytest.raises(ExportError, match=rf"bill.txt: is a .txt name{end}"):
        write_export(tmp_path / "bill.txt", _tables())
    with pytest.raises(ExportError, match=rf"bill: has no suffix{end}"):
        write_export(tmp_path / "bill", _tables())
    (tmp_path / "bill.csv").mkdir()  # the walk: "export to a .csv or .xlsx file, not no suffix"
    with pytest.raises(ExportError, match=rf"bill.csv: is a folder{end}"):
        write_export(tmp_path / "bill.csv", _tables())
    os.mkfifo(tmp_path / "pipe.csv")  # the walk: "pipe.csv: cannot write: pipe.csv is a ..."
    with pytest.raises(ExportError, match=r"pipe.csv: cannot write: it is a pipe \(FIFO\), not"):
        write_export(tmp_path / "pipe.csv", _tables())
    with pytest.raises(ExportError, match="cannot write"):
        write_export(tmp_path / "missing" / "bill.csv", _tables())


def test_the_bom_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bom", "--preset", "llama-70b-rag"]) == 0
    out = capsys.readouterr().out
    # Exact amounts, as a quote states them: 300,000 + 1,400 + 60 + 600 + 2,000 + 8,800.
    assert "Bought once: $312,860; paid every year: $33,000" in out
    assert "@ $60 = $60" in out and "@ $2,200 = $8,800" in out
    assert "Rack 1: 1 server, 6.42 kW average, 10.2 kW nameplate, 34,802 BTU/h, 300 kg" in out
    target = tmp_path / "b.xlsx"
    assert main(["bom", "--preset", "llama-70b-rag", "-o", str(target)]) == 0
    assert target.exists()
    assert main(["bom", "--preset", "llama-70b-rag", "-o", str(tmp_path / "b.pdf")]) == 2
    assert (
        "b.pdf: is a .pdf name; give a file name ending in .csv or .xlsx" in capsys.readouterr().err
    )


def test_the_figures_and_prices_read_without_float_tails(tmp_path: Path) -> None:
    """The walk: the bill's figures read "36.327673152" GB, "0.0053511288631959844" USD a
    request and "300000.0" USD a server. Four significant digits, cents kept, whole numbers
    whole; a count in bytes stays exact."""
    path = tmp_path / "bill.csv"
    write_export(path, _tables())
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    values = {r[0]: r[1] for r in rows if len(r) == 4}
    assert values["Weights"] == "36.33"
    assert values["KV cache per token (whole model)"] == "327680"
    assert values["Cost per request"] == "0.005351"
    assert values["Total cost a year"] == "174203.99"
    assert values["Hardware (capex)"] == "330000"
    assert values["Share of the demand served within the targets"] == "1"  # was "served_share"
    server = next(r for r in rows if r[0] == "Servers")
    assert server[4:6] == ["300000", "300000"]


def test_a_sheet_number_keeps_what_is_known() -> None:
    assert sheet_number(0.1 + 0.2) == 0.3
    assert sheet_number(353460.0, "USD") == 353460
    assert isinstance(sheet_number(353460.0, "USD"), int)
    assert sheet_number(174203.9864, "USD/year") == 174203.99
    assert sheet_number(73443231020.17, "tokens/year") == 73440000000
    assert sheet_number(-0.01234567) == -0.01235
