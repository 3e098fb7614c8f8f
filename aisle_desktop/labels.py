"""What each result figure is called on screen, in the CLI and on paper, grouped as a planner
reads them. One table, so the three always agree."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aisle_desktop.formatting import as_entered

# Each group's title and the (name, label) of its figures.
FigureGroups = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]

MEMORY_GROUP = "Memory per GPU"
PREFILL_MEMORY_GROUP = "Memory per GPU, prefill pool"

FIGURE_GROUPS: FigureGroups = (
    (
        PREFILL_MEMORY_GROUP,
        (
            ("prefill_weights_per_gpu_gb", "Weights"),
            ("prefill_kv_cache_per_gpu_gb", "KV cache room"),
            ("prefill_runtime_per_gpu_gb", "Runtime"),
            ("prefill_free_per_gpu_gb", "Free"),
        ),
    ),
    (
        MEMORY_GROUP,
        (
            ("weights_per_gpu_gb", "Weights"),
            ("kv_cache_per_gpu_gb", "KV cache room"),
            ("runtime_per_gpu_gb", "Runtime"),
            ("free_per_gpu_gb", "Free"),
            ("kv_bytes_per_token", "KV cache per token (whole model)"),
            ("max_sequences_per_replica", "Full-length requests that fit, per replica"),
            ("conversation_at_max_context_gb", "One conversation at full context"),
            ("conversation_128k_gb", "One 128k-token conversation"),
        ),
    ),
    (
        "At the planned load",
        (
            ("in_flight_per_replica", "Requests in flight per replica"),
            ("ttft_ms", "Time to first token (TTFT)"),
            ("tpot_ms", "Time per output token (TPOT)"),
            ("speculative_tokens_per_step", "Tokens per decode step (speculative)"),
            ("e2e_latency_s", "End-to-end latency"),
            ("requests_per_s", "Requests served"),
            ("output_tokens_per_s", "Output tokens"),
        ),
    ),
    (
        "Capacity",
        (
            ("max_in_flight_within_targets", "Most requests in flight within targets"),
            ("max_requests_per_s_within_targets", "Most requests within targets"),
            ("max_users_within_targets", "Most users within targets"),
            ("max_output_tokens_per_s", "Peak throughput, targets ignored"),
        ),
    ),
    (
        "Prefill and decode pools",
        (
            ("prefill_pool_gpus", "Prefill pool"),
            ("decode_pool_gpus", "Decode pool"),
            ("kv_transfer_ms", "KV hand-over per request"),
        ),
    ),
    (
        "Power and space",
        (
            ("gpus_needed", "GPUs needed, spare included"),
            ("server_average_kw", "Server, average"),
            ("server_nameplate_kw", "Server, nameplate"),
            ("encoder_server_average_kw", "Encoder server, average"),
            ("it_average_kw", "All servers, average"),
            ("it_nameplate_kw", "All servers, nameplate"),
            ("facility_kw", "Facility, with cooling (PUE)"),
            ("racks_by_units", "Racks by space"),
            ("racks_by_power", "Racks by power"),
            ("encoder_servers_beside", "Encoder servers in the answering racks"),
            ("encoder_racks", "Racks for the encoder servers alone"),
        ),
    ),
    (
        "Cost",
        (
            ("capex_usd", "Hardware (capex)"),
            ("tco_per_year_usd", "Total cost a year"),
            ("energy_per_year_usd", "Energy a year"),
            ("tokens_per_year", "Tokens a year"),
            ("cost_per_million_tokens_usd", "Cost per million tokens"),
            ("cost_per_request_usd", "Cost per request"),
            ("api_cost_per_year_usd", "Hosted API, same load, a year"),
            ("api_embeddings_per_year_usd", "Hosted embeddings a year"),
            ("api_cost_per_request_usd", "Hosted API per request"),
            ("break_even_requests_per_day", "Owning is cheaper above"),
            ("break_even_duty_cycle", "Break-even share of full capacity"),
        ),
    ),
    (
        "Embeddings",
        (
            ("embedding_tokens_per_s_per_gpu", "Encoder tokens per GPU"),
            ("embedding_gpus", "GPUs for ingest and queries"),
            ("embedding_servers", "Servers added for embeddings"),
            ("embedding_tokens_per_year", "Tokens embedded a year"),
            ("vector_index_ram_gb", "Vector index RAM"),
        ),
    ),
)

# How each kind of GPU link is written (the catalog stores "nvlink", "pcie").
LINK_LABELS = {
    "nvlink": "NVLink",
    "nvlink-bridge": "NVLink bridge",
    "pcie": "PCIe",
    "infinity-fabric": "Infinity Fabric",
    "roce": "RoCE Ethernet",
}

# What a figure is called when the plan serves with separate pools. "Full-length" because a
# decode worker carries more answers than this on average ("answers each"): paged caches hold
# each answer's tokens so far, not its whole length.
POOL_LABELS = {"max_sequences_per_replica": "Full-length requests a decode worker holds"}


def figure_groups(prefill_layout: str = "", decode_layout: str = "") -> FigureGroups:
    """The groups as a plan reads them. A plan of separate prefill and decode pools (their
    splits given, "TP 2 × PP 3") holds the model differently in each pool, so each memory
    group names its pool and split, and the requests that fit are one decode worker's."""
    if not decode_layout:
        return FIGURE_GROUPS
    titles = {
        PREFILL_MEMORY_GROUP: f"{PREFILL_MEMORY_GROUP} ({prefill_layout})",
        MEMORY_GROUP: f"{MEMORY_GROUP}, decode pool ({decode_layout})",
    }
    return tuple(
        (
            titles.get(title, title),
            tuple((name, POOL_LABELS.get(name, label)) for name, label in figures),
        )
        for title, figures in FIGURE_GROUPS
    )


