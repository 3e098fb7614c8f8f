"""What an engine's later releases changed in the model's assumptions, by first release.

Engines of 2025-26 (TensorRT-LLM 1.x, vLLM's V1 engine, SGLang 0.5) run decode steps as CUDA
graphs, fuse the activation quantisation into the GEMMs and the all-reduce into the norms,
and stagger a concurrency benchmark's requests; their measurements sit far below what the
2023-25 releases measured on the same GPUs. The values here replace the calibration's own
for a release at or after `first_release`; every other assumption is shared by all releases.
The evidence for each value is in docs/calibration.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from aisle_desktop.catalog import version_key
from aisle_desktop.sizing.calibration.provenance import Provenance, sourced


@dataclass(frozen=True)
class EngineEra:
    """Assumption values an engine's releases from `first_release` on run with."""

    engine_id: str
    first_release: str
    label: str
    values: Mapping[str, float] = field(default_factory=dict)
    # How a value was found where this era's differs from every other era's word for its name
    # (`release_provenance.era_provenance`): vLLM 0.10-0.13's zeros are sourced, its later
    # releases' values of the same names fitted.
    provenance: Mapping[str, Provenance] = field(default_factory=dict)
    # The first release of the era cut from this one (`with_era_split`), None for the newest.
    until_release: str | None = None

    @property
    def title(self) -> str:
        """The label with the releases it covers, for a reader who wants the range: "vLLM V1
        engine (0.10 and later, before 0.14)" (it read "(0.10 and later)" beside "0.10-0.13
        schedule in turn" once 0.14 had an era of its own)."""
        before = f", before {self.until_release}" if self.until_release else ""
        return f"{self.label} ({self.first_release} and later{before})"

    @property
    def first_release_key(self) -> tuple[int, ...]:
        key = version_key(self.first_release)
        assert key is not None, self.first_release
        return key


def era_for(eras: tuple[EngineEra, ...], engine_id: str, version: str | None) -> EngineEra | None:
    """The era a release of `engine_id` belongs to; None for a release older than every era.

    No version, or one that is not a number (a nightly build), counts as the newest.
    """
    own = sorted((e for e in eras if e.engine_id == engine_id), key=lambda e: e.first_release_key)
    if not own:
        return None
    key = version_key(version) if version is not None else None
    if key is None:
        return own[-1]
    chosen = None
    for era in own:
        if era.first_release_key <= key:
            chosen = era
    return chosen


# Values fitted to the 2025-26 measurements (validation/modern_engines_dev.jsonl, aggregated
# rows, one engine at a time, each value bounded to a physically plausible range); see
# docs/calibration.md for each one's evidence and what it says about the model.
ENGINE_ERAS_2026_12: tuple[EngineEra, ...] = (
    EngineEra(
        "tensorrt-llm",
        "1.0",
        "TensorRT-LLM 1.x (PyTorch backend)",
        {
            "request_overhead_ms": 112.0,
            "host_overlap": 0.5,
            "step_overhead_factor": 0.158,
            "stream_overhead_us_per_sequence": 19.0,
            "concurrency_run_requests": 606.0,
            "layer_overhead_us": 18.0,
            "activation_quantization_us_per_layer": 1.04,
            "allreduce_efficiency": 0.306,
            "allreduce_latency_factor": 0.696,
            "attention_flops_efficiency": 0.678,
            "attention_bandwidth_efficiency": 0.758,
            "weight_bandwidth_factor": 0.966,
            "gemm_flops_factor": 1.5,
            "expert_gemm_half_rate_width": 1630.0,
            "block_scaled_gemm_efficiency": 1.0,
        },
    ),
    EngineEra(
        "vllm",
        "0.10",
        "vLLM V1 engine",
        {
            "request_overhead_ms": 67.8,
            "host_overlap": 0.5,
            "step_overhead_factor": 0.493,
            "stream_overhead_us_per_sequence": 51.8,
            "concurrency_run_requests": 2000.0,
            "layer_overhead_us": 10.1,
            "activation_quantization_us_per_layer": 0.548,
            "allreduce_efficiency": 0.3,
            "allreduce_latency_factor": 1.27,
            "attention_flops_efficiency": 0.56,
            "attention_bandwidth_efficiency": 0.829,
            "weight_bandwidth_factor": 1.3,
            "gemm_flops_factor": 1.11,
            "expert_gemm_half_rate_width": 2870.0,
            "block_scaled_gemm_efficiency": 0.841,
        },
    ),
    EngineEra(
        "sglang",
        "0.5",
        "SGLang 0.5",
        {
            "request_overhead_ms": 150.0,
            "host_overlap": 0.8,
            "step_overhead_factor": 4.16,
            "stream_overhead_us_per_sequence": 20.1,
            "concurrency_run_requests": 100.0,
            "layer_overhead_us": 11.7,
            "activation_quantization_us_per_layer": 30.0,
            "allreduce_efficiency": 0.779,
            "allreduce_latency_factor": 0.2,
            "attention_flops_efficiency": 0.75,
            "attention_bandwidth_efficiency": 0.724,
            "weight_bandwidth_factor": 1.14,
            "gemm_flops_factor": 0.838,
            "expert_gemm_half_rate_width": 305.0,
            "block_scaled_gemm_efficiency": 1.0,
        },
    ),
)


