"""Ready-made scenarios a planner starts from; the first is what the window opens on."""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.plan.scenario import (
    EmbeddingsWorkload,
    Hardware,
    LatencyTargets,
    LoadSpec,
    PromptComposition,
    Scenario,
    SpeculativeSpec,
    Workload,
)

DEFAULT_PRESET = "llama-70b-rag"
# The catalog's "high-density-air-30kw" rack: two 14 kW eight-GPU Blackwell servers per rack.
HIGH_DENSITY_AIR_KW = 30.0


@dataclass(frozen=True, slots=True)
class Preset:
    id: str
    title: str
    description: str
    scenario: Scenario


def _llama_70b_rag() -> Scenario:
    return Scenario(
        name="Llama 3.1 70B RAG assistant",
        workload=Workload(
            model_id="llama-3.1-70b",
            weight_precision="fp8",
            engine_id="vllm",
            prompt=PromptComposition(
                system_prompt_tokens=300, question_tokens=100, rag_chunks=4, rag_chunk_tokens=400
            ),
            output_tokens=256,
            retrieval_latency_ms=100.0,
            load=LoadSpec(kind="active_users", active_users=300, think_time_s=60.0),
            targets=LatencyTargets(ttft_ms=1000.0, tpot_ms=50.0),
            redundancy="n_plus_1",
        ),
        hardware=Hardware(gpu_id="h100-sxm"),
    )


def _llama_8b_chat() -> Scenario:
    return Scenario(
        name="Llama 3.1 8B chat assistant",
        workload=Workload(
            model_id="llama-3.1-8b",
            weight_precision="fp8",
            engine_id="vllm",
            prompt=PromptComposition(
                system_prompt_tokens=200, history_tokens=1000, question_tokens=100
            ),
            output_tokens=400,
            load=LoadSpec(
                kind="daily_requests",
                users=2000,
                requests_per_user_per_day=15.0,
                working_hours_per_day=8.0,
                peak_to_average=3.0,
            ),
            targets=LatencyTargets(ttft_ms=500.0, tpot_ms=40.0),
        ),
        hardware=Hardware(gpu_id="l40s"),
    )


def _llama_405b_fp8() -> Scenario:
    return Scenario(
        name="Llama 3.1 405B at FP8",
        workload=Workload(
            model_id="llama-3.1-405b",
            weight_precision="fp8",
            engine_id="tensorrt-llm",
            prompt=PromptComposition(system_prompt_tokens=500, question_tokens=500),
            output_tokens=500,
            load=LoadSpec(
                kind="in_flight",
                requests_in_flight=32,
                working_hours_per_day=24.0,
                days_per_year=365.0,
            ),
            targets=LatencyTargets(ttft_ms=2000.0, tpot_ms=60.0),
        ),
        hardware=Hardware(gpu_id="h200-sxm"),
    )


def _deepseek_v3() -> Scenario:
    return Scenario(
        name="DeepSeek-V3 MoE deployment",
        workload=Workload(
            model_id="deepseek-v3",
            weight_precision="fp8",
            engine_id="sglang",
            prompt=PromptComposition(
                system_prompt_tokens=500, history_tokens=2000, question_tokens=200
            ),
            output_tokens=800,
            load=LoadSpec(kind="active_users", active_users=400, think_time_s=90.0),
            targets=LatencyTargets(ttft_ms=2000.0, tpot_ms=80.0),
        ),
        hardware=Hardware(gpu_id="h200-sxm"),
    )


def _embeddings_search() -> Scenario:
    return Scenario(
        name="Enterprise search with embeddings",
        workload=Workload(
            model_id="llama-3.1-8b",
            weight_precision="fp8",
            engine_id="vllm",
            prompt=PromptComposition(
                system_prompt_tokens=150, question_tokens=50, rag_chunks=3, rag_chunk_tokens=300
            ),
            output_tokens=120,
            retrieval_latency_ms=50.0,
            load=LoadSpec(
                kind="daily_requests",
                users=5000,
                requests_per_user_per_day=10.0,
                working_hours_per_day=9.0,
                peak_to_average=2.5,
            ),
            targets=LatencyTargets(ttft_ms=800.0, tpot_ms=50.0),
            embeddings=EmbeddingsWorkload(
                model_id="bge-large-en-v1.5",
                corpus_documents=5_000_000,
                tokens_per_document=1500,
                chunk_tokens=300,
                ingest_hours=48.0,
                queries_per_s=30.0,
            ),
        ),
        hardware=Hardware(gpu_id="l40s"),
    )