# The parts of one GPU's memory as its bar draws them (a prefill worker's: "prefill_" first).
MEMORY_SEGMENTS = (
    ("Weights", "weights_per_gpu_gb"),
    ("KV cache", "kv_cache_per_gpu_gb"),
    ("Runtime", "runtime_per_gpu_gb"),
    ("Free", "free_per_gpu_gb"),
)

# Figures that only repeat another when their values agree: all servers are the one server,
# or the model's full context is 128k tokens. The report's results list the other alone.
REPEATS: dict[str, str] = {
    "it_average_kw": "server_average_kw",
    "it_nameplate_kw": "server_nameplate_kw",
    "conversation_128k_gb": "conversation_at_max_context_gb",
}


def repeats_another(figures: Mapping[str, Any], name: str) -> bool:
    """Whether figure ``name`` of ``figures`` (a result's, by name, each with a ``value``)
    says only what another one listed already does (`REPEATS`): the report's results and
    `size` list the other alone."""
    twin = REPEATS.get(name)
    if twin is None or twin not in figures or name not in figures:
        return False
    return bool(figures[twin].value == figures[name].value)


# The headline figures, in the order the window's grid and the report's key figures show them.
HEADLINE_FIGURES = (
    "ttft_ms",
    "tpot_ms",
    "max_users_within_targets",
    "output_tokens_per_s",
    "it_average_kw",
    "it_nameplate_kw",
    "facility_kw",
    "capex_usd",
    "tco_per_year_usd",
    "cost_per_million_tokens_usd",
    "api_cost_per_year_usd",
    "break_even_requests_per_day",
)
FIGURE_LABELS: dict[str, str] = {
    name: f"{label}, prefill pool" if title == PREFILL_MEMORY_GROUP else label
    for title, figures in FIGURE_GROUPS
    for name, label in figures
}
# Figures no group shows (nor the glossary), which the bill's export lists with the rest: it
# read "served_share" there.
UNGROUPED_LABELS = {"served_share": "Share of the demand served within the targets"}

