"""The pools' search at a hostile demand: 100 million users answered in a few hundred pairs, the
plan the same as the search of every pair finds.

Hostile walk (hostile36): `size` of the Qwen3.5 B200 preset at 100 million active users took
6 s (20 s on a busy machine), 31,350 pairs of pool layouts priced because each was bounded
below by one prefill worker; bounded by the workers the demand needs at the most one takes,
0.3 s. The plans of every preset at 5,000, 200,000 and 100 million users, a million in flight
and the lowest-cost goal were compared with the unbounded search's: the same, field by field.
"""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import disaggregated_plan


def _with_users(preset: str, users: int) -> Scenario:
    scenario = preset_scenario(preset)
    load = scenario.workload.load.model_copy(
        update={"kind": "active_users", "active_users": users, "think_time_s": 0.0}
    )
    workload = scenario.workload.model_copy(update={"load": load})
    return scenario.model_copy(update={"workload": workload})


def test_a_hundred_million_users_are_sized_in_few_pairs(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    priced = []
    pools = disaggregated_plan._pools
    monkeypatch.setattr(
        disaggregated_plan, "_pools", lambda *args: priced.append(args) or pools(*args)
    )
    plan = disaggregated_plan.plan_disaggregated(
        catalog, _with_users("qwen3.5-assistant-b200", 100_000_000), CURRENT_CALIBRATION
    )
    assert plan is not None
    assert (plan.prefill_workers, plan.prefill_worker_gpus) == (324_046, 4)
    assert (plan.decode_workers, plan.decode_worker_gpus) == (23_739, 12)
    assert len(priced) < 1_000  # 212; was 31,350


def _lowest_cost(preset: str) -> Scenario:
    scenario = preset_scenario(preset)
    hardware = scenario.hardware.model_copy(update={"search_goal": "lowest_cost"})
    return scenario.model_copy(update={"hardware": hardware})


def test_the_lowest_cost_goal_prices_few_pairs(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lowest-cost goal skips a pair whose fewest GPUs, in the fewest servers that hold
    them at the least draw, already cost more a year than the best: the Qwen3.5 B200 preset
    priced 11,250 pairs (2-3 s), and the plan found is the one the search of every pair found."""
    priced = []
    pools = disaggregated_plan._pools
    monkeypatch.setattr(
        disaggregated_plan, "_pools", lambda *args: priced.append(args) or pools(*args)
    )
    plan = disaggregated_plan.plan_disaggregated(
        catalog, _lowest_cost("qwen3.5-assistant-b200"), CURRENT_CALIBRATION
    )
    assert plan is not None
    assert (plan.prefill_workers, plan.prefill_worker_gpus) == (2, 4)
    assert (plan.decode_workers, plan.decode_worker_gpus) == (2, 4)
    assert (plan.servers.prefill, plan.servers.decode, plan.servers.shared) == (1, 1, False)
    assert plan.yearly_usd == pytest.approx(512_773.344)
    assert len(priced) < 100  # 20; was 11,250


def test_a_prompt_no_prefill_layout_takes_in_time_prices_no_pair(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A million-token prompt to Llama 4 Scout at 100 million users (hostile45): an idle worker
    of every prefill layout misses the 1 s TTFT target alone, so no pair can meet it; the search
    priced 190,138 pairs for 6 s to find none. A layout missing the whole target is skipped."""
    priced = []
    pools = disaggregated_plan._pools
    monkeypatch.setattr(
        disaggregated_plan, "_pools", lambda *args: priced.append(args) or pools(*args)
    )
    scenario = _with_users("llama-70b-rag", 100_000_000)
    prompt = scenario.workload.prompt.model_copy(update={"question_tokens": 1_000_000})
    workload = scenario.workload.model_copy(
        update={"model_id": "llama-4-scout", "weight_precision": "bf16", "prompt": prompt}
    )
    scenario = scenario.model_copy(update={"workload": workload})
    assert disaggregated_plan.plan_disaggregated(catalog, scenario, CURRENT_CALIBRATION) is None
    assert priced == []
