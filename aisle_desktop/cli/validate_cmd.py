"""`aisle-desktop validate FILE`: predictions against published measurements."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.cli.measured_figures import not_compared
from aisle_desktop.cli.path_argument import path_argument
from aisle_desktop.cli.predict_cmd import ScenarioFileError, predict_lines, read_lines
from aisle_desktop.cli.table import render_table
from aisle_desktop.formatting import count
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION, Calibration
from aisle_desktop.sizing.validation import (
    DISAGGREGATED_CELL,
    KNOWN_SETS,
    Comparison,
    ResolvedReplicas,
    comparisons,
    disaggregated_rows,
    error_percent,
    error_table,
    headline_rows,
    headline_table,
    heldout_header,
    leave_each_out,
    metric_text,
    refitter,
    signed_percent,
    validation_set,
    worst,
    write_report,
)
from aisle_desktop.strict_json import excerpt
from aisle_desktop.terminal_text import file_name

# Where the shipped measured sets live (a source checkout's validation/ folder).
SHIPPED_SETS = Path(__file__).resolve().parents[2] / "validation"


def collect(
    catalog: Catalog,
    path: Path,
    calibration: Calibration = CURRENT_CALIBRATION,
    uncompared: list[str] | None = None,
    predicted: list[dict[str, Any]] | None = None,
) -> tuple[list[Comparison], list[dict[str, Any]]]:
    """(comparisons for every measured metric, lines that could not be predicted); each
    measured figure of a predicted line that is not compared is noted in `uncompared`, and
    each predicted line is kept in `predicted`."""
    found: list[Comparison] = []
    failed: list[dict[str, Any]] = []
    resolved = ResolvedReplicas(catalog, calibration)
    # The answers come a chunk of lines after their lines are read: keep the lines till then.
    numbered, asked = itertools.tee(read_lines(path))
    answers = predict_lines(catalog, calibration, asked, resolved)
    for (number, line), answer in zip(numbered, answers, strict=True):
        if "error" in answer or not isinstance(line, str):
            failed.append(answer)
            continue
        scenario = json.loads(line)
        if predicted is not None:
            predicted.append(scenario)
        # An `expected` that is not an object ([30000]) ended `validate` with a traceback.
        made = comparisons(scenario, answer) if isinstance(scenario.get("expected"), dict) else []
        found.extend(made)
        if uncompared is not None:
            compared = {c.metric for c in made}
            uncompared.extend(not_compared(number, scenario, answer, compared))
    return found, failed


def _rows(table: list[Any]) -> list[list[str]]:
    return [
        [
            r.group,
            f"{r.count:,}",
            error_percent(r.median_abs),
            error_percent(r.p90_abs),
            signed_percent(r.median_signed),
        ]
        for r in table
    ]


def run_validate(catalog: Catalog, path: Path, out: TextIO) -> int:
    """The accuracy tables; 0 if every line was predicted and every figure it measured was
    compared, 1 if not (each said), 2 (ScenarioFileError) if the file cannot be read or no
    line measured anything."""
    uncompared: list[str] = []
    found, failed = collect(catalog, path, uncompared=uncompared)
    if not found and not failed and not uncompared:  # its tables were empty, and it exited 0
        raise ScenarioFileError(
            f"{path}: no line has `expected` figures to compare with; "
            f"`aisle-desktop predict {path}` predicts lines without them"
        )
    out.write(
        f"Aisle Desktop accuracy on {file_name(path.name)}: "
        f"{count(len(found), 'measured figure')}\n"
    )
    if found:
        _tables(found, out)
    if uncompared:
        out.write(f"\n{count(len(uncompared), 'measured figure')} not compared:\n")
        _listed(uncompared, "", out)
    if failed:
        out.write(f"\n{count(len(failed), 'scenario')} could not be predicted:\n")
        more = f" (`aisle-desktop predict {path}` answers each)"
        _listed([_named(answer["id"], answer["error"]) for answer in failed], more, out)
    return 1 if failed or uncompared else 0


def _listed(lines: list[str], after_more: str, out: TextIO) -> None:
    """The first LISTED_FAILURES lines, indented, then how many more."""
    for line in lines[:LISTED_FAILURES]:
        out.write(f"  {line}\n")
    if len(lines) > LISTED_FAILURES:
        out.write(f"  and {len(lines) - LISTED_FAILURES:,} more{after_more}\n")


# The lines that could not be predicted listed by name; the rest are counted.
LISTED_FAILURES = 20


def _tables(found: list[Comparison], out: TextIO) -> None:
    """The errors by the accuracy targets' groups, metric and kind, and the ten worst."""
    header = ["metric", "n", "median |err|", "p90 |err|", "median signed"]
    out.write("\n")
    out.write("Headline figures (the accuracy targets' groups)\n")
    out.write(render_table(["figure", *header[1:]], _rows(headline_table(found))) + "\n\n")
    out.write("By metric\n")
    out.write(render_table(header, _rows(error_table(found, by_kind=False))) + "\n\n")
    out.write("By metric and scenario kind\n")
    out.write(
        render_table(["metric / kind", *header[1:]], _rows(error_table(found, by_kind=True)))
        + "\n\n"
    )
    out.write("Worst ten\n")
    out.write(
        render_table(
            ["id", "kind", "metric", "predicted", "measured", "error"],
            [
                [
                    c.scenario_id,
                    c.scenario_kind,
                    c.metric,
                    metric_text(c.metric, c.predicted),
                    metric_text(c.metric, c.measured),
                    signed_percent(c.signed_error, 0),
                ]
                for c in worst(found)
            ],
        )
        + "\n"
    )


