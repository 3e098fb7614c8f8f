"""Serving engines: memory policy, scheduler defaults, efficiency factors, what runs where.

The efficiency factors (eta_*) and overheads are the sizing model's calibration knobs; their
values and evidence are described in SIZING.md and repeated in each entry's notes.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from aisle_desktop.catalog.ranges import (
    BatchTokens,
    Experts,
    MemoryGb,
    Sequences,
    StepMs,
)
from aisle_desktop.catalog.schema_common import (
    Architecture,
    Entry,
    Fraction,
    Frozen,
    IsoDate,
    Slug,
    Sources,
)
from aisle_desktop.catalog.versions import version_key
from aisle_desktop.strict_json import shown_value

MemoryFractionOf = Literal["total", "free_after_weights"]
# How the scheduler admits a request's KV blocks: as its tokens arrive, whenever its prompt
# fits ("occupancy", vLLM, preempting when they run out), as they arrive but only while every
# admitted answer can still finish ("finishable", SGLang's PrefillAdder: the batch held at the
# average length, the rest queued), or all of its input + output up front ("full_sequence",
# TensorRT-LLM's default GUARANTEED_NO_EVICT capacity policy).
KvAdmission = Literal["occupancy", "full_sequence", "finishable"]


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


# Workers of this many GPUs and more capture larger CUDA graphs (GpuMemoryTier).
LARGE_GRAPH_WORKER_GPUS = 4


class GpuMemoryTier(Frozen):
    """Defaults an engine picks by the GPU's memory: the tier of the smallest ``below_gib``
    above the GPU's (None: every larger GPU), or the first tier whose ``gpu_name_contains``
    names the GPU whatever its memory. SGLang 0.5 sizes its chunked-prefill budget and its
    largest CUDA-graph batch so (``ServerArgs._handle_gpu_memory_settings``); vLLM's V1 engine
    also its running sequences, and keeps the A100 on its small tier by name (its
    ``arg_utils.py``: a larger budget cost an A100 throughput). The scheduler, the CUDA graphs
    and the memory reserve all follow the tier; a limit it leaves None is the engine's own."""

    below_gib: MemoryGb | None
    # Parts of a GPU's name (matched in any case) that put it in this tier at any memory.
    gpu_name_contains: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        default_factory=list, max_length=20
    )
    max_num_seqs: Sequences | None = None
    max_num_batched_tokens: BatchTokens
    offline_max_num_seqs: Sequences | None = None
    offline_max_num_batched_tokens: BatchTokens | None = None
    cuda_graph_max_batch: Annotated[int, Field(ge=0, le=100_000)]
    # At a tensor-parallel degree of 4 and more (SGLang captures larger graphs there).
    cuda_graph_max_batch_tp4: Annotated[int, Field(ge=0, le=100_000)]

    def names(self, gpu_name: str) -> bool:
        """Whether this tier takes the GPU of this name whatever its memory."""
        lowered = gpu_name.lower()
        return any(part.lower() in lowered for part in self.gpu_name_contains)

    def limits(self) -> dict[str, int]:
        """The scheduler's limits this tier sets (the others stay the engine's)."""
        named = {
            "max_num_seqs": self.max_num_seqs,
            "max_num_batched_tokens": self.max_num_batched_tokens,
            "offline_max_num_seqs": self.offline_max_num_seqs,
            "offline_max_num_batched_tokens": self.offline_max_num_batched_tokens,
        }
        return {name: value for name, value in named.items() if value is not None}


# Tier fields a plan file writes only when set, so that an Aisle from before them reads a
# planner's own engine the same (`plan.codec`).
TIER_FIELDS_WRITTEN_WHEN_SET = (
    "gpu_name_contains",
    "max_num_seqs",
    "offline_max_num_seqs",
    "offline_max_num_batched_tokens",
)


