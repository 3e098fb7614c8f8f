"""`PLAN | --preset NAME [--scenario NAME]`: the plan a command works on, read once.

`sensitivity` and `bom` take the same arguments as `report`: a plan file or a preset, and for
a plan of several scenarios which one (the first unless named).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.override_problems import scenario_override_problems
from aisle_desktop.cli.path_argument import path_argument
from aisle_desktop.cli.preset_option import add_preset_option
from aisle_desktop.formatting import first_few
from aisle_desktop.plan import (
    Plan,
    Scenario,
    catalog_for_plan,
    entries_lacked,
    entries_used,
    load_plan,
    preset_scenario,
)
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.strict_json import excerpt


@dataclass(frozen=True)
class PlanSource:
    """The plan, the catalog with its own entries merged, and the scenario asked for."""

    plan: Plan
    catalog: Catalog
    scenario: Scenario


def add_source_arguments(parser: Any) -> None:
    """The plan-or-preset arguments, as `report` has them, plus the scenario's name."""
    parser.add_argument("file", nargs="?", type=path_argument, help="a plan file (.aisle)")
    add_preset_option(parser, "use a preset instead")
    parser.add_argument(
        "--scenario", metavar="NAME", help="the plan's scenario to use (default: the first)"
    )


def read_source(catalog: Catalog, args: argparse.Namespace, command: str) -> PlanSource:
    """The plan named by ``args``; SizingError with the command's name when the arguments
    do not name exactly one plan or the scenario is not in it."""
    if (args.file is None) == (args.preset is None):
        raise SizingError(f"{command}: give a plan FILE or --preset NAME (one of them)")
    if args.preset is not None:
        scenario = preset_scenario(args.preset)
        plan = Plan(scenarios=[scenario], catalog=entries_used(catalog, [scenario]))
    else:
        plan = load_plan(args.file).plan
    if args.scenario is None:
        chosen = plan.scenarios[0]
    else:
        try:
            chosen = plan.scenario(args.scenario)
        except KeyError:
            names = first_few(
                [f'"{s.name}"' for s in plan.scenarios], "more scenario", "more scenarios"
            )
            raise SizingError(
                f'{command}: the plan has no scenario "{excerpt(args.scenario)}"; it has {names}'
            ) from None
    merged = catalog_for_plan(catalog, plan)
    refused = scenario_override_problems(CURRENT_CALIBRATION, chosen)
    if refused is None:
        refused = entries_lacked(merged, chosen)
    if refused is not None:
        where = f"{args.file}: " if args.file is not None else ""
        raise SizingError(f'{where}scenario "{chosen.name}": {refused}')
    return PlanSource(plan, merged, chosen)
