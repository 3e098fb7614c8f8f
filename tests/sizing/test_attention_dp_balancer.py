"""TensorRT-LLM's attention data-parallel balancer holds new prompts until every rank has one."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import ReplicaLoad, TailLatency, simulate_replica, steady_state
from aisle_desktop.sizing.engine.deployment import with_layout
from aisle_desktop.sizing.engine.serving import balancer_wait_steps

LENGTHS = (1024.0, 1024.0)


def _balanced(dep: Any, timeout: float, ranks: int) -> Any:
    assumptions = dep.assumptions.model_copy(update={"attention_dp_balance_timeout_steps": timeout})
    return with_layout(dataclasses.replace(dep, assumptions=assumptions), ranks, ranks)


def test_a_prompt_waits_for_the_other_ranks_or_half_the_timeout(deploy: Any) -> None:
    """DeepSeek-R1 on 8 B200, attention DP 8: at 128 in flight with 1,024-token answers a
    request ends, and a new one arrives, every 1,024 / 128 = 8 iterations; the k-th of 8
    arrivals waits for 8 - k more, (8 - 1) / 2 x 8 = 28 iterations on average, under half
    the 60-iteration timeout. At 256 in flight 14; with 8,192-token answers the ranks fill
    in 448 iterations and the timeout comes first: 30."""
    dep = _balanced(deploy("deepseek-r1", "b200", tp=8, weights="fp4"), 60.0, 8)
    assert float(balancer_wait_steps(dep, 128.0, (1024.0, 1024.0), 8192.0)) == pytest.approx(28.0)
    assert float(balancer_wait_steps(dep, 256.0, (1024.0, 1024.0), 8192.0)) == pytest.approx(14.0)
    assert float(balancer_wait_steps(dep, 128.0, (1024.0, 8192.0), 8192.0)) == pytest.approx(30.0)


def test_no_wait_without_the_balancer_or_ranks_to_balance(deploy: Any) -> None:
    """Off (0), one attention rank (tensor parallel), or a rank with nothing to decode (4 in
    flight on 8 ranks: the balancer lets prompts go at once)."""
    model = deploy("deepseek-r1", "b200", tp=8, weights="fp4")
    assert balancer_wait_steps(_balanced(model, 0.0, 8), 128.0, LENGTHS, 8192.0) == 0.0
    assert float(balancer_wait_steps(_balanced(model, 60.0, 1), 128.0, LENGTHS, 8192.0)) == 0.0
    assert float(balancer_wait_steps(_balanced(model, 60.0, 8), 4.0, LENGTHS, 8192.0)) == 0.0


def test_the_wait_adds_iterations_to_ttft_and_nothing_to_tpot(deploy: Any) -> None:
    """The held prompt waits 28 iterations of the running batch's mean step; its answer
    decodes as before."""
    model = deploy("deepseek-r1", "b200", tp=8, weights="fp4")
    off = steady_state(_balanced(model, 0.0, 8), 128.0, 1024.0, 1024.0, 8192.0, 0.0)
    on = steady_state(_balanced(model, 60.0, 8), 128.0, 1024.0, 1024.0, 8192.0, 0.0)
    assert float(on.tpot_s) == pytest.approx(float(off.tpot_s))
    assert float(on.ttft_s - off.ttft_s) == pytest.approx(28.0 * float(off.tpot_s))


def test_calibration_2026_12_9_balances_tensorrt_llm_only() -> None:
    """NVIDIA's TensorRT-LLM recipes for attention DP set 60 iterations; vLLM and SGLang
    have no such balancer, and calibrations before 2026.12.9 none at all."""
    now = CURRENT_CALIBRATION
    assert now.performance_for("tensorrt-llm", "1.2.0").attention_dp_balance_timeout_steps == 60
    assert now.performance_for("sglang", "0.5.9").attention_dp_balance_timeout_steps == 0
    assert now.performance_for("vllm", "0.19.0").attention_dp_balance_timeout_steps == 0
    older = CALIBRATIONS["2026.12.8"].performance_for("tensorrt-llm", "1.2.0")
    assert older.attention_dp_balance_timeout_steps == 0


def _simulated(dep: Any, clients: int, output_tokens: int) -> TailLatency:
    """One scheduler with the replica's whole budget (8 x 8,192), as `scheduling_ranks` reads
    a balanced replica; clients asking again as their answers end."""
    load = ReplicaLoad(clients=clients, client_spread_s=5.0)
    tail = simulate_replica(dep, 1_024, output_tokens, 65_536.0, 2_048, 0.0, load, ranks=1)
    assert tail is not None
    return tail


def test_the_simulated_ttft_holds_prompts_by_the_balancers_rule(deploy: Any) -> None:
    """DeepSeek-R1 on 8 B200, attention DP 8, 128 clients, 1,024 / 1,024: a request ends,
    and its client's next one arrives, every 1,024 / 128 = 8 iterations (22.5 ms each), on the
    rank the last one left (the fewest), so at random: one on each of 8 ranks takes 8 x H(8)
    = 21.7 arrivals, 174 iterations, and the 60-iteration timeout lets them go first. An
    arrival anywhere in the timeout's window waits for its end, 30.5 iterations on average
    (the closed form's 28 gathers the ranks in turn), 57 at the 95th percentile (59.4 at
    the 99th); answers decode as before. Without the balancer the median TTFT is 25.3 ms
    (21.9 ms iterations and 24.7 ms before the B200's bandwidth was read at 7.67 TB/s)."""
    model = deploy("deepseek-r1", "b200", tp=8, weights="fp4")
    step_s = float(
        steady_state(_balanced(model, 0.0, 8), 128.0, 1024.0, 1024.0, 65_536.0, 0.0).tpot_s
    )
    assert step_s * 1e3 == pytest.approx(22.5, abs=0.05)
    off, on = (_simulated(_balanced(model, timeout, 8), 128, 1_024) for timeout in (0.0, 60.0))
    assert off.ttft_p50_s * 1e3 == pytest.approx(25.3, abs=0.1)
    assert (on.ttft_mean_s - off.ttft_mean_s) / step_s == pytest.approx(30.5, abs=0.5)
    assert (on.ttft_p95_s - off.ttft_p95_s) / step_s == pytest.approx(57.1, abs=0.5)
    assert (on.ttft_p99_s - off.ttft_p99_s) / step_s == pytest.approx(59.4, abs=0.5)
    assert on.tpot_mean_s == pytest.approx(off.tpot_mean_s, rel=0.01)


def test_the_simulation_holds_nothing_while_a_rank_has_nothing_to_decode(deploy: Any) -> None:
    """4 clients on 8 attention ranks: a rank always decodes nothing, and the balancer lets
    every prompt go at once, as `balancer_wait_steps` charges none."""
    model = deploy("deepseek-r1", "b200", tp=8, weights="fp4")
    off, on = (_simulated(_balanced(model, timeout, 8), 4, 1_024) for timeout in (0.0, 60.0))
    assert on == off