# Calibration 2026.12.1: the same eras refitted with five mechanisms 2026.12 lacked (a
# benchmark run of 10 requests per client, a first token's wait for the iterations an overlap
# scheduler planned ahead, the fixed cost of MoE routing per layer, prefill all-reduces at
# NCCL's speed, eager launches past the largest CUDA graph); docs/calibration.md.
ENGINE_ERAS_2026_12_1: tuple[EngineEra, ...] = (
    EngineEra(
        "tensorrt-llm",
        "1.0",
        "TensorRT-LLM 1.x (PyTorch backend)",
        {
            "allreduce_large_message_factor": 1.45,
            "eager_layer_overhead_us": 173.0,
            "request_overhead_ms": 58.1,
            "first_token_wait_steps": 4.0,
            "concurrency_run_rounds": 10.0,
            "host_overlap": 0.5,
            "step_overhead_factor": 0.438,
            "stream_overhead_us_per_sequence": 20.3,
            "layer_overhead_us": 10.8,
            "moe_layer_overhead_us": 14.8,
            "activation_quantization_us_per_layer": 3.41,
            "allreduce_efficiency": 0.39,
            "allreduce_latency_factor": 0.709,
            "attention_flops_efficiency": 0.75,
            "attention_bandwidth_efficiency": 0.95,
            "weight_bandwidth_factor": 1.09,
            "gemm_flops_factor": 1.15,
            "expert_gemm_half_rate_width": 2170.0,
            "block_scaled_gemm_efficiency": 0.637,
        },
    ),
    EngineEra(
        "vllm",
        "0.10",
        "vLLM V1 engine",
        {
            "allreduce_large_message_factor": 3.03,
            "eager_layer_overhead_us": 37.3,
            "request_overhead_ms": 24.6,
            "first_token_wait_steps": 1.82,
            "concurrency_run_rounds": 10.0,
            "host_overlap": 0.5,
            "step_overhead_factor": 0.149,
            "stream_overhead_us_per_sequence": 15.4,
            "layer_overhead_us": 6.48,
            "moe_layer_overhead_us": 13.3,
            "activation_quantization_us_per_layer": 1.34,
            "allreduce_efficiency": 0.418,
            "allreduce_latency_factor": 1.44,
            "attention_flops_efficiency": 0.574,
            "attention_bandwidth_efficiency": 0.659,
            "weight_bandwidth_factor": 1.17,
            "gemm_flops_factor": 1.17,
            "expert_gemm_half_rate_width": 2540.0,
            "block_scaled_gemm_efficiency": 0.4,
        },
    ),
    EngineEra(
        "sglang",
        "0.5",
        "SGLang 0.5",
        {
            "request_overhead_ms": 216.0,
            "first_token_wait_steps": 0.783,
            "concurrency_run_rounds": 3.37,
            "host_overlap": 0.8,
            "step_overhead_factor": 4.16,
            "stream_overhead_us_per_sequence": 20.1,
            "layer_overhead_us": 0.5,
            "moe_layer_overhead_us": 12.5,
            "activation_quantization_us_per_layer": 30.0,
            "allreduce_efficiency": 0.779,
            "allreduce_latency_factor": 0.2,
            "attention_flops_efficiency": 0.75,
            "attention_bandwidth_efficiency": 0.724,
            "weight_bandwidth_factor": 1.14,
            "gemm_flops_factor": 0.838,
            "expert_gemm_half_rate_width": 305.0,
            "block_scaled_gemm_efficiency": 1.0,
        },
    ),
)