def _agentic_coding() -> Scenario:
    return Scenario(
        name="Agentic coding assistant",
        workload=Workload(
            model_id="qwen2.5-32b",
            weight_precision="fp8",
            engine_id="vllm",
            prompt=PromptComposition(
                system_prompt_tokens=2000, history_tokens=10000, question_tokens=500
            ),
            output_tokens=600,
            load=LoadSpec(
                kind="daily_requests",
                users=150,
                requests_per_user_per_day=300.0,
                working_hours_per_day=8.0,
                peak_to_average=2.0,
            ),
            targets=LatencyTargets(ttft_ms=3000.0, tpot_ms=40.0),
        ),
        hardware=Hardware(gpu_id="h100-sxm"),
    )


def _qwen35_assistant_blackwell() -> Scenario:
    """Qwen3.5's hybrid layers keep a long chat small: 15 of 60 layers hold the context."""
    return Scenario(
        name="Qwen3.5 397B assistant on B200",
        workload=Workload(
            model_id="qwen3.5-397b-a17b",
            weight_precision="fp8",
            engine_id="vllm",
            prompt=PromptComposition(
                system_prompt_tokens=1500, history_tokens=6000, question_tokens=200
            ),
            output_tokens=600,
            load=LoadSpec(kind="active_users", active_users=1000, think_time_s=60.0),
            targets=LatencyTargets(ttft_ms=2000.0, tpot_ms=40.0),
            speculative=SpeculativeSpec(method="mtp", draft_tokens=2),
        ),
        # A DGX B200 draws up to 14.3 kW: a high-density air-cooled room (30 kW per rack).
        hardware=Hardware(gpu_id="b200", rack_power_limit_kw=HIGH_DENSITY_AIR_KW),
    )


def _deepseek_v32_expert_parallel() -> Scenario:
    """DeepSeek-V3.2 as its makers serve it: experts spread over the GPUs (expert parallel),
    each GPU attending its own sequences, the MTP layer drafting."""
    return Scenario(
        name="DeepSeek-V3.2 with expert parallel",
        workload=Workload(
            model_id="deepseek-v3.2",
            weight_precision="fp8",
            engine_id="sglang",
            prompt=PromptComposition(
                system_prompt_tokens=4000, history_tokens=20000, question_tokens=500
            ),
            output_tokens=1000,
            load=LoadSpec(
                kind="daily_requests",
                users=2000,
                requests_per_user_per_day=100.0,
                working_hours_per_day=8.0,
                peak_to_average=2.0,
            ),
            targets=LatencyTargets(ttft_ms=5000.0, tpot_ms=50.0),
            speculative=SpeculativeSpec(method="mtp", draft_tokens=1),
        ),
        hardware=Hardware(
            gpu_id="b200",
            tp=8,
            expert_layout="ep_attention_dp",
            rack_power_limit_kw=HIGH_DENSITY_AIR_KW,
        ),
    )


PRESETS: dict[str, Preset] = {
    p.id: p
    for p in (
        Preset(
            "llama-70b-rag",
            "Llama 3.1 70B RAG assistant",
            "RAG over company documents for a few hundred employees on one 8 x H100 server",
            _llama_70b_rag(),
        ),
        Preset(
            "llama-8b-chat",
            "Llama 3.1 8B chat assistant",
            "A general chat assistant for 2,000 staff on L40S PCIe servers",
            _llama_8b_chat(),
        ),
        Preset(
            "llama-405b-fp8",
            "Llama 3.1 405B at FP8",
            "The largest dense Llama, 32 requests always in flight, on H200",
            _llama_405b_fp8(),
        ),
        Preset(
            "deepseek-v3",
            "DeepSeek-V3 MoE deployment",
            "A 671B mixture-of-experts model with MLA attention on H200",
            _deepseek_v3(),
        ),
        Preset(
            "embeddings-search",
            "Enterprise search with embeddings",
            "Indexing five million documents and answering search queries with Llama 3.1 8B",
            _embeddings_search(),
        ),
        Preset(
            "qwen3.5-assistant-b200",
            "Qwen3.5 397B assistant on Blackwell",
            "A hybrid linear-attention MoE chat assistant for 1,000 active users on B200, "
            "drafting with its MTP layer",
            _qwen35_assistant_blackwell(),
        ),
        Preset(
            "deepseek-v3.2-ep",
            "DeepSeek-V3.2 with expert parallel",
            "Sparse-attention MoE for 2,000 coding users with 25k-token prompts, experts "
            "spread over the 8 B200 of each server with data-parallel attention",
            _deepseek_v32_expert_parallel(),
        ),
        Preset(
            "agentic-coding",
            "Agentic coding assistant",
            "Coding agents with long contexts making hundreds of calls per developer a day",
            _agentic_coding(),
        ),
    )
}


def preset_scenario(preset_id: str) -> Scenario:
    """The scenario of a preset; an unknown id names the ones that exist."""
    try:
        return PRESETS[preset_id].scenario
    except KeyError:
        known = ", ".join(PRESETS)
        raise KeyError(f"no preset {preset_id!r}; presets: {known}") from None
