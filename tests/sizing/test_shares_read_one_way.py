"""Shares read one way in what a planner reads: "78 %", as `formatting.percent` writes the
figures, never "78%" beside it.

The walk: the whole-server warning read "250% more capacity" on the page where the figures
read "78 %"; the overloaded status, the preemption warning, the report's network allowance and
the command line's progress notes wrote their shares unspaced too.
"""

from __future__ import annotations

import re

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import whole_percent
from aisle_desktop.plan import PRESETS, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario
from tests.sizing.scenario_edits import with_parts

UNSPACED = re.compile(r"\d%")


def test_a_whole_percent_is_spaced_as_the_figures_are() -> None:
    assert whole_percent(2.5) == "250 %"
    assert whole_percent(1 / 3) == "33 %"
    assert whole_percent(12.5) == "1,250 %"


def test_a_small_load_on_a_whole_server_reads_its_spare_capacity_spaced(
    catalog: Catalog,
) -> None:
    """10 users of Llama 3.1 8B need 3 replicas; the L40S server's 8 GPUs run 8: "167 % more"."""
    scenario = with_parts(preset_scenario("llama-8b-chat"), load={"active_users": 10})
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    message = next(w.message for w in result.warnings if w.code == "whole-server-replicas")
    gain = result.replicas / (result.replicas - result.whole_server_replicas) - 1
    assert whole_percent(gain) == "167 %" and "167 % more capacity" in message
    assert not UNSPACED.search(message)


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_every_preset_reads_its_shares_spaced(catalog: Catalog, preset: str) -> None:
    result = size_scenario(catalog, preset_scenario(preset), CURRENT_CALIBRATION)
    for said in (result.status, *(w.message for w in result.warnings)):
        assert not UNSPACED.search(said), said
