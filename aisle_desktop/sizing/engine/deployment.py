"""One replica's hardware, model and engine resolved into the numbers the time model needs.

Resolving once per scenario keeps the step-time arithmetic free of catalog look-ups, so the
same code serves a single prediction, a 1,000-point sweep and thousands of validation rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aisle_desktop.catalog import (
    Catalog,
    ComponentPrecisions,
    EngineSpec,
    GpuSpec,
    LayerGroup,
    ModelSpec,
    component_precisions,
    plan_quantized,
)
from aisle_desktop.sizing.calibration import GIB, PerformanceAssumptions
from aisle_desktop.sizing.engine.arraymath import (
    Number,
    anywhere,
    choose,
    given,
    uniform,
)
from aisle_desktop.sizing.engine.cache import held_bytes_per_sequence, layer_groups, stage_share
from aisle_desktop.sizing.engine.copies import replaced
from aisle_desktop.sizing.engine.memory import (
    FitMemo,
    WeightBytes,
    reserved_memory_fraction,
    weight_bytes,
    weight_parts,
)
from aisle_desktop.sizing.engine.precision import ExecutionMode, resolve_execution
from aisle_desktop.sizing.engine.speculative import Speculation, resolve_speculation
from aisle_desktop.sizing.errors import SizingError

# Tensor parallel beyond one NVLink domain crosses the data-centre network (400 Gb/s NDR
# InfiniBand per GPU: about 45 GB/s of all-reduce bus bandwidth, NCCL tests) or, inside a PCIe
# server, the PCIe switch (about 25 GB/s, nccl-tests issue 212).
NETWORK_ALLREDUCE_GBPS = 45.0
NETWORK_ALLREDUCE_LATENCY_US = 30.0
PCIE_ALLREDUCE_GBPS = 25.0
PCIE_ALLREDUCE_LATENCY_US = 25.0
GPUS_PER_SERVER_TYPICAL = 8
# A multi-node NVLink domain (GB200/GB300 NVL72) is built of compute trays of two superchips,
# 4 GPUs each, every tray its own host.
RACK_SCALE_TRAY_GPUS = 4


@dataclass(frozen=True, slots=True, eq=False)
class Deployment:
    """A replica: one model on `tp * pp` GPUs of one kind, served by one engine.

    Immutable, and equal only to itself: the time model keeps what it works out of a
    replica in the replica (`worked_out`, `fit_memo`), so every variant is a new object
    (`copies.replaced`) with nothing worked out yet."""

    model: ModelSpec
    gpu: GpuSpec
    engine: EngineSpec
    execution: ExecutionMode
    tp: int
    pp: int
    weights: WeightBytes  # what the GPUs hold: each component as its checkpoint stores it
    # What a step is timed reading: every weight at the plan's precision, embeddings and LM
    # head at 16 bits, as the time model is calibrated (a checkpoint's 16-bit attention read
    # each step is not timed yet: docs/calibration.md, "Mixed-precision checkpoints").
    read_weights: WeightBytes
    usable_memory_bytes: float
    effective_bandwidth_bps: float  # bytes/s actually reached reading weights
    kv_bandwidth_bps: float  # bytes/s reading the KV cache
    gemm_flops: float  # FLOP/s reached by weight GEMMs
    attention_flops: float  # FLOP/s reached by attention math
    allreduce_bus_bps: float  # bytes/s of effective all-reduce bus bandwidth
    allreduce_latency_s: float
    interconnect_label: str
    step_overhead_s: float
    assumptions: PerformanceAssumptions
    step_multiplier: float = 1.0  # >1 when LoRA adapters in the batch slow every step
    sequence_overhead_s: float = 0.0  # per running sequence per iteration (online servers)
    kv_read_amplification: float = 1.0  # >1 when decode re-reads K/V once per query head
    # One attention rank's own tensor-parallel group under data-parallel attention: its
    # all-reduce takes its own GPUs' path (inside a server where the stage spans several),
    # the stage's figures otherwise (`_collective_rates`).
    attention_allreduce_bus_bps: float = 0.0
    attention_allreduce_latency_s: float = 0.0
    # The latency of one collective of the expert exchange over a stage spanning servers,
    # where the engine's exchange is NCCL's ring (`expert_exchange_network_hop_us`); 0: the
    # stage's all-reduce latency per round, log2(GPUs) rounds, as before.
    cross_server_exchange_latency_s: float = 0.0
    # `tp` is every GPU of a pipeline stage. Attention runs on `attention_dp` ranks of
    # tp / attention_dp GPUs each, every rank with its own sequences; MoE layers split their
    # experts into `ep` groups, each expert sliced over tp / ep GPUs.
    attention_dp: int = 1
    ep: int = 1
    speculation: Speculation | None = None  # a draft (MTP layers or a small model)
    # The model's layers by kind (`layer_groups`), resolved once: every step reads them.
    model_layers: tuple[LayerGroup, ...] = ()
    # What fitting sequences on this replica worked out (`fit.memory_breakdown`); not an
    # argument, so every copy (`copies.replaced`) starts with its own, empty.
    fit_memo: FitMemo = field(default_factory=FitMemo, init=False, repr=False, compare=False)
    # What the time model worked out of this replica, by function (`replica_memo`); every
    # copy starts with none, as with `fit_memo`.
    worked_out: dict[Callable[..., Any], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def tokens_per_step(self) -> float:
        """Tokens a decode step emits per sequence: 1, more with an accepted draft."""
        return 1.0 if self.speculation is None else self.speculation.tokens_per_step

    @property
    def verify_tokens(self) -> int:
        """Tokens per sequence a decode step multiplies: its own, plus the drafts to check."""
        return 1 if self.speculation is None else self.speculation.verify_tokens

    @property
    def cache_groups(self) -> tuple[LayerGroup, ...]:
        """The layers whose cache and state each sequence holds on this replica."""
        draft = self.speculation.cache if self.speculation is not None else ()
        return self.model_layers + draft

    def sequence_bytes_per_gpu(self, tokens: Number) -> Number:
        """Cache and state one sequence of `tokens` holds on one GPU, the draft's included."""
        share = stage_share(self.model, self.pp)
        kv_bytes = self.execution.kv_bytes_per_element
        return held_bytes_per_sequence(self.cache_groups, kv_bytes, tokens, self.kv_tp, share)

    @property
    def gpus(self) -> int:
        return self.tp * self.pp

    @property
    def attention_ranks(self) -> int:
        """Attention ranks of a stage, each running attention for its own sequences."""
        return self.attention_dp

    @property
    def attention_tp(self) -> int:
        """GPUs one attention rank's heads are split over."""
        return self.tp // self.attention_dp

    @property
    def kv_tp(self) -> int:
        """Degree the KV heads are split over: an attention rank's GPUs."""
        return self.attention_tp

    @property
    def expert_tp(self) -> int:
        """GPUs one routed expert is sliced over: 1 when each GPU holds whole experts."""
        return self.tp // self.ep

    @property
    def expert_parallel(self) -> bool:
        return uniform(self.ep > 1)

    @property
    def attention_data_parallel(self) -> bool:
        return uniform(self.attention_dp > 1)

    @property
    def layout_label(self) -> str:
        """The split as a planner reads it: "TP 4 × PP 2", "TP 8 × EP 8", "TP 8 × EP 8,
        attention data-parallel 8" (TP counts a stage's GPUs)."""
        if self.ep == 1 and self.attention_dp == 1:
            return f"TP {self.tp} × PP {self.pp}"
        text = f"TP {self.tp} × EP {self.ep}" + (f" × PP {self.pp}" if self.pp > 1 else "")
        if self.attention_dp > 1:
            text += f", attention data-parallel {self.attention_dp}"
        return text

    @property
    def weights_per_gpu_bytes(self) -> float:
        """Under data-parallel attention every GPU holds the dense layers whole. A draft sits
        on the last pipeline stage, split over its TP group."""
        draft = self.speculation.draft_weight_bytes / self.tp if self.speculation else 0.0
        split = self.weights.total_bytes / self.gpus + draft
        data_parallel = self.attention_dp > 1  # per element for stacked replicas (`predict`)
        if not anywhere(data_parallel):
            return split
        weights = self.weights
        replicated = weights.embedding_bytes + weights.dense_bytes
        whole = replicated / (self.attention_tp * self.pp) + weights.expert_bytes / self.gpus
        return choose(data_parallel, whole + draft, split)  # type: ignore[no-any-return]

    @property
    def memory_fraction(self) -> Number:
        """The engine's memory fraction on this replica: as the catalog gives it, or what its
        reserve leaves of each GPU (`reserved_memory_fraction`)."""
        engine = self.engine
        if engine.memory_reserve is None:
            return engine.memory_fraction
        return reserved_memory_fraction(
            engine.memory_reserve,
            self.usable_memory_bytes / GIB * 1024,  # MiB
            engine.max_num_batched_tokens,
            given(engine.cuda_graph_max_batch, 0),
            self.tp * self.pp,
            self.attention_dp,
        )

    @property
    def runtime_bytes(self) -> float:
        a = self.assumptions
        gib = choose(self.gpus == 1, a.runtime_overhead_gib_tp1, a.runtime_overhead_gib_multi_gpu)
        return gib * GIB  # type: ignore[no-any-return]


