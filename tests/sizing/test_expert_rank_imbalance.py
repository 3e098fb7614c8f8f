"""Expert parallel: a MoE layer ends when the rank given the most tokens does."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from aisle_desktop.sizing.calibration import CALIBRATIONS, CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import iteration_time
from aisle_desktop.sizing.engine.deployment import with_layout
from aisle_desktop.sizing.engine.steptime import (
    busiest_rank_deviations,
    busiest_rank_token_excess,
    routed_gemm_seconds_per_token,
)


def _ranked(dep: Any, imbalance: float, ep: int) -> Any:
    assumptions = dep.assumptions.model_copy(
        update={"expert_load_cv": 0.7, "expert_rank_imbalance": imbalance}
    )
    return with_layout(dataclasses.replace(dep, assumptions=assumptions), 1, ep)


def test_the_busiest_of_n_ranks_sits_blom_deviations_above_the_mean() -> None:
    """Blom: the normal quantile at (n - 0.375) / (n + 0.25); the exact expected maxima of 2,
    8 and 64 standard normals are 0.564, 1.424 and 2.33."""
    assert busiest_rank_deviations(1) == 0.0
    assert busiest_rank_deviations(2) == pytest.approx(0.589, abs=1e-3)
    assert busiest_rank_deviations(8) == pytest.approx(1.4342, abs=1e-4)
    assert busiest_rank_deviations(64) == pytest.approx(2.336, abs=1e-3)


def test_the_busiest_rank_is_given_more_tokens_than_the_mean(deploy: Any) -> None:
    """DeepSeek-V3 (256 experts, 8 a token) on EP 8, a rank holding 32: at 4,096 tokens a
    rank's load spreads with sqrt(0.49 / 32 + 8 / 32,768) = 0.1247 of the mean (which
    experts it holds), so the busiest runs 1.4342 x 0.1247 = 17.9% more; at 4 tokens the
    draw of the 32 picks dominates: 1.4342 x sqrt(0.0153 + 0.25) = 73.9%. Without expert
    parallel every GPU multiplies a slice of every expert: no busiest rank."""
    dep = _ranked(deploy("deepseek-v3", "b200", tp=8), 1.0, 8)
    assert float(busiest_rank_token_excess(dep, 4096.0)) == pytest.approx(0.1789, abs=1e-4)
    assert float(busiest_rank_token_excess(dep, 4.0)) == pytest.approx(0.7387, abs=1e-4)
    sliced = _ranked(deploy("deepseek-v3", "b200", tp=8), 1.0, 1)
    assert float(busiest_rank_token_excess(sliced, 4096.0)) == 0.0
    dense = deploy("llama-3.1-70b", "b200", tp=8)
    assert float(busiest_rank_token_excess(dense, 4096.0)) == 0.0


def test_a_prefill_chunk_waits_for_the_busiest_rank_only_where_assumed(deploy: Any) -> None:
    """A 4,096-token prefill step's routed-expert GEMMs take 17.9% longer at imbalance 1
    than at 0 (every calibration before 2026.12.8): the step adds 0.179 of the routed GEMMs'
    time on one of the 8 GPUs, nothing else."""
    even = _ranked(deploy("deepseek-v3", "b200", tp=8), 0.0, 8)
    ranked = _ranked(deploy("deepseek-v3", "b200", tp=8), 1.0, 8)
    even_s = float(iteration_time(even, 0.0, 0.0, 4096.0, 2048.0).gemm_compute_s)
    ranked_s = float(iteration_time(ranked, 0.0, 0.0, 4096.0, 2048.0).gemm_compute_s)
    routed_s = routed_gemm_seconds_per_token(even) * 4096.0 / 8
    assert ranked_s - even_s == pytest.approx(routed_s * 0.1789, rel=1e-3)


def test_calibration_2026_12_8_waits_for_the_busiest_rank() -> None:
    assert CURRENT_CALIBRATION.performance_for("tensorrt-llm", "1.2.0").expert_rank_imbalance == 1
    assert CALIBRATIONS["2026.12.7"].performance_for("sglang", "0.5.9").expert_rank_imbalance == 0
