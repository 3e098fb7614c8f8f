"""SIZING.md section 7, reproduced: Llama 3.1 70B FP8 on 8 x H100 SXM as one TP8 replica under
vLLM defaults, 2,048 input / 256 output tokens, 50 requests always in flight.

Memory figures follow from the formulas and must match within 2%; times come from the
calibrated model, and the design document says "roughly", so they are held within 20%.
"""

from __future__ import annotations

import pytest

from aisle_desktop.sizing.capacity import replica_capacity
from aisle_desktop.sizing.fit import memory_breakdown
from aisle_desktop.sizing.serving import steady_state

MEMORY_TOLERANCE = 0.02
TIME_TOLERANCE = 0.20
INPUT, OUTPUT, IN_FLIGHT = 2048, 256, 50


@pytest.fixture(scope="module")
def dep(deploy):  # type: ignore[no-untyped-def]
    return deploy("llama-3.1-70b", "h100-sxm", tp=8, weights="fp8", kv="fp16", engine="vllm")


def test_memory(dep) -> None:  # type: ignore[no-untyped-def]
    mem = memory_breakdown(dep, INPUT + OUTPUT)
    assert dep.weights.total_bytes / 1e9 == pytest.approx(72.7, rel=MEMORY_TOLERANCE)
    assert mem.weights_bytes / 1e9 == pytest.approx(9.1, rel=MEMORY_TOLERANCE)
    assert mem.kv_bytes_per_sequence == 40_960 * (INPUT + OUTPUT)
    assert mem.kv_room_bytes / 1e9 == pytest.approx(65.0, rel=MEMORY_TOLERANCE)
    assert mem.kv_room_bytes / 40_960 / 1e6 == pytest.approx(1.59, rel=MEMORY_TOLERANCE)
    assert mem.max_sequences == pytest.approx(677, rel=MEMORY_TOLERANCE)


def test_latency_and_throughput(dep) -> None:  # type: ignore[no-untyped-def]
    point = steady_state(dep, IN_FLIGHT, INPUT, OUTPUT, dep.engine.max_num_batched_tokens, 0.010)
    assert float(point.decode_step.total_s) * 1e3 == pytest.approx(10, rel=TIME_TOLERANCE)
    assert float(point.prefill_step.total_s) * 1e3 == pytest.approx(76, rel=TIME_TOLERANCE)
    assert float(point.tpot_s) * 1e3 == pytest.approx(23, rel=TIME_TOLERANCE)
    assert float(point.ttft_s) * 1e3 == pytest.approx(85, rel=TIME_TOLERANCE)
    assert float(point.requests_per_s) == pytest.approx(8.4, rel=TIME_TOLERANCE)
    assert float(point.output_tokens_per_s) == pytest.approx(2140, rel=TIME_TOLERANCE)


def test_largest_batch_within_targets(dep) -> None:  # type: ignore[no-untyped-def]
    cap = replica_capacity(
        dep, INPUT, OUTPUT, ttft_target_s=1.0, tpot_target_s=0.050, extra_ttft_s=0.0
    )
    assert cap.batch_within_targets == pytest.approx(137, rel=TIME_TOLERANCE)
    assert cap.binding_target == "TPOT"