def check_parallelism(model: ModelSpec, tp: int, pp: int) -> None:
    """Refuse splits no engine runs, saying which would work."""
    if tp < 1 or pp < 1:
        raise SizingError(f"tp and pp must be at least 1, got tp={tp}, pp={pp}")
    heads = model.num_attention_heads
    if heads % tp:
        working = [d for d in (1, 2, 4, 8, 16, 32, 64) if heads % d == 0]
        raise SizingError(
            f"TP {tp} does not divide the {heads} attention heads of {model.name}; "
            f"TP must be one of {working} (a worker of {tp} GPUs with data-parallel "
            f"attention, TensorRT-LLM enable_attention_dp or SGLang --enable-dp-attention, "
            f"is tp 1 x attention_dp {tp})"
        )
    kv_heads = model.num_key_value_heads
    if tp < kv_heads and kv_heads % tp:
        raise SizingError(
            f"TP {tp} does not divide the {kv_heads} KV heads of {model.name}; "
            "use a TP that divides them, or one larger than them (heads are then replicated)"
        )
    if pp > model.num_layers:
        raise SizingError(
            f"PP {pp} exceeds the {model.num_layers} layers of {model.name}; "
            f"PP can be at most {model.num_layers}"
        )


def _allreduce_path(gpu: GpuSpec, tp: int, adapters: float = 1.0) -> tuple[float, float, str]:
    """(bus GB/s, latency us, label) for all-reduces within a TP group of this size.

    Across servers whose GPUs share a scale-up domain of a whole server (NVLink), NCCL runs
    one ring per network adapter and only two hops of each ring leave a server, so a
    collective reaches `adapters` adapters' bandwidth together (`network_adapters_per_collective`;
    nccl-tests: 400-450 GB/s all-reduce bus bandwidth on H100 and H200 servers with a 400 Gb/s
    adapter per GPU, 40-50 GB/s on L40S servers without NVLink), never more than the domain's
    own figure. Servers without such a domain keep one adapter's."""
    link = gpu.interconnect
    if tp <= link.scale_up_domain_gpus:
        return link.allreduce_bus_bandwidth_gbps, link.allreduce_latency_us, link.kind
    if tp <= GPUS_PER_SERVER_TYPICAL:
        return PCIE_ALLREDUCE_GBPS, PCIE_ALLREDUCE_LATENCY_US, "pcie (beyond the NVLink domain)"
    together = adapters if link.scale_up_domain_gpus >= GPUS_PER_SERVER_TYPICAL else 1.0
    bus_gbps = min(NETWORK_ALLREDUCE_GBPS * together, link.allreduce_bus_bandwidth_gbps)
    label = "network (across servers)"
    return max(bus_gbps, NETWORK_ALLREDUCE_GBPS), NETWORK_ALLREDUCE_LATENCY_US, label


