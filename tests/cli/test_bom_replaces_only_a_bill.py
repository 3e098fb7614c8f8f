"""`bom -o FILE` replaces a bill Aisle wrote, and a file of anything else only with --force.

The walk: `bom --preset llama-8b-chat -o budget.csv` replaced the planner's own budget.csv
without a word and without a backup, where `report` and `plan new` refuse a file they did not
write unless told to.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from aisle_desktop.cli.main import main
from aisle_desktop.report.bill_file import holds_other_than_a_bill

PRESET = ["bom", "--preset", "llama-8b-chat"]


def _bom(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*PRESET, *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("name", ["budget.csv", "budget.xlsx"])
def test_a_file_of_the_planners_is_kept_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    theirs = tmp_path / name
    theirs.write_bytes(b"Quarter,Budget\nQ1,120000\n")
    code, out, err = _bom(capsys, "-o", str(theirs))
    assert (code, out) == (2, "")
    assert err == (
        f"aisle-desktop: {theirs}: exists and is not a bill of materials Aisle wrote; "
        "use --force to replace it\n"
    )
    assert theirs.read_bytes() == b"Quarter,Budget\nQ1,120000\n"
    code, out, _ = _bom(capsys, "-o", str(theirs), "--force")
    assert code == 0 and out.startswith(f"wrote {theirs}: bill of materials")
    assert not holds_other_than_a_bill(theirs)


@pytest.mark.parametrize("name", ["bill.csv", "bill.xlsx"])
def test_a_bill_aisle_wrote_is_replaced_again_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    bill = tmp_path / name
    assert _bom(capsys, "-o", str(bill))[0] == 0
    assert not holds_other_than_a_bill(bill)
    assert _bom(capsys, "-o", str(bill))[0] == 0


def test_what_reads_as_a_bill(tmp_path: Path) -> None:
    """A CSV bill of a scenario named with a comma starts quoted; an XLSX with other sheets,
    or a zip that is not a workbook, is not a bill; an empty or absent file holds nothing."""
    quoted = tmp_path / "quoted.csv"
    quoted.write_bytes('\ufeff"Bill of materials: Chat, small"\n'.encode())
    other_book = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other_book, "w") as book:
        book.writestr("xl/workbook.xml", '<sheets><sheet name="Budget" /></sheets>')
    not_a_book = tmp_path / "notes.xlsx"
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    not_a_book.write_bytes(packed.getvalue())
    (tmp_path / "empty.csv").write_bytes(b"")
    assert not holds_other_than_a_bill(quoted)
    assert holds_other_than_a_bill(other_book) and holds_other_than_a_bill(not_a_book)
    assert not holds_other_than_a_bill(tmp_path / "empty.csv")
    assert not holds_other_than_a_bill(tmp_path / "absent.csv")


def test_a_bill_is_told_by_the_rules_it_is_written_with(tmp_path: Path) -> None:
    """`bill_file` looked for "Bill of materials" and "Power sheet" typed out again beside
    the writer's own, and for the CSV's title row and the XLSX's sheet names as it guessed
    the writer made them: both now come from `spreadsheet` (`bill_heading`, `sheet_name`).
    Tables the writer titles so read as a bill in either format; titled otherwise, not."""
    from aisle_desktop.report.spreadsheet import (
        POWER_TITLE,
        Table,
        bill_heading,
        csv_bytes,
        xlsx_bytes,
    )

    def written(name: str, bill: str, power: str) -> tuple[Path, Path]:
        tables = [Table(bill, ("Item",), (("GPU",),)), Table(power, ("Rack",), (("1",),))]
        csv, book = tmp_path / f"{name}.csv", tmp_path / f"{name}.xlsx"
        csv.write_bytes(csv_bytes(tables))
        book.write_bytes(xlsx_bytes(tables))
        return csv, book

    ours = written("ours", bill_heading("Chat, small"), POWER_TITLE)
    theirs = written("theirs", "Budget: Chat, small", "Racks")
    assert not any(holds_other_than_a_bill(path) for path in ours)
    assert all(holds_other_than_a_bill(path) for path in theirs)
