"""`aisle-desktop plan new|check` and `aisle-desktop size FILE`: plan files without a window.

A file that cannot be read raises PlanFileError, which ``main`` turns into one line on standard
error and exit status 2. A plan that opens but has problems (a scenario naming a GPU this
machine lacks) is not a bad file: its problems are listed and the status is 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pydantic import ValidationError

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.cli.command_help import add_command
from aisle_desktop.cli.override_problems import override_problems, scenario_override_problems
from aisle_desktop.cli.path_argument import path_argument
from aisle_desktop.cli.preset_option import add_preset_option
from aisle_desktop.cli.recommendation import recommendation_text
from aisle_desktop.cli.size_cmd import sized_text_and_record, with_serving
from aisle_desktop.formatting import count
from aisle_desktop.plan import (
    CURRENT_VERSION,
    DEFAULT_PRESET,
    Plan,
    PlanProblem,
    Scenario,
    backup_path,
    catalog_for_plan,
    check_plan,
    describe_validation_error,
    entries_lacked,
    entries_used,
    is_plan_file,
    load_plan,
    preset_scenario,
    save_plan,
    with_plan_extension,
)
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.terminal_text import file_name

if TYPE_CHECKING:  # imported when a command sizes: `predict` never does (`main`)
    from aisle_desktop.sizing import SizingResult

EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2


def add_plan_parser(sub: Any) -> None:
    """Register `plan new` and `plan check` on the main parser's subcommands."""
    plan = add_command(sub, "plan", "create or check plan files (.aisle)")
    actions = plan.add_subparsers(dest="plan_command", metavar="ACTION", required=True)
    new = add_command(actions, "new", "write a new plan file from a preset")
    add_preset_option(new, f"the preset to start from (default: {DEFAULT_PRESET})", DEFAULT_PRESET)
    new.add_argument(
        "-o", "--output", type=path_argument, required=True, help="the plan file to write"
    )
    new.add_argument("--force", action="store_true", help="replace an existing plan file")
    check = add_command(actions, "check", "validate a plan file and list its problems")
    check.add_argument("file", type=path_argument, help="a plan file (.aisle)")


def run_plan(args: argparse.Namespace, catalog: Catalog, out: TextIO) -> int:
    """Dispatch `plan new` / `plan check`."""
    if args.plan_command == "new":
        return _run_new(catalog, args.preset, args.output, args.force, out)
    return _run_check(catalog, args.file, out)