# Calibration 2026.12.2: MLA prefill in its expanded form (a mechanism, no value) moved the
# TensorRT-LLM DeepSeek rows; its era was refitted with the same search, the other eras
# kept (their refits gained nothing); docs/calibration.md.
ENGINE_ERAS_2026_12_2: tuple[EngineEra, ...] = (
    dataclasses.replace(
        ENGINE_ERAS_2026_12_1[0],
        values={
            **ENGINE_ERAS_2026_12_1[0].values,
            "moe_layer_overhead_us": 13.3,
            "stream_overhead_us_per_sequence": 18.3,
            "step_overhead_factor": 0.548,
            "allreduce_efficiency": 0.429,
            "block_scaled_gemm_efficiency": 0.573,
            "allreduce_large_message_factor": 1.6,
        },
    ),
    *ENGINE_ERAS_2026_12_1[1:],
)


# Calibration 2026.12.3: the 2025-26 runs as aiconfigurator's harness sends them, 50 requests
# per client after 2 of warm-up; the starting cohort's lockstep persists from round to round
# (`cohort_persistence`) instead of a run of 10 rounds standing in for it. Each engine's
# persistence keeps the measured cohort share 2026.12.2 had; docs/calibration.md.
HARNESS_RUN = {"concurrency_run_rounds": 50.0, "concurrency_warmup_rounds": 2.0}
ENGINE_ERAS_2026_12_3: tuple[EngineEra, ...] = (
    dataclasses.replace(
        ENGINE_ERAS_2026_12_2[0],
        values={**ENGINE_ERAS_2026_12_2[0].values, **HARNESS_RUN, "cohort_persistence": 0.854},
    ),
    dataclasses.replace(
        ENGINE_ERAS_2026_12_2[1],
        values={**ENGINE_ERAS_2026_12_2[1].values, **HARNESS_RUN, "cohort_persistence": 0.854},
    ),
    dataclasses.replace(
        ENGINE_ERAS_2026_12_2[2],
        values={**ENGINE_ERAS_2026_12_2[2].values, **HARNESS_RUN, "cohort_persistence": 0.943},
    ),
)


# Calibration 2026.12.4: 97 aggregated lines that counted their worker's GPUs twice are read
# as the worker their engine ran (`sizing/validation/source_layouts.py`); 36 of them are
# SGLang's, whose 64- and 16-GPU readings had made its TTFT look pessimistic there. SGLang's
# cohort persistence refitted on the rows as read (its TTFT leaned -22% signed without);
# docs/calibration.md.
ENGINE_ERAS_2026_12_4: tuple[EngineEra, ...] = (
    *ENGINE_ERAS_2026_12_3[:2],
    dataclasses.replace(
        ENGINE_ERAS_2026_12_3[2],
        values={
            **ENGINE_ERAS_2026_12_3[2].values,
            "cohort_persistence": 0.96,
        },
    ),
)


# Calibration 2026.12.5: routers spread a batch's tokens unevenly over the experts
# (`expert_load_cv`, a shared value of the calibration), so MoE decode touches fewer experts
# at 16-128 in flight than even routing says; with that, each era's fixed cost per MoE layer
# refitted (TensorRT-LLM's stays 13.3 us); docs/calibration.md.
ENGINE_ERAS_2026_12_5: tuple[EngineEra, ...] = (
    ENGINE_ERAS_2026_12_4[0],
    dataclasses.replace(
        ENGINE_ERAS_2026_12_4[1],
        values={**ENGINE_ERAS_2026_12_4[1].values, "moe_layer_overhead_us": 18.6},
    ),
    dataclasses.replace(
        ENGINE_ERAS_2026_12_4[2],
        values={**ENGINE_ERAS_2026_12_4[2].values, "moe_layer_overhead_us": 23.1},
    ),
)


