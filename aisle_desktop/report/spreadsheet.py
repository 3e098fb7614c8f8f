"""The bill of materials, the power sheet and the figures as CSV or XLSX, for purchasing.

The same tables go to both: a CSV holds them one after another, each under a title row; an
XLSX gives each its own sheet, with numbers stored as numbers (so a spreadsheet can add them)
and dates as dates. Files are written atomically, like plans and PDFs. No Qt.
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from aisle_desktop.labels import FIGURE_LABELS, UNGROUPED_LABELS
from aisle_desktop.plan.atomic import (
    NotRegularFileError,
    WriteCancel,
    missing_folder,
    replace_atomically,
    why_not_written,
)
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.planning import Purchase, RackRun

Cell = str | float | int | date | None

# The bill's and the power sheet's titles: a CSV's title rows, an XLSX's sheet names, and how
# `bill_file` tells a bill Aisle wrote from a planner's own file before replacing it.
BILL_TITLE = "Bill of materials"
POWER_TITLE = "Power sheet"
# Figures are kept to this many significant digits, one more than the window and the report
# show, so a spreadsheet's sums do not add up the screen's rounding; an estimate good to
# 15-20 % is known to no more (a sheet read "333.1421708016297" ms and "330000.0" USD).
SIGNIFICANT_DIGITS = 4


@dataclass(frozen=True)
class Table:
    """One titled table: a header row and its rows."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


class ExportError(Exception):
    """The file could not be written; the message names it and why."""


def sheet_number(value: float, unit: str = "") -> float | int:
    """``value`` as a spreadsheet should hold it: whole numbers whole ("330000", not
    "330000.0"), anything else to `SIGNIFICANT_DIGITS` significant digits, money (a unit
    starting "USD") never coarser than the cent ("174203.99", "0.005351")."""
    if not math.isfinite(value):
        return value
    if value.is_integer():
        return int(value)
    decimals = SIGNIFICANT_DIGITS - 1 - math.floor(math.log10(abs(value)))
    if unit.startswith("USD"):
        decimals = max(decimals, 2)
    shown = round(value, decimals)
    return int(shown) if shown.is_integer() else shown


def _usd(value: float | None) -> float | int | None:
    return None if value is None else sheet_number(value, "USD")


def bill_table(purchase: Purchase) -> Table:
    bill = purchase.bill
    rows: list[tuple[Cell, ...]] = [
        (
            line.section,
            line.item,
            line.quantity,
            line.unit,
            _usd(line.unit_price_usd),
            _usd(line.total_usd) if line.unit_price_usd is not None else None,
            "yearly" if line.yearly else "once",
            "optional" if line.optional else "",
            line.price_as_of,
            line.rule,
            line.source,
        )
        for line in bill.lines
    ]
    for item, usd, paid in (
        ("Bought once", bill.one_time_usd, "once"),
        ("Paid every year", bill.yearly_usd, "yearly"),
    ):
        rows.append(("Total", item, None, None, None, _usd(usd), paid, "", None, "", ""))
    header = (
        "Section",
        "Item",
        "Quantity",
        "Unit",
        "Unit price (USD)",
        "Total (USD)",
        "Paid",
        "Optional",
        "Price as of",
        "Why this quantity",
        "Source",
    )
    return Table(bill_heading(bill.scenario_name), header, tuple(rows))


def _power_row(run: RackRun) -> tuple[Cell, ...]:
    """One run of racks alike: its numbers ("1–1,285,120", one rack's a plain number) and what
    each of its racks holds and draws."""
    r = run.each
    return (
        r.rack if run.racks == 1 else f"{run.first:,}–{run.last:,}",
        r.servers,
        round(r.average_kw, 2),
        round(r.nameplate_kw, 2),
        round(r.heat_btu_per_h),
        round(r.weight_kg),
        r.circuits_per_feed,
        r.pdus,
    )


def power_table(purchase: Purchase) -> Table:
    sheet = purchase.power
    rows = [_power_row(run) for run in sheet.runs]
    header = (
        "Rack",
        "Servers",
        "Average (kW)",
        "Nameplate (kW)",
        "Heat at nameplate (BTU/h)",
        "Weight (kg)",
        "Circuits per feed (A and B)",
        "PDUs",
    )
    notes = f"{sheet.racks_rule()}. Feeds: {sheet.feed}. Weight: {sheet.weight_note}."
    if any(run.racks > 1 for run in sheet.runs):  # "1–1,285,120", 2 servers: not in all
        notes += " A row of racks alike gives each rack's figures."
    rows.append((notes, None, None, None, None, None, None, None))
    return Table(POWER_TITLE, header, tuple(rows))


