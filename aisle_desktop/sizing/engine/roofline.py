"""The physical floor under a latency: the same work at the datasheet's peak rates.

A band drawn from calibration residuals can reach below what the hardware could do at all (a
TPOT faster than reading the weights once at peak bandwidth). The floor is the replica's own
iteration with every rate at its peak and every fixed cost, all-reduce and host overhead
removed; no measured engine has beaten it.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.sizing.engine.arraymath import Number, as_float, elementwise_max
from aisle_desktop.sizing.engine.copies import replaced
from aisle_desktop.sizing.engine.deployment import Deployment
from aisle_desktop.sizing.engine.steptime import iteration_time


@dataclass(frozen=True, slots=True)
class PhysicalFloor:
    """Fastest first token and token interval the hardware allows for this work."""

    ttft_s: Number
    tpot_s: Number


def ideal(dep: Deployment) -> Deployment:
    """The replica at peak bandwidth and FLOPs with no fixed, host or communication cost."""
    peak_bandwidth = dep.gpu.memory_bandwidth_tbps * 1e12
    peak_flops = dep.execution.gemm_peak_flops
    assumptions = dep.assumptions.model_copy(
        update={
            "layer_overhead_us": 0.0,
            "activation_quantization_us_per_layer": 0.0,
            "pipeline_send_latency_us": 0.0,
        }
    )
    return replaced(
        dep,
        effective_bandwidth_bps=peak_bandwidth,
        kv_bandwidth_bps=peak_bandwidth,
        gemm_flops=peak_flops,
        attention_flops=elementwise_max(peak_flops, dep.gpu.bf16_tflops * 1e12),
        allreduce_bus_bps=float("inf"),
        allreduce_latency_s=0.0,
        attention_allreduce_bus_bps=float("inf"),
        attention_allreduce_latency_s=0.0,
        cross_server_exchange_latency_s=0.0,
        step_overhead_s=0.0,
        sequence_overhead_s=0.0,
        assumptions=assumptions,
        step_multiplier=1.0,
        speculation=None,
    )


def physical_floor(
    dep: Deployment,
    batch: Number,
    input_tokens: Number,
    output_tokens: Number,
    fastest: Deployment | None = None,
) -> PhysicalFloor:
    """TTFT of one prompt prefilled alone, and TPOT of `batch` sequences decoding, at peak
    (per element for arrays).

    `fastest` is `ideal(dep)` when the caller keeps it (many floors of one replica)."""
    fastest = ideal(dep) if fastest is None else fastest
    return PhysicalFloor(
        ttft_s=floor_ttft_s(fastest, input_tokens),
        tpot_s=floor_tpot_s(fastest, batch, input_tokens, output_tokens),
    )


def floor_ttft_s(fastest: Deployment, input_tokens: Number) -> Number:
    """`physical_floor`'s TTFT on `fastest`, the ideal replica (a caller that needs one of
    the two floors works out only that one)."""
    prefill = iteration_time(fastest, 0.0, 0.0, input_tokens, input_tokens / 2.0)
    return as_float(prefill.total_s)


def floor_tpot_s(
    fastest: Deployment, batch: Number, input_tokens: Number, output_tokens: Number
) -> Number:
    """`physical_floor`'s TPOT on `fastest`, the ideal replica."""
    decode = iteration_time(
        fastest, elementwise_max(1.0, batch), input_tokens + output_tokens / 2.0, 0.0, 0.0
    )
    return as_float(decode.total_s)