# Calibration 2026.12.6: TensorRT-LLM's decode workers in disaggregated serving check every
# iteration which requests' caches have arrived, after collectives that keep their ranks in
# step (`disaggregated_decode_step_ms`), fitted to the 60 disaggregated lines whose workers
# the source records (docs/calibration.md); aggregated serving is unchanged.
ENGINE_ERAS_2026_12_6: tuple[EngineEra, ...] = (
    dataclasses.replace(
        ENGINE_ERAS_2026_12_5[0],
        values={**ENGINE_ERAS_2026_12_5[0].values, "disaggregated_decode_step_ms": 2.0},
    ),
    *ENGINE_ERAS_2026_12_5[1:],
)


# Calibration 2026.12.7: TensorRT-LLM's starting cohort persists longer in disaggregated
# serving, whose decode iterations carry no prefill (`disaggregated_cohort_persistence`),
# fitted to the 60 TensorRT-LLM disaggregated lines whose workers the source records
# (docs/calibration.md); aggregated serving is unchanged.
ENGINE_ERAS_2026_12_7: tuple[EngineEra, ...] = (
    dataclasses.replace(
        ENGINE_ERAS_2026_12_6[0],
        values={**ENGINE_ERAS_2026_12_6[0].values, "disaggregated_cohort_persistence": 0.93},
    ),
    *ENGINE_ERAS_2026_12_6[1:],
)


# Calibration 2026.12.9: TensorRT-LLM's attention data-parallel balancer holds a new prompt
# until every attention rank has one, at most `timeout_iters` iterations; NVIDIA's recipes
# for attention DP set 60 (TensorRT-LLM's performance overview, DeepSeek-R1 options). Not
# fitted: the value is the recipe's (docs/calibration.md).
ENGINE_ERAS_2026_12_9: tuple[EngineEra, ...] = (
    dataclasses.replace(
        ENGINE_ERAS_2026_12_7[0],
        values={**ENGINE_ERAS_2026_12_7[0].values, "attention_dp_balance_timeout_steps": 60.0},
    ),
    *ENGINE_ERAS_2026_12_7[1:],
)


# Calibration 2026.12.10: vLLM's and SGLang's weight-only INT4 MoE kernels (W4A16: Marlin MoE,
# the Triton WNA16 MoE) stream their routed experts at 0.6 of the bandwidth the era's other
# weight reads reach (`weight_only_expert_bandwidth_share`). Not fitted: public kernel
# measurements of vLLM's Marlin MoE at DeepSeek-V3's expert shape give 32-42% of peak
# bandwidth where this era's weights reach 64% (docs/calibration.md).
WEIGHT_ONLY_INT4_MOE = {"weight_only_expert_bandwidth_share": 0.6}
ENGINE_ERAS_2026_12_10: tuple[EngineEra, ...] = (
    ENGINE_ERAS_2026_12_9[0],
    *(
        dataclasses.replace(era, values={**era.values, **WEIGHT_ONLY_INT4_MOE})
        for era in ENGINE_ERAS_2026_12_9[1:]
    ),
)


# Calibration 2026.12.12: TensorRT-LLM 1.x sends a MoE layer's tokens only to the ranks holding
# their experts when attention runs data-parallel, the expert-parallel group exceeds the
# experts a token picks and the GPUs share a multi-node NVLink domain (its MNNVL all-to-all,
# `select_alltoall_method_type`); elsewhere, and in vLLM's and SGLang's eras, every rank
# gathers every token. Not fitted: the engine's own selection rule (docs/calibration.md).
ENGINE_ERAS_2026_12_12: tuple[EngineEra, ...] = (
    dataclasses.replace(
        ENGINE_ERAS_2026_12_10[0],
        values={**ENGINE_ERAS_2026_12_10[0].values, "multi_node_nvlink_all_to_all": 1.0},
    ),
    *ENGINE_ERAS_2026_12_10[1:],
)


