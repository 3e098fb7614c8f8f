"""Serving engines: memory policy, scheduler defaults, efficiency factors, what runs where.

The efficiency factors (eta_*) and overheads are the sizing model's calibration knobs; their
values and evidence are described in SIZING.md and repeated in each entry's notes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from aisle_desktop.catalog.ranges import (
    BatchTokens,
    Experts,
    Sequences,
    StepMs,
)
from aisle_desktop.catalog.schema_common import (
    Architecture,
    Entry,
    Fraction,
    Frozen,
    Slug,
)

MemoryFractionOf = Literal["total", "free_after_weights"]
# How the scheduler admits a request's KV blocks: as its tokens arrive ("occupancy", vLLM
# and SGLang, preempting when they run out), or all of its input + output up front
# ("full_sequence", TensorRT-LLM's default GUARANTEED_NO_EVICT capacity policy).
KvAdmission = Literal["occupancy", "full_sequence"]


class SupportedPrecision(Frozen):
    """Where an engine runs weights of one precision.

    ``architectures`` compute natively at that precision; ``weight_only_architectures`` load
    the compact weights but multiply at 16 bits (memory shrinks, compute does not speed up).
    """

    weight_precision: Slug
    architectures: list[Architecture] = Field(default_factory=list)
    weight_only_architectures: list[Architecture] = Field(default_factory=list)

    @field_validator("weight_only_architectures")
    @classmethod
    def _disjoint(cls, value: list[str], info: ValidationInfo) -> list[str]:
        both = sorted(set(value) & set(info.data.get("architectures", [])))
        if both:
            raise ValueError(f"lists {both} both as native and as weight-only")
        return value


class StaticBatchRuntime(Frozen):
    """The engine's static-batching runtime, where it differs from its serving one.

    Published static-batch tables come from such runtimes (TensorRT-LLM's 2023 GptSession),
    whose decode attention kernel predates sharing K/V heads across a query group.
    """

    kv_read_per_query_head: bool
    kv_bandwidth_efficiency: Fraction


class EngineSpec(Entry):
    """One serving engine with its out-of-the-box defaults."""

    name: str = Field(min_length=1)
    memory_fraction: Fraction
    memory_fraction_of: MemoryFractionOf
    kv_block_tokens: Sequences
    max_num_seqs: Sequences
    max_num_batched_tokens: BatchTokens
    offline_max_num_seqs: Sequences | None = None
    offline_max_num_batched_tokens: BatchTokens | None = None
    offline_attention_data_parallel_min_experts: Experts | None = None
    relative_throughput: float = Field(ge=0.01, le=1.5)
    eta_mem: Fraction
    eta_mem_weight_only_int4: Fraction
    eta_flops: Fraction
    step_overhead_ms: StepMs
    maintained: bool
    kv_admission: KvAdmission = "occupancy"
    static_batch_runtime: StaticBatchRuntime | None = None
    # Speculative decoding the engine runs: with a model's MTP layers, with a draft model.
    speculative_methods: list[Literal["mtp", "draft"]] = Field(default_factory=list)
    supported: list[SupportedPrecision] = Field(min_length=1)
    default_kv_precision_by_weight: dict[Slug, Slug]

    @field_validator("supported")
    @classmethod
    def _one_row_per_precision(cls, value: list[SupportedPrecision]) -> list[SupportedPrecision]:
        seen: set[str] = set()
        for row in value:
            if row.weight_precision in seen:
                raise ValueError(f'lists weight_precision "{row.weight_precision}" twice')
            seen.add(row.weight_precision)
        return value
