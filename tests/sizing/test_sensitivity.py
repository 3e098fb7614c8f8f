"""What swings the budget: each choice at a lower and a higher setting, and the goal-seeks.

The logic is checked with a sizer whose arithmetic fits on a line (GPUs from users and
precision, $10 k a GPU a year), so every number below is worked by hand; the shipped sizer is
checked against the yearly cost of one DGX H100 worked from the catalog.
"""

from __future__ import annotations

import math

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import LoadSpec, Scenario, preset_scenario
from aisle_desktop.sizing import SizingError, SizingResult
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.explain import figure
from aisle_desktop.sizing.planning import (
    budget_sensitivity,
    gpus_at_tpot,
    gpus_cell,
    gpus_text,
    size_scenario,
    users_for_budget,
)
from aisle_desktop.sizing.planning.budget_choices import budget_choices

USD_PER_GPU_YEAR = 10_000.0


def _result(gpus: int, meets: bool = True) -> SizingResult:
    return SizingResult(
        scenario_name="s",
        calibration_id="test",
        calibration_date="2026-12-04",
        fits=True,
        meets_targets=meets,
        status="",
        model_name="m",
        gpu_name="g",
        engine_name="e",
        server_name="srv",
        weight_precision="fp8",
        kv_precision="fp8",
        weight_only=False,
        input_tokens=1,
        output_tokens=1,
        demand="",
        tp=1,
        pp=1,
        replicas=gpus,
        gpus=gpus,
        servers=gpus,
        racks=1,
        binding_constraint="",
        bound="",
        figures={"tco_per_year_usd": figure(gpus * USD_PER_GPU_YEAR, "USD/year", "", {})},
    )


def toy_size(scenario: Scenario) -> SizingResult:
    """One GPU per 100 active users (rounded up), twice that at 16 bits, none below TPOT 10 ms;
    Llama 3.1 405B never fits."""
    w = scenario.workload
    if w.model_id == "llama-3.1-405b":
        raise SizingError("does not fit")
    gpus = math.ceil(w.load.active_users / 100) * (2 if w.weight_precision == "bf16" else 1)
    if w.redundancy == "n_plus_1":
        gpus += 1
    return _result(gpus, meets=w.targets.tpot_ms >= 10.0)


def _plan() -> Scenario:
    base = preset_scenario("llama-70b-rag")
    load = LoadSpec(kind="active_users", active_users=300)
    return base.model_copy(update={"workload": base.workload.model_copy(update={"load": load})})


def test_each_choice_is_sized_low_and_high_against_the_plan(catalog: Catalog) -> None:
    found = budget_sensitivity(catalog, _plan(), toy_size)
    assert found.gpus_base == 4  # 300 users / 100 + one spare
    assert found.tco_per_year_usd_base == 40_000.0
    rows = {s.choice: s.as_json() for s in found.swings}
    users = rows["Number of users"]
    assert (users["low"], users["high"]) == ("150 active users", "600 active users")
    assert (users["gpus_low"], users["gpus_high"]) == (3, 7)  # 2 + 1 and 6 + 1
    assert users["tco_per_year_usd_low"] == 30_000.0
    assert users["tco_per_year_usd_base"] == 40_000.0
    assert users["tco_per_year_usd_high"] == 70_000.0
    precision = rows["Weight precision"]
    assert precision["high"] == "BF16"
    assert precision["gpus_high"] == 7  # twice 3, plus the spare
    redundancy = rows["Redundancy"]
    assert (redundancy["gpus_low"], redundancy["gpus_high"]) == (3, 4)
    # The larger model does not fit: the row says so instead of inventing a cost.
    model = rows["Model size in its family"]
    assert model["high"] == "Llama 3.1 405B" and model["gpus_high"] is None
    assert model["low"] == "Llama 3.1 8B" and model["gpus_low"] == 4


def test_rows_are_sorted_by_swing_and_the_plan_pin_is_lifted(catalog: Catalog) -> None:
    plan = _plan()
    pinned = plan.model_copy(update={"hardware": plan.hardware.model_copy(update={"gpu_count": 8})})
    found = budget_sensitivity(catalog, pinned, toy_size)
    swings = [s.swing_usd for s in found.swings]
    assert swings == sorted(swings, reverse=True)
    assert found.swings[0].choice == "Number of users"  # $30 k to $70 k: $40 k, the largest
    assert found.swings[0].swing_usd == 40_000.0
    assert "the plan pins 8" in found.note


def test_targets_halved_and_doubled_and_missed_targets_are_flagged(catalog: Catalog) -> None:
    plan = _plan()
    tight = plan.workload.targets.model_copy(update={"tpot_ms": 15.0})
    plan = plan.model_copy(update={"workload": plan.workload.model_copy(update={"targets": tight})})
    row = next(
        s
        for s in budget_sensitivity(catalog, plan, toy_size).swings
        if s.choice == "Latency targets"
    )
    assert row.low is not None and row.high is not None
    assert row.low.label == "TTFT 500 ms, TPOT 7.5 ms" and not row.low.meets_targets
    assert row.high.label == "TTFT 2 s, TPOT 30 ms" and row.high.meets_targets


