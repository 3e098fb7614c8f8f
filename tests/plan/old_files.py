"""Plan files as older versions of Aisle wrote them, for the migration tests."""

from __future__ import annotations

from typing import Any

from aisle_desktop.plan import Plan

# What a version-2 file saved in November 2026 held for every scenario: the model's whole
# calibration of the day, older values included (request overhead 10 ms, FP4 block scales 0.8).
V2_PERFORMANCE = {
    "runtime_overhead_gib_tp1": 1.5,
    "runtime_overhead_gib_multi_gpu": 2.5,
    "paging_waste_fraction": 0.02,
    "request_overhead_ms": 10.0,
    "allreduce_efficiency": 1.0,
    "attention_flops_efficiency": 0.35,
    "block_scaled_gemm_efficiency": 0.8,
    "layer_overhead_us": 20.0,
    "stream_overhead_us_per_sequence": 20.0,
    "pipeline_send_latency_us": 20.0,
    "benchmark_requests": 500,
}
V2_COSTS = {
    "gpu_average_power_fraction": 0.7,
    "network_storage_overhead_fraction": 0.1,
    "support_fraction_per_year": 0.1,
    "target_utilization": 0.8,
}


def v2_file(plan: Plan, **changed: float) -> dict[str, Any]:
    """A version-2 file of ``plan``'s first scenario; ``changed`` replaces stored assumptions."""
    scenario = plan.scenarios[0].model_dump(mode="json", exclude={"assumption_overrides"})
    performance = {**V2_PERFORMANCE, **{k: v for k, v in changed.items() if k in V2_PERFORMANCE}}
    costs = {**V2_COSTS, **{k: v for k, v in changed.items() if k in V2_COSTS}}
    scenario |= {"performance": performance, "cost_assumptions": costs}
    return {"format": "aisle-plan", "version": 2, "notes": "", "scenarios": [scenario]}
