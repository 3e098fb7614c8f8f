"""Whether a file `bom -o` would replace is a bill Aisle wrote, or something of the planner's.

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

from aisle_desktop.report.spreadsheet import POWER_TITLE, bill_heading, sheet_name

# The first row of a CSV bill, with or without the byte-order mark Aisle writes, and quoted
# when the scenario's name holds a comma or a quote.
_CSV_STARTS = tuple(
    f"{mark}{quote}{bill_heading('')}".encode() for mark in ("\ufeff", "") for quote in ('"', "")
)
# The sheets an XLSX bill holds, named as the writer names them.
_SHEETS = (sheet_name(bill_heading("")), sheet_name(POWER_TITLE))
_WORKBOOK = "xl/workbook.xml"
# An XLSX's list of sheets is a few kB; a larger one is not a bill (and is not read whole).
_MOST_WORKBOOK_BYTES = 1_000_000


def holds_other_than_a_bill(path: Path) -> bool:
    """True if ``path`` is a regular, non-empty file that does not read as a bill Aisle
    wrote (or cannot be read to tell); False when it is absent or not a regular file (the
    writer refuses those itself)."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size == 0:
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(max(map(len, _CSV_STARTS)))
        if head.startswith(_CSV_STARTS):
            return False
        return not _is_bill_workbook(path)
    except (OSError, zipfile.BadZipFile, KeyError):
        return True


def _is_bill_workbook(path: Path) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as book:
        listing = book.getinfo(_WORKBOOK)
        if listing.file_size > _MOST_WORKBOOK_BYTES:
            return False
        sheets = book.read(listing)
    return all(f'name="{name}"'.encode() in sheets for name in _SHEETS)