# What the model's assumptions are called on paper: a planner's words and the unit, never the
# code's field name ("runtime overhead gib tp1").
ASSUMPTION_LABELS: dict[str, tuple[str, str]] = {
    "runtime_overhead_gib_tp1": ("Runtime memory per GPU, model on one GPU", "GB"),
    "runtime_overhead_gib_multi_gpu": ("Runtime memory per GPU, model split over GPUs", "GB"),
    "paging_waste_fraction": ("Conversation memory lost to paging", "share"),
    "request_overhead_ms": ("Time per request before its first step", "ms"),
    "allreduce_efficiency": ("Share of the GPU-to-GPU link speed reached", "share"),
    "allreduce_large_message_factor": ("Link speed gain for prefill-sized messages", "times"),
    "attention_flops_efficiency": ("Share of peak compute reached by attention", "share"),
    "attention_bandwidth_efficiency": (
        "Share of memory speed reached reading conversations",
        "share",
    ),
    "sm100_decode_attention_bandwidth_efficiency": (
        "Share of memory speed vLLM reaches reading conversations with TensorRT-LLM's kernel "
        "(B200 class)",
        "share",
    ),
    "block_scaled_gemm_efficiency": ("Speed kept by 4-bit (FP4) matrix arithmetic", "share"),
    "expert_gemm_half_rate_width": (
        "Expert width at half speed (mixture of experts)",
        "columns",
    ),
    "layer_overhead_us": ("Fixed time per layer per step", "µs"),
    "activation_quantization_us_per_layer": ("Extra time per layer at FP8 or FP4", "µs"),
    "stream_overhead_us_per_sequence": ("Streaming cost per running request per step", "µs"),
    "moe_layer_overhead_us": ("Extra fixed time per expert layer per step", "µs"),
    "expert_load_cv": ("Unevenness of the experts' loads (mixture of experts)", "CV"),
    "expert_rank_imbalance": (
        "Share of the busiest expert-parallel GPU's extra load waited for",
        "share",
    ),
    "busiest_rank_expert_reads": (
        "Share of the busiest expert-parallel GPU's extra expert reads waited for",
        "share",
    ),
    "draft_pass_touched_experts": (
        "Share of the experts a batch's draft tokens touch that an MTP pass reads",
        "share",
    ),
    "draft_head_per_attention_rank": (
        "Share of the whole LM head an MTP pass reads on each attention-parallel rank",
        "share",
    ),
    "weight_bandwidth_factor": ("Speed of weight reads, times the engine catalog's", "times"),
    "gemm_flops_factor": ("Speed of matrix arithmetic, times the engine catalog's", "times"),
    "step_overhead_factor": ("Scheduling time per step, times the engine catalog's", "times"),
    "host_overlap": ("Share of a step's host work hidden behind the GPU's", "share"),
    "allreduce_latency_factor": ("Time per all-reduce round, times the catalog's", "times"),
    "network_adapters_per_collective": (
        "Network adapters a collective across servers uses",
        "adapters",
    ),
    "cross_tray_allreduce_bus_gbps": (
        "All-reduce bandwidth between NVL72 trays where the engine falls back to NCCL",
        "GB/s",
    ),
    "cross_server_allreduce_bus_gbps": (
        "All-reduce bandwidth between servers where the engine falls back to NCCL",
        "GB/s",
    ),
    "expert_exchange_network_hop_us": (
        "Network hop of an expert exchange between servers where the engine uses NCCL's ring",
        "µs",
    ),
    "kv_copies_from_prompt_gpus": (
        "Prompt's cache sent from the prefill GPUs holding it, a copy per decode GPU",
        "share",
    ),
    "postprocess_workers_overhead_share": (
        "Share of the time per request before its first step left with post-processing workers",
        "share",
    ),
    "multi_node_nvlink_all_to_all": (
        "Share of expert traffic sent only where a token's experts are (NVL72)",
        "share",
    ),
    "weight_only_expert_bandwidth_share": (
        "Share of weight bandwidth INT4 expert kernels reach",
        "share",
    ),
    "eager_layer_overhead_us": ("Launch time per layer of a step without a CUDA graph", "µs"),
    "mixed_mla_launch_layers": (
        "Extra launches of an MLA layer in a step mixing a prompt with decodes",
        "layers",
    ),
    "first_token_wait_steps": ("Steps a first token waits beyond its prompt", "steps"),
    "attention_dp_balance_timeout_steps": (
        "Steps a prompt may wait for every attention rank to have one",
        "steps",
    ),
    "attention_rank_whole_prompts": (
        "Prompts an attention rank admits only whole, within its own budget",
        "share",
    ),
    "concurrency_run_rounds": ("Requests per client in a concurrency benchmark", "requests"),
    "concurrency_token_budget_headroom": (
        "Tokens a benchmark harness adds to a worker's budget beyond its clients and a prompt",
        "tokens",
    ),
    "concurrency_warmup_rounds": ("Warm-up requests per client in a benchmark", "requests"),
    "concurrency_run_requests": ("Requests a concurrency benchmark run measures", "requests"),
    "cohort_persistence": ("Share of a benchmark's starting cohort kept each round", "share"),
    "disaggregated_cohort_persistence": (
        "Share of a starting cohort kept each round, separate pools",
        "share",
    ),
    "disaggregated_decode_step_ms": ("Host time per decode step, separate pools", "ms"),
    "disaggregated_handover_ms": ("Hand-over from prefill to decode, separate pools", "ms"),
    "cross_tray_kv_over_network": (
        "Share of a cache sent between NVL72 trays over the network, separate pools",
        "share",
    ),
    "pipeline_send_latency_us": ("Hand-over time between pipeline stages", "µs"),
    "pipeline_whole_prompts": ("Prompts kept whole in one pipeline micro-batch", "share"),
    "benchmark_requests": ("Requests per benchmark run", "requests"),
    "gpu_average_power_fraction": ("Average GPU power, share of its rating", "share"),
    "gpu_idle_power_fraction": ("Idle GPU power, share of its rating", "share"),
    "network_storage_overhead_fraction": (
        "Network, storage and racks, share of the server price",
        "share",
    ),
    "support_fraction_per_year": ("Support a year, share of the hardware price", "share"),
    "target_utilization": ("Planned peak load, share of capacity", "share"),
    "electricity_usd_per_kwh": ("Electricity price", "USD/kWh"),
    "colocation_usd_per_kw_month": ("Colocation price per kW a month", "USD/kW-month"),
    "server_price_usd": ("Model server price", "USD"),
    "hosted_embedding_usd_per_mtok": ("Hosted embedding price", "USD/M tokens"),
}


