"""Which of the calibration's values can move a sized plan's figures.

The calibration holds some forty values, and most plans read only part of them: a dense model
never routes tokens to experts, an FP8 plan runs no 4-bit arithmetic, and the values that
describe how benchmark runs were sent (their rounds, warm-up and starting cohort) are read
only when `predict` compares the model with measurements. The report lists the values a plan
rests on in full and the others in a short table, and the window greys them, so that a planner
checks what matters to them first.

The rules read only what the planner chose (the model, its precision, a draft), never the
layout: the split search weighs every layout the GPUs allow, so a value only an expert-parallel
or pipelined layout reads can still decide which layout wins (a cheaper pipeline hand-over
makes Qwen3.5's plan on B200 choose a pipeline). A test changes every value set aside for
each preset, served together and compared with pools, and checks that no figure moves.
"""

from __future__ import annotations

from aisle_desktop.sizing.engine import Deployment, decodes_with_trtllm_kernel
from aisle_desktop.sizing.engine.deployment import GPUS_PER_SERVER_TYPICAL
from aisle_desktop.sizing.planning.result import SizingResult

# Read only for benchmark rows: how a fixed-concurrency or online run was sent and measured,
# and how its script started the server (post-processing workers, which a plan does not run).
BENCHMARK_ONLY = frozenset(
    {
        "postprocess_workers_overhead_share",
        "concurrency_run_requests",
        "concurrency_run_rounds",
        "concurrency_warmup_rounds",
        "concurrency_token_budget_headroom",
        "cohort_persistence",
        "disaggregated_cohort_persistence",
        "benchmark_requests",
    }
)

# Read only for a model with routed experts (`Deployment.model.moe`): routing, the experts'
# GEMMs and, split over expert-parallel ranks, the busiest rank and the all-to-all.
ROUTED_EXPERTS = frozenset(
    {
        "moe_layer_overhead_us",
        "expert_load_cv",
        "expert_gemm_half_rate_width",
        "expert_rank_imbalance",
        "busiest_rank_expert_reads",
        "multi_node_nvlink_all_to_all",
        "expert_exchange_network_hop_us",
    }
)


def _model_reads(name: str, dep: Deployment) -> bool:
    """Whether the plan's model, precision or draft lets any layout reach the value."""
    moe = dep.model.moe is not None
    execution = dep.execution
    if name in ROUTED_EXPERTS:
        return moe
    if name == "draft_pass_touched_experts":
        return moe and dep.speculation is not None
    if name == "draft_head_per_attention_rank":
        return dep.speculation is not None and dep.speculation.method == "mtp"
    if name == "mixed_mla_launch_layers":
        return any(group.is_latent for group in dep.model_layers)
    if name == "sm100_decode_attention_bandwidth_efficiency":
        return decodes_with_trtllm_kernel(dep.gpu, dep.model, execution)
    if name == "weight_only_expert_bandwidth_share":
        return moe and execution.weight_only and execution.weight_precision == "int4"
    if name in ("cross_tray_allreduce_bus_gbps", "cross_tray_kv_over_network"):
        return dep.gpu.interconnect.scale_up_domain_gpus > GPUS_PER_SERVER_TYPICAL
    if name == "cross_server_allreduce_bus_gbps":
        return dep.gpu.interconnect.scale_up_domain_gpus <= GPUS_PER_SERVER_TYPICAL
    if name == "block_scaled_gemm_efficiency":
        return not execution.weight_only and execution.bits_per_weight < 8
    return True


def bears_on(name: str, result: SizingResult) -> bool:
    """Whether calibration value `name` can move `result`'s figures (see the module's rules);
    True for a plan that was not sized to a replica, whose figures the report does not give."""
    if name in BENCHMARK_ONLY:
        return False
    planned = result.planned
    if planned is None:
        return True
    return _model_reads(name, planned.capacity.dep)