# Calibration 2026.12.18: TensorRT-LLM 1.x keeps the LM head whole on every attention-DP rank
# unless `enable_lm_head_tp_in_adp` (an LlmArgs option, off by default), so each MTP draft
# pass over a rank's sequences reads all of it (`draft_head_per_attention_rank`); SGLang
# splits its head over every GPU of the worker unless --enable-dp-lm-head, and vLLM's is not
# established, so their eras keep a GPU's share. Not fitted (docs/calibration.md).
ENGINE_ERAS_2026_12_18: tuple[EngineEra, ...] = (
    dataclasses.replace(
        ENGINE_ERAS_2026_12_12[0],
        values={**ENGINE_ERAS_2026_12_12[0].values, "draft_head_per_attention_rank": 1.0},
    ),
    *ENGINE_ERAS_2026_12_12[1:],
)


# Calibration 2026.12.19: vLLM's FlashInfer backend decodes with TensorRT-LLM's kernel on
# compute capability 10.x (attention not MLA, the KV cache at the model's dtype), so there its
# era reads the cache at TensorRT-LLM's era's share of bandwidth; and aiconfigurator's harness
# gives its vLLM and TensorRT-LLM aggregated workers max batch + input + 1,500 tokens an
# iteration (`concurrency_token_budget_headroom`). Not fitted: the engine's rule, TensorRT-LLM's
# value and the harness's rule files (docs/calibration.md).
AIC_HARNESS_BUDGET = {"concurrency_token_budget_headroom": 1500.0}
ENGINE_ERAS_2026_12_19: tuple[EngineEra, ...] = (
    dataclasses.replace(
        ENGINE_ERAS_2026_12_18[0],
        values={**ENGINE_ERAS_2026_12_18[0].values, **AIC_HARNESS_BUDGET},
    ),
    dataclasses.replace(
        ENGINE_ERAS_2026_12_18[1],
        values={
            **ENGINE_ERAS_2026_12_18[1].values,
            **AIC_HARNESS_BUDGET,
            "sm100_decode_attention_bandwidth_efficiency": ENGINE_ERAS_2026_12_18[0].values[
                "attention_bandwidth_efficiency"
            ],
        },
    ),
    *ENGINE_ERAS_2026_12_18[2:],
)


# Calibration 2026.12.21: vLLM's NIXL connector hands a prefilled prompt to its decode worker
# through the router and the decode engine's step boundaries, 92 ms beyond the cache's bytes
# and the recomputed first token (`disaggregated_handover_ms`; vLLM RFC 50913's hand-over at
# 64-token blocks, 197 ms, less its 47 ms transfer window and 58 ms first-token forward). Not
# fitted: the RFC's measurement (docs/calibration.md).
ENGINE_ERAS_2026_12_21: tuple[EngineEra, ...] = (
    ENGINE_ERAS_2026_12_19[0],
    dataclasses.replace(
        ENGINE_ERAS_2026_12_19[1],
        values={**ENGINE_ERAS_2026_12_19[1].values, "disaggregated_handover_ms": 92.0},
    ),
    *ENGINE_ERAS_2026_12_19[2:],
)


# Calibration 2026.12.23: vLLM's hand-over from prefill to decode worker is 120 ms beyond the
# cache's bytes and the recomputed first token, not 92: vLLM RFC 50913's 47 ms transfer window
# at 64-token blocks is not the cache's bytes (about a millisecond on its one-node NVLink, all
# `kv_transfer_s` charges) but 28 ms that do not shrink with larger blocks (47 - (105 - 47) / 3:
# the window is 105 ms at 16-token blocks, four times the descriptors) and 19 ms of
# per-descriptor cost, which its prompt's descriptor count would scale and is not charged. Not
# fitted: the RFC's measurements (docs/calibration.md, "Calibration 2026.12.23").
ENGINE_ERAS_2026_12_23: tuple[EngineEra, ...] = (
    ENGINE_ERAS_2026_12_21[0],
    dataclasses.replace(
        ENGINE_ERAS_2026_12_21[1],
        values={**ENGINE_ERAS_2026_12_21[1].values, "disaggregated_handover_ms": 120.0},
    ),
    *ENGINE_ERAS_2026_12_21[2:],
)