def test_context_choice_halves_and_doubles_the_prompt(catalog: Catalog) -> None:
    plan = preset_scenario("llama-70b-rag")  # 300 + 100 + 4 x 400 = 2,000 tokens in
    context = next(c for c in budget_choices(catalog, plan) if c.name.startswith("Prompt"))
    assert [s.label for s in context.low] == ["1,000 tokens in"]
    assert [s.label for s in context.high] == ["4,000 tokens in"]
    assert context.high[0].scenario.workload.prompt.input_tokens == 4000


def test_the_shipped_sizer_costs_whole_dgx_h100_servers(catalog: Catalog) -> None:
    """One DGX H100 a year, worked from the catalog: $330 k capex over 3 years ($110 k),
    support 10% ($33 k), energy (9.63 kW x 2,000 h + 4.59 kW x 6,760 h) x $0.146 ($7,342:
    8 h on 250 days with the 8 GPUs running replicas at 0.7 of 700 W, the rest of the year at
    their 0.1 idle share, 2.5 kW base, PUE 1.5), colocation 10.2 kW x $194.95 x 12
    ($23,862): $174,204. Each setting pays whole servers,
    and between their idle and their full draw for energy."""
    plan = preset_scenario("llama-70b-rag")
    found = budget_sensitivity(
        catalog, plan, lambda s: size_scenario(catalog, s, CURRENT_CALIBRATION)
    )
    fixed = 110_000 + 33_000 + 10.2 * 194.95 * 12
    assert found.tco_per_year_usd_base == pytest.approx(
        fixed + (9.63 * 2000 + 4.59 * 6760) * 0.146, rel=1e-6
    )
    users = next(row for row in found.swings if row.choice == "Number of users")
    for side in (users.low, users.high):
        assert side is not None and side.gpus is not None and side.tco_per_year_usd is not None
        servers = math.ceil(side.gpus / 8)
        idle_kw, busy_kw = ((8 * 700 * share + 2500) * 1.5 / 1e3 for share in (0.1, 0.7))
        lowest = servers * (fixed + idle_kw * 8760 * 0.146)
        highest = servers * (fixed + busy_kw * 8760 * 0.146)
        assert lowest < side.tco_per_year_usd <= highest * (1 + 1e-9)
    assert users.high is not None and users.high.gpus is not None
    assert users.high.gpus_for_load > found.gpus_base_for_load
    # The GPUs the load needs of those bought: 300 users need 3 replicas of TP 2 of one DGX's
    # 8, 150 users 2 (4 GPUs) in the same server, 600 users (600 / (60 s + 13.75 s at the
    # targets) = 8.14 requests/s, 2.75 replicas at 80% of 3.71) 4, the whole server.
    assert (found.gpus_base_for_load, found.gpus_base_bought) == (6, 8)
    assert found.base_gpus_text() == "8 GPUs bought, 6 needed"
    assert users.low is not None and users.low.gpus_text() == "8 GPUs bought, 4 needed"
    assert users.low.gpus_cell() == "8 (4 needed)"
    assert (users.high.gpus_for_load, users.high.gpus_bought) == (8, 8)
    assert gpus_text(16, 16) == "16 GPUs" and gpus_text(1, 1) == "1 GPU"
    assert gpus_cell(16, 16) == "16" and gpus_cell(6, 8) == "8 (6 needed)"


def test_gpus_at_a_tpot_target(catalog: Catalog) -> None:
    plan = _plan()
    assert (
        gpus_at_tpot(toy_size, plan, 25.0).sentence() == "At TPOT 25 ms it is 4 GPUs, $40.0 k/year."
    )
    missed = gpus_at_tpot(toy_size, plan, 5.0)
    assert missed.gpus is None
    assert "no number of GPUs meets the target" in missed.sentence()


def test_users_for_a_budget(catalog: Catalog) -> None:
    """$95 k buys 9 GPUs: 8 serving 800 users, plus the spare; 801 users would need a tenth."""
    answer = users_for_budget(toy_size, _plan(), 95_000.0)
    assert (answer.load, answer.gpus, answer.tco_per_year_usd) == (800, 9, 90_000.0)
    assert answer.sentence() == "$95 k/year serves up to 800 active users on 9 GPUs ($90.0 k/year)."
    assert users_for_budget(toy_size, _plan(), 5_000.0).load == 0
    # The report's budget, half as much again as the plan's cost, reads to three figures
    # (walk: "$261.306 k/year serves up to 652 active users").
    report_budget = users_for_budget(toy_size, _plan(), 1.5 * 63_537.0)
    assert report_budget.sentence().startswith("$95.3 k/year serves up to ")


def test_a_plan_that_does_not_fit_cannot_swing(catalog: Catalog) -> None:
    plan = preset_scenario("llama-70b-rag")
    huge = plan.model_copy(
        update={"workload": plan.workload.model_copy(update={"model_id": "llama-3.1-405b"})}
    )
    with pytest.raises(SizingError, match="does not fit"):
        budget_sensitivity(catalog, huge, toy_size)