def assumption_label(name: str) -> tuple[str, str]:
    """An assumption's plain name and unit; unknown names lose their underscores."""
    return ASSUMPTION_LABELS.get(name, (name.replace("_", " ").capitalize(), ""))


# Assumptions calibrated in one unit and read in another: runtime memory is calibrated in GiB
# (2^30 bytes, what engines' memory profiles report) and shown in GB (1e9 bytes), like every
# other memory figure the window, the report and the command line print.
_SHOWN_PER_STORED = {
    "runtime_overhead_gib_tp1": 2**30 / 1e9,
    "runtime_overhead_gib_multi_gpu": 2**30 / 1e9,
}


def shown_assumption(name: str, stored: float) -> float:
    """The value of assumption ``name`` in the unit ``assumption_label`` names."""
    return stored * _SHOWN_PER_STORED.get(name, 1.0)


def stored_assumption(name: str, shown: float) -> float:
    """A value typed in the unit ``assumption_label`` names, in the calibration's own unit."""
    return shown / _SHOWN_PER_STORED.get(name, 1.0)


# Assumptions whose 0 is a switch, not an amount: what the model does at 0, in words. The
# report read "0 % with TensorRT-LLM 1.2" for the share reached with TensorRT-LLM's own decode
# kernel: 0 there reads the cache at the share every other GPU reaches
# (`sizing.engine.deployment._kv_bandwidth_share`), and an MTP pass at 0 reads a GPU's
# tensor-parallel share of the LM head, not none of it.
ZERO_READS = {
    "sm100_decode_attention_bandwidth_efficiency": "not used (the share other GPUs reach)",
    "draft_head_per_attention_rank": "off (a GPU's tensor-parallel share)",
    # Switches and counts whose 0 turns a mechanism off (QA: "0 steps", "0 tokens", "0
    # layers" read as amounts in the window, `size` and the report), each as its source says.
    "mixed_mla_launch_layers": "off (one layer's launches)",
    "expert_load_cv": "off (even routing)",
    "expert_rank_imbalance": "off (every rank at the mean)",
    "busiest_rank_expert_reads": "off (every rank at the mean)",
    "draft_pass_touched_experts": "off (one token's experts)",
    "multi_node_nvlink_all_to_all": "off (every rank gathers every token)",
    "cross_tray_allreduce_bus_gbps": "off (the NVLink domain's figure)",
    "cross_server_allreduce_bus_gbps": "off (the network adapters' figure)",
    "expert_exchange_network_hop_us": "off (every round at the network's latency)",
    "kv_copies_from_prompt_gpus": "off (every prefill GPU sends its own part)",
    "pipeline_whole_prompts": "off (prompts spread over micro-batches)",
    "host_overlap": "none (host work in turn with the GPU's)",
    "first_token_wait_steps": "none",
    "attention_dp_balance_timeout_steps": "off (no balancer)",
    "attention_rank_whole_prompts": "off (the balancer's wait whatever the budget)",
    "concurrency_run_rounds": "off (each benchmark line's own count)",
    "concurrency_token_budget_headroom": "off (the engine's own budget)",
    "concurrency_warmup_rounds": "none",
    "cohort_persistence": "none (the cohort dissolves after one round)",
    "disaggregated_cohort_persistence": "off (as aggregated serving)",
    "disaggregated_decode_step_ms": "none",
    "disaggregated_handover_ms": "none (beyond the cache's transfer)",
    "cross_tray_kv_over_network": "off (over NVLink between trays)",
    "eager_layer_overhead_us": "none",
    "moe_layer_overhead_us": "none",
}