# Calibration 2026.12.25: an MLA layer of a TensorRT-LLM iteration that mixes a prompt with
# decoding sequences launches its generation path beside its context path, one layer's worth
# of eager launches more (`mixed_mla_launch_layers`; MLA.forward_impl in TensorRT-LLM's
# tensorrt_llm/_torch/modules/attention.py runs the two paths apart, GQA attention takes both
# in one call). Not fitted: a count of the paths' kernels (docs/calibration.md, "Calibration
# 2026.12.25").
ENGINE_ERAS_2026_12_25: tuple[EngineEra, ...] = (
    dataclasses.replace(
        ENGINE_ERAS_2026_12_23[0],
        values={**ENGINE_ERAS_2026_12_23[0].values, "mixed_mla_launch_layers": 1.0},
    ),
    *ENGINE_ERAS_2026_12_23[1:],
)


# Calibration 2026.12.29: the dated InferenceX lines read at the lengths its client drew (0.9 of
# the named ones on average, `sizing/validation/script_lengths.py`), and every era's fitted values
# refitted on the aggregated rows so read, with the search and bounds the eras were fitted with
# (coordinate steps from the shipped values; the disaggregated rows held to no worse). The values
# the search moved; the rest, and every sourced value, are kept (docs/calibration.md,
# "Calibration 2026.12.29").
REFIT_2026_12_29: dict[str, dict[str, float]] = {
    "tensorrt-llm": {
        "allreduce_large_message_factor": 1.57,
        "eager_layer_overhead_us": 199.0,
        "request_overhead_ms": 66.8,
        "step_overhead_factor": 0.685,
        "stream_overhead_us_per_sequence": 16.5,
        "moe_layer_overhead_us": 18.6,
        "activation_quantization_us_per_layer": 3.07,
        "attention_flops_efficiency": 0.51,
        "expert_gemm_half_rate_width": 2390.0,
        "block_scaled_gemm_efficiency": 0.923,
    },
    "vllm": {
        "eager_layer_overhead_us": 56.2,
        "request_overhead_ms": 20.9,
        "first_token_wait_steps": 2.93,
        "step_overhead_factor": 0.0617,
        "layer_overhead_us": 6.34,
        "activation_quantization_us_per_layer": 2.7,
        "allreduce_efficiency": 0.529,
        "attention_flops_efficiency": 0.726,
    },
    "sglang": {
        "request_overhead_ms": 211.0,
        "first_token_wait_steps": 0.215,
        "stream_overhead_us_per_sequence": 17.1,
        "layer_overhead_us": 1.32,
        "moe_layer_overhead_us": 33.2,
        "activation_quantization_us_per_layer": 27.0,
        "allreduce_efficiency": 0.9,
        "allreduce_latency_factor": 0.28,
        "attention_flops_efficiency": 0.69,
        "attention_bandwidth_efficiency": 0.522,
        "gemm_flops_factor": 1.05,
        "expert_gemm_half_rate_width": 272.0,
        "block_scaled_gemm_efficiency": 0.72,
    },
}
ENGINE_ERAS_2026_12_29: tuple[EngineEra, ...] = tuple(
    dataclasses.replace(era, values={**era.values, **REFIT_2026_12_29[era.engine_id]})
    for era in ENGINE_ERAS_2026_12_25
)


# Calibration 2026.12.37: SGLang's all-reduce of a tensor-parallel group spanning the trays of an
# NVL72 rack runs NCCL's (its custom all-reduce declines a group spanning hosts), at the bus
# bandwidth NCCL reached between two GB200 trays (lightseekorg/tokenspeed pull request 860); a
# measurement, not fitted (docs/calibration.md, "Calibration 2026.12.37").
SGLANG_CROSS_TRAY: dict[str, float] = {"cross_tray_allreduce_bus_gbps": 199.0}


