"""`aisle-desktop comparison (PLAN | --preset NAME) -o FILE.xlsx|FILE.csv [--force]`.

Writes the report's comparison of a plan's scenarios as a spreadsheet (`report.comparison_sheet`):
its costs, every scenario a row, and its scenarios side by side, a row each, numbers as numbers
with their units in the headers. The PDF lists 50 scenarios in its costs table; this lists all.
Sized as `report` sizes them, without Qt.

Exit status: 0 when written; 2 when nothing was written (unreadable plan, a name not ending in
.csv or .xlsx, an unwritable file, the plan itself, any other plan or a file of the catalog in
use, or an existing file that is not a comparison Aisle wrote without ``--force``); 130 when
Ctrl+C stopped it. The file is written atomically, so a failed write leaves an existing one as
it was.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.command_help import add_command
from aisle_desktop.cli.console import EXIT_STOPPED
from aisle_desktop.cli.path_argument import path_argument
from aisle_desktop.cli.preset_option import add_preset_option
from aisle_desktop.cli.report_cmd import plan_to_report
from aisle_desktop.cli.working_notes import WorkingNotes
from aisle_desktop.formatting import count
from aisle_desktop.terminal_text import file_name

EXIT_BAD_INPUT = 2
ENDINGS = ".xlsx or .csv"


def add_comparison_parser(sub: Any) -> None:
    """Register `comparison` on the main parser's subcommands."""
    # "compare" too: what a planner types first (`size --serving compare` says it), refused
    # before as an invalid choice.
    parser = add_command(
        sub,
        "comparison",
        "a plan's scenarios compared, as a spreadsheet (XLSX or CSV)",
        aliases=["compare"],
    )
    parser.set_defaults(command="comparison")
    parser.add_argument("file", nargs="?", type=path_argument, help="a plan file (.aisle)")
    add_preset_option(parser, "compare a preset instead")
    parser.add_argument(
        "-o", "--output", type=path_argument, required=True, help="the .xlsx or .csv to write"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace an existing file that is not a comparison Aisle wrote",
    )


def run_comparison(catalog: Catalog, args: argparse.Namespace, out: TextIO) -> int:
    """Size the plan and write its comparison; PlanFileError propagates to ``main``."""
    from aisle_desktop.report import build_report, output_refusal
    from aisle_desktop.report.bill_file import holds_other_than_a_comparison
    from aisle_desktop.report.comparison_sheet import comparison_tables
    from aisle_desktop.report.spreadsheet import ExportError, export_refusal, write_export

    chosen = plan_to_report(catalog, args, "comparison")
    if isinstance(chosen, str):
        print(f"aisle-desktop: {chosen}", file=sys.stderr)
        return EXIT_BAD_INPUT
    plan, name, _older = chosen
    what = ("a comparison", "the comparison")
    refusal = output_refusal(args.output, args.file, catalog.files, what, ENDINGS)
    refusal = refusal or export_refusal(args.output)
    if refusal is None and holds_other_than_a_comparison(args.output) and not args.force:
        refusal = (
            f"{args.output}: exists and is not a comparison Aisle wrote; use --force to replace it"
        )
    if refusal is not None:
        print(f"aisle-desktop: {refusal}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        report = build_report(catalog, plan, name, step=WorkingNotes(sys.stderr))
        write_export(args.output, comparison_tables(report))
    except ExportError as err:
        print(f"aisle-desktop: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(
            f"aisle-desktop: comparison stopped; {file_name(args.output)} not written",
            file=sys.stderr,
        )
        return EXIT_STOPPED
    for line in report.not_printed():
        print(f"aisle-desktop: note: {line}", file=sys.stderr)
    out.write(
        f"wrote {file_name(args.output)}: costs and figures of "
        f"{count(len(plan.scenarios), 'scenario')}\n"
    )
    return 0
