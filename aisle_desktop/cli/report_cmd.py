"""`aisle-desktop report (PLAN | --preset NAME) -o OUT.pdf [--page-size A4|Letter] [--force]`.

Exit status: 0 when every scenario meets its targets with nothing blocking it, 1 when the
report was written but some scenario has a blocking problem (it could not be sized, does not
fit or cannot be installed) or serves short of what the plan asks (its latency targets, its
N+1 spare, its headroom: a warning). Standard error says which, in the costs table's words
(``report.verdict``), as `size` exits 1 for both. 2 when
no report was written (unreadable plan, unwritable output, the output is the plan itself,
another plan or a file of the catalog in use, an existing file that is not a PDF without
``--force``, or no PySide6 to draw with). 130 when Ctrl+C stopped it, nothing written. A
failed write never replaces an existing file (``report.write_report_pdf`` writes atomically).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.command_help import add_command
from aisle_desktop.cli.console import EXIT_STOPPED
from aisle_desktop.cli.path_argument import path_argument
from aisle_desktop.cli.preset_option import add_preset_option
from aisle_desktop.cli.qt_check import missing_qt
from aisle_desktop.cli.working_notes import WorkingNotes
from aisle_desktop.formatting import count
from aisle_desktop.plan import PRESETS, Plan, entries_used, load_plan, preset_scenario
from aisle_desktop.terminal_text import file_name

if TYPE_CHECKING:
    from aisle_desktop.report import Verdict

EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2


def add_report_parser(sub: Any) -> None:
    """Register `report` on the main parser's subcommands."""
    report = add_command(sub, "report", "print a plan file or a preset as a PDF summary")
    report.add_argument("file", nargs="?", type=path_argument, help="a plan file (.aisle)")
    add_preset_option(report, "report a preset instead")
    report.add_argument(
        "-o", "--output", type=path_argument, required=True, help="the PDF to write"
    )
    report.add_argument(
        "--page-size",
        choices=["A4", "Letter"],
        default="A4",
        help="the paper the PDF is laid out for (default: %(default)s)",
    )
    report.add_argument(
        "--force", action="store_true", help="replace an existing file that is not a PDF"
    )


def preset_plan(catalog: Catalog, preset_id: str) -> tuple[Plan, str]:
    """A one-scenario plan of a preset and the name its report carries."""
    scenario = preset_scenario(preset_id)
    title = PRESETS[preset_id].title
    plan = Plan(name=title, scenarios=[scenario], catalog=entries_used(catalog, [scenario]))
    return plan, title


def write_preset_report(catalog: Catalog, preset_id: str, path: Path, page_size: str) -> int:
    """Write a preset's report to ``path`` (``self-test`` uses it); the page count.

    Raises ReportWriteError when the file cannot be written.
    """
    from aisle_desktop.report import build_report, write_report_pdf

    plan, name = preset_plan(catalog, preset_id)
    return write_report_pdf(build_report(catalog, plan, name), path, page_size)


def plan_to_report(
    catalog: Catalog, args: argparse.Namespace, command: str = "report"
) -> tuple[Plan, str, int | None] | str:
    """The plan ``args`` name (a file or a preset), the name its report carries and the
    format version of its file when an older Aisle saved it; or what is wrong with the
    arguments."""
    if (args.file is None) == (args.preset is None):
        return f"{command}: give a plan FILE or --preset NAME (one of them)"
    if args.preset is not None:
        return (*preset_plan(catalog, args.preset), None)
    loaded = load_plan(args.file)
    return loaded.plan, loaded.plan.title(Path(args.file).stem), loaded.older_format


def run_report(catalog: Catalog, args: argparse.Namespace, out: TextIO) -> int:
    """Build and write the report; PlanFileError propagates to ``main`` (one line, status 2)."""
    chosen = plan_to_report(catalog, args)
    if isinstance(chosen, str):
        print(f"aisle-desktop: {chosen}", file=sys.stderr)
        return EXIT_BAD_INPUT
    plan, name, older = chosen
    no_qt = missing_qt("report: drawing the PDF")
    if no_qt is not None:  # said before the plan is sized, not after
        print(f"aisle-desktop: {no_qt}", file=sys.stderr)
        return EXIT_BAD_INPUT
    from aisle_desktop.report import build_report, holds_something_else, output_refusal

    refusal = output_refusal(args.output, args.file, catalog.files)
    if refusal is None and holds_something_else(args.output) and not args.force:
        refusal = f"{args.output}: exists and is not a PDF; use --force to replace it"
    if refusal is not None:
        print(f"aisle-desktop: {refusal}", file=sys.stderr)
        return EXIT_BAD_INPUT

    # Qt is imported only to draw, so the other commands (and a refusal) run without it.
    from aisle_desktop.report import (
        SIZING_SHARE,
        FontError,
        ReportWriteError,
        part_of,
        write_report_pdf,
    )

    # A plan of 200 scenarios takes minutes: said as it goes once it is slow.
    notes = WorkingNotes(sys.stderr)
    try:
        report = build_report(
            catalog,
            plan,
            name,
            step=part_of(notes, 0.0, SIZING_SHARE),
            saved_in_format=older,
        )
        pages = write_report_pdf(
            report, args.output, args.page_size, part_of(notes, SIZING_SHARE, 1.0)
        )
    except (ReportWriteError, FontError) as err:
        print(f"aisle-desktop: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:  # Ctrl+C: the PDF is written only once every page is drawn
        print(
            f"aisle-desktop: report stopped; {file_name(args.output)} not written", file=sys.stderr
        )
        return EXIT_STOPPED
    unsized = {s.name for s in report.scenarios if s.result is None}
    missing = report.not_printed() + list(report.problems)
    for line in missing:
        print(f"aisle-desktop: note: {line}", file=sys.stderr)
    if older is not None:
        print(
            f"aisle-desktop: note: {file_name(args.file)} was saved by an older Aisle (plan format "
            f"{older}); sized again with today's {report.calibration.label}",
            file=sys.stderr,
        )
    out.write(
        f"wrote {file_name(args.output)}: {pages} pages, {count(len(plan.scenarios), 'scenario')}"
        f"{_named_otherwise(args.output)}\n"
    )
    verdicts = report.decision.verdicts if report.decision is not None else {}
    for name, said in verdicts.items():
        if not said.recommendable and name not in unsized:  # why not sized was said above
            print(f"aisle-desktop: {verdict_line(name, said)}", file=sys.stderr)
    short = any(not said.recommendable for said in verdicts.values())
    return EXIT_PROBLEMS if report.not_printed() or short else 0


def _named_otherwise(path: Path) -> str:
    """What to add when the PDF went to a name not ending in .pdf (`-o summary.txt` wrote a
    PDF and said nothing, and a double-click then opened it as text)."""
    if path.suffix.lower() == ".pdf":
        return ""
    return " (a PDF, though its name does not end in .pdf)"


def verdict_line(name: str, said: Verdict) -> str:
    """A scenario's verdict in the costs table's words: a blocking problem as a note, what
    a serving plan falls short of as a warning."""
    if said.blocking:
        return f"note: scenario {name!r} has a blocking problem: {said.word}"
    return f"warning: scenario {name!r}: {said.word}; not a blocking problem"
