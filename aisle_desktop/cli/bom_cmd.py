"""`aisle-desktop bom (PLAN | --preset NAME) [-o FILE.csv|FILE.xlsx [--force]] [--json]`.

Prints the bill of materials and the power sheet of one scenario, or writes them (with every
figure) to a CSV or XLSX file for purchasing. Exit 1 when the scenario does not fit (there is
nothing to buy), 2 for arguments or files that cannot be used, and for an existing file that
is not a bill Aisle wrote without ``--force`` (``report.bill_file``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.command_help import add_command
from aisle_desktop.cli.path_argument import path_argument
from aisle_desktop.cli.plan_source import add_source_arguments, read_source
from aisle_desktop.formatting import bill_money, count, with_unit
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.terminal_text import file_name

if TYPE_CHECKING:  # imported when a command sizes: `predict` never does (`main`)
    from aisle_desktop.sizing.planning import PowerSheet, Purchase

EXIT_NOTHING_TO_BUY = 1
EXIT_BAD_INPUT = 2


def add_bom_parser(sub: Any) -> None:
    """Register `bom` on the main parser's subcommands."""
    parser = add_command(sub, "bom", "the bill of materials and power sheet of a plan")
    add_source_arguments(parser)
    parser.add_argument(
        "-o",
        "--output",
        type=path_argument,
        metavar="FILE",
        help="write a .csv or .xlsx file instead",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--force", action="store_true", help="replace an existing file that is not a bill"
    )


def bom_text(bought: Purchase) -> str:
    """The bill and the power sheet as a planner reads them."""
    from aisle_desktop.report.spreadsheet import bill_heading

    bill = bought.bill
    lines = [bill_heading(bill.scenario_name), ""]
    for line in bill.lines:
        # An included part reads "included", as the report's Unit price column says it.
        price = (
            line.unit_price_text
            if line.unit_price_usd is None
            else f"@ {line.unit_price_text} = {bill_money(line.total_usd)}"
        )
        paid = " a year" if line.yearly else ""
        optional = " (optional, not in the totals)" if line.optional else ""
        lines.append(
            f"{line.section:<21} {count(line.quantity, line.unit):<14} {line.item}"
            f"  {price}{paid}{optional}"
        )
        lines.append(f"{'':<21} {line.rule}")
    lines += [
        "",
        f"Bought once: {bill_money(bill.one_time_usd)}; "
        f"paid every year: {bill_money(bill.yearly_usd)}",
        "",
        f"Power sheet ({bought.power.feed})",
    ]
    for run in bought.power.runs:
        rack = run.each
        racks = f"Rack {run.first:,}" if run.racks == 1 else f"Racks {run.first:,}–{run.last:,}"
        each = "" if run.racks == 1 else " each"
        lines.append(
            f"  {racks}: {count(rack.servers, 'server')}{each}, "
            f"{with_unit(rack.average_kw, 'kW')} average, "
            f"{with_unit(rack.nameplate_kw, 'kW')} nameplate, {rack.heat_btu_per_h:,.0f} BTU/h, "
            f"{rack.weight_kg:,.0f} kg, {count(rack.circuits_per_feed, 'circuit')} per feed, "
            f"{count(rack.pdus, 'PDU')}"
        )
    sheet = bought.power
    lines.append(f"  {sheet.racks_rule()}. Weight: {sheet.weight_note}.")
    return "\n".join(lines) + "\n"


def power_record(sheet: PowerSheet) -> dict[str, Any]:
    """The power sheet for `--json`: a row a run of racks alike, from `rack` to `last_rack`."""
    record = {k: v for k, v in dataclasses.asdict(sheet).items() if k != "runs"}
    racks = [{**dataclasses.asdict(run.each), "last_rack": run.last} for run in sheet.runs]
    return {"racks": racks, **record}


def run_bom(catalog: Catalog, args: argparse.Namespace, out: TextIO) -> int:
    from aisle_desktop.report.bill_file import holds_other_than_a_bill
    from aisle_desktop.sizing.planning import plan_purchase, size_scenario

    if args.output is not None and holds_other_than_a_bill(args.output) and not args.force:
        print(
            f"aisle-desktop: {args.output}: exists and is not a bill of materials Aisle wrote; "
            "use --force to replace it",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    source = read_source(catalog, args, "bom")
    result = size_scenario(source.catalog, source.scenario, CURRENT_CALIBRATION)
    bought = plan_purchase(source.catalog, source.scenario, result)
    if bought is None:
        print(
            f'aisle-desktop: bom: "{source.scenario.name}" does not fit, so there is nothing to '
            f"buy: {result.status}",
            file=sys.stderr,
        )
        return EXIT_NOTHING_TO_BUY
    if args.output is not None:
        from aisle_desktop.report.spreadsheet import ExportError, purchase_tables, write_export

        try:
            write_export(args.output, purchase_tables(bought, result))
        except ExportError as err:
            print(f"aisle-desktop: {err}", file=sys.stderr)
            return EXIT_BAD_INPUT
        out.write(f"wrote {file_name(args.output)}: bill of materials, power sheet and figures\n")
    elif args.json:
        record = dataclasses.asdict(bought)
        record["power"] = power_record(bought.power)
        record["bill"]["one_time_usd"] = bought.bill.one_time_usd
        record["bill"]["yearly_usd"] = bought.bill.yearly_usd
        out.write(json.dumps(record, indent=2, default=str) + "\n")
    else:
        out.write(bom_text(bought))
    return 0
