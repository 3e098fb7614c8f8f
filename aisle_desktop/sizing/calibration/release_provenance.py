"""Where an engine release's own value of an assumption comes from: a fit to the 2025-26
measurements, or a rule, recipe or measurement set down as it is (docs/calibration.md gives
each one's evidence). The window, the report and `size` said "Fitted per engine release" of
every era value, the recipes' 60-iteration balancer timeout and the harness's 1,500 tokens
among them (QA); then "fitted" of vLLM 0.10-0.13's zeros, sourced from its release notes,
because provenance was looked up by name alone (an era's own comes first now)."""

from __future__ import annotations

from aisle_desktop.catalog import version_key
from aisle_desktop.sizing.calibration.engine_eras import EngineEra
from aisle_desktop.sizing.calibration.provenance import FITTED, Provenance, measured, sourced

# The assumptions whose every era value is set, not fitted, and what sets them (engine_eras.py's
# comments); an era's own provenance (`EngineEra.provenance`) comes before these.
SET_NOT_FITTED: dict[str, Provenance] = {
    "attention_dp_balance_timeout_steps": sourced("NVIDIA's TensorRT-LLM recipes for attention DP"),
    "attention_rank_whole_prompts": sourced(
        "TensorRT-LLM's scheduler: whole prompts, a budget a rank"
    ),
    "weight_only_expert_bandwidth_share": measured(
        "public kernel measurements of vLLM's Marlin MoE"
    ),
    "multi_node_nvlink_all_to_all": sourced("TensorRT-LLM's own all-to-all selection rule"),
    "cross_tray_allreduce_bus_gbps": measured("NCCL's all-reduce between two GB200 trays"),
    "cross_server_allreduce_bus_gbps": measured("NCCL's all-reduce between two 8-GPU servers"),
    "expert_exchange_network_hop_us": sourced("NCCL's own latency model of a ring's network hop"),
    "kv_copies_from_prompt_gpus": sourced(
        "TensorRT-LLM's cache formatter: one send per decode GPU"
    ),
    "draft_head_per_attention_rank": sourced(
        "TensorRT-LLM's default: the LM head whole on each rank"
    ),
    "concurrency_token_budget_headroom": sourced("aiconfigurator's harness rule files"),
    "sm100_decode_attention_bandwidth_efficiency": sourced(
        "TensorRT-LLM's era's value: the same kernel"
    ),
    "disaggregated_handover_ms": measured("vLLM RFC 50913's hand-over"),
    "cross_tray_kv_over_network": sourced(
        "how vLLM allocates its KV cache, vLLM pull request 51377"
    ),
    "mixed_mla_launch_layers": sourced("a count of TensorRT-LLM's MLA kernels"),
    "concurrency_run_rounds": sourced("aiconfigurator's harness: 50 requests per client"),
    "concurrency_warmup_rounds": sourced("aiconfigurator's harness: 2 requests per client"),
}


def era_provenance(era: EngineEra, name: str) -> Provenance:
    """How ``era``'s value of ``name`` was found: the era's own word for it, else the one
    every era's value of ``name`` shares, else a fit to the 2025-26 measurements."""
    return era.provenance.get(name) or SET_NOT_FITTED.get(name, FITTED)


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