def _run_new(catalog: Catalog, preset: str, given: Path, force: bool, out: TextIO) -> int:
    # os.path's checks answer False for a name too long to look up: save_plan then says so.
    path = new_plan_path(given)
    if os.path.isdir(path):
        print(
            f"aisle-desktop: {path}: is a folder; give a file name ending in .aisle",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if os.path.isfile(path) and not is_plan_file(path):  # a catalog's gpus.json, say
        print(
            f"aisle-desktop: {path}: exists and is not an Aisle plan; plan new replaces only "
            "a plan (with --force). Choose another file name (say one ending in .aisle)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if os.path.isfile(path) and not force:  # a device or pipe: save_plan says what it is
        print(
            f"aisle-desktop: {path}: already exists; use --force to replace it "
            f"(the old file is then kept as {backup_path(path).name})",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    scenario = preset_scenario(preset)
    plan = Plan(scenarios=[scenario], catalog=entries_used(catalog, [scenario]))
    save_plan(plan, path)
    out.write(f"wrote {file_name(path)}{_renamed(given, path)}: plan version {CURRENT_VERSION}, ")
    out.write(f'scenario "{scenario.name}"\n')
    return 0


def _renamed(given: Path, path: Path) -> str:
    """What to add when `plan new` wrote another name than the one given with a suffix of
    its own (`-o plan.json` writes plan.json.aisle, and said only that, as if asked)."""
    if path == given or not given.suffix:
        return ""
    return f", not {given.name} (a plan file's name ends in .aisle: File > Open lists those)"


def new_plan_path(given: Path) -> Path:
    """Where `plan new -o NAME` writes: NAME ending in .aisle, as the window's Save As adds
    it to a bare name (`-o chat` wrote a file named "chat" that File > Open did not list);
    a file that is there already under the name given is that file (refused unless a plan)."""
    return given if os.path.lexists(given) else with_plan_extension(given)


def _run_check(catalog: Catalog, path: Path, out: TextIO) -> int:
    loaded = load_plan(path)
    plan = loaded.plan
    own = sum(len(t) for t in (plan.catalog.gpus, plan.catalog.servers, plan.catalog.models))
    own += len(plan.catalog.engines)
    upgrade = ""
    if loaded.migrated:
        upgrade = f" (written as version {loaded.file_version}; saving will upgrade it)"
    out.write(
        f"{file_name(path)}: Aisle plan version {CURRENT_VERSION}{upgrade}, "
        f"{count(len(plan.scenarios), 'scenario')}, {own} catalog entr{'y' if own == 1 else 'ies'} "
        "of its own\n"
    )
    problems = check_plan(catalog, plan) + [
        PlanProblem(scenario.name, problem)
        for scenario in plan.scenarios
        for problem in override_problems(CURRENT_CALIBRATION, scenario.assumption_overrides)
    ]
    for problem in problems:
        out.write(f"  problem: {problem}\n")
    for note in loaded.defaulted:  # the format allows it: a note, not a problem
        out.write(f"  note: {note}\n")
    if not problems:
        out.write("  no problems\n")
    return EXIT_PROBLEMS if problems else 0


def _size_one(catalog: Catalog, scenario: Scenario) -> SizingResult | str:
    from aisle_desktop.sizing.planning import size_scenario

    refused = scenario_override_problems(CURRENT_CALIBRATION, scenario)
    if refused is not None:
        return refused
    lacked = entries_lacked(catalog, scenario)
    if lacked is not None:
        return lacked
    try:
        return size_scenario(catalog, scenario, CURRENT_CALIBRATION, date.today())
    except (CatalogError, SizingError) as err:
        return str(err)
    except ValidationError as err:
        return describe_validation_error(err)


def run_size_file(
    catalog: Catalog,
    path: Path,
    preset: str | None,
    as_json: bool,
    out: TextIO,
    serving: str | None = None,
) -> int:
    """Size every scenario of the plan in ``path``; status 1 if any cannot be sized here or
    has a blocking problem. Each scenario is sized as its serving choice says, or as
    `serving` does when given (`--serving`)."""
    if preset is not None:
        print("aisle-desktop: size: give a plan FILE or --preset, not both", file=sys.stderr)
        return EXIT_BAD_INPUT
    loaded = load_plan(path)
    plan = loaded.plan
    merged = catalog_for_plan(catalog, plan)
    for problem in check_plan(catalog, plan):
        if problem.scenario is None:
            print(f"aisle-desktop: {file_name(path)}: note: {problem}", file=sys.stderr)
    for note in loaded.defaulted:
        print(f"aisle-desktop: {file_name(path)}: note: {note}", file=sys.stderr)
    from aisle_desktop.sizing.planning import plan_tail_latency

    scenarios = [with_serving(scenario, serving) for scenario in plan.scenarios]
    outcomes = [_size_one(merged, scenario) for scenario in scenarios]
    failed = False
    blocks: list[str] = []
    records: list[dict[str, Any]] = []
    for scenario, outcome in zip(scenarios, outcomes, strict=True):
        if not isinstance(outcome, str):  # sized
            text, record = sized_text_and_record(outcome, plan_tail_latency(outcome))
            blocks.append(text)
            records.append(record)
            # A blocking problem or a shortfall (a critical warning) stops it.
            failed = failed or outcome.blocking or not outcome.fits or not outcome.meets_targets
            continue
        failed = True
        print(
            f'aisle-desktop: {file_name(path)}: scenario "{scenario.name}": {outcome}',
            file=sys.stderr,
        )
        records.append({"scenario_name": scenario.name, "error": outcome})
    if as_json:
        out.write(json.dumps(records, indent=2) + "\n")
    else:
        if len(scenarios) > 1:
            unsized = [
                (s.name, o) for s, o in zip(scenarios, outcomes, strict=True) if isinstance(o, str)
            ]
            sized = [o for o in outcomes if not isinstance(o, str)]
            blocks.append(recommendation_text(sized, unsized))
        out.write("\n".join(blocks))
    return EXIT_PROBLEMS if failed else 0
