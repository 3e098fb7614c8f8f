"""Weight-only INT4 MoE kernels stream their routed experts slower than the other weights."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from aisle_desktop.sizing.calibration import CALIBRATIONS
from aisle_desktop.sizing.engine import iteration_time
from aisle_desktop.sizing.engine.steptime import expert_read_share, expert_share_touched


def _with_share(dep: Any, share: float) -> Any:
    assumptions = dep.assumptions.model_copy(update={"weight_only_expert_bandwidth_share": share})
    return dataclasses.replace(dep, assumptions=assumptions)


def test_int4_experts_are_read_at_the_share_and_the_dense_weights_are_not(deploy: Any) -> None:
    """Kimi K2.5 INT4 on 8 B200 (weight-only: Blackwell has no INT4 tensor cores), 16 decode
    sequences: the routed experts' bytes the step touches take 1 / 0.6 as long to read at a
    share of 0.6; attention, shared-expert and embedding bytes keep their time, so the step's
    weight read grows by exactly the experts' extra 2/3."""
    plain = deploy("kimi-k2.5", "b200", tp=8, weights="int4")
    assert plain.execution.weight_only
    slow = _with_share(plain, 0.6)
    assert expert_read_share(plain) == 1.0
    assert expert_read_share(slow) == 0.6
    touched = float(expert_share_touched(plain, 16.0))
    experts_s = plain.weights.expert_bytes * touched / 8 / plain.effective_bandwidth_bps
    plain_s = float(iteration_time(plain, 16.0, 1536.0, 0.0, 0.0).weights_read_s)
    slow_s = float(iteration_time(slow, 16.0, 1536.0, 0.0, 0.0).weights_read_s)
    assert slow_s - plain_s == pytest.approx(experts_s * (1 / 0.6 - 1), rel=1e-9)
    assert experts_s < plain_s


@pytest.mark.parametrize(
    ("model", "weights"),
    [("kimi-k2.5", "fp4"), ("deepseek-v3", "fp8"), ("llama-3.1-70b", "int4")],
)
def test_other_precisions_and_dense_models_read_at_full_rate(
    deploy: Any, model: str, weights: str
) -> None:
    """Native FP4 and FP8 experts run the engine's own grouped GEMMs; a dense INT4 model
    (AWQ, GPTQ) has no routed experts and its Marlin GEMMs stream near the weight rate."""
    dep = _with_share(deploy(model, "b200", tp=8, weights=weights), 0.6)
    base = _with_share(dep, 1.0)
    assert float(iteration_time(dep, 16.0, 1536.0, 0.0, 0.0).weights_read_s) == float(
        iteration_time(base, 16.0, 1536.0, 0.0, 0.0).weights_read_s
    )


@pytest.mark.parametrize(
    ("calibration", "engine", "version", "share"),
    [
        ("2026.12.10", "vllm", "0.15.1", 0.6),
        ("2026.12.10", "sglang", "0.5.9", 0.6),
        ("2026.12.10", "tensorrt-llm", "1.2.0", 1.0),
        ("2026.12.9", "vllm", "0.15.1", 1.0),
    ],
)
def test_only_vllm_and_sglang_read_int4_experts_slower_from_2026_12_10(
    calibration: str, engine: str, version: str, share: float
) -> None:
    """The Marlin MoE measurements are of vLLM's kernels, which SGLang runs for these
    checkpoints too; TensorRT-LLM has its own and keeps the full rate."""
    assumptions = CALIBRATIONS[calibration].performance_for(engine, version)
    assert assumptions.weight_only_expert_bandwidth_share == share
