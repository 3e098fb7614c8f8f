"""`aisle-desktop sensitivity (PLAN | --preset NAME) [--json]`: what swings the budget.

Prints each choice the AI team makes at a lower and a higher setting, with the GPUs and the
yearly cost of each against the plan, largest swing first; `--tpot-ms` and `--budget-usd`
goal-seek the GPUs a time-per-token target takes and the users a yearly budget buys.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.command_help import add_command
from aisle_desktop.cli.plan_source import add_source_arguments, read_source
from aisle_desktop.formatting import grouped, money
from aisle_desktop.plan import NumberLimits, Scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.strict_json import excerpt

if TYPE_CHECKING:  # imported when a command sizes: `predict` never does (`main`)
    from aisle_desktop.sizing import SizingResult
    from aisle_desktop.sizing.planning import Outcome, Sensitivity


def add_sensitivity_parser(sub: Any) -> None:
    """Register `sensitivity` on the main parser's subcommands."""
    parser = add_command(
        sub, "sensitivity", "which of the AI team's choices swings the GPU count and yearly cost"
    )
    add_source_arguments(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--tpot-ms",
        type=goal_number(_tpot_goal_ms, "milliseconds"),
        metavar="MS",
        help="also: how many GPUs this TPOT target takes",
    )
    parser.add_argument(
        "--budget-usd",
        type=goal_number(_budget_goal_usd, "dollars a year"),
        metavar="USD",
        help="also: how many users this yearly budget buys",
    )


def _tpot_goal_ms() -> NumberLimits:
    from aisle_desktop.sizing.planning import TPOT_GOAL_MS

    return TPOT_GOAL_MS


def _budget_goal_usd() -> NumberLimits:
    from aisle_desktop.sizing.planning import BUDGET_GOAL_USD_PER_YEAR

    return BUDGET_GOAL_USD_PER_YEAR


def goal_number(limits_of: Callable[[], NumberLimits], unit: str) -> Callable[[str], float]:
    """argparse's `type=` for a goal: a finite number within the window's goal limits, so
    that no answer is a number of 300 digits. A refusal states the range and quotes the text
    as typed: `--budget-usd 1e309` was quoted back as "inf", and `x` got no range at all.
    The limits are read when the option is given (`predict` never imports the sizing)."""

    def parse(text: str) -> float:
        limits = limits_of()
        low, high = limits.low or 0.0, limits.high or 0.0
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and low <= value <= high):
            raise argparse.ArgumentTypeError(
                f"wants a number of {unit} from {grouped(low)} to {grouped(high)}, "
                f"got {excerpt(text, 30)}"
            )
        return value

    return parse


def _setting(o: Outcome | None) -> str:
    if o is None:
        return "-"
    if o.gpus is None or o.tco_per_year_usd is None:
        return f"{o.label}: does not fit"
    missed = ", misses targets" if not o.meets_targets else ""
    return f"{o.label}: {o.gpus_text()}, {money(o.tco_per_year_usd)}/year{missed}"


def sensitivity_text(found: Sensitivity) -> str:
    """The swings as a planner reads them, one choice a line, largest first."""
    from aisle_desktop.sizing.planning import GPUS_CAPTION

    lines = [
        f"What swings the budget: {found.scenario_name}",
        f"Plan: {found.base_gpus_text()}, {money(found.tco_per_year_usd_base)}/year. " + found.note,
        GPUS_CAPTION,
        "",
    ]
    for swing in found.swings:
        lines.append(f"{swing.choice} (swing {money(swing.swing_usd)}/year)")
        lines.append(f"  lower   {_setting(swing.low)}")
        lines.append(f"  higher  {_setting(swing.high)}")
    return "\n".join(lines) + "\n"


def run_sensitivity(catalog: Catalog, args: argparse.Namespace, out: TextIO) -> int:
    """Size the choices (and the goal-seeks asked for) and print them; SizingError for
    arguments that name no plan (a goal out of range is refused as it is parsed)."""
    from aisle_desktop.sizing.planning import (
        budget_sensitivity,
        gpus_at_tpot,
        size_scenario,
        users_for_budget,
    )

    source = read_source(catalog, args, "sensitivity")
    merged = source.catalog

    def size(scenario: Scenario) -> SizingResult:
        return size_scenario(merged, scenario, CURRENT_CALIBRATION)

    found = budget_sensitivity(merged, source.scenario, size)
    record: dict[str, Any] = found.as_json()
    sentences: list[str] = []
    if args.tpot_ms is not None:
        at = gpus_at_tpot(size, source.scenario, args.tpot_ms)
        record["at_tpot"] = dataclasses.asdict(at)
        sentences.append(at.sentence())
    if args.budget_usd is not None:
        bought = users_for_budget(size, source.scenario, args.budget_usd)
        record["for_budget"] = dataclasses.asdict(bought)
        sentences.append(bought.sentence())
    if args.json:
        out.write(json.dumps(record, indent=2) + "\n")
    else:
        out.write(sensitivity_text(found))
        if sentences:
            out.write("\n" + "\n".join(sentences) + "\n")
    return 0
