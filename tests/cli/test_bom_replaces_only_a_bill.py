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


def test_a_bill_is_told_by_the_titles_it_is_written_with(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bill_file` looked for "Bill of materials" and "Power sheet" typed out again beside
    the writer's own: the titles now have one source (`spreadsheet.BILL_TITLE`,
    `POWER_TITLE`), which the CSV's title rows and the XLSX's sheet names are written with."""
    from aisle_desktop.report import bill_file, spreadsheet

    assert (bill_file.BILL_TITLE, bill_file.POWER_TITLE) == ("Bill of materials", "Power sheet")
    assert bill_file.BILL_TITLE is spreadsheet.BILL_TITLE
    assert bill_file.POWER_TITLE is spreadsheet.POWER_TITLE
    book = tmp_path / "bill.xlsx"
    assert _bom(capsys, "-o", str(book))[0] == 0
    with zipfile.ZipFile(book) as opened:
        sheets = opened.read("xl/workbook.xml").decode()
    assert 'name="Bill of materials"' in sheets and 'name="Power sheet"' in sheets
    assert not holds_other_than_a_bill(book)
