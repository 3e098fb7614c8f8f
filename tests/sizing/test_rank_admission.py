"""Under TensorRT-LLM's attention DP each rank admits only the whole prompts its own budget
holds, and the balancer lets one a rank go at each release where that is one."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import pytest

from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import (
    ReplicaLoad,
    TailLatency,
    rank_admission,
    simulate_replica,
    steady_state,
)
from aisle_desktop.sizing.engine.deployment import with_layout
from aisle_desktop.sizing.engine.serving import balancer_wait_steps

# InferenceX's client draws 8,192 / 1,024 tokens between 0.8 and 1.0 of them: 7,372.5 and
# 921.5 on average (`script_lengths`); its script's budget is 128 + 8,192 + 64 = 8,384 tokens.
LENGTHS = (7372.5, 921.5)
SCRIPT_BUDGET = 8384.0
DRAWN = 0.8


def _ranks(deploy: Any, whole: float, ranks: int = 8) -> Any:
    """DeepSeek-R1 FP4 on 8 B200 under TensorRT-LLM, attention DP `ranks`, with the recipes'
    60-iteration balancer and the ranks' whole-prompt admission on (1) or off (0)."""
    dep = deploy("deepseek-r1", "b200", tp=8, weights="fp4", kv="fp8", engine="tensorrt-llm")
    values = {"attention_dp_balance_timeout_steps": 60.0, "attention_rank_whole_prompts": whole}
    assumptions = dep.assumptions.model_copy(update=values)
    return with_layout(dataclasses.replace(dep, assumptions=assumptions), ranks, ranks)


def test_one_prompt_a_rank_waits_about_a_whole_timeout(deploy: Any) -> None:
    """128 clients on 8 ranks, 16 each, 8,192-token prompts: a rank's 8,384 tokens hold one
    prompt beside its 16 decodes. The closed form's 25.2 iterations (the ranks gathering in
    turn, under half the timeout) become 58.3: a rank lets one prompt go at a release, and
    with 16 x 60 / 921.5 = 1.04 new prompts a rank in each 60 iterations the queue behind it
    waits for the next release, or for every rank to have one."""
    closed = balancer_wait_steps(_ranks(deploy, 0.0), 128.0, LENGTHS, SCRIPT_BUDGET, True, DRAWN)
    held = balancer_wait_steps(_ranks(deploy, 1.0), 128.0, LENGTHS, SCRIPT_BUDGET, True, DRAWN)
    assert float(closed) == pytest.approx(25.2, abs=0.05)
    assert float(held) == pytest.approx(58.3, abs=0.05)


def test_the_hold_adds_iterations_to_ttft_and_nothing_to_tpot(deploy: Any) -> None:
    """The same replica: TTFT 0.895 s -> 1.845 s, the 33.1 iterations more at the running
    batch's mean step (28.7 ms); the answers decode as before, and the operating point names
    the iterations its TTFT counts. InferenceX's line of this run (`..._8192x1024_c128_tp8_0_
    ep8_0_1089`, release 1.2.0rc6.post2) measured 2.48 s; `predict` gives 1.39 s -> 2.18 s."""
    args = (128.0, *LENGTHS, SCRIPT_BUDGET, 0.075)
    off = steady_state(_ranks(deploy, 0.0), *args, answer_spread=DRAWN)
    on = steady_state(_ranks(deploy, 1.0), *args, answer_spread=DRAWN)
    assert float(off.ttft_s) == pytest.approx(0.895, abs=0.001)
    assert float(on.ttft_s) == pytest.approx(1.845, abs=0.001)
    assert float(on.tpot_s) == pytest.approx(float(off.tpot_s))
    extra = float(on.balancer_held_steps - off.balancer_held_steps)
    assert float(on.ttft_s - off.ttft_s) == pytest.approx(extra * float(off.tpot_s))