# A refused line's id as the list shows it: at most as long as a line's id may be
# (`BenchmarkScenario.id`); the id of a pasted page made a 100,000-character line of the list.
ID_CHARS = 200


def _named(line_id: str, error: str) -> str:
    """The error after its line's id, unless it begins with it already ("line 2: ...")."""
    if error.startswith((f"{line_id}:", f"{line_id},")):
        return error
    return f"{excerpt(line_id, ID_CHARS)}: {error}"


def write_validation_report(catalog: Catalog, path: Path, folder: Path, out: TextIO) -> str:
    """The set's report and its plots in `folder`, with leave-one-GPU/model-out errors (slow:
    it predicts the whole set once per setting the folds' refits visit); the held-out figures
    are printed to `out` too, so a calibration reads them without opening the report."""
    measured = validation_set(path)
    scenarios: list[dict[str, Any]] = []
    found, _ = collect(catalog, path, predicted=scenarios)
    search = refitter(lambda calibration: collect(catalog, path, calibration)[0], measured.refit)
    holdouts = leave_each_out(search)
    out.write("\nHeadline figures, in-sample and held out\n")
    out.write(render_table(heldout_header(holdouts), headline_rows(found, holdouts)) + "\n")
    disaggregated = disaggregated_rows(found, holdouts)
    if disaggregated:
        out.write("\nDisaggregated serving, in-sample and held out\n")
        header = heldout_header(holdouts, DISAGGREGATED_CELL)
        out.write(render_table(header, disaggregated) + "\n")
    return write_report(found, search, holdouts, measured, folder, scenarios)


def main(argv: list[str] | None = None) -> int:
    """`python -m aisle_desktop.cli.validate_cmd [FILE ...] --report FOLDER` (make validate).

    Without files, both shipped sets in validation/ are judged.
    """
    parser = argparse.ArgumentParser(prog="aisle_desktop.cli.validate_cmd")
    parser.add_argument("files", type=path_argument, nargs="*")
    parser.add_argument(
        "--report", type=path_argument, help="folder for the reports and their plots"
    )
    args = parser.parse_args(argv)
    if args.report is not None and not args.report.is_dir():  # said before minutes of work
        what = "not a folder" if os.path.lexists(args.report) else "no such folder"
        parser.error(f"--report {args.report}: {what} (the reports and plots go in one)")
    catalog = load_catalog()
    files = args.files or [SHIPPED_SETS / known.file_name for known in KNOWN_SETS]
    status = 0
    for path in files:
        measured = validation_set(path)
        try:
            status = max(status, run_validate(catalog, path, sys.stdout))
            if args.report is not None:
                write_validation_report(catalog, path, args.report, sys.stdout)
                sys.stdout.write(f"\nwrote {args.report / measured.report_name} and its plots\n")
        except ScenarioFileError as err:
            sys.stderr.write(f"{err}\n")
            return 2
        except OSError as err:  # a folder made read-only or removed meanwhile, a full disk
            sys.stderr.write(f"{err.filename}: cannot write the report: {err.strerror}\n")
            return 2
        sys.stdout.write("\n")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