def spans_trays(gpu: GpuSpec, group_gpus: int) -> bool:
    """Whether a tensor-parallel group of `group_gpus` reaches beyond one compute tray of a
    multi-node NVLink domain (a domain wider than one 8-GPU server), still inside the domain."""
    domain = gpu.interconnect.scale_up_domain_gpus
    return domain > GPUS_PER_SERVER_TYPICAL and RACK_SCALE_TRAY_GPUS < group_gpus <= domain


def spans_servers(gpu: GpuSpec, group_gpus: int) -> bool:
    """Whether a tensor-parallel group of `group_gpus` reaches beyond its GPUs' NVLink domain
    and an 8-GPU server, so that its all-reduce crosses the servers' network adapters."""
    return group_gpus > max(gpu.interconnect.scale_up_domain_gpus, GPUS_PER_SERVER_TYPICAL)


def _collective_rates(
    gpu: GpuSpec, stage_gpus: int, attention_dp: int, assumptions: PerformanceAssumptions
) -> dict[str, Any]:
    """The replica's all-reduce bus bandwidth (bytes/s), latency (s) and path label, and
    those of one attention rank's own group (`_attention_rank_rates`).

    An engine whose own all-reduce declines a group spanning hosts (SGLang's custom
    all-reduce: "Custom allreduce is disabled because this process group spans across nodes")
    runs NCCL's between the trays of an NVL72 rack: `cross_tray_allreduce_bus_gbps` when its
    attention tensor-parallel group spans trays, the domain's own figure when it is 0; and
    between 8-GPU servers over their adapters: `cross_server_allreduce_bus_gbps` (what NCCL
    reaches at a prefill chunk's message size, below the adapters' large-message figure),
    never more than the adapters' figure, which it keeps when it is 0. Under data-parallel
    attention the group is a rank's GPUs, and the expert exchange runs the engine's own
    kernels (DeepEP)."""
    adapters = assumptions.network_adapters_per_collective
    bus_gbps, latency_us, label = _allreduce_path(gpu, stage_gpus, adapters)
    group_gpus = stage_gpus // max(1, attention_dp)
    bus_gbps, label = _nccl_fallbacks(gpu, group_gpus, bus_gbps, label, assumptions)
    return {
        "allreduce_bus_bps": bus_gbps * 1e9 * assumptions.allreduce_efficiency,
        "allreduce_latency_s": latency_us * assumptions.allreduce_latency_factor * 1e-6,
        "interconnect_label": label,
        **_attention_rank_rates(gpu, stage_gpus, attention_dp, assumptions),
        "cross_server_exchange_latency_s": _cross_server_exchange_latency_s(
            gpu, stage_gpus, assumptions
        ),
    }