class MemoryReserve(Frozen):
    """Memory an engine keeps out of its weights-and-KV pool, worked out from what it serves
    with; the rest of the device is its memory fraction. SGLang 0.5 reserves (MiB) a fixed part,
    activations for one chunked-prefill budget, its CUDA graphs, buffers growing with the
    worker's GPUs and, under data-parallel attention, padding per graph batch and rank, with a
    floor on large GPUs (``ServerArgs``, when ``mem_fraction_static`` is not given)."""

    fixed_mib: Annotated[float, Field(ge=0, le=1e6)]
    mib_per_budget_token: Annotated[float, Field(ge=0, le=1e3)]
    min_budget_tokens: BatchTokens
    mib_per_cuda_graph_batch: Annotated[float, Field(ge=0, le=1e3)]
    mib_per_eight_gpus: Annotated[float, Field(ge=0, le=1e6)]
    attention_dp_mib_per_graph_batch: Annotated[float, Field(ge=0, le=1e3)]
    # Graph batches beyond this add attention_dp_large_graph_mib_per_batch more per rank.
    attention_dp_large_graph_batch: Annotated[int, Field(ge=0, le=100_000)]
    attention_dp_large_graph_mib_per_batch: Annotated[float, Field(ge=0, le=1e3)]
    least_mib: Annotated[float, Field(ge=0, le=1e6)]
    least_above_gib: MemoryGb


# Fields a release may not change: who the entry is, where it came from, and its releases.
_NOT_RELEASE_SETTINGS = frozenset(
    {"id", "name", "sources", "as_of", "notes", "origin", "releases", "supported"}
)


class EngineRelease(Frozen):
    """One release of an engine: when it came out and the defaults it changed.

    ``settings`` maps EngineSpec field names to this release's values, only where they differ
    from the release before it (the entry's top-level values describe the oldest release).
    """

    version: str = Field(min_length=1, max_length=40)
    date: IsoDate
    label: str = Field(min_length=1, max_length=80)
    settings: dict[str, Any] = Field(default_factory=dict)
    sources: Sources
    notes: str = ""
    # The settings as the engine entry validated them (typed values), set by EngineSpec.
    _typed_settings: dict[str, object] = PrivateAttr(default_factory=dict)

    @field_validator("version")
    @classmethod
    def _numbered(cls, value: str) -> str:
        if version_key(value) is None:
            raise ValueError(
                f'must start with its release number ("0.10", "1.2"), got {shown_value(value)}'
            )
        return value

    @property
    def key(self) -> tuple[int, ...]:
        """The version's numbers, for ordering and matching."""
        key = version_key(self.version)
        assert key is not None  # the validator refuses versions without numbers
        return key

    @property
    def typed_settings(self) -> dict[str, object]:
        return dict(self._typed_settings)

    @property
    def dated_label(self) -> str:
        """How the window, report and CLI name it: "vLLM 0.10 (2025-07)"."""
        return f"{self.label} ({self.date:%Y-%m})"


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
    # Under data-parallel attention each rank schedules its own requests: "per_rank" gives
    # each rank the whole `max_num_batched_tokens`, "shared" divides it among the ranks.
    attention_dp_token_budget: Literal["per_rank", "shared"] = "per_rank"
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
    # Largest decode batch the engine captures as a CUDA graph by default (0: no CUDA graphs;
    # None: not stated). A real default, recorded per release; the step time does not use it yet.
    cuda_graph_max_batch: Annotated[int, Field(ge=0, le=100_000)] | None = None
    # The memory kept out of the static pool, when the engine works its fraction out per GPU
    # and worker (None: memory_fraction as given).
    memory_reserve: MemoryReserve | None = None
    # Budget and CUDA-graph defaults by the GPU's memory, smallest tier first (empty: the
    # values above on every GPU).
    gpu_memory_tiers: list[GpuMemoryTier] = Field(default_factory=list)
    # Oldest first; each lists the defaults it changed (engine_release applies them).
    releases: list[EngineRelease] = Field(default_factory=list)
    # The release whose settings this spec carries (engine_release sets it).
    _release: EngineRelease | None = PrivateAttr(default=None)

    @property
    def release(self) -> EngineRelease | None:
        """The release this spec describes, once engine_release chose one."""
        return self._release

    def as_release(self, update: dict[str, object], release: EngineRelease | None) -> EngineSpec:
        """This engine with a release's (already validated) settings applied."""
        spec = self.model_copy(update=update)
        spec._release = release
        return spec

    def on_gpu(self, gpu_memory_gib: float, stage_gpus: int, gpu_name: str = "") -> EngineSpec:
        """The engine with the batch limits and CUDA-graph size it picks on a GPU of this
        memory and name for a worker of `stage_gpus` GPUs (itself when it has no tiers):
        SGLang 0.5's 16,384 tokens on a B200 (docs/calibration.md, "Calibration 2026.12.17"),
        vLLM's 256 sequences and 2,048 tokens on an L40S or an A100."""
        tier = tier_on(self.gpu_memory_tiers, gpu_memory_gib, gpu_name)
        if tier is None:
            return self
        large = stage_gpus >= LARGE_GRAPH_WORKER_GPUS
        graphs = tier.cuda_graph_max_batch_tp4 if large else tier.cuda_graph_max_batch
        return self.as_release({**tier.limits(), "cuda_graph_max_batch": graphs}, self._release)

    @field_validator("supported")
    @classmethod
    def _one_row_per_precision(cls, value: list[SupportedPrecision]) -> list[SupportedPrecision]:
        seen: set[str] = set()
        for row in value:
            if row.weight_precision in seen:
                raise ValueError(f'lists weight_precision "{row.weight_precision}" twice')
            seen.add(row.weight_precision)
        return value

    @field_validator("gpu_memory_tiers")
    @classmethod
    def _tiers_ascend(cls, value: list[GpuMemoryTier]) -> list[GpuMemoryTier]:
        bounds = [t.below_gib for t in value]
        if bounds and (bounds[-1] is not None or None in bounds[:-1]):
            raise ValueError("only the last tier may leave below_gib empty, and it must")
        finite = [b for b in bounds if b is not None]
        if any(a >= b for a, b in itertools.pairwise(finite)):
            raise ValueError("list tiers by below_gib, smallest first")
        return value

    @model_validator(mode="after")
    def _releases_apply(self) -> EngineSpec:
        """Releases in ascending order, each setting a field a release may set, and the engine
        still valid once each release's settings are applied (in order, oldest first)."""
        previous: EngineRelease | None = None
        for release in self.releases:
            if previous is not None and release.key <= previous.key:
                raise ValueError(
                    f'release "{release.version}" comes after "{previous.version}": '
                    "list releases oldest first, each version once"
                )
            if previous is not None and release.date < previous.date:
                raise ValueError(
                    f'release "{release.version}" is dated {release.date}, before the release '
                    f'"{previous.version}" it follows ({previous.date})'
                )
            previous = release
        data = self.model_dump(exclude={"releases"})
        for release in self.releases:
            data = _apply(self.id, release, data)
        return self