def with_engine_values(
    eras: tuple[EngineEra, ...], engine_id: str, values: Mapping[str, float]
) -> tuple[EngineEra, ...]:
    """`eras` with `values` added to every era of `engine_id`, the other engines' as they are;
    a value replaced loses its era's own provenance (a refit of a sourced value is a fit)."""
    return tuple(
        dataclasses.replace(
            era,
            values={**era.values, **values},
            provenance={k: p for k, p in era.provenance.items() if k not in values},
        )
        if era.engine_id == engine_id
        else era
        for era in eras
    )


ENGINE_ERAS_2026_12_37 = with_engine_values(ENGINE_ERAS_2026_12_29, "sglang", SGLANG_CROSS_TRAY)


# Calibration 2026.12.39: TensorRT-LLM sends a prompt's KV cache from the prefill GPUs that hold
# it, one copy after another to each decode GPU they serve (its cache formatters loop over their
# connections to the generation ranks, `MLACacheFormatter::format`), so a prefill rank of data-
# parallel attention sends a latent cache once per GPU of a tensor-parallel decode worker; read
# from the engine's source, not fitted (docs/calibration.md, "Calibration 2026.12.39").
TRTLLM_KV_COPIES: dict[str, float] = {"kv_copies_from_prompt_gpus": 1.0}
ENGINE_ERAS_2026_12_39 = with_engine_values(
    ENGINE_ERAS_2026_12_37, "tensorrt-llm", TRTLLM_KV_COPIES
)


# Calibration 2026.12.40: SGLang's all-reduce of a tensor-parallel group spanning 8-GPU servers
# runs NCCL's over the network adapters (its custom all-reduce declines a group spanning hosts),
# at the bus bandwidth NCCL reached between two 8-GPU HGX servers at a 2,048-token prefill
# chunk's 28 MiB (NVIDIA/nccl issue 1244: 203.0 us at 16 MiB, 298.5 us at 32 MiB); a
# measurement, not fitted (docs/calibration.md, "Calibration 2026.12.40").
# The same calibration: vLLM's NIXL connector sends a disaggregated prompt's cache between the
# trays of an NVL72 rack over the network adapters, not NVLink: its cache is allocated without a
# CUDA fabric handle, so UCX cannot export it across the rack (vLLM pull request 51377; UCX
# leaves multi-node NVLink off by default, openucx/ucx pull request 10206); a switch set by how
# the engine allocates, not fitted.
SGLANG_CROSS_SERVER: dict[str, float] = {"cross_server_allreduce_bus_gbps": 200.0}
VLLM_CROSS_TRAY_KV: dict[str, float] = {"cross_tray_kv_over_network": 1.0}
ENGINE_ERAS_2026_12_40 = with_engine_values(
    with_engine_values(ENGINE_ERAS_2026_12_39, "sglang", SGLANG_CROSS_SERVER),
    "vllm",
    VLLM_CROSS_TRAY_KV,
)


# Calibration 2026.12.41: TensorRT-LLM's fixed time per request before its first step splits by
# where the server post-processes the answers. trtllm-serve detokenises and builds each streamed
# response in the process that takes requests in unless post-processing workers are set
# (`num_postprocess_workers`, 0 by default); with them a request pays a quarter of it, 18.8 ms of
# 75: the fixed part InferenceX's gpt-oss-120b and Llama 3.1 70B lines, run with 4 and 2 workers,
# leave at 4-8 clients (13-32 ms, docs/calibration.md). The request overhead without workers
# (aiconfigurator's Dynamo harness, the DeepSeek-R1 scripts, a plan at the engine's defaults)
# refitted with the split, 66.8 to 75 ms (docs/calibration.md, "Calibration 2026.12.41").
TRTLLM_POSTPROCESS_WORKERS: dict[str, float] = {
    "request_overhead_ms": 75.0,
    "postprocess_workers_overhead_share": 0.25,
}
ENGINE_ERAS_2026_12_41 = with_engine_values(
    ENGINE_ERAS_2026_12_40, "tensorrt-llm", TRTLLM_POSTPROCESS_WORKERS
)


