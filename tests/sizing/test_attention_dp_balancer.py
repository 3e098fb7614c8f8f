"""TensorRT-LLM's attention data-parallel balancer holds new prompts until every rank has one."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import steady_state
from aisle_desktop.sizing.engine.deployment import with_layout
from aisle_desktop.sizing.engine.serving import balancer_wait_steps


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
    assert float(balancer_wait_steps(dep, 128.0, 1024.0)) == pytest.approx(28.0)
    assert float(balancer_wait_steps(dep, 256.0, 1024.0)) == pytest.approx(14.0)
    assert float(balancer_wait_steps(dep, 128.0, 8192.0)) == pytest.approx(30.0)


def test_no_wait_without_the_balancer_or_ranks_to_balance(deploy: Any) -> None:
    """Off (0), one attention rank (tensor parallel), or a rank with nothing to decode (4 in
    flight on 8 ranks: the balancer lets prompts go at once)."""
    model = deploy("deepseek-r1", "b200", tp=8, weights="fp4")
    assert balancer_wait_steps(_balanced(model, 0.0, 8), 128.0, 1024.0) == 0.0
    assert float(balancer_wait_steps(_balanced(model, 60.0, 1), 128.0, 1024.0)) == 0.0
    assert float(balancer_wait_steps(_balanced(model, 60.0, 8), 4.0, 1024.0)) == 0.0


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
