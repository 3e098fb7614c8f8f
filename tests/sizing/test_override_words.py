"""A plan's refused assumption overrides read the same in the window, the report and the
command line: the calibration refuses them in the words `plan check` lists them in."""

from __future__ import annotations

from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, entries_used, preset_scenario, save_plan
from aisle_desktop.report import build_report
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario

NAME = "Llama 3.1 8B chat assistant"
OVERRIDES = {"paging_waste_fraction": 5.0, "paging_wast": 0.1}
# The window and the report once said "assumption_overrides: paging_wast is not an
# assumption of calibration ...; the assumptions are" and every name, and stopped
# there; the command line named the close name and the value out of range as well.
WORDS = (
    'assumption overrides: "paging_wast" is not an assumption of this calibration; '
    'did you mean "paging_waste_fraction"?; '
    "assumption overrides, paging_waste_fraction: must be less than 0.5, got 5.0"
)


def _plan(catalog: Catalog) -> Plan:
    scenario = preset_scenario("llama-8b-chat").model_copy(
        update={"assumption_overrides": OVERRIDES}
    )
    return Plan(scenarios=[scenario], catalog=entries_used(catalog, [scenario]))


def test_sizing_refuses_in_the_command_lines_words(catalog: Catalog) -> None:
    """What the window's worker shows: the SizingError sizing raises."""
    with pytest.raises(SizingError) as refused:
        size_scenario(catalog, _plan(catalog).scenarios[0], CURRENT_CALIBRATION)
    assert str(refused.value) == WORDS


def test_the_report_and_the_command_line_say_the_same(
    catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = _plan(catalog)
    report = build_report(catalog, plan, "overrides")
    assert [s.error for s in report.scenarios] == [WORDS]
    path = tmp_path / "overrides.aisle"
    save_plan(plan, path)
    assert main(["size", str(path)]) in (1, 2)
    assert capsys.readouterr().err == f'aisle-desktop: {path}: scenario "{NAME}": {WORDS}\n'
