"""Expert parallel: a MoE layer bound by its weight reads ends when the rank holding the most of
its tokens' experts has read them (calibration 2026.12.15)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from aisle_desktop.sizing.calibration import CALIBRATIONS
from aisle_desktop.sizing.engine import iteration_time
from aisle_desktop.sizing.engine.deployment import with_layout
from aisle_desktop.sizing.engine.steptime import busiest_rank_read_excess, expert_share_touched


def _ranked(dep: Any, reads: float, ep: int) -> Any:
    assumptions = dep.assumptions.model_copy(
        update={"expert_load_cv": 0.7, "busiest_rank_expert_reads": reads}
    )
    return with_layout(dataclasses.replace(dep, assumptions=assumptions), 1, ep)


def test_the_busiest_rank_holds_more_of_few_picked_experts(deploy: Any) -> None:
    """DeepSeek-V3 (256 experts, 8 a token) on EP 8, 32 experts a rank. One token touches
    3.054% of the experts (uneven routing), about one a rank: a rank's count spreads with
    sqrt(0.96946 / (32 x 0.03054)) = 0.9960 of the mean, and the busiest of 8 sits 1.4342
    deviations above it, 142.9% more than the mean (2.43 experts). At 64 tokens (75.19%
    touched) sqrt(0.24806 / 24.062) = 0.1015: 14.6% more. At 4,096 tokens every rank reads
    nearly all its experts: 0.02%."""
    dep = _ranked(deploy("deepseek-v3", "b200", tp=8), 1.0, 8)
    excess = {1.0: 1.4285, 64.0: 0.1456, 4096.0: 0.0002}
    for tokens, more in excess.items():
        touched = expert_share_touched(dep, tokens)
        assert float(busiest_rank_read_excess(dep, touched)) == pytest.approx(more, abs=2e-4)


def test_no_expert_parallel_or_no_experts_has_no_busiest_reads(deploy: Any) -> None:
    sliced = _ranked(deploy("deepseek-v3", "b200", tp=8), 1.0, 1)
    assert float(busiest_rank_read_excess(sliced, expert_share_touched(sliced, 1.0))) == 0.0
    dense = deploy("llama-3.1-70b", "b200", tp=8)
    assert float(busiest_rank_read_excess(dense, 0.0)) == 0.0


def test_a_one_answer_decode_step_reads_the_busiest_ranks_experts(deploy: Any) -> None:
    """A decode step of one answer reads the dense weights and, on the busiest rank, 2.43x
    the mean rank's share of the picked experts; with the weight 0 (every calibration before
    2026.12.15) the mean rank's."""
    mean = _ranked(deploy("deepseek-v3", "b200", tp=8), 0.0, 8)
    busiest = _ranked(deploy("deepseek-v3", "b200", tp=8), 1.0, 8)
    dense_s = float(iteration_time(mean, 0.0, 0.0, 0.0, 0.0).weights_read_s)
    mean_s = float(iteration_time(mean, 1.0, 2048.0, 0.0, 0.0).weights_read_s) - dense_s
    busiest_s = float(iteration_time(busiest, 1.0, 2048.0, 0.0, 0.0).weights_read_s) - dense_s
    assert busiest_s / mean_s == pytest.approx(2.4285, rel=1e-3)


def test_the_busiest_rank_never_reads_more_than_all_its_experts(deploy: Any) -> None:
    """EP 64 on 256 experts: 4 a rank, so at 64 tokens the excess stops where the busiest
    rank reads all 4 (1 / touched - 1)."""
    dep = _ranked(deploy("deepseek-v3", "b200", tp=64), 1.0, 64)
    touched = float(expert_share_touched(dep, 64.0))
    assert float(busiest_rank_read_excess(dep, touched)) == pytest.approx(1.0 / touched - 1.0)


def test_calibration_2026_12_15_waits_for_the_busiest_ranks_reads() -> None:
    current = CALIBRATIONS["2026.12.15"].performance_for("tensorrt-llm", "1.2.0")
    assert current.busiest_rank_expert_reads == 1.0
    before = CALIBRATIONS["2026.12.14"].performance_for("tensorrt-llm", "1.2.0")
    assert before.busiest_rank_expert_reads == 0.0