def figures_table(result: SizingResult) -> Table:
    rows = tuple(
        (
            FIGURE_LABELS.get(name) or UNGROUPED_LABELS.get(name, name),
            sheet_number(fig.value, fig.unit),
            fig.unit,
            fig.explanation.formula,
        )
        for name, fig in result.figures.items()
    )
    return Table(
        f"Figures: {result.scenario_name}", ("Figure", "Value", "Unit", "How it is computed"), rows
    )


def purchase_tables(purchase: Purchase, result: SizingResult) -> list[Table]:
    """The tables every export holds, in order."""
    return [bill_table(purchase), power_table(purchase), figures_table(result)]


def _csv_cell(value: Cell) -> str | float | int:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return value


def bill_heading(scenario_name: str) -> str:
    """The bill's title, a CSV's first row and its XLSX sheet's first cell (`bill_file` tells
    a bill Aisle wrote by it)."""
    return f"{BILL_TITLE}: {scenario_name}"


def sheet_name(title: str) -> str:
    """The XLSX sheet a table titled ``title`` goes on: its words before a colon, within
    Excel's 31 characters (`bill_file` tells a workbook bill by its sheets)."""
    return title.split(":")[0][:31]


def csv_bytes(tables: list[Table]) -> bytes:
    """The tables one after another, each under its title, a blank row between them."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.header)
        writer.writerows([_csv_cell(c) for c in row] for row in table.rows)
    return text.getvalue().encode("utf-8-sig")  # the BOM lets Excel read UTF-8


def xlsx_bytes(tables: list[Table]) -> bytes:
    """One sheet per table: title, bold header, numbers as numbers, dates as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(sheet_name(table.title))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append(list(table.header))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row))
        for column, heading in enumerate(table.header, start=1):
            width = max(len(heading), 10, *_whole_number_digits(table.rows, column - 1))
            sheet.column_dimensions[sheet.cell(2, column).column_letter].width = min(width + 2, 60)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _whole_number_digits(rows: tuple[tuple[Cell, ...], ...], column: int) -> list[int]:
    """The digits of each whole number of a column: a spreadsheet writes a number wider than
    its column in "General" format as 2.44173E+11, and a bill of millions of servers totals
    $244,172,895,000 for them."""
    cells = (row[column] for row in rows if column < len(row))
    numbers = (v for v in cells if isinstance(v, int | float) and math.isfinite(v))
    return [len(str(round(v))) for v in numbers if v >= 1e9]


def export_refusal(path: Path) -> str | None:
    """Why ``path`` cannot take an export, said before anything is sized (a comparison of
    1,000 scenarios sizes for minutes); None when it may be tried."""
    suffix = path.suffix.lower()
    if os.path.isdir(path) or suffix not in (".csv", ".xlsx"):
        said = f"is a {suffix} name" if suffix else "has no suffix"
        said = "is a folder" if os.path.isdir(path) else said
        return f"{path}: {said}; give a file name ending in .csv or .xlsx"
    # os.path's checks answer False for a name too long to look up: the write then says so.
    if len(path.name) < 256 and not os.path.isdir(path.parent):
        return f"{path}: cannot write: {missing_folder(path.parent)}"
    return None


def write_export(path: Path, tables: list[Table], cancel: WriteCancel | None = None) -> None:
    """Write CSV or XLSX by the file's suffix, atomically; ExportError naming the file
    (WriteStoppedError when ``cancel`` was honoured: nothing written)."""
    refusal = export_refusal(path)
    if refusal is not None:
        raise ExportError(refusal)
    suffix = path.suffix.lower()
    data = csv_bytes(tables) if suffix == ".csv" else xlsx_bytes(tables)
    try:
        replace_atomically(path, data, cancel=cancel)
    except NotRegularFileError as err:  # its message names the path again
        raise ExportError(
            f"{path}: cannot write: it is {err.kind}, not a file; give a file name ending in "
            ".csv or .xlsx"
        ) from None
    except OSError as err:
        raise ExportError(f"{path}: cannot write: {why_not_written(err, path)}") from None
