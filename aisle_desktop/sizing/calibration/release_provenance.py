"""Where an engine release's own value of an assumption comes from: a fit to the 2025-26
measurements, or a rule, recipe or measurement set down as it is (docs/calibration.md gives
each one's evidence). The window, the report and `size` said "Fitted per engine release" of
every era value, the recipes' 60-iteration balancer timeout and the harness's 1,500 tokens
among them (QA)."""

from __future__ import annotations

from aisle_desktop.catalog import version_key

# The era values that are not fitted, and what sets them (engine_eras.py's comments).
SET_NOT_FITTED: dict[str, str] = {
    "attention_dp_balance_timeout_steps": "NVIDIA's TensorRT-LLM recipes for attention DP",
    "attention_rank_whole_prompts": "TensorRT-LLM's scheduler (whole prompts, a budget a rank)",
    "weight_only_expert_bandwidth_share": "public kernel measurements of vLLM's Marlin MoE",
    "multi_node_nvlink_all_to_all": "TensorRT-LLM's own all-to-all selection rule",
    "cross_tray_allreduce_bus_gbps": "NCCL's all-reduce measured between two GB200 trays",
    "cross_server_allreduce_bus_gbps": "NCCL's all-reduce measured between two 8-GPU servers",
    "expert_exchange_network_hop_us": "NCCL's own latency model of a ring's network hop",
    "kv_copies_from_prompt_gpus": "TensorRT-LLM's cache formatter (one send per decode GPU)",
    "draft_head_per_attention_rank": "TensorRT-LLM's default (the LM head whole on each rank)",
    "concurrency_token_budget_headroom": "aiconfigurator's harness rule files",
    "sm100_decode_attention_bandwidth_efficiency": "TensorRT-LLM's era's value (the same kernel)",
    "disaggregated_handover_ms": "vLLM RFC 50913's measurements",
    "cross_tray_kv_over_network": "how vLLM allocates its KV cache (vLLM pull request 51377)",
    "mixed_mla_launch_layers": "a count of TensorRT-LLM's MLA kernels",
    "concurrency_run_rounds": "aiconfigurator's harness (50 requests per client)",
    "concurrency_warmup_rounds": "aiconfigurator's harness (2 requests per client)",
}


def era_provenance(name: str) -> str:
    """How an engine release's value of ``name`` was found, to follow "… per engine release":
    ``fitted to the 2025-26 measurements`` or ``set from NVIDIA's TensorRT-LLM recipes for
    attention DP, not fitted``."""
    source = SET_NOT_FITTED.get(name)
    if source is None:
        return "fitted to the 2025-26 measurements"
    return f"set from {source}, not fitted"


# The releases the 2025-26 measurements ran, oldest and newest as their lines print them
# (validation/modern_engines_dev.jsonl, `engine_version`): every fitted era value rests on
# them. A release the catalog lists beyond the newest has no measurement of its own.
MEASURED_RELEASES: dict[str, tuple[str, str]] = {
    "tensorrt-llm": ("1.0.0rc3", "1.3.0rc5"),
    "vllm": ("0.11.2", "0.19.0"),
    "sglang": ("0.5.1", "0.5.10"),
}


def measured_releases(engine_id: str, version: str) -> tuple[str, str] | None:
    """The oldest and newest releases the 2025-26 measurements ran when ``version`` is newer
    than all of them (it runs with values fitted on those); None when it is among them or
    older, or when no 2025-26 measurement ran the engine."""
    span = MEASURED_RELEASES.get(engine_id)
    wanted, newest = version_key(version), version_key(span[1]) if span else None
    if span is None or wanted is None or newest is None or wanted <= newest:
        return None
    return span