def assumption_value_text(name: str, value: float | str, unit: str = "") -> str:
    """``1.61 GB``, ``70 %``, ``2,540 columns``: an assumption's value as a planner reads it,
    in the unit its label names when the value carries none of its own, every figure it was
    entered with (a planner's $312,500 server, not "$313 k"; `as_entered`); a switch's 0 in
    words (`ZERO_READS`)."""
    if isinstance(value, str):
        return f"{value} {unit}".strip()
    if value == 0 and name in ZERO_READS:
        return ZERO_READS[name]
    shown_unit = unit or assumption_label(name)[1]
    if not unit and shown_unit:
        value = shown_assumption(name, value)
    return as_entered(value, shown_unit)


def stored_unit_differs(name: str) -> bool:
    """Whether the calibration stores ``name`` in another unit than the one shown (GiB)."""
    return name in _SHOWN_PER_STORED


# How a mixture-of-experts model splits over a TP group (plan field hardware.expert_layout),
# as the window's picker and the report's inputs name each choice.
EXPERT_LAYOUT_LABELS: dict[str, str] = {
    "auto": "Automatic",
    "tp": "Tensor parallel",
    "ep": "Expert parallel (EP = TP)",
    "ep_attention_dp": "EP + data-parallel attention",
}


# How prompts and answers share the GPUs (plan field hardware.serving), as the window's picker
# and the report's inputs name each choice.
SERVING_LABELS: dict[str, str] = {
    "aggregated": "Together on every GPU",
    "disaggregated": "Prefill and decode pools",
    "compare": "Together, compared to pools",
}

# What the pools' search keeps (plan field hardware.search_goal).
SEARCH_GOAL_LABELS: dict[str, str] = {
    "fewest_gpus": "Fewest GPUs",
    "lowest_cost": "Lowest cost a year",
}
