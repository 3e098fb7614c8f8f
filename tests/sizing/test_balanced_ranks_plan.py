"""A plan's attention-DP replica on TensorRT-LLM is read as `predict` reads its lines: the
balancer gathers every rank's prompts into one iteration, so one scheduler with the replica's
whole budget, and a prompt waits for the balancer; without a balancer each rank schedules its
own prompts."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import scheduling_ranks, steady_state
from aisle_desktop.sizing.engine.serving import ranks_steady_state
from aisle_desktop.sizing.planning import plan_tail_latency, size_scenario
from aisle_desktop.sizing.planning.latency_parts import ttft_terms


def _deepseek_on(engine_id: str) -> Scenario:
    """The DeepSeek-V3.2 preset (8 x B200 as EP 8 with attention DP 8, MTP draft, 24,500 in
    / 1,000 out, 2,000 users) served together on another engine."""
    preset = preset_scenario("deepseek-v3.2-ep")
    workload = preset.workload.model_copy(update={"engine_id": engine_id, "engine_version": None})
    hardware = preset.hardware.model_copy(update={"serving": "aggregated"})
    return preset.model_copy(update={"workload": workload, "hardware": hardware})


def _planned(catalog: Catalog, engine_id: str) -> SizingResult:
    result = size_scenario(catalog, _deepseek_on(engine_id), CURRENT_CALIBRATION)
    assert result.planned is not None
    return result


def test_the_plan_ttft_is_predicts_reading_of_its_line(catalog: Catalog) -> None:
    """TensorRT-LLM 1.2 (balancer timeout 60 iterations), 8 replicas of 8 x B200, 41.67
    sequences running in each at the peak rate, 65,536 tokens an iteration (8,192 a rank),
    544 batch slots. `predict`'s one scheduler at that batch, budget and random arrivals gives
    1,700.0 ms, and so does the plan; the ranks read one by one give 2,061.1 ms (a prompt
    rode an iteration where only its own rank prefilled, as the balancer does not let happen).
    Of the 1,700.0 ms, the balancer holds a prompt 30 iterations (half the timeout: at 41.67
    running, 1.85 tokens a step, 1,000 out, a request arrives every 13 iterations, and the
    8 ranks would fill in (8 - 1) / 2 x 13 = 45 on average) of 41.30 ms: 1,238.9 ms.
    (Before the B200's bandwidth was read at 7.67 TB/s, calibration 2026.12.24: 38.52
    running, 1,588.5 ms, 1,889.6 ms, 1,144.4 ms; before an MLA layer of a mixed eager
    iteration launched its decode path too, 2026.12.25: 39.88 running, 1,633.2 ms, 1,933.2 ms,
    1,185.3 ms; before a prompt's iteration decoded only the other sequences, 2026.12.27:
    1,700.2 ms, 2,061.7 ms, 1,239.1 ms. With TensorRT-LLM's request overhead at 75 ms, not
    66.8, calibration 2026.12.41: 36.72 running, 1,732.6 ms, 2,118.5 ms, 1,225.7 ms, where
    2026.12.40 gave 36.69, 1,723.8 ms, 2,109.6 ms and 1,225.2 ms.)"""
    planned = _planned(catalog, "tensorrt-llm").planned
    assert planned is not None
    cap, point = planned.capacity, planned.point
    assert (planned.replicas, cap.dep.attention_ranks, scheduling_ranks(cap.dep)) == (9, 8, 1)
    assert (cap.token_budget, float(cap.limits.batch)) == (65_536.0, 544.0)
    batch = float(point.running_batch)
    assert batch == pytest.approx(36.72, abs=0.01)
    args = (cap.input_tokens, cap.output_tokens, cap.token_budget, cap.request_overhead_s)
    predicts = steady_state(cap.dep, batch, *args, cap.limits.batch, poisson_arrivals=True)
    assert float(point.ttft_s) == float(predicts.ttft_s)
    assert float(point.tpot_s) == float(predicts.tpot_s)
    assert float(point.ttft_s) * 1e3 == pytest.approx(1732.6, abs=0.1)
    apart = ranks_steady_state(cap.dep, batch, args[:2], *args[2:], cap.limits.batch, True)
    assert float(apart.ttft_s) * 1e3 == pytest.approx(2118.5, abs=0.1)
    terms = ttft_terms(cap, point, float(point.ttft_s) * 1e3)
    held = "30 iterations held until every attention rank has a prompt × iteration"
    (held_ms, _), *_ = [value for name, value in terms.items() if name.startswith(held)]
    assert held_ms == pytest.approx(1225.7, abs=0.1)
    assert sum(value for value, _ in terms.values()) == pytest.approx(1732.6, abs=0.1)


def test_the_ttft_explanation_says_the_balancer_gathers_the_prompts(catalog: Catalog) -> None:
    """The TTFT figure's formula says why the ranks prefill together; vLLM, with no
    balancer, schedules each rank's prompts apart and says nothing of it."""
    balanced = _planned(catalog, "tensorrt-llm").figures["ttft_ms"].explanation.formula
    assert "holds new prompts until every attention rank has one" in balanced
    unbalanced = _planned(catalog, "vllm")
    assert unbalanced.planned is not None
    assert scheduling_ranks(unbalanced.planned.capacity.dep) == 8
    assert "every attention rank" not in unbalanced.figures["ttft_ms"].explanation.formula


def test_a_planned_tail_holds_the_balancers_wait(catalog: Catalog) -> None:
    """The DeepSeek-V3.2 preset on TensorRT-LLM (above): its mean TTFT,
    1,700.0 ms, holds 30 iterations for the balancer; the simulated median holds it too
    (2,371 ms: arrivals land in the timeout's window, and more of them in its long first
    iterations, where the prompts let go prefill), where the simulation without the hold put
    it at 1,432 ms, below the mean (2026.12.24: mean 1,633.2 ms, median 2,306 ms at 1.74
    requests a second, 1 every 15 iterations; 2026.12.41's 75 ms of request overhead, not
    66.8: mean 1,732.6 ms). On vLLM (no balancer, each rank its own scheduler) nothing is
    held: its median 576.7 ms on the newest vLLM (0.32), which takes 0.28's 16,384-token
    budget on the B200; 608.3 ms on 0.24's 8,192 (sizing34)."""
    trt = _planned(catalog, "tensorrt-llm")
    tail = plan_tail_latency(trt)
    assert tail is not None and trt.planned is not None
    assert float(trt.planned.point.ttft_s) * 1e3 == pytest.approx(1732.6, abs=0.1)
    assert tail.ttft_p50_s * 1e3 == pytest.approx(2_371.1, rel=0.01)
    assert tail.ttft_p95_s * 1e3 == pytest.approx(3922.8, rel=0.01)
    vllm = plan_tail_latency(_planned(catalog, "vllm"))
    assert vllm is not None
    assert vllm.ttft_p50_s * 1e3 == pytest.approx(576.7, rel=0.01)
