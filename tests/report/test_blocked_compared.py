"""A plan the room cannot power reads as blocked beside the others, with what to change:
walk36 read "Fits in memory: Yes" and "Meets targets: Yes" of a DGX B200 plan at 14.3 kW a
server against a 12 kW rack, and no row said it was blocked."""

from __future__ import annotations

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import preset_scenario
from aisle_desktop.report import compare_results
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario
from tests.sizing.scenario_edits import with_parts


def test_a_plan_blocked_by_rack_power_says_so_beside_one_that_is_not(catalog: Catalog) -> None:
    room = preset_scenario("qwen3.5-assistant-b200")  # a 30 kW rack takes a DGX B200
    typical = with_parts(room, hardware={"rack_power_limit_kw": 12.0})
    results = [size_scenario(catalog, s, CURRENT_CALIBRATION) for s in (room, typical)]
    rows = {row.name: row for row in compare_results(results)}
    blocked = rows["blocked"]
    assert blocked.label == "Blocked" and blocked.differs
    assert blocked.texts == (
        "no",
        "yes: a server draws 14.3 kW, the rack takes 12 kW; raise “Rack power limit” to "
        "14.3 kW or choose a server that draws less",
    )
    # It is read before the rows that say whether the plan fits and meets its targets, which
    # it does on paper only: they say so, in the same lowercase words as every plan's.
    names = list(rows)
    assert names.index("blocked") < names.index("fits") < names.index("meets_targets")
    assert rows["fits"].texts == ("yes", "yes, but it cannot run")
    assert rows["meets_targets"].texts == ("yes", "no: it cannot run")
    # The headline says the same, with where the field is.
    assert results[1].status.startswith(
        "Blocked: One NVIDIA DGX B200 (8x B200 180GB) can draw 14.3 kW, more than the rack's "
        "12 kW limit. Raise “Rack power limit” (Hardware and costs > Rack and facility) to "
        "14.3 kW or more"
    )


def test_no_blocked_row_when_nothing_is_blocked(catalog: Catalog) -> None:
    result = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    rows = {row.name: row for row in compare_results([result, result])}
    assert "blocked" not in rows
    assert rows["fits"].texts == rows["meets_targets"].texts == ("yes", "yes")


def test_a_rack_too_short_reads_in_short_with_its_height(catalog: Catalog) -> None:
    scenario = with_parts(preset_scenario("llama-70b-rag"), hardware={"rack_units_per_rack": 6})
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert result.blocked_by == "a server is 8U, the rack holds 6U; raise “Rack height” to 8U"


def test_a_plan_blocked_twice_names_the_first_and_counts_the_rest(catalog: Catalog) -> None:
    """Over the rack's power and its height, the Blocked cell named the power alone."""
    room = preset_scenario("qwen3.5-assistant-b200")
    both = with_parts(room, hardware={"rack_power_limit_kw": 12.0, "rack_units_per_rack": 6})
    result = size_scenario(catalog, both, CURRENT_CALIBRATION)
    assert result.blocked_by == (
        "a server draws 14.3 kW, the rack takes 12 kW; raise “Rack power limit” to 14.3 kW or "
        "choose a server that draws less; and 1 more: see the plan's warnings"
    )


def test_served_in_separate_pools_the_rack_blocks_it_too(catalog: Catalog) -> None:
    """The pools' result read "meets targets" at 12 kW: the rack's blocks were the together
    plan's alone."""
    room = preset_scenario("qwen3.5-assistant-b200")
    pools = with_parts(room, hardware={"rack_power_limit_kw": 12.0, "serving": "disaggregated"})
    result = size_scenario(catalog, pools, CURRENT_CALIBRATION)
    assert result.serving == "disaggregated" and result.blocking
    assert result.status.startswith("Blocked: One NVIDIA DGX B200 (8x B200 180GB) can draw")
    assert result.blocked_by.startswith("a server draws 14.3 kW, the rack takes 12 kW; raise")


def test_a_plan_that_does_not_fit_reads_in_short_beside_one_that_does(catalog: Catalog) -> None:
    """A plan that does not fit read its whole status in the Blocked cell, field places and
    all ("yes: Does not fit: Llama 3.1 405B at FP8 needs at least 3 × NVIDIA H200 SXM 141GB
    per replica, … (Hardware and costs > GPUs and servers) …"), some ten lines at 1280 x 800."""
    base = preset_scenario("llama-405b-fp8")
    two = with_parts(base, hardware={"gpu_count": 2})
    one = with_parts(base, hardware={"gpu_id": "l40s", "gpu_count": 1, "tp": 1, "pp": 1})
    results = [size_scenario(catalog, s, CURRENT_CALIBRATION) for s in (base, two, one)]
    rows = {row.name: row for row in compare_results(results)}
    assert rows["blocked"].texts == (
        "no",
        "yes: the model needs 3 GPUs a replica, 2 set; set “GPU count” to Automatic or at least 3",
        "yes: the model needs more memory than 1 GPU provides; choose a “GPU” with more memory "
        "or fewer bits in “Weights”",
    )
    assert rows["fits"].texts == ("yes", "no", "no")
    assert rows["meets_targets"].texts == ("yes", "no: it cannot run", "no: it cannot run")
