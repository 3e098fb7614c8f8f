"""A measured benchmark scenario, in the form of the published calibration set.

`aisle-desktop predict` and `validate` read these: one replica split (TP x PP) repeated over
`num_gpus`, fixed input and output lengths, and one of four ways the load was applied.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from aisle_desktop.plan import SpeculativeSpec
from aisle_desktop.sizing.validation.disaggregated_scenario import (
    DisaggregatedPools,
    check_expert_split,
)
from aisle_desktop.sizing.validation.source_layouts import as_engine_ran

MAX_TOKENS = 10_000_000  # ten million tokens: beyond any model's context window
MAX_GPUS = 100_000

Count = Annotated[int, Field(ge=1, le=MAX_GPUS, strict=True)]
Tokens = Annotated[int, Field(ge=1, le=MAX_TOKENS, strict=True)]
Precision = Literal["fp32", "bf16", "fp16", "fp8", "int8", "int4", "fp4", "mxfp4"]
KvPrecision = Literal["bf16", "fp16", "fp8"]


class MaxThroughput(BaseModel):
    """Requests arrive as fast as the engine takes them."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    mode: Literal["max_throughput"]


class Concurrency(BaseModel):
    """A fixed number of requests always in flight (a new one starts as one finishes)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    mode: Literal["concurrency"]
    concurrency: Annotated[int, Field(ge=1, le=10_000_000, strict=True)]


class RequestRate(BaseModel):
    """Requests offered at a mean rate, requests per second."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    mode: Literal["request_rate"]
    request_rate: Annotated[float, Field(gt=0, le=1e7)]


class StaticBatch(BaseModel):
    """N requests run together from start to end."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    mode: Literal["static_batch"]
    batch: Annotated[int, Field(ge=1, le=10_000_000, strict=True)]


Load = Annotated[
    MaxThroughput | Concurrency | RequestRate | StaticBatch, Field(discriminator="mode")
]


class BenchmarkScenario(BaseModel):
    """One scenario line; keys this model does not know (expected, source...) are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True, allow_inf_nan=False)

    id: Annotated[str, Field(min_length=1, max_length=200)]
    engine: str
    model: str
    gpu: str
    num_gpus: Count
    tp: Count
    pp: Count = 1
    # Expert-parallel degree of the MoE layers, and attention data-parallel ranks (each with
    # its own requests and KV cache): one serving instance uses tp x pp x attention_dp GPUs.
    ep: Count = 1
    attention_dp: Count = 1
    # The serving engine's release ("0.19.0", "1.2.0rc6.post3"); none: the newest known.
    engine_version: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    # How the source measured it ("offline_max_throughput", "aic_agg"...): without a named
    # release, the kind says which release ran (measurement_kinds).
    scenario_kind: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    weight_precision: Precision
    kv_precision: KvPrecision | None = None
    input_tokens: Tokens
    output_tokens: Tokens
    load: Load
    # {"method": "mtp", "draft_tokens": k, "acceptance": a} or a draft model's id
    speculative: SpeculativeSpec | None = None
    # Disaggregated serving: prefill and decode pools, each with its own workers and layout.
    disaggregated: DisaggregatedPools | None = None

    @property
    def gpus_per_replica(self) -> int:
        return self.tp * self.pp * self.attention_dp

    @model_validator(mode="before")
    @classmethod
    def _layout_as_engine_ran(cls, data: Any) -> Any:
        """An aiconfigurator line that counts its worker's GPUs twice is read as its engine
        ran it (`source_layouts`); every other line as written."""
        return as_engine_ran(data) if isinstance(data, dict) else data

    @model_validator(mode="after")
    def _whole_replicas(self) -> BenchmarkScenario:
        if self.disaggregated is not None:
            return self._pools_fill_gpus(self.disaggregated)
        per_replica = self.gpus_per_replica
        if self.num_gpus % per_replica:
            raise ValueError(
                f"num_gpus {self.num_gpus} is not a multiple of tp x pp x attention_dp = "
                f"{per_replica}; every replica needs that many GPUs"
            )
        check_expert_split(self.tp, self.attention_dp, self.ep)
        return self

    def _pools_fill_gpus(self, pools: DisaggregatedPools) -> BenchmarkScenario:
        """A disaggregated line's GPUs are its pools' (its own tp, pp... are not checked)."""
        if pools.gpus != self.num_gpus:
            raise ValueError(
                f"num_gpus {self.num_gpus} is not the pools' GPUs: {pools.prefill.workers} "
                f"prefill x {pools.prefill.worker_gpus} + {pools.decode.workers} decode x "
                f"{pools.decode.worker_gpus} = {pools.gpus}"
            )
        if not isinstance(self.load, (Concurrency, RequestRate)):
            raise ValueError(
                "disaggregated serving is predicted under a fixed concurrency or a request "
                f"rate, not load mode {self.load.mode!r}"
            )
        return self
