"""Yearly volume and cost count what the GPUs serve, over the schedule the planner states."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import LoadSpec, preset_scenario
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario
from tests.sizing.scenario_edits import with_parts

SECONDS_PER_HOUR = 3600.0


def _inputs(result: SizingResult, name: str) -> dict[str, float]:
    return {q.name: q.value for q in result.figures[name].explanation.inputs}


def _tokens(result: SizingResult) -> int:
    return result.input_tokens + result.output_tokens


def test_an_overloaded_plan_counts_only_the_tokens_its_gpus_serve(catalog: Catalog) -> None:
    # 100,000 active users on 8 fixed H100s: about 1,400 requests/s asked, ~20 answered.
    scenario = with_parts(
        preset_scenario("llama-70b-rag"),
        load={"active_users": 100_000},
        hardware={"gpu_count": 8},
    )
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    served = _inputs(result, "served_share")
    capacity = served["capacity within targets"]
    assert result.value("served_share") == pytest.approx(
        capacity / served["demand at the busiest time"]
    )
    assert result.value("served_share") < 0.05
    load = scenario.workload.load
    hours = load.working_hours_per_day * load.days_per_year
    # Active users ask at their peak all day: what is served is the capacity, no more.
    served_tokens = capacity * hours * SECONDS_PER_HOUR * _tokens(result)
    assert result.value("tokens_per_year") == pytest.approx(served_tokens)
    tco = result.value("tco_per_year_usd")
    assert result.value("cost_per_million_tokens_usd") == pytest.approx(tco / served_tokens * 1e6)
    requests = served_tokens / _tokens(result)
    assert result.value("cost_per_request_usd") == pytest.approx(tco / requests)
    per_request = result.value("api_cost_per_request_usd")
    assert result.value("api_cost_per_year_usd") == pytest.approx(requests * per_request)
    assert result.status.startswith("Overloaded: 8 GPUs serve only 1 % of the demand")


def test_a_plan_that_meets_its_load_serves_all_of_it(catalog: Catalog) -> None:
    result = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    assert result.meets_targets and result.value("served_share") == 1.0


def test_a_missing_spare_is_named_as_the_cause(catalog: Catalog) -> None:
    # Qwen2.5 72B at BF16 on 8 fixed H100s: the targets hold and the users fit; only the N+1
    # spare (and the utilisation headroom) are missing.
    scenario = with_parts(
        preset_scenario("llama-70b-rag"),
        workload={"model_id": "qwen2.5-72b", "weight_precision": "bf16"},
        hardware={"gpu_count": 8},
    )
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert result.value("served_share") == 1.0
    assert result.value("max_users_within_targets") > scenario.workload.load.active_users
    assert "one spare replica (N+1)" in result.status
    assert "do not carry the load" not in result.status


@pytest.mark.parametrize("kind", ["in_flight", "active_users", "daily_requests"])
def test_every_load_kind_uses_the_planners_hours_and_days(catalog: Catalog, kind: str) -> None:
    base = with_parts(preset_scenario("llama-70b-rag"), load={"kind": kind})
    office = size_scenario(catalog, base, CURRENT_CALIBRATION)
    around_the_clock = size_scenario(
        catalog,
        with_parts(base, load={"working_hours_per_day": 24.0, "days_per_year": 365.0}),
        CURRENT_CALIBRATION,
    )
    rate = {
        name: _inputs(result, "tokens_per_year")["average requests/s served"]
        for name, result in (("office", office), ("always", around_the_clock))
    }
    # Yearly tokens follow hours x days (the hourly rate moves only where hours spread demand).
    assert office.value("tokens_per_year") == pytest.approx(
        rate["office"] * 8 * 250 * SECONDS_PER_HOUR * _tokens(office)
    )
    assert around_the_clock.value("tokens_per_year") == pytest.approx(
        rate["always"] * 24 * 365 * SECONDS_PER_HOUR * _tokens(around_the_clock)
    )
    per_request = office.value("api_cost_per_request_usd")
    assert office.value("break_even_requests_per_day") == pytest.approx(
        office.value("tco_per_year_usd") / per_request / 250
    )


def test_plans_written_before_the_schedule_fields_load_with_the_default() -> None:
    old = {"kind": "in_flight", "requests_in_flight": 32, "working_hours_per_day": 8.0}
    assert LoadSpec.model_validate(old).days_per_year == 250.0