def tier_on(
    tiers: list[GpuMemoryTier], gpu_memory_gib: float, gpu_name: str = ""
) -> GpuMemoryTier | None:
    """The tier a GPU of this memory and name falls in (None when there are no tiers): the
    first that names it, else the first whose memory bound is above its memory."""
    for tier in tiers:
        if tier.names(gpu_name):
            return tier
    for tier in tiers:
        if tier.below_gib is None or gpu_memory_gib < tier.below_gib:
            return tier
    return tiers[-1] if tiers else None


def _apply(engine_id: str, release: EngineRelease, data: dict[str, Any]) -> dict[str, Any]:
    """The engine's values after `release`, its settings checked by validating the result."""
    where = f'engine "{engine_id}" release "{release.version}"'
    for key in release.settings:
        if key not in EngineSpec.model_fields or key in _NOT_RELEASE_SETTINGS:
            allowed = sorted(set(EngineSpec.model_fields) - _NOT_RELEASE_SETTINGS)
            raise ValueError(
                f'{where}: setting "{key}" is not an engine default; use one of {allowed}'
            )
    try:
        spec = EngineSpec.model_validate({**data, **release.settings})
    except ValidationError as error:
        first = error.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else "?"
        raise ValueError(f'{where}: setting "{key}": {first["msg"]}') from None
    release._typed_settings = {key: getattr(spec, key) for key in release.settings}
    return spec.model_dump(exclude={"releases"})