def test_a_budget_of_several_prompts_keeps_the_closed_form(deploy: Any) -> None:
    """1,024-token prompts in an 8,192-token budget: a rank takes 7 at a release, all it has,
    so the balancer's wait is the closed form's (25.2 iterations at 128 clients)."""
    dep = _ranks(deploy, 1.0)
    held = balancer_wait_steps(dep, 128.0, (921.5, 921.5), 8192.0, True, DRAWN)
    assert float(held) == pytest.approx(25.2, abs=0.05)


def test_random_arrivals_keep_the_closed_form(deploy: Any) -> None:
    """A plan's requests at a rate go to the rank with the fewest and keep the ranks' queues
    even; the simulation follows clients in a loop only."""
    dep = _ranks(deploy, 1.0)
    held = balancer_wait_steps(dep, 128.0, LENGTHS, SCRIPT_BUDGET, False, DRAWN)
    assert float(held) == pytest.approx(25.2, abs=0.05)


def test_geometric_answers_bunch_the_arrivals(deploy: Any) -> None:
    """A plan's clients (answers geometric around the mean) end their answers in bunches on
    a rank, whose queue then waits release after release: 104.5 iterations, against 58.3 for
    a benchmark's answers drawn between 0.8 and 1.0 of the longest."""
    dep = _ranks(deploy, 1.0)
    held = balancer_wait_steps(dep, 128.0, LENGTHS, SCRIPT_BUDGET, True, math.nan)
    assert float(held) == pytest.approx(104.5, abs=0.05)


def test_the_rule_lets_prompts_go_at_once_while_a_rank_decodes_nothing() -> None:
    """One client a rank: the rank its answer left decodes nothing, and the balancer lets
    its prompt go at once."""
    assert rank_admission.held_steps(8, 1, 921.5, 60, 1, DRAWN) == 0.0


def test_the_simulation_is_the_same_each_time() -> None:
    """A fixed seed: the same inputs give the same hold (a plan sized twice reads alike)."""
    rank_admission.held_steps.cache_clear()
    first = rank_admission.held_steps(8, 16, 921.5, 60, 1, DRAWN)
    rank_admission.held_steps.cache_clear()
    assert rank_admission.held_steps(8, 16, 921.5, 60, 1, DRAWN) == first


def test_arrays_of_lines_get_each_lines_hold(deploy: Any) -> None:
    """Lines predicted together as arrays: each element is what its line gets alone."""
    dep = _ranks(deploy, 1.0)
    batches = [64.0, 128.0]
    together = balancer_wait_steps(dep, np.array(batches), LENGTHS, SCRIPT_BUDGET)
    alone = [float(balancer_wait_steps(dep, b, LENGTHS, SCRIPT_BUDGET)) for b in batches]
    assert list(together) == pytest.approx(alone)


def test_calibration_2026_12_45_admits_whole_prompts_on_tensorrt_llm_only() -> None:
    """TensorRT-LLM's ranks each schedule with their own budget and whole prompts; vLLM and
    SGLang keep the closed form, as does every calibration before 2026.12.45."""
    now = CURRENT_CALIBRATION
    assert now.performance_for("tensorrt-llm", "1.2.0").attention_rank_whole_prompts == 1
    assert now.performance_for("vllm", "0.19.0").attention_rank_whole_prompts == 0
    assert now.performance_for("sglang", "0.5.9").attention_rank_whole_prompts == 0
    older = CALIBRATIONS["2026.12.44"].performance_for("tensorrt-llm", "1.2.0")
    assert older.attention_rank_whole_prompts == 0


# A plan's replica of 8 ranks: 8 x 8,192 tokens an iteration, 2,048 batch slots; 128 clients
# asking again as their answers end, 7,000-token prompts, 1,024-token answers.
PLAN_BUDGET = 65_536.0
PLAN_LENGTHS = (7_000, 1_024)