# Calibration 2026.12.44: vLLM exchanges an expert-parallel layer's tokens between its
# data-parallel ranks with an all-gather and a reduce-scatter over NCCL (its default
# `allgather_reducescatter` exchange, `AgRsAll2AllManager`, `vllm/distributed/device_
# communicators/all2all.py`), whose ring crosses the network once per server boundary: one
# network hop at NCCL's own 2.7 us (`src/graph/tuning.cc`, a ring's network hop in its
# low-latency protocol), not log2(GPUs) rounds at the network's latency; read from the engine's
# and NCCL's source, not fitted (docs/calibration.md, "Calibration 2026.12.44").
VLLM_EXCHANGE_RING: dict[str, float] = {"expert_exchange_network_hop_us": 2.7}
ENGINE_ERAS_2026_12_44 = with_engine_values(ENGINE_ERAS_2026_12_41, "vllm", VLLM_EXCHANGE_RING)


# Calibration 2026.12.45: under attention DP each TensorRT-LLM rank schedules with its own
# `max_num_tokens` and takes prompts whole (chunked prefill off by default), so where its budget
# holds one prompt beside its decodes the balancer (`_balance_adp_requests`) lets one prompt a
# rank go at each release and the rest wait for the next; InferenceX's DeepSeek-R1 scripts set
# such budgets. The balancer's own rule, simulated, no fitted value (docs/calibration.md,
# "Calibration 2026.12.45").
TRTLLM_RANK_WHOLE_PROMPTS: dict[str, float] = {"attention_rank_whole_prompts": 1.0}
ENGINE_ERAS_2026_12_45 = with_engine_values(
    ENGINE_ERAS_2026_12_44, "tensorrt-llm", TRTLLM_RANK_WHOLE_PROMPTS
)


def with_era_split(
    eras: tuple[EngineEra, ...],
    engine_id: str,
    first_release: str,
    earlier: Mapping[str, float],
    found: Provenance,
) -> tuple[EngineEra, ...]:
    """`eras` with `engine_id`'s newest era cut at `first_release`: its releases before that run
    with `earlier` in place of its values, each found as `found` says, those from it on as
    before. Both keep the era's label (the engine's generation); their titles name the first
    release of each, and the earlier one's the release it ends before."""
    newest = era_for(eras, engine_id, None)
    cut = version_key(first_release)
    assert newest is not None and cut is not None and cut > newest.first_release_key
    split: list[EngineEra] = []
    for era in eras:
        if era is newest:
            own = {**era.provenance, **dict.fromkeys(earlier, found)}
            values = {**era.values, **earlier}
            split.append(
                dataclasses.replace(era, values=values, provenance=own, until_release=first_release)
            )
            split.append(dataclasses.replace(era, first_release=first_release))
        else:
            split.append(era)
    return tuple(split)


# Calibration 2026.12.52: vLLM plans an iteration ahead (asynchronous scheduling) by default only
# from 0.14.0 on (its release notes; pull request 27614; an opt-in `--async-scheduling` since pull
# request 19970). A release before it, run at its defaults, schedules in turn: a new request's
# first token waits for no iteration planned before it arrived, and no host work hides behind
# the GPU's. Read from the engine's releases, no fitted value (docs/calibration.md, "Calibration
# 2026.12.52").
VLLM_SCHEDULING_IN_TURN: dict[str, float] = {"first_token_wait_steps": 0.0, "host_overlap": 0.0}
VLLM_ASYNC_SCHEDULING_DEFAULT = "0.14"
VLLM_IN_TURN_SOURCE = sourced(
    "vLLM's release notes: asynchronous scheduling is its default from 0.14.0, so 0.10-0.13 at "
    "their defaults schedule in turn"
)
ENGINE_ERAS_2026_12_52 = with_era_split(
    ENGINE_ERAS_2026_12_45,
    "vllm",
    VLLM_ASYNC_SCHEDULING_DEFAULT,
    VLLM_SCHEDULING_IN_TURN,
    VLLM_IN_TURN_SOURCE,
)
