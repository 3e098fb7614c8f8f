"""What the time model works out of a replica is kept by the replica, not by its module.

The step-time, serving, batching and disaggregated models once kept their answers in
module-level `functools` caches, global state STYLE forbids, which held old catalogs'
replicas alive after a reload. The replica's own `worked_out` gives the same answers: each
copy starts with none, and many keys do not grow it past a function's `max_answers`.
"""

from __future__ import annotations

import pytest

from aisle_desktop.sizing.engine import batching, disaggregated, serving, steptime
from aisle_desktop.sizing.engine.copies import replaced
from aisle_desktop.sizing.engine.replica_memo import kept_by_replica
from aisle_desktop.sizing.engine.steptime import gemm_seconds_per_token, iteration_time


@pytest.mark.parametrize("module", [steptime, serving, batching, disaggregated])
def test_the_time_model_keeps_nothing_between_calls(module: object) -> None:
    assert not [name for name, value in vars(module).items() if hasattr(value, "cache_clear")]


def test_a_replica_keeps_its_constants_and_steps_and_a_copy_starts_with_none(
    deploy,  # type: ignore[no-untyped-def]
) -> None:
    dep = deploy("llama-3.1-70b", "h100-sxm", tp=4)
    assert dep.worked_out == {}
    # Worked example: Llama 3.1 70B multiplies 69.5 billion parameters a token (its 70.6 B
    # less the 1.05 B input embedding), 2 FLOP each, at the 1,049 TFLOP/s its FP8 GEMMs
    # reach on one H100 of TP 4: 132.5 us of GPU time a token.
    assert gemm_seconds_per_token(dep) == pytest.approx(2 * 69.503e9 / 1048.87e12, rel=1e-4)
    assert dep.worked_out == {gemm_seconds_per_token: gemm_seconds_per_token(dep)}
    step = iteration_time(dep, 8.0, 4096.0, 0.0, 0.0)
    assert iteration_time(dep, 8, 4096, 0, 0) is step  # 8 and 8.0 are one count
    faster = replaced(dep, gemm_flops=dep.gemm_flops * 2)
    assert faster.worked_out == {}
    assert gemm_seconds_per_token(faster) == pytest.approx(gemm_seconds_per_token(dep) / 2)
    # A step of 8 sequences reads weights far longer than it multiplies: bandwidth paces it.
    slower = replaced(dep, effective_bandwidth_bps=dep.effective_bandwidth_bps / 2)
    assert iteration_time(slower, 8.0, 4096.0, 0.0, 0.0).total_s > step.total_s


def test_many_keys_keep_a_replicas_answers_bounded_and_the_same(
    deploy,  # type: ignore[no-untyped-def]
) -> None:
    worked: list[float] = []

    @kept_by_replica(max_answers=4)
    def doubled(dep: object, value: float) -> float:
        worked.append(value)
        return value * 2

    dep = deploy("llama-3.1-8b", "l40s")
    assert [doubled(dep, v) for v in (1.0, 2.0, 1.0, 3.0, 4.0)] == [2.0, 4.0, 2.0, 6.0, 8.0]
    assert worked == [1.0, 2.0, 3.0, 4.0]
    assert doubled(dep, 5.0) == 10.0  # a fifth value empties the four kept
    assert len(dep.worked_out[doubled]) == 1
    assert doubled(dep, 1.0) == 2.0 and worked[-1] == 1.0  # worked out again, the same