def _nccl_fallbacks(
    gpu: GpuSpec, group_gpus: int, bus_gbps: float, label: str, assumptions: PerformanceAssumptions
) -> tuple[float, str]:
    """(bus GB/s, label) of a tensor-parallel group of `group_gpus` where the engine's own
    all-reduce declines a group spanning trays or servers and NCCL's runs (`_collective_rates`)."""
    cross_tray_gbps = assumptions.cross_tray_allreduce_bus_gbps
    if cross_tray_gbps > 0 and spans_trays(gpu, group_gpus):
        bus_gbps, label = cross_tray_gbps, f"{label} across trays (NCCL)"
    cross_server_gbps = assumptions.cross_server_allreduce_bus_gbps
    if cross_server_gbps > 0 and spans_servers(gpu, group_gpus):
        bus_gbps, label = min(bus_gbps, cross_server_gbps), f"{label} (NCCL)"
    return bus_gbps, label


def _attention_rank_rates(
    gpu: GpuSpec, stage_gpus: int, attention_dp: int, assumptions: PerformanceAssumptions
) -> dict[str, float]:
    """All-reduce bus bandwidth (bytes/s) and latency (s) of one attention rank's own
    tensor-parallel group under data-parallel attention.

    The engines number a stage's GPUs with tensor parallelism innermost, so an attention
    rank's group is adjacent GPUs: vLLM lays its ranks out as ExternalDP x DP x PP x PCP x TP
    ("the caller should make sure adjacent ranks are on the same DGX box",
    `vllm/distributed/parallel_state.py`, `initialize_model_parallel`). A rank of 4 GPUs of a
    16-GPU stage over two 8-GPU servers all-reduces over its server's NVLink, not over the
    network the stage's collectives cross. Without data-parallel attention the group is the
    stage and its figures are the stage's."""
    group_gpus = stage_gpus // max(1, attention_dp)
    adapters = assumptions.network_adapters_per_collective
    bus_gbps, latency_us, label = _allreduce_path(gpu, group_gpus, adapters)
    bus_gbps, _ = _nccl_fallbacks(gpu, group_gpus, bus_gbps, label, assumptions)
    return {
        "attention_allreduce_bus_bps": bus_gbps * 1e9 * assumptions.allreduce_efficiency,
        "attention_allreduce_latency_s": latency_us * assumptions.allreduce_latency_factor * 1e-6,
    }


