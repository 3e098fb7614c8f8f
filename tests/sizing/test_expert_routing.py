"""Uneven routing: a batch's tokens touch fewer distinct experts than even routing says."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.labels import assumption_label
from aisle_desktop.plan import preset_scenario
from aisle_desktop.plan.presets import DEFAULT_PRESET
from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import iteration_time
from aisle_desktop.sizing.engine.steptime import expert_share_touched
from aisle_desktop.sizing.planning import size_scenario


def _routed(dep: Any, cv: float) -> Any:
    assumptions = dep.assumptions.model_copy(update={"expert_load_cv": cv})
    return dataclasses.replace(dep, assumptions=assumptions)


def test_even_routing_touches_one_less_the_share_every_pick_misses(deploy: Any) -> None:
    """DeepSeek-V3 routes each token to 8 of 256 experts: 16 tokens miss an expert with
    probability (31/32)^16 = exp(16 x -0.031749) = 0.6017, so they touch 39.83% of them."""
    dep = _routed(deploy("deepseek-v3", "b200", tp=8), 0.0)
    assert float(expert_share_touched(dep, 16.0)) == pytest.approx(0.3983, abs=1e-4)
    assert float(expert_share_touched(deploy("llama-3.1-70b", "b200"), 16.0)) == 0.0


def test_uneven_routing_touches_fewer_experts_until_the_batch_is_large(deploy: Any) -> None:
    """Loads spread with coefficient of variation 0.7 (gamma shape a = 1 / 0.49 = 2.0408):
    n tokens touch 1 - (1 + 8n / (256 a))^-a of the experts.
    n = 1:  1 - (1.015313)^-2.0408 = 3.05% (even: 3.13%): the first picks are the same;
    n = 16: 1 - (1.245000)^-2.0408 = 1 - exp(-2.0408 x 0.219136) = 36.06% (even: 39.83%);
    n = 64: 1 - (1.980000)^-2.0408 = 1 - exp(-2.0408 x 0.683097) = 75.19% (even: 86.89%);
    n = 4,096: 1 - 63.71^-2.0408 = 99.98%: a large batch still reads nearly every expert."""
    dep = _routed(deploy("deepseek-v3", "b200", tp=8), 0.7)
    expected = {1.0: 0.03054, 16.0: 0.3606, 64.0: 0.7519, 4096.0: 0.9998}
    for tokens, share in expected.items():
        assert float(expert_share_touched(dep, tokens)) == pytest.approx(share, abs=1e-4)


def test_a_decode_step_reads_only_the_touched_experts_weights(deploy: Any) -> None:
    """A decode step of 16 sequences reads the dense weights and the touched share of the
    expert weights: with uneven routing the expert part is 0.3606 / 0.3983 = 90.5% of what
    even routing reads, and the dense part (a step without tokens) does not change."""
    even = _routed(deploy("deepseek-v3", "b200", tp=8), 0.0)
    uneven = _routed(even, 0.7)
    dense_s = float(iteration_time(even, 0.0, 0.0, 0.0, 0.0).weights_read_s)
    assert float(iteration_time(uneven, 0.0, 0.0, 0.0, 0.0).weights_read_s) == dense_s
    even_experts = float(iteration_time(even, 16.0, 2048.0, 0.0, 0.0).weights_read_s) - dense_s
    uneven_experts = float(iteration_time(uneven, 16.0, 2048.0, 0.0, 0.0).weights_read_s)
    assert (uneven_experts - dense_s) / even_experts == pytest.approx(0.3606 / 0.3983, rel=1e-3)


def test_every_release_of_calibration_2026_12_5_routes_unevenly() -> None:
    """The spread is the router's and the text's, not an engine's: the shipped value holds for
    the 2025-26 eras and for releases before them; 2026.12.4 routed evenly. 2026.12.6 and
    2026.12.7 keep it (they add only TensorRT-LLM's disaggregated decode wait and cohort),
    2026.12.8 (it adds the busiest expert-parallel rank), 2026.12.9 (TensorRT-LLM's
    attention data-parallel balancer), 2026.12.10 (weight-only INT4 expert reads),
    2026.12.11 (prompts whole in one pipeline micro-batch), 2026.12.12 (TensorRT-LLM's
    all-to-all over a multi-node NVLink domain), 2026.12.13 (collectives across servers over
    every adapter), 2026.12.14 (SGLang's memory defaults by GPU, in the catalog), 2026.12.15
    (the busiest expert-parallel rank's expert reads), 2026.12.16 (an MTP draft pass reading
    the experts its batch touches), 2026.12.17 (SGLang's budget by GPU, a closed loop on
    attention ranks in iterations), 2026.12.18 (an attention-DP MTP pass reading the whole
    LM head), 2026.12.19 (vLLM's Blackwell decode kernel, the harness's token budget),
    2026.12.21 (vLLM's hand-over from prefill to decode worker), 2026.12.22 (SGLang admitting
    only what can finish, in the catalog), 2026.12.23 (that hand-over at 120 ms), 2026.12.24
    (the B200's bandwidth as its driver reports it, in the catalog), 2026.12.25
    (TensorRT-LLM's MLA layers launching their generation path in a mixed eager iteration),
    2026.12.26 (a disaggregated decode step read at one answer or more), 2026.12.27 (a
    prompt's iteration decoding only the other sequences), 2026.12.28 (each checkpoint's
    weights held as its config stores them, in the catalog), 2026.12.29 (the eras refitted
    on the dated lines at the lengths InferenceX's client drew), 2026.12.30 (each
    attention data-parallel rank of a `predict` line with the engine's sequence cap),
    2026.12.31 (the dated lines of InferenceX's MTP scripts read with those scripts' token
    budget), 2026.12.32 (a disaggregated run's starting cohort waiting for decode places),
    2026.12.33 (the dated lines of InferenceX's DeepSeek-R1 FP8 B200 script read with its batch
    waiting), 2026.12.34 (that cohort waiting its decode worker's first token), 2026.12.37
    (SGLang's all-reduce between NVL72 trays at NCCL's measured figure), 2026.12.39
    (TensorRT-LLM's prefill GPUs sending a prompt's cache a copy per decode GPU), 2026.12.40
    (SGLang's all-reduce between 8-GPU servers at NCCL's measured figure; vLLM's cache between
    NVL72 trays over the network), 2026.12.41 (TensorRT-LLM's request overhead split by where
    trtllm-serve post-processes the answers), 2026.12.44 (vLLM's expert exchange between servers
    at NCCL's ring), 2026.12.45 (TensorRT-LLM's attention ranks admitting whole prompts within
    their own budget) and 2026.12.52 (vLLM's releases before 0.14 scheduling in turn)."""
    assert CURRENT_CALIBRATION.id == "2026.12.52"
    for engine, version in (("vllm", "0.19.0"), ("tensorrt-llm", "0.17"), ("sglang", "0.5.9")):
        assert CALIBRATIONS["2026.12.5"].performance_for(engine, version).expert_load_cv == 0.7
    for engine, version in (("vllm", "0.19.0"), ("tensorrt-llm", "0.17"), ("sglang", "0.5.9")):
        assert CURRENT_CALIBRATION.performance_for(engine, version).expert_load_cv == 0.7
    assert CALIBRATIONS["2026.12.4"].performance_for("vllm", "0.19.0").expert_load_cv == 0.0


def test_stacked_replicas_each_route_with_their_own_spread(deploy: Any) -> None:
    """`predict` stacks replicas that differ only in numbers: a spread of [0, 0.7] over 16
    tokens each gives each line what its replica gives alone (39.83%, 36.06%)."""
    dep = _routed(deploy("deepseek-v3", "b200", tp=8), 0.0)
    stacked = _routed(dep, np.array([0.0, 0.7]))  # type: ignore[arg-type]
    shares = expert_share_touched(stacked, np.array([16.0, 16.0]))
    assert np.allclose(shares, [0.3983, 0.3606], atol=1e-4)


def test_a_sized_plan_lists_the_spread_in_a_planners_words(catalog: Catalog) -> None:
    """The assumptions a result carries (the window's tab, the report's table) hold the spread
    under the calibration's value, named for a planner, not by its field name."""
    result = size_scenario(catalog, preset_scenario(DEFAULT_PRESET), CURRENT_CALIBRATION)
    spread = next(a for a in result.assumptions if a.name == "expert_load_cv")
    assert spread.value == 0.7
    assert assumption_label("expert_load_cv") == (
        "Unevenness of the experts' loads (mixture of experts)",
        "CV",
    )
