"""A plan's assumption overrides that the calibration refuses are named as plan problems are:
the scenario, "assumption overrides", the assumption, what is wrong and the value."""

from __future__ import annotations

from pathlib import Path

import pytest

from aisle_desktop.catalog import load_catalog
from aisle_desktop.cli.main import main
from aisle_desktop.cli.override_problems import override_problems
from aisle_desktop.plan import Plan, entries_used, preset_scenario, save_plan
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION

NAME = "Llama 3.1 8B chat assistant"


def _plan(tmp_path: Path, overrides: dict[str, float]) -> Path:
    scenario = preset_scenario("llama-8b-chat").model_copy(
        update={"assumption_overrides": overrides}
    )
    path = tmp_path / "overrides.aisle"
    save_plan(Plan(scenarios=[scenario], catalog=entries_used(load_catalog(), [scenario])), path)
    return path


def test_out_of_range_and_unknown_overrides_in_planner_words() -> None:
    overrides = {"paging_waste_fraction": 5.0, "target_utilization": -1.0, "paging_wast": 0.1}
    assert override_problems(CURRENT_CALIBRATION, overrides) == [
        'assumption overrides: "paging_wast" is not an assumption of this calibration; '
        'did you mean "paging_waste_fraction"?',
        "assumption overrides, paging_waste_fraction: must be less than 0.5, got 5.0",
        "assumption overrides, target_utilization: must be at least 0.01, got -1.0",
    ]
    assert override_problems(CURRENT_CALIBRATION, {"paging_waste_fraction": 0.05}) == []


def test_plan_check_lists_a_refused_override(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`plan check` said "no problems" for a plan that `size` then refused."""
    path = _plan(tmp_path, {"paging_waste_fraction": 5.0})
    assert main(["plan", "check", str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[1] == (
        f'  problem: scenario "{NAME}": assumption overrides, paging_waste_fraction: '
        "must be less than 0.5, got 5.0"
    )


@pytest.mark.parametrize("command", [["size"], ["bom"], ["sensitivity"]])
def test_commands_that_size_a_plan_name_the_override(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = _plan(tmp_path, {"first_token_wait_steps": -3.0})
    assert main([*command, str(path)]) in (1, 2)
    err = capsys.readouterr().err
    assert err == (
        f'aisle-desktop: {path}: scenario "{NAME}": assumption overrides, '
        "first_token_wait_steps: must be at least 0, got -3.0\n"
    )