def _plan_point_and_tail(dep: Any) -> tuple[Any, TailLatency]:
    inp, out = PLAN_LENGTHS
    point = steady_state(dep, 128.0, inp, out, PLAN_BUDGET, 0.0, 2_048.0, ranks_schedule=True)
    load = ReplicaLoad(clients=128, client_spread_s=5.0)
    tail = simulate_replica(dep, inp, out, PLAN_BUDGET, 2_048, 0.0, load, ranks=1)
    assert tail is not None
    return point, tail


def test_a_plans_tail_holds_one_prompt_a_rank_as_its_mean_does(deploy: Any) -> None:
    """A plan's budget is its replica's, 65,536 tokens; each rank admits whole prompts in its
    own 8,192, which hold one 7,000-token prompt beside its 16 decodes. The mean reads the
    rank's budget (it read the replica's, which holds nine, and kept the closed form's 28.0
    iterations): 100.1 iterations held, TTFT 853.9 -> 2,818.7 ms at 27.27 ms a step. The
    simulated replica lets one prompt a rank go at a release, the rest waiting for the next:
    its mean TTFT 1,093.5 -> 2,972.2 ms, 68.9 iterations more, against the mean's 72.1; the
    median 1,086 -> 2,498 ms, p95 1,695 -> 7,034 ms, p99 1,780 -> 9,148 ms (a rank's queue
    waits release after release). The answers decode at the same pace."""
    off_point, off = _plan_point_and_tail(_ranks(deploy, 0.0))
    on_point, on = _plan_point_and_tail(_ranks(deploy, 1.0))
    step_s = float(off_point.tpot_s)
    assert step_s * 1e3 == pytest.approx(27.27, abs=0.01)
    assert float(off_point.balancer_held_steps) == pytest.approx(28.0, abs=0.05)
    assert float(on_point.balancer_held_steps) == pytest.approx(100.1, abs=0.05)
    assert float(on_point.ttft_s) * 1e3 == pytest.approx(2_818.7, abs=0.1)
    assert (off.ttft_mean_s * 1e3, on.ttft_mean_s * 1e3) == pytest.approx(
        (1_093.5, 2_972.2), abs=0.1
    )
    simulated = (on.ttft_mean_s - off.ttft_mean_s) / step_s
    mean = float(on_point.balancer_held_steps - off_point.balancer_held_steps)
    assert (simulated, mean) == pytest.approx((68.9, 72.1), abs=0.05)
    assert on.ttft_p50_s * 1e3 == pytest.approx(2_498.1, abs=0.1)
    assert (on.ttft_p95_s * 1e3, on.ttft_p99_s * 1e3) == pytest.approx((7_034.0, 9_147.5), abs=0.1)
    assert on.tpot_mean_s == pytest.approx(off.tpot_mean_s, rel=0.03)


def test_a_rank_whose_budget_holds_several_prompts_lets_all_go(deploy: Any) -> None:
    """1,024-token prompts: a rank's 8,192 tokens hold seven, so a release lets every held
    prompt go, whole-prompt admission on or off (the simulation of
    test_attention_dp_balancer)."""
    load = ReplicaLoad(clients=128, client_spread_s=5.0)
    tails = [
        simulate_replica(_ranks(deploy, whole), 1_024, 1_024, PLAN_BUDGET, 2_048, 0.0, load)
        for whole in (0.0, 1.0)
    ]
    assert tails[0] == tails[1]


def test_requests_at_a_rate_keep_the_release_of_every_prompt(deploy: Any) -> None:
    """The mean keeps the closed form for requests at a rate (they keep the ranks' queues
    even), and so does the simulation: the same percentiles with admission on or off."""
    load = ReplicaLoad(arrival_rate_per_s=4.0)
    tails = [
        simulate_replica(_ranks(deploy, whole), *PLAN_LENGTHS, PLAN_BUDGET, 2_048, 0.0, load)
        for whole in (0.0, 1.0)
    ]
    assert tails[0] == tails[1]