def _cross_server_exchange_latency_s(
    gpu: GpuSpec, stage_gpus: int, assumptions: PerformanceAssumptions
) -> float:
    """Latency (s) of one all-gather or reduce-scatter of the expert exchange over a stage
    that spans servers, where the engine runs it as NCCL's ring: 0 where it does not apply.

    NCCL's ring crosses the network once per server boundary and takes NVLink hops inside
    each server (its latency model, `src/graph/tuning.cc`: `(nsteps - nInterSteps) *
    intraLat + nInterSteps * interLat`, with `nInterSteps = nNodes - 1` for an all-gather or
    a reduce-scatter). So a collective over two 8-GPU servers costs what one inside a
    server costs, log2(8) rounds at the server's NVLink latency, plus one network hop of
    `expert_exchange_network_hop_us`, not log2(16) rounds at the network's latency."""
    hop_us = assumptions.expert_exchange_network_hop_us
    if hop_us <= 0 or not spans_servers(gpu, stage_gpus):
        return 0.0
    server_gpus = max(gpu.interconnect.scale_up_domain_gpus, GPUS_PER_SERVER_TYPICAL)
    servers = -(-stage_gpus // server_gpus)
    adapters = assumptions.network_adapters_per_collective
    _, round_us, _ = _allreduce_path(gpu, server_gpus, adapters)  # a round inside a server
    inside_us = round_us * math.log2(server_gpus)
    return (inside_us + (servers - 1) * hop_us) * assumptions.allreduce_latency_factor * 1e-6


def _gemm_scale_share(execution: ExecutionMode, assumptions: PerformanceAssumptions) -> float:
    """Share of the engine's GEMM efficiency kept by native block-scaled 4-bit GEMMs."""
    native_4bit = not execution.weight_only and execution.bits_per_weight < 8
    return assumptions.block_scaled_gemm_efficiency if native_4bit else 1.0


def decodes_with_trtllm_kernel(gpu: GpuSpec, model: ModelSpec, execution: ExecutionMode) -> bool:
    """Whether an engine whose era sets `sm100_decode_attention_bandwidth_efficiency` runs
    TensorRT-LLM's decode kernel here: vLLM's FlashInfer backend, first for attention that is
    not MLA on compute capability 10.x (`_get_backend_priorities`, vllm/platforms/cuda.py),
    picks it there with the KV cache at the model's own dtype (`use_trtllm_attention`,
    vllm/utils/flashinfer.py: kv_cache_dtype "auto"); the RTX PRO cards (12.0) and Hopper
    run FlashInfer's or FlashAttention's own kernels."""
    return (
        gpu.compute_capability_major == 10
        and model.attention.kind != "mla"
        and execution.kv_precision in ("bf16", "fp16")
    )


def _kv_bandwidth_share(
    gpu: GpuSpec, model: ModelSpec, execution: ExecutionMode, assumptions: PerformanceAssumptions
) -> float:
    """Share of peak bandwidth decode attention streams the KV cache at."""
    own = assumptions.sm100_decode_attention_bandwidth_efficiency
    if own > 0 and decodes_with_trtllm_kernel(gpu, model, execution):
        return own
    return assumptions.attention_bandwidth_efficiency


def _weights(catalog: Catalog, model: ModelSpec, precisions: ComponentPrecisions) -> WeightBytes:
    bits_of = {p: catalog.precision(p).bits_per_weight for _, p in precisions.precisions}
    return weight_bytes(weight_parts(model, precisions, bits_of))


def checkpoint_weights(catalog: Catalog, model: ModelSpec, precision: str) -> WeightBytes:
    """The model's weights when a plan names `precision`: each component where the
    checkpoint at that precision stores it (`component_precisions`)."""
    return _weights(catalog, model, component_precisions(catalog, model, precision))


def uniform_weights(catalog: Catalog, model: ModelSpec, precision: str) -> WeightBytes:
    """The model's weights as if every linear layer were at `precision` and the embeddings
    and LM head at 16 bits (below 16 bits), whatever its checkpoint lists."""
    return _weights(catalog, model, plan_quantized(catalog, model, precision))


def resolve_deployment(
    catalog: Catalog,
    model_id: str,
    gpu_id: str,
    engine_id: str,
    weight_precision: str,
    kv_precision: str | None,
    tp: int,
    pp: int,
    assumptions: PerformanceAssumptions,
    attention_dp: int = 1,
    ep: int = 1,
    engine_version: str | None = None,
) -> Deployment:
    """Look up the catalog entries and derive the per-GPU rates a replica works with.

    `tp` is the attention tensor-parallel degree; with `attention_dp` ranks a stage has
    tp x attention_dp GPUs, over which the MoE layers split their experts `ep` ways.
    `engine_version` picks the engine release whose catalog defaults apply (None: the
    newest); `assumptions` are the calibration's values for that release
    (`Calibration.performance_for`), the planner's overrides applied.
    """
    model = catalog.model(model_id)
    gpu = catalog.gpu(gpu_id)
    if model.kind != "llm":
        raise SizingError(f"{model.name} is an embedding model; size it as an embeddings workload")
    check_parallelism(model, tp, pp)
    stage_gpus = tp * max(1, attention_dp)
    engine = catalog.engine_on_gpu(
        engine_id, engine_version, gpu.usable_memory_gib, stage_gpus, gpu.name
    )
    execution = resolve_execution(catalog, engine, gpu, weight_precision, kv_precision)
    bandwidth = gpu.memory_bandwidth_tbps * 1e12
    if attention_dp != 1 or ep != 1:
        _check_layout(model, stage_gpus, attention_dp, ep)
    return Deployment(
        model=model,
        gpu=gpu,
        engine=engine,
        execution=execution,
        tp=stage_gpus,
        pp=pp,
        weights=checkpoint_weights(catalog, model, weight_precision),
        read_weights=uniform_weights(catalog, model, weight_precision),
        usable_memory_bytes=gpu.usable_memory_gib * GIB,
        effective_bandwidth_bps=bandwidth
        * min(1.0, execution.eta_mem * assumptions.weight_bandwidth_factor),
        kv_bandwidth_bps=bandwidth * _kv_bandwidth_share(gpu, model, execution, assumptions),
        gemm_flops=execution.gemm_peak_flops
        * min(1.0, engine.eta_flops * assumptions.gemm_flops_factor)
        * _gemm_scale_share(execution, assumptions),
        attention_flops=gpu.bf16_tflops * 1e12 * assumptions.attention_flops_efficiency,
        **_collective_rates(gpu, stage_gpus, attention_dp, assumptions),
        step_overhead_s=engine.step_overhead_ms * assumptions.step_overhead_factor * 1e-3,
        assumptions=assumptions,
        sequence_overhead_s=assumptions.stream_overhead_us_per_sequence * 1e-6,
        model_layers=layer_groups(model),
        attention_dp=attention_dp,
        ep=ep,
    )


def offline(dep: Deployment) -> Deployment:
    """The same replica run by an offline benchmark: no server streams tokens to clients
    (the replica itself when its engine streams at no cost: a copy costs microseconds)."""
    if dep.sequence_overhead_s == 0.0:
        return dep
    return replaced(dep, sequence_overhead_s=0.0)


def on_offline_benchmark_mapping(dep: Deployment) -> Deployment:
    """The replica as the engine's throughput benchmark maps it onto its GPUs.

    TensorRT-LLM's published MoE throughput runs (perf-overview, v1.0: Qwen3, Llama 4,
    DeepSeek) pass `--ep`, so each GPU holds whole experts, and `enable_attention_dp`. Where
    the TP group shares no NVLink domain (RTX PRO 6000 over PCIe) attention is data
    parallel: each GPU attends its own sequences with all KV heads, and tokens travel to
    their experts and back instead of two PCIe all-reduces per layer; those tables scale
    almost linearly from 1 to 8 GPUs (Qwen3-30B-A3B at 128/2,048: 12.5k to 52.7k tokens/s),
    which all-reduces over PCIe cannot. The NVLink TP 8 tables fit tensor-parallel
    attention with replicated KV heads. The 8-expert Mixtral tables come from the older
    engine-build flow, which ran plain TP.
    """
    min_experts = dep.engine.offline_attention_data_parallel_min_experts
    moe = dep.model.moe
    expert_parallel = min_experts is not None and moe is not None and moe.num_experts >= min_experts
    over_pcie = dep.tp > dep.gpu.interconnect.scale_up_domain_gpus
    ep = dep.tp if expert_parallel else 1
    attention_dp = dep.tp if expert_parallel and over_pcie else 1
    if (ep, attention_dp) == (dep.ep, dep.attention_dp):  # mapped as it is (dense models)
        return dep
    return replaced(dep, ep=ep, attention_dp=attention_dp)


def with_speculation(
    catalog: Catalog,
    dep: Deployment,
    method: str,
    draft_tokens: int,
    acceptance: float | None,
    draft_model_id: str | None,
) -> Deployment:
    """The replica drafting with the model's MTP layers or a draft model, if its engine can."""
    speculation = resolve_speculation(
        catalog,
        dep.model,
        list(dep.engine.speculative_methods),
        dep.engine.name,
        method,
        draft_tokens,
        acceptance,
        draft_model_id,
        dep.execution.bits_per_weight,
    )
    return replaced(dep, speculation=speculation)


def with_expert_parallel(dep: Deployment, data_parallel_attention: bool) -> Deployment:
    """MoE experts whole on each GPU of the TP group (EP = TP); with data-parallel attention
    each GPU also attends its own sequences, so a latent KV is not copied to every GPU."""
    if dep.model.moe is None:
        raise SizingError(f"{dep.model.name} has no experts: expert parallel does not apply")
    return _relaid(dep, dep.tp if data_parallel_attention else 1, dep.tp)


def with_layout(dep: Deployment, attention_dp: int, ep: int) -> Deployment:
    """The replica with `dep.tp` GPUs per stage split as `attention_dp` attention ranks and
    `ep` expert groups (raises SizingError naming a split that does not divide)."""
    _check_layout(dep.model, dep.tp, attention_dp, ep)
    return _relaid(dep, attention_dp, ep)


def _relaid(dep: Deployment, attention_dp: int, ep: int) -> Deployment:
    """The replica split as `attention_dp` attention ranks and `ep` expert groups; its
    all-reduce path worked out again only where the split moves a tensor-parallel group onto
    or off the trays' or the servers' NCCL path (`_collective_rates`)."""
    if _nccl_paths(dep, dep.attention_dp) != _nccl_paths(dep, attention_dp):
        rates = _collective_rates(dep.gpu, dep.tp, attention_dp, dep.assumptions)
        return replaced(dep, attention_dp=attention_dp, ep=ep, **rates)
    rank = _attention_rank_rates(dep.gpu, dep.tp, attention_dp, dep.assumptions)
    return replaced(dep, attention_dp=attention_dp, ep=ep, **rank)


def _nccl_paths(dep: Deployment, attention_dp: int) -> tuple[bool, bool]:
    """Whether the replica's tensor-parallel group under `attention_dp` attention ranks takes
    the trays' and the servers' NCCL figures (each only where its calibration sets one)."""
    group = dep.tp // attention_dp
    a = dep.assumptions
    return (
        a.cross_tray_allreduce_bus_gbps > 0 and spans_trays(dep.gpu, group),
        a.cross_server_allreduce_bus_gbps > 0 and spans_servers(dep.gpu, group),
    )


def _check_layout(model: ModelSpec, stage_gpus: int, attention_dp: int, ep: int) -> None:
    """Refuse a stage of `stage_gpus` split as `attention_dp` attention ranks and `ep` expert
    groups where either does not divide, naming the split."""
    if attention_dp < 1 or ep < 1 or stage_gpus % attention_dp or stage_gpus % ep:
        raise SizingError(
            f"attention DP {attention_dp} and EP {ep} must each divide the {stage_gpus} GPUs "
            "of a pipeline stage"
        )
    if ep > 1 and model.moe is None:
        raise SizingError(f"{model.name} has no experts: expert parallel does not apply")
    if ep > 1 and model.moe is not None and model.moe.num_experts % ep:
        raise SizingError(
            f"EP {ep} does not divide the {model.moe.num_experts} experts of {model.name}"
        )
