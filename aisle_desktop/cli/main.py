"""Command-line entry point: `aisle-desktop COMMAND ...`.

Every failure a user can cause (a missing file, a bad shipped catalog, an unknown preset) ends
with one clear line on standard error and exit status 2, never a traceback. A bad file or entry
of the user's own catalog stops nothing: it is named on standard error and left out, as the
window leaves it out (`_catalog_said`).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import multiprocessing
import os
import re
import sys
import textwrap
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn, TextIO, cast

from pydantic import ValidationError

from aisle_desktop.build_info import version_text
from aisle_desktop.catalog import Catalog, CatalogError, load_catalog
from aisle_desktop.cli.bom_cmd import add_bom_parser, run_bom
from aisle_desktop.cli.catalog_cmd import KINDS, run_export, run_list
from aisle_desktop.cli.catalog_sources import run_sources
from aisle_desktop.cli.command_help import add_command
from aisle_desktop.cli.comparison_cmd import add_comparison_parser, run_comparison
from aisle_desktop.cli.import_model_cmd import run_import_model
from aisle_desktop.cli.path_argument import path_argument
from aisle_desktop.cli.plan_cmd import add_plan_parser, run_plan, run_size_file
from aisle_desktop.cli.predict_cmd import ScenarioFileError, run_predict
from aisle_desktop.cli.preset_option import add_preset_option
from aisle_desktop.cli.qt_check import missing_qt
from aisle_desktop.cli.report_cmd import add_report_parser, run_report
from aisle_desktop.cli.sensitivity_cmd import add_sensitivity_parser, run_sensitivity
from aisle_desktop.cli.size_cmd import SERVING_MODES, run_size, with_serving
from aisle_desktop.cli.validate_cmd import run_validate
from aisle_desktop.logging_setup import log_to_file, log_to_stderr, log_uncaught_errors
from aisle_desktop.plan import (
    DEFAULT_PRESET,
    PRESETS,
    PlanFileError,
    describe_validation_error,
    preset_scenario,
)
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.terminal_text import ClosedStream, EscapingWriter, OutputWriteError, one_line
from aisle_desktop.user_folders import user_catalog_dir

EXIT_BAD_INPUT = 2
# The width the descriptions of `predict` and `validate` are wrapped to, as their examples are.
HELP_COLUMNS = 90
# A line of each file, as `--help` shows it: a planner reads what a line holds before the
# README's list of every field.
_A_LINE = (
    '{"id": "my-run", "engine": "vllm", "model": "llama-3.1-8b", "gpu": "h100-sxm",\n'
    '   "num_gpus": 1, "tp": 1, "pp": 1, "weight_precision": "fp16", "kv_precision": null,\n'
    '   "input_tokens": 1000, "output_tokens": 200,\n'
    '   "load": {"mode": "concurrency", "concurrency": 8}'
)
PREDICT_EXAMPLE = (
    f"A line of FILE.jsonl, on one line in the file:\n  {_A_LINE}}}\n"
    'The load may also be {"mode": "max_throughput"},\n'
    '{"mode": "request_rate", "request_rate": R} or {"mode": "static_batch", "batch": N}.\n'
    "Every field: README, `predict` and `validate`; examples: validation/published_dev.jsonl."
)
VALIDATE_EXAMPLE = (
    f"A line of FILE.jsonl, on one line in the file:\n  {_A_LINE},\n"
    '   "expected": {"ttft_ms": 95.0, "tpot_ms": 7.5}}\n'
    "expected may hold output_tokens_per_s, total_tokens_per_s, requests_per_s, ttft_ms,\n"
    "tpot_ms, e2e_latency_s and ttft_p50_ms, ttft_p95_ms, ttft_p99_ms. Every field: README,\n"
    "`predict` and `validate`; the shipped sets: validation/README.md."
)


_ONE_VALUE = re.compile(r"argument (\S+): expected one argument")


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a command line it refuses is said in one line naming the --help to read:
    argparse printed its usage first, 4 to 7 lines of every option of the command. A value
    that begins with "-" (`--budget-usd -5e3`) is taken for an option, so argparse said only
    "expected one argument"; the line says how to give it."""

    def error(self, message: str) -> NoReturn:
        wanted = _ONE_VALUE.fullmatch(message)  # `--budget-usd -5e3`, `-o -x.pdf`
        if wanted is not None:
            option = wanted.group(1).split("/")[-1]
            message += f' (a value that begins with "-" is given as {option}=VALUE)'
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {one_line(message)} (`{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="aisle-desktop",
        description="Size on-premises LLM inference: GPUs, servers, racks, power, cost, latency.",
    )
    parser.add_argument(
        "--version", action="store_true", help="print the version, catalog date and revision"
    )
    parser.add_argument(
        "--self-test",
        type=path_argument,
        metavar="DIR",
        help="check this installation: catalog, sizing, window, report (written into DIR)",
    )
    parser.add_argument(
        "--catalog", type=path_argument, help="catalog folder to use instead of the shipped one"
    )
    parser.add_argument(
        "--screenshot",
        type=path_argument,
        metavar="FILE.png",
        help="render the window with its results and curves to a PNG and exit (no display needed)",
    )
    parser.add_argument(
        "--window-preset",
        default=DEFAULT_PRESET,
        choices=sorted(PRESETS),
        help="the preset the window opens on (default: %(default)s)",
    )
    parser.add_argument(
        "--open",
        type=path_argument,
        metavar="FILE.aisle",
        help="open this plan file in the window (also with --screenshot)",
    )
    parser.add_argument(
        "--page",
        default="sizer",
        choices=["sizer", "learn", "glossary"],
        help="the page the window shows (also with --screenshot; default: %(default)s)",
    )
    parser.add_argument(
        "--theme",
        default="system",
        choices=["system", "light", "dark"],
        help="the window's colours: the desktop's own, or a light or dark palette "
        "(also with --screenshot; default: %(default)s)",
    )
    parser.add_argument(
        "--window-size",
        default="1440x900",
        metavar="WxH",
        help="window size for --screenshot (default: %(default)s)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    cat = add_command(sub, "catalog", "list or export the hardware and model catalog")
    cat_sub = cat.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    lister = add_command(cat_sub, "list", "print a table of one kind of entry")
    lister.add_argument(
        "kind",
        choices=KINDS,
        help="the kind of entry: hosted-apis are the APIs a plan's break-even compares with",
    )
    add_command(cat_sub, "export", "print the whole catalog as JSON")
    add_command(cat_sub, "sources", "print every entry with its date and sources (Markdown)")
    importer = add_command(
        cat_sub, "import-model", "add a model to your own catalog from its Hugging Face config.json"
    )
    importer.add_argument(
        "config",
        type=path_argument,
        metavar="CONFIG.json",
        help="the model's config.json, or the folder it came in (with ModelOpt's "
        "hf_quant_config.json beside it, that is read too)",
    )
    importer.add_argument("--id", required=True, dest="model_id", help="the id plans will name")
    importer.add_argument(
        "--replace", action="store_true", help="replace your or the shipped model of that id"
    )

    size = add_command(sub, "size", "size a plan file or a preset and explain the result")
    size.add_argument(
        "file", nargs="?", type=path_argument, help="a plan file (.aisle): every scenario"
    )
    add_preset_option(size, f"size a preset instead (the default: {DEFAULT_PRESET})")
    size.add_argument("--json", action="store_true", help="machine-readable output")
    size.add_argument(
        "--serving",
        choices=SERVING_MODES,
        default=None,
        help="aggregated, disaggregated prefill and decode pools, or compare both "
        "(default: each scenario's own serving choice; a preset compares both)",
    )

    add_plan_parser(sub)
    add_report_parser(sub)
    add_sensitivity_parser(sub)
    add_bom_parser(sub)
    add_comparison_parser(sub)

    add_command(sub, "presets", "list the preset plans")

    predict = sub.add_parser(
        "predict",
        help="predict benchmark scenarios (JSON lines)",
        description=textwrap.fill(
            "Predict each benchmark scenario of FILE.jsonl and print one JSON line of figures "
            "for each, in order: fits, replicas, memory per GPU, ttft_ms, tpot_ms, "
            "output_tokens_per_s, requests_per_s, what bounds the step, the layout and engine "
            "release used (a line it cannot predict gets an error instead).",
            HELP_COLUMNS,
        ),
        epilog=PREDICT_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    predict.add_argument(
        "file",
        type=path_argument,
        metavar="FILE.jsonl",
        help="benchmark scenarios, one JSON object a line (README: `predict` and `validate`)",
    )

    validate = sub.add_parser(
        "validate",
        help="compare predictions with measured figures",
        description=textwrap.fill(
            "Predict each line of FILE.jsonl, as predict does, and compare the figures with "
            "those measured in its `expected` object: the median and 90th-percentile errors by "
            "the accuracy targets' groups, by metric and by kind of measurement, then the ten "
            "worst lines, predicted beside measured.",
            HELP_COLUMNS,
        ),
        epilog=VALIDATE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument(
        "file",
        type=path_argument,
        metavar="FILE.jsonl",
        help="benchmark scenarios with the figures measured, in `expected`",
    )
    return parser


def _catalog(folder: Path | None, left_out: list[str]) -> Catalog:
    """The catalog every command and the window size with: the shipped one (or `folder`)
    and every valid entry of the user's own; each bad file or entry of theirs is left out
    and described in `left_out` (`catalog.leave_out`), as the window lists them."""
    return load_catalog(folder, user_folder=user_catalog_dir(), left_out=left_out)


def _with_left_out(folder: Path | None) -> tuple[Catalog, list[str]]:
    """`_catalog` and what it left out, as the window's read of the user's folder returns them."""
    left_out: list[str] = []
    return _catalog(folder, left_out), left_out


def _catalog_said(folder: Path | None) -> Catalog:
    """`_catalog` for a command: each entry left out named on standard error, one line a
    field's problem (file, entry, field and what is wrong; the last says it was left out),
    and the command goes on without it; a plan naming it is then told the id is unknown,
    as on a machine that never had it."""
    left_out: list[str] = []
    catalog = _catalog(folder, left_out)
    _say_left_out(left_out)
    return catalog


# A user catalog of thousands of bad entries, each named, drowned what the command printed
# (7,500 lines for a models.json of 7,500 bad entries); the window's dialog shows 10.
MOST_LEFT_OUT_SAID = 20


def _say_left_out(left_out: list[str]) -> None:
    for problem in left_out[:MOST_LEFT_OUT_SAID]:
        for line in problem.splitlines():
            _say(line)
    more = len(left_out) - MOST_LEFT_OUT_SAID
    if more > 0:
        _say(f"... and {more:,} more problems of your own catalog, each left out")


# A screenshot's size: the window at its smallest is some 870 x 370 px, 8K UHD is 7680 x 4320;
# past that an image takes gigabytes (20000 x 20000 took 4 GB and 37 s, 10^8 squared crashed).
SCREENSHOT_PX = ((640, 480), (7680, 4320))


def _window_size(text: str) -> tuple[int, int] | None:
    """WIDTHxHEIGHT as two numbers of pixels within SCREENSHOT_PX, else None."""
    parts = text.lower().split("x")
    if len(parts) != 2 or not all(part.strip().isdecimal() for part in parts):
        return None
    width, height = (int(part) for part in parts)
    (low_w, low_h), (high_w, high_h) = SCREENSHOT_PX
    return (width, height) if low_w <= width <= high_w and low_h <= height <= high_h else None


def _window(args: argparse.Namespace) -> int:
    """No command: open the window (Qt is imported only here, so commands run without it).

    A bad entry of the user's own catalog does not keep the window shut, as it stops a
    command: it is left out, and the window says which and why (`left_out`). Only the shipped
    catalog (or `--catalog`'s, whose problems end start-up here) is read before the window
    exists: the user's folder, which may be on a share that stops answering, is read once the
    window shows, off its thread (`ui/user_catalog_read.py`). A screenshot has no one to wait:
    it reads both first and prints what was left out."""
    left_out: list[str] = []
    user_catalog: tuple[Callable[[], tuple[Catalog, list[str]]], Path] | None = None
    if args.screenshot is not None:  # no one to read the window's dialog
        catalog = _catalog(args.catalog, left_out)
        _say_left_out(left_out)
    else:
        catalog = load_catalog(args.catalog)
        user_catalog = (lambda: _with_left_out(args.catalog), user_catalog_dir())
    size_px = _window_size(args.window_size)
    if size_px is None:
        (low_w, low_h), (high_w, high_h) = SCREENSHOT_PX
        print(
            f"aisle-desktop: --window-size wants WIDTHxHEIGHT in pixels, from {low_w}x{low_h} "
            f"to {high_w}x{high_h}, got {args.window_size!r}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if args.screenshot is not None and args.screenshot.suffix.lower() != ".png":
        print(  # any other name was emptied before the PNG was refused: a plan, say
            f"aisle-desktop: {args.screenshot}: a screenshot is a PNG; give a file name "
            "ending in .png",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    no_qt = missing_qt("the window", ("PySide6", "PySide6.QtPdfWidgets", "pyqtgraph"))
    if no_qt is not None:
        print(f"aisle-desktop: {no_qt}", file=sys.stderr)
        return EXIT_BAD_INPUT
    from PySide6.QtCore import QSize

    from aisle_desktop.ui.app import run_window

    size = QSize(*size_px)
    if args.screenshot is None:  # a planner's session: its records go to the log file
        log_to_file()
        log_uncaught_errors()
    return run_window(
        catalog,
        args.window_preset,
        args.screenshot,
        size,
        plan=args.open,
        page=args.page,
        theme=args.theme,
        left_out=left_out,
        catalog_folder=args.catalog,
        user_catalog=user_catalog,
    )


def _version(folder: Path | None) -> int:
    """--version answers whatever the catalog holds: an administrator checking what was
    installed must not be refused over an entry of the user's own (left out and named, as
    every command does), nor over a shipped catalog that does not load at all (the date is
    then unknown)."""
    try:
        catalog_date = str(_catalog_said(folder).catalog_as_of())
    except CatalogError as err:
        catalog_date = "unknown (the catalog does not load)"
        _say("; ".join(str(err).splitlines()))
    print(version_text(catalog_date))
    return 0


def presets_text() -> str:
    """`presets`: each preset's id, then its title and description, in one column however
    long the ids ("qwen3.5-assistant-b200" ran into its title past a 20-character column)."""
    width = max(len(entry.id) for entry in PRESETS.values())
    return "\n".join(
        f"{entry.id:<{width}}  {entry.title}: {entry.description}" for entry in PRESETS.values()
    )


def dispatch(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.command == "presets":
        print(presets_text())
        return 0
    if args.self_test is not None:
        from aisle_desktop.cli.self_test import run_self_test

        return run_self_test(args.self_test, out)
    if args.command is None and not args.version:
        return _window(args)
    if args.version:
        return _version(args.catalog)
    catalog = _catalog_said(args.catalog)
    if args.command == "catalog":
        if args.catalog_command == "export":
            return run_export(catalog, out)
        if args.catalog_command == "sources":
            return run_sources(catalog, out)
        if args.catalog_command == "import-model":
            return run_import_model(catalog, args, user_catalog_dir(), out)
        return run_list(catalog, args.kind, out)
    if args.command == "predict":
        return run_predict(catalog, args.file, out)
    if args.command == "validate":
        return run_validate(catalog, args.file, out)
    if args.command == "plan":
        return run_plan(args, catalog, out)
    if args.command == "report":
        return run_report(catalog, args, out)
    if args.command == "bom":
        return run_bom(catalog, args, out)
    if args.command == "comparison":
        return run_comparison(catalog, args, out)
    if args.command == "sensitivity":
        return run_sensitivity(catalog, args, out)
    if args.command == "size" and args.file is not None:
        return run_size_file(catalog, args.file, args.preset, args.json, out, args.serving)
    # The planning part (about 60 ms of the 0.45 s start-up) is imported by the commands that
    # size, here and in their modules, never at start: `predict` and `validate` do not.
    from aisle_desktop.sizing.planning import plan_tail_latency, size_scenario

    preset = getattr(args, "preset", None) or DEFAULT_PRESET
    scenario = with_serving(preset_scenario(preset), getattr(args, "serving", None))
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION, date.today())
    return run_size([(result, plan_tail_latency(result))], getattr(args, "json", False), out)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; what it prints has control characters escaped (``terminal_text``)."""
    args = build_parser().parse_args(argv)
    out = cast(TextIO, EscapingWriter(sys.stdout or cast(TextIO, ClosedStream("standard output"))))
    # A closed standard error leaves no one to tell: its lines are kept and dropped.
    err = cast(TextIO, EscapingWriter(sys.stderr or io.StringIO()))
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        log_to_stderr()  # the window sends its records to a file instead (`_window`)
        return _run(args)


def _say(message: str) -> None:
    """An error as one line on standard error, escaped and cut short (``one_line``)."""
    print(f"aisle-desktop: {one_line(message)}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    try:
        return dispatch(args)
    except PlanFileError as err:  # benchmark lines are pointed to `predict` (plan.not_a_plan)
        _say(str(err))
    except CatalogError as err:  # a catalog file's problems come one a line: kept apart
        _say("; ".join(err.message.splitlines()))
        if err.details:  # a long list after what is wrong and what to do, on its own line
            _say(err.details)
    except (ScenarioFileError, SizingError) as err:
        _say(str(err))
    except ValidationError as err:
        print(f"aisle-desktop: {one_line(describe_validation_error(err))}", file=sys.stderr)
    except BrokenPipeError:
        return 0
    except OutputWriteError as err:
        _say(f"could not write the output: {err}")
        _discard_output()
    return EXIT_BAD_INPUT


def _discard_output() -> None:
    """Send what standard output still holds to the null device: flushed again at exit, it
    would fail again, and Python would print that failure's traceback."""
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.__stdout__.fileno())  # type: ignore[union-attr]
        os.close(null)


def entry() -> None:
    """The console command (`aisle-desktop`, `python -m aisle_desktop`, the bundle).

    In the bundle, the window's GPU comparison process is this program started again:
    `freeze_support` runs it there and exits (elsewhere it does nothing).
    """
    multiprocessing.freeze_support()
    sys.exit(main())


if __name__ == "__main__":
    entry()
