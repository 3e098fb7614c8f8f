"""Whether a file `bom -o` (or `comparison -o`) would replace is a bill (a comparison) Aisle
wrote, or something of the planner's.

`bom -o budget.csv` replaced a planner's own spreadsheet without a word and without a backup,
where `report` refuses to replace a file that is not a PDF and `plan new` one that is not a
plan unless told to (`--force`). A bill reads as Aisle writes it, by `spreadsheet`'s own
rules: a CSV whose first row is the bill's title (`bill_heading`), an XLSX whose sheets include
the bill's and the power sheet's (`sheet_name`).
Plain file checks, no Qt.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from aisle_desktop.report.comparison_sheet import COMPARED_TITLE, COSTS_TITLE
from aisle_desktop.report.spreadsheet import POWER_TITLE, bill_heading, sheet_name

_WORKBOOK = "xl/workbook.xml"
# An XLSX's list of sheets is a few kB; a larger one is not Aisle's (and is not read whole).
_MOST_WORKBOOK_BYTES = 1_000_000


def _csv_starts(title: str) -> tuple[bytes, ...]:
    """The first row of a CSV Aisle wrote under ``title``, with or without the byte-order mark
    Aisle writes, and quoted when the name after the title holds a comma or a quote."""
    return tuple(f"{mark}{quote}{title}".encode() for mark in ("\ufeff", "") for quote in ('"', ""))


def holds_other_than_a_bill(path: Path) -> bool:
    """True if ``path`` is a regular, non-empty file that does not read as a bill Aisle
    wrote (or cannot be read to tell); False when it is absent or not a regular file (the
    writer refuses those itself)."""
    sheets = (sheet_name(bill_heading("")), sheet_name(POWER_TITLE))
    return _holds_other(path, _csv_starts(bill_heading("")), sheets)


def holds_other_than_a_comparison(path: Path) -> bool:
    """As `holds_other_than_a_bill`, for a comparison of scenarios Aisle wrote
    (`comparison_sheet`): a CSV that opens with its costs' title, an XLSX with its sheets."""
    sheets = (sheet_name(COSTS_TITLE), sheet_name(COMPARED_TITLE))
    return _holds_other(path, _csv_starts(f"{COSTS_TITLE}: "), sheets)


def _holds_other(path: Path, csv_starts: tuple[bytes, ...], sheets: tuple[str, ...]) -> bool:
    try:
        info = os.stat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size == 0:
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(max(map(len, csv_starts)))
        if head.startswith(csv_starts):
            return False
        return not _is_workbook_of(path, sheets)
    except (OSError, zipfile.BadZipFile, KeyError):
        return True


def _is_workbook_of(path: Path, sheets: tuple[str, ...]) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as book:
        listing = book.getinfo(_WORKBOOK)
        if listing.file_size > _MOST_WORKBOOK_BYTES:
            return False
        names = book.read(listing)
    return all(f'name="{name}"'.encode() in names for name in sheets)
