"""Time of one engine iteration (SIZING.md section 2).

A continuous-batching engine runs iterations that carry the running batch's decode tokens and
a chunk of prefill tokens. Weight GEMMs and attention are separate kernels, so their times add;
each is bounded by memory bandwidth or by compute, whichever is slower. Tensor parallel adds
two all-reduces per layer (data-parallel attention over expert-parallel MoE layers exchanges
tokens with their experts instead); pipeline parallel runs micro-batches through stages in turn.

Every function accepts floats or numpy arrays for the batch and token counts, so a sweep of a
thousand points is one call.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from aisle_desktop.sizing.engine.arraymath import (
    Number,
    anywhere,
    as_float,
    choose,
    elementwise_max,
    elementwise_min,
    everywhere,
    first_largest,
    given,
)
from aisle_desktop.sizing.engine.cache import (
    attention_flops_per_token,
    read_bytes_per_sequence,
    stage_share,
)
from aisle_desktop.sizing.engine.deployment import Deployment
from aisle_desktop.sizing.engine.expert_dispatch import dispatched_share
from aisle_desktop.sizing.engine.replica_memo import kept_by_replica, replica_constant
from aisle_desktop.sizing.engine.speculative import (
    draft_head_share,
    draft_pass_s,
    mtp_batch_read_share,
)


@dataclass(frozen=True, slots=True)
class StepTime:
    """One iteration's time and where it goes, in seconds."""

    weights_read_s: Number
    gemm_compute_s: Number
    kv_read_s: Number
    attention_compute_s: Number
    allreduce_s: Number  # TP all-reduces, or the expert exchange under data-parallel attention
    pipeline_s: Number
    overhead_s: Number
    total_s: Number
    draft_s: Number = 0.0  # speculative decoding: the draft's passes before the verify step

    def bound(self) -> Number:
        """The mechanism that takes the most time (for arrays, an array of them)."""
        shares = {
            "memory bandwidth": elementwise_max(self.weights_read_s, 0)
            + elementwise_max(self.kv_read_s, 0),
            "compute": self.gemm_compute_s + self.attention_compute_s,
            "interconnect": self.allreduce_s + self.pipeline_s,
        }
        return first_largest(shares)[0]


def expert_share_touched(dep: Deployment, tokens: Number) -> Number:
    """Share of routed experts a step's tokens touch.

    MoE decode reads every expert that any token in the batch is routed to, not only one
    token's active parameters, so small batches are cheap and large ones read everything.
    With every expert equally likely that share is 1 - (1 - k/E)^tokens. Routers are not
    even: some experts draw several times their share of a text's tokens, others few (why
    engines rebalance experts over GPUs, EPLB), so a batch's picks fall on fewer distinct
    experts. With the experts' loads spread with coefficient of variation `cv` (a gamma
    spread, `expert_load_cv`; 0 is even routing), the share a batch of n tokens touches is
    1 - (1 + n k / (E a))^-a with a = 1 / cv^2: the same first picks, a slower approach to
    every expert, still all of them at a large batch.
    """
    moe = dep.model.moe
    if moe is None:
        return 0.0
    picks = elementwise_max(tokens, 0.0)
    pick_share = moe.experts_per_token / moe.num_experts
    cv: Number = dep.assumptions.expert_load_cv  # an array where stacked replicas differ
    uneven = cv > 0.0
    if not isinstance(uneven, np.ndarray):  # one spread: only its own power is worked out
        if not uneven:
            return 1.0 - (1.0 - pick_share) ** picks
        shape = 1.0 / cv**2
        return 1.0 - (1.0 + picks * pick_share / shape) ** -shape
    even = 1.0 - (1.0 - pick_share) ** picks
    shape = 1.0 / choose(uneven, cv, 1.0) ** 2
    return choose(uneven, 1.0 - (1.0 + picks * pick_share / shape) ** -shape, even)


def busiest_rank_deviations(ranks: int) -> float:
    """Expected largest of `ranks` independent standard normal draws, in standard deviations
    (Blom's approximation, the normal quantile at (n - 0.375) / (n + 0.25): 0.59 for 2,
    1.43 for 8, 2.34 for 64 against exact 0.56, 1.42 and 2.33); 0 for one rank."""
    if ranks <= 1:
        return 0.0
    return NormalDist().inv_cdf((ranks - 0.375) / (ranks + 0.25))


def busiest_rank_token_excess(dep: Deployment, tokens: Number) -> Number:
    """How much more routed-expert work than the mean the busiest expert-parallel rank does,
    as a share of the mean: a MoE layer under expert parallel ends when its busiest rank does.

    Each of `ep` ranks holds E / ep whole experts and multiplies the tokens routed to them.
    A rank's share of a batch's n k expert picks varies with which experts it holds (each
    expert's load spread with coefficient of variation cv, `expert_load_cv`; summed over the
    rank's E / ep experts: cv / sqrt(E / ep)) and with the draw of the picks (sqrt(ep /
    (n k))). The busiest of ep ranks sits z of those deviations above the mean, z the
    expected largest of ep standard normals: the reason engines rebalance experts over
    ranks (EPLB). DeepSeek-V3 on EP 8 at 4,096 tokens: 1.434 x sqrt(0.49 / 32 + 8 / 32,768)
    = 17.9% more than the mean. 0 without expert parallel, where every GPU multiplies a
    slice of every expert. Scaled by `expert_rank_imbalance` (0 before calibration 2026.12.8).
    """
    excess = _token_excess_if_any(dep, tokens)
    return 0.0 * tokens if excess is None else excess


def _token_excess_if_any(dep: Deployment, tokens: Number) -> Number | None:
    """`busiest_rank_token_excess`, None where no rank is busier (most replicas: every step
    asks, and a step adds its routed GEMMs' excess only where there is one)."""
    busiest = _busiest_ranks(dep).tokens
    if busiest is None:
        return None
    moe, ep = dep.model.moe, dep.ep
    assert moe is not None
    held = moe.num_experts / ep
    picks = elementwise_max(tokens * moe.experts_per_token, 1.0)
    cv = dep.assumptions.expert_load_cv
    spread = (cv**2 / held + ep / picks) ** 0.5
    return elementwise_min(busiest * spread, ep - 1.0)


def busiest_rank_read_excess(dep: Deployment, touched: Number) -> Number:
    """How many more routed experts than the mean the busiest expert-parallel rank reads, as a
    share of the mean: a MoE layer bound by its weight reads ends when the rank that holds the
    most of the experts its tokens picked has read them.

    Each of `ep` ranks holds E / ep whole experts; a step's tokens touch a share s of all
    experts (`expert_share_touched`, uneven routing included), so a rank reads s E / ep of its
    own on average, but which ranks hold the picked experts is a draw: a rank's count has
    variance s (1 - s) E / ep, a relative deviation sqrt((1 - s) / (s E / ep)). The busiest of
    ep ranks sits z of those deviations above the mean (z the expected largest of ep standard
    normals, `busiest_rank_deviations`), at most all its experts. DeepSeek-V3 on EP 8 at one
    token: 8 of 256 experts picked, about one a rank, the busiest 2.4. At a large batch every
    rank reads all its experts and the excess is 0; 0 without expert parallel, where every GPU
    reads a slice of every expert. Scaled by `busiest_rank_expert_reads` (0 before calibration
    2026.12.15)."""
    excess = _read_excess_if_any(dep, touched)
    return 0.0 * touched if excess is None else excess


def _read_excess_if_any(dep: Deployment, touched: Number) -> Number | None:
    """`busiest_rank_read_excess`, None where no rank is busier (most replicas: every step
    asks, and a step scales its expert reads only where there is an excess)."""
    busiest = _busiest_ranks(dep).reads
    if busiest is None:
        return None
    moe = dep.model.moe
    assert moe is not None
    held = moe.num_experts / dep.ep
    share = elementwise_max(touched, 1.0 / moe.num_experts)
    spread = ((1.0 - share) / (held * share)) ** 0.5
    return elementwise_min(busiest * spread, 1.0 / share - 1.0)


@dataclass(frozen=True, slots=True)
class _BusiestRanks:
    """How far the busiest expert-parallel rank sits above the mean, weighted for the
    tokens it multiplies (`expert_rank_imbalance`) and for the experts it reads
    (`busiest_rank_expert_reads`); None where no rank is busier."""

    tokens: Number | None
    reads: Number | None


# Asked twice at every step of a replica (a stacked replica's are arrays, each EP degree's
# deviations looked up by the array's bytes): worked out once a replica.
@replica_constant
def _busiest_ranks(dep: Deployment) -> _BusiestRanks:
    assumptions = dep.assumptions
    found = (
        _busiest_rank_deviations_weighted(dep, assumptions.expert_rank_imbalance),
        _busiest_rank_deviations_weighted(dep, assumptions.busiest_rank_expert_reads),
    )
    for each in found:
        if isinstance(each, np.ndarray):
            each.flags.writeable = False  # shared by every step of the replica
    return _BusiestRanks(*found)


def _busiest_rank_deviations_weighted(dep: Deployment, weight: Number) -> Number | None:
    """`weight` times the deviations the busiest of the replica's expert-parallel ranks sits
    above their mean (`busiest_rank_deviations`, one a line where stacked replicas differ);
    None where no rank is busier: no experts, EP 1 or a weight of 0."""
    ep: Number = dep.ep  # an array where stacked replicas differ (`predict`); EP 1 gets 0
    if dep.model.moe is None or not anywhere(ep > 1):
        return None
    if isinstance(weight, float) and weight == 0.0:
        return None
    if isinstance(ep, np.ndarray):  # every step asks again: each degree worked out once
        deviations: Number = _of_each_size(dep, _busiest_rank_deviations_of, *_by_value(ep))
    else:
        deviations = busiest_rank_deviations(ep)
    return weight * deviations


def _matmul_params_per_token(dep: Deployment) -> float:
    """Parameters a token multiplies through: active ones, less the embedding lookup.

    An untied LM head is a real matmul; a tied one reuses the table, which then counts once.
    Makers that leave the lookup out of their active count (OpenAI) need nothing taken off.
    """
    model = dep.model
    active_b = model.active_params_b if model.active_params_b is not None else model.total_params_b
    table = as_float(model.vocab_size * model.hidden_size)
    counted = table if model.active_params_include_input_embedding else 0.0
    head = table if model.tie_word_embeddings else 0.0
    return elementwise_max(1.0, active_b * 1e9 - counted + head)  # type: ignore[no-any-return]


def routed_expert_params_per_token(dep: Deployment) -> float:
    """Routed-expert parameters one token multiplies through: k of the E experts."""
    moe = dep.model.moe
    if moe is None:
        return 0.0
    return moe.routed_expert_params_b * 1e9 * moe.experts_per_token / moe.num_experts


# Pure functions of a replica, asked at every step: worked out once per replica (a whole-
# catalog comparison resolves some 800).
@replica_constant
def gemm_seconds_per_token(dep: Deployment) -> float:
    """GPU-seconds of weight GEMMs per token, routed experts at their grouped-GEMM efficiency.

    Routed experts run as one grouped GEMM over many small per-expert problems, with the
    tokens permuted to their experts and back; that keeps only part of a dense GEMM's rate.
    """
    expert = routed_expert_params_per_token(dep)
    dense = elementwise_max(1.0, _matmul_params_per_token(dep) - expert)
    return 2.0 * (dense + expert / expert_gemm_efficiency(dep)) / dep.gemm_flops  # type: ignore[no-any-return]


@replica_constant
def routed_gemm_seconds_per_token(dep: Deployment) -> float:
    """GPU-seconds of routed-expert GEMMs per token, at their grouped-GEMM efficiency."""
    expert = routed_expert_params_per_token(dep)
    return 2.0 * expert / expert_gemm_efficiency(dep) / dep.gemm_flops


def expert_gemm_efficiency(dep: Deployment) -> float:
    """Share of a dense GEMM's rate that one GPU's routed-expert GEMMs reach.

    Each expert's problem carries a fixed cost (tile set-up and drain, scheduling, permuting
    its tokens in and out) that its width amortises: a fine-grained expert of 768 columns
    (Qwen3-30B-A3B) pays it on little work, a 14,336-column Mixtral expert hardly notices.
    Experts split by tensor parallel are narrower on each GPU; expert parallel keeps them
    whole.
    """
    moe = dep.model.moe
    if moe is None:
        return 1.0
    width = moe.expert_intermediate_size / dep.expert_tp
    return width / (width + dep.assumptions.expert_gemm_half_rate_width)


def allreduce_latency_s(
    dep: Deployment, group: int | None = None, per_round_s: Number | None = None
) -> float:
    """Fixed cost of one small all-reduce: the catalog's latency per synchronisation round
    (the stage's path, or `per_round_s`), times the log2(TP) rounds of a tree or two-shot
    all-reduce.

    A decode step's all-reduces carry a few kilobytes, so they cost rounds of synchronisation
    between GPUs, not bandwidth; more GPUs need more rounds. Batch-1 TPOT of 70B FP8 on H100
    (NIM) is 14.5 ms at TP 4 and still 12.0 ms at TP 8, although TP 8 reads half the weights.
    """
    size: Number = dep.tp if group is None else group
    round_s = dep.allreduce_latency_s if per_round_s is None else per_round_s
    if isinstance(size, np.ndarray):  # stacked replicas' sizes (`predict`); log2(1) is 0
        return round_s * _of_each_size(dep, math.log2, *_by_value(size))  # type: ignore[return-value]
    return round_s * math.log2(size) if size > 1 else 0.0


def _busiest_rank_deviations_of(ranks: float) -> float:
    """`busiest_rank_deviations` of a count read from an array (`_of_each_size`)."""
    return busiest_rank_deviations(int(ranks))


# A step of stacked replicas asks a figure of one array of sizes (TP degrees for the
# all-reduce rounds, EP degrees for the busiest rank) several times, each step again.
@kept_by_replica(max_answers=64)
def _of_each_size(
    dep: Deployment,
    rule: Callable[[float], float],
    dtype: str,
    shape: tuple[int, ...],
    data: bytes,
) -> np.ndarray:
    """`rule` of each of an array of the stacked replica `dep`'s sizes (given by value,
    `_by_value`), each distinct size worked out once, exactly as one replica's (numpy's log2
    may differ from `math.log2` in the last bit): read-only, as shared."""
    sizes, each = np.unique(np.frombuffer(data, dtype=dtype).reshape(shape), return_inverse=True)
    found = np.array([rule(one) for one in sizes.tolist()])[each]
    found.flags.writeable = False
    return found


# Engines all-reduce small messages with their own NVLink kernels (vLLM's custom all-reduce
# takes messages up to 8 MiB, its CustomAllreduce max_size; TensorRT-LLM's one-shot and
# two-shot kernels likewise) and hand larger ones, a prefill chunk's activations, to NCCL.
CUSTOM_ALLREDUCE_MAX_BYTES = 8.0 * 2**20


def allreduce_bandwidth_bps(
    dep: Deployment, message_bytes: Number, bus_bps: Number | None = None
) -> Number:
    """Bus bandwidth an all-reduce of `message_bytes` reaches.

    Decode steps' messages (kilobytes to a few megabytes) go through the engine's own
    kernels, which synchronise every GPU and read peers' buffers directly: they reach
    `allreduce_efficiency` of the catalog's NCCL bus bandwidth. Prefill chunks' messages
    (16 MB for 1,024 tokens of a 8,192-wide model) go to NCCL's pipelined ring, which gets
    `allreduce_large_message_factor` times that, never more than the catalog's figure.
    """
    assumptions = dep.assumptions
    bus = dep.allreduce_bus_bps if bus_bps is None else bus_bps  # the stage's path unless given
    factor = elementwise_min(
        assumptions.allreduce_large_message_factor, 1.0 / assumptions.allreduce_efficiency
    )  # an array for engines stacked by `predict`
    if not isinstance(factor, np.ndarray) and factor == 1.0:
        return bus
    if isinstance(message_bytes, np.ndarray) or isinstance(factor, np.ndarray):
        large = np.greater(message_bytes, CUSTOM_ALLREDUCE_MAX_BYTES)
        return bus * (1.0 + (factor - 1.0) * large)
    return bus * (factor if message_bytes > CUSTOM_ALLREDUCE_MAX_BYTES else 1.0)


def tensor_parallel_allreduce_s(
    dep: Deployment, tokens: Number, stage_layers: float, attention_rank: bool = False
) -> Number:
    """Two all-reduces of every token's hidden state per layer (attention and MLP outputs)
    over the GPUs that split them: the whole stage, or one attention rank's own group on its
    own path (`attention_rank`: inside its server where the stage spans several)."""
    if attention_rank:
        size: Number = dep.attention_tp
        round_s: Number | None = dep.attention_allreduce_latency_s
        bus_bps: Number | None = dep.attention_allreduce_bus_bps
    else:
        size, round_s, bus_bps = dep.tp, None, None
    message_bytes = tokens * dep.model.hidden_size * 2.0
    ring_factor = 2.0 * (size - 1) / size
    per_allreduce = allreduce_latency_s(
        dep, size, round_s
    ) + message_bytes * ring_factor / allreduce_bandwidth_bps(dep, message_bytes, bus_bps)
    return 2.0 * stage_layers * per_allreduce


def expert_exchange_s(dep: Deployment, tokens: Number, layer_share: float) -> Number:
    """Expert-parallel MoE layers under data-parallel attention: tokens go to their experts
    and come back, once per MoE layer, instead of two all-reduces per layer.

    Engines gather every rank's tokens to every rank in the GEMM's input precision (NVFP4 or
    FP8, quantised before sending) and reduce-scatter the 16-bit expert outputs back (vLLM's
    FlashInfer all-gather MoE path quantises, then all-gathers; TensorRT-LLM's attention-DP
    MoE exchanges the same tokens). Each is a collective whose bus traffic is (EP - 1) / EP
    of the gathered bytes; dense layers and attention need no communication at all. Where
    the engine sends each token only to the ranks holding its experts instead (TensorRT-LLM's
    all-to-all over a multi-node NVLink domain), the bytes shrink to `dispatched_share`.
    Each collective's fixed cost is log2(GPUs) rounds at the stage's all-reduce latency, or,
    over servers where the engine gathers with NCCL's ring, the deployment's
    `cross_server_exchange_latency_s` (one network hop per server boundary).
    """
    moe = dep.model.moe
    if moe is None:
        return 0.0 * tokens
    execution = dep.execution
    native = not execution.weight_only and execution.bits_per_weight < 16
    dispatch_bytes = choose(native, execution.bits_per_weight / 8.0, 2.0)
    gathered_bytes = tokens * dep.model.hidden_size * (dispatch_bytes + 2.0)
    share = (dep.tp - 1) / dep.tp
    sent_bytes = gathered_bytes * dispatched_share(dep)
    latency_s: Number = allreduce_latency_s(dep)
    ring_s: Number = dep.cross_server_exchange_latency_s
    if isinstance(ring_s, np.ndarray) or ring_s > 0.0:  # NCCL's ring across servers
        latency_s = choose(np.greater(ring_s, 0.0), ring_s, latency_s)
    per_layer = 2.0 * latency_s + sent_bytes * share / dep.allreduce_bus_bps
    return moe.num_moe_layers * layer_share * per_layer


@replica_constant
def layer_fixed_cost_s(dep: Deployment) -> Number:
    """Time per layer per iteration that does not shrink with the work.

    Every layer runs a dozen kernels whose launch and tail cost does not scale with tokens;
    native FP8/FP4 GEMMs add a kernel that quantises the activations before each GEMM.
    """
    assumptions = dep.assumptions
    quantised = not dep.execution.weight_only and dep.execution.bits_per_weight < 16
    extra = choose(quantised, assumptions.activation_quantization_us_per_layer, 0.0)
    return (assumptions.layer_overhead_us + extra) * 1e-6


def eager_launch_s(
    dep: Deployment,
    rank_tokens: Number,
    prefill_tokens: Number,
    stage_layers: float,
    decode_seqs: Number = 0.0,
) -> Number:
    """Host time to launch an iteration's kernels one by one when no CUDA graph holds it.

    Engines replay decode iterations from captured CUDA graphs; an iteration that carries a
    prefill chunk and more tokens on a rank than the largest graph (the catalog's
    `cuda_graph_max_batch`: 128 in TensorRT-LLM 1.x, whose graphs hold decode batches only;
    512 tokens in vLLM's V1 engine, whose piecewise graphs also hold small mixed batches)
    runs eagerly and pays a launch cost per layer. Decode-only batches above the largest
    graph are padded or split by the engines and show no such cost in the measurements.

    An MLA layer of an iteration that also carries `decode_seqs` decoding sequences launches
    its attention twice (`mixed_mla_launch_layers`): TensorRT-LLM's MLA runs a prompt's
    tokens through its context path and the decodes' through a separate generation path
    (absorbed matrix products, its own RoPE and attention kernels), where GQA attention takes
    both kinds of token in one call; the decode path, graphed in a decode step, is launched
    kernel by kernel here like the rest of the layer.
    """
    per_layer_us: Number = dep.assumptions.eager_layer_overhead_us  # arrays: stacked engines
    if not isinstance(per_layer_us, np.ndarray) and per_layer_us == 0.0:
        return 0.0
    cost_s = stage_layers * per_layer_us * 1e-6
    mixed_s = _mixed_mla_launch_s(dep, stage_layers, per_layer_us)
    largest_graph = as_float(given(dep.engine.cuda_graph_max_batch, 0))
    if (
        isinstance(rank_tokens, np.ndarray)
        or isinstance(prefill_tokens, np.ndarray)
        or isinstance(cost_s, np.ndarray)
        or isinstance(decode_seqs, np.ndarray)
        or isinstance(mixed_s, np.ndarray)
    ):
        eager = np.logical_and(
            np.greater(prefill_tokens, 0.0), np.greater(rank_tokens, largest_graph)
        )
        mixed = np.logical_and(eager, np.greater(decode_seqs, 0.0))
        return cost_s * eager + mixed_s * mixed
    if not (prefill_tokens > 0.0 and rank_tokens > largest_graph):
        return 0.0
    return cost_s + mixed_s if decode_seqs > 0.0 else cost_s


def _mixed_mla_launch_s(dep: Deployment, stage_layers: float, per_layer_us: Number) -> Number:
    """What a stage's MLA layers add to an eager iteration's launches when it mixes a prompt
    with decodes: `mixed_mla_launch_layers` layers' launches for each (0 without MLA)."""
    layers_each: Number = dep.assumptions.mixed_mla_launch_layers  # arrays: stacked engines
    if not isinstance(layers_each, np.ndarray) and layers_each == 0.0:
        return 0.0
    latent = sum(group.count for group in dep.model_layers if group.is_latent)
    if latent == 0:
        return 0.0
    stage_latent = stage_layers * latent / dep.model.num_layers
    return stage_latent * layers_each * per_layer_us * 1e-6


def expert_read_share(dep: Deployment) -> float:
    """Share of the weight bandwidth a stage's routed experts are read at: weight-only INT4
    MoE kernels (W4A16: Marlin MoE, the Triton WNA16 MoE) stream their experts slower than
    the dense GEMMs stream theirs (`weight_only_expert_bandwidth_share`); every other
    precision reads them as fast as the other weights."""
    execution = dep.execution
    if execution.weight_only and execution.weight_precision == "int4":
        return dep.assumptions.weight_only_expert_bandwidth_share
    return 1.0


def moe_layer_fixed_cost_s(dep: Deployment, layer_share: float) -> float:
    """Time per iteration that a stage's MoE layers add whatever the batch: routing (top-k),
    permuting tokens to their experts and back, aligning them to the grouped GEMM's tiles
    and summing the experts' outputs are kernels a dense MLP does not run, each with its
    launch and tail cost."""
    moe = dep.model.moe
    if moe is None:
        return 0.0
    return moe.num_moe_layers * layer_share * dep.assumptions.moe_layer_overhead_us * 1e-6


@dataclass(frozen=True, slots=True)
class _StageConstants:
    """What a stage's step reads of its replica whatever the batch, each worked out in the
    order `stage_step_time` multiplies it (so that its figures keep their last bits)."""

    share: float  # of the model's layers, on the busiest stage
    stage_layers: float
    dense_read_bytes: float  # dense weights and half the embeddings, on one GPU
    expert_split: int  # GPUs a stage's routed experts are spread over (tp x pp)
    expert_read_share: float
    gemm_s_per_token: float  # a stage's share of a GPU's GEMM seconds per token
    routed_gemm_s_per_token: float
    layer_fixed_s: float  # the stage's layers' and MoE layers' fixed cost
    # Which exchanges a stage's GPUs make (for stacked replicas: whether any element does,
    # and per element where it is a choice).
    all_reduced: bool  # TP over more than one GPU
    data_parallel: Number  # attention data-parallel ranks
    some_data_parallel: bool
    all_data_parallel: bool
    split_attention: bool  # an attention rank's heads over more than one GPU
    pipelined: bool  # PP over more than one stage


# Asked at every step of a replica (a `predict` file's stacked replicas' are arrays).
@replica_constant
def _stage_constants(dep: Deployment) -> _StageConstants:
    model, weights = dep.model, dep.read_weights
    tp, pp = dep.tp, dep.pp
    share = stage_share(model, pp)
    stage_layers = model.num_layers * share
    dense_split = tp // dep.attention_ranks
    data_parallel: Number = dep.attention_dp > 1
    return _StageConstants(
        share=share,
        stage_layers=stage_layers,
        dense_read_bytes=(weights.dense_bytes + weights.embedding_bytes / 2) / (dense_split * pp),
        expert_split=tp * pp,
        expert_read_share=expert_read_share(dep),
        gemm_s_per_token=gemm_seconds_per_token(dep) * share / tp,
        routed_gemm_s_per_token=routed_gemm_seconds_per_token(dep) * share / tp,
        layer_fixed_s=stage_layers * layer_fixed_cost_s(dep) + moe_layer_fixed_cost_s(dep, share),
        all_reduced=anywhere(tp > 1),
        data_parallel=data_parallel,
        some_data_parallel=anywhere(data_parallel),
        all_data_parallel=everywhere(data_parallel),
        split_attention=anywhere(dep.attention_tp > 1),
        pipelined=anywhere(pp > 1),
    )


def _per_rank(decode_seqs: Number, dep: Deployment) -> Number:
    """A step's decoding sequences on each attention rank: as they are on one rank (x / 1
    is x to the bit; a whole number stays whole, and the product it goes into is a float
    as the quotient's was)."""
    ranks: Number = dep.attention_ranks
    if isinstance(ranks, np.ndarray) or ranks != 1:
        return decode_seqs / ranks
    return decode_seqs


def _attention_flops(
    dep: Deployment,
    tokens: Number,
    context_tokens: Number,
    share: float,
    expanded_head_dim: int = 0,
) -> Number:
    """Attention FLOPs of a step's `tokens` (its decodes' or its prefill's) at their context
    on one GPU (`attention_flops_per_token`); a plain 0 for no tokens at a plain context
    (0 x the FLOPs of a token, worked out for nothing)."""
    array = np.ndarray
    if not isinstance(tokens, array) and not isinstance(context_tokens, array) and tokens == 0:
        return 0.0
    heads, groups = dep.model.num_attention_heads, dep.model_layers
    per_token = attention_flops_per_token(
        groups, heads, context_tokens, dep.tp, share, expanded_head_dim
    )
    return tokens * per_token


def _with_prefill(decode: Number, prefill: Number) -> Number:
    """A step's decode figure (its tokens, its attention FLOPs) plus its prefill's. Without a
    prefill (a plain 0.0) the decode's floats are the sum as they are: x + 0.0 is x to the
    bit for the counts and FLOPs of a step, never -0.0; a numpy step saved on a curve's or a
    group's arrays. Whole numbers still become floats, as the sum makes them."""
    if isinstance(prefill, np.ndarray) or prefill != 0.0:
        return decode + prefill
    floats = isinstance(decode, float) or (
        isinstance(decode, np.ndarray) and decode.dtype == np.float64
    )
    return decode if floats else decode + prefill


def stage_step_time(
    dep: Deployment,
    decode_seqs: Number,
    decode_context_tokens: Number,
    prefill_tokens: Number,
    prefill_context_tokens: Number,
) -> StepTime:
    """One pipeline stage's share of an iteration for one micro-batch (no per-step overhead)."""
    model = dep.model
    pp: Number = dep.pp
    # What a step does not have is left out, not added as a zero or multiplied in as a one
    # (either gives x to the bit; each was a numpy step on a curve's or a group's arrays).
    verify: Number = dep.verify_tokens
    decode_tokens = decode_seqs  # with a draft, its tokens are checked too
    if isinstance(verify, np.ndarray) or verify != 1:
        decode_tokens = decode_seqs * verify
    tokens = _with_prefill(decode_tokens, prefill_tokens)
    constants = _stage_constants(dep)
    share = constants.share

    touched = expert_share_touched(dep, tokens)
    read_excess = _read_excess_if_any(dep, touched)
    touched_busiest = touched if read_excess is None else touched * (1.0 + read_excess)
    expert_read_bytes = dep.read_weights.expert_bytes * touched_busiest / constants.expert_split
    read_share: Number = constants.expert_read_share
    if isinstance(read_share, np.ndarray) or read_share != 1.0:
        expert_read_bytes = expert_read_bytes / read_share
    read_bytes = constants.dense_read_bytes + expert_read_bytes
    weights_read_s = read_bytes / dep.effective_bandwidth_bps
    gemm_compute_s = constants.gemm_s_per_token * tokens
    excess = _token_excess_if_any(dep, tokens)
    if excess is not None:  # else x + 0 would be x
        gemm_compute_s = gemm_compute_s + constants.routed_gemm_s_per_token * tokens * excess

    groups = dep.model_layers  # the draft's own KV is read by its passes (draft_s)
    kv_bytes = dep.execution.kv_bytes_per_element
    kv_read = _per_rank(decode_seqs, dep) * read_bytes_per_sequence(
        groups, kv_bytes, decode_context_tokens, dep.kv_tp, share
    )
    amplification: Number = dep.kv_read_amplification
    if isinstance(amplification, np.ndarray) or amplification != 1.0:
        kv_read = kv_read * amplification
    kv_read_s = kv_read / dep.kv_bandwidth_bps
    stage_layers = constants.stage_layers
    attention_flops = _with_prefill(
        _attention_flops(dep, decode_tokens, decode_context_tokens, share),
        _attention_flops(dep, prefill_tokens, prefill_context_tokens, share, model.head_dim),
    )
    attention_compute_s = attention_flops / dep.attention_flops

    # Stacked replicas (`predict`) get each their own: a TP all-reduce over one GPU is 0.
    total_terms: list[Number] = []  # beyond the layers, weights and cache: none where zero
    if not constants.all_reduced:
        allreduce_s = 0.0 * tokens
    elif not constants.some_data_parallel:
        allreduce_s = tensor_parallel_allreduce_s(dep, tokens, stage_layers)
    else:
        allreduce_s = expert_exchange_s(dep, tokens, share)
        if constants.split_attention:
            rank_tokens = tokens / dep.attention_dp
            allreduce_s = allreduce_s + tensor_parallel_allreduce_s(
                dep, rank_tokens, stage_layers, attention_rank=True
            )
        if not constants.all_data_parallel:
            tp_allreduce_s = tensor_parallel_allreduce_s(dep, tokens, stage_layers)
            allreduce_s = choose(constants.data_parallel, allreduce_s, tp_allreduce_s)
    if constants.all_reduced:
        total_terms.append(allreduce_s)
    if constants.pipelined:
        send_bytes = tokens * model.hidden_size * 2.0
        latency_s = dep.assumptions.pipeline_send_latency_us * 1e-6
        send_s = latency_s + send_bytes / dep.allreduce_bus_bps
        pipeline_s = choose(pp > 1, send_s, 0.0 * tokens)  # stacked replicas: each its own
        total_terms.append(pipeline_s)
    else:
        pipeline_s = 0.0 * tokens

    layer_overhead_s = constants.layer_fixed_s
    if isinstance(prefill_tokens, np.ndarray) or prefill_tokens > 0.0:  # else no eager launch
        layer_overhead_s = layer_overhead_s + eager_launch_s(
            dep, tokens / dep.attention_ranks, prefill_tokens, stage_layers, decode_seqs
        )
    total = (
        layer_overhead_s
        + elementwise_max(weights_read_s, gemm_compute_s)
        + elementwise_max(kv_read_s, attention_compute_s)
    )
    for term in total_terms:
        total = total + term
    return StepTime(
        weights_read_s=weights_read_s,
        gemm_compute_s=gemm_compute_s,
        kv_read_s=kv_read_s,
        attention_compute_s=attention_compute_s,
        allreduce_s=allreduce_s,
        pipeline_s=pipeline_s,
        overhead_s=0.0,
        total_s=total,
    )


def iteration_time(
    dep: Deployment,
    decode_seqs: Number,
    decode_context_tokens: Number,
    prefill_tokens: Number,
    prefill_context_tokens: Number,
    prompt_tokens: Number | None = None,
) -> StepTime:
    """Time for every running sequence to advance one step (`_iteration_time`).

    `prompt_tokens` is what one request brings of the prefill (its whole prompt, or the
    chunk of it the token budget takes); unsaid, the prefill is one request's.

    Steps are remembered by their counts: predicting a fixed-concurrency run asks for the
    same burst and decode steps from the cohort, the steady state and the TTFT percentiles,
    as plain numbers for one line or as short arrays for a group of lines (`predict`)."""
    piece = prefill_tokens if prompt_tokens is None else prompt_tokens
    counts = (decode_seqs, decode_context_tokens, prefill_tokens, prefill_context_tokens, piece)
    array = np.ndarray
    if (
        isinstance(decode_seqs, array)
        or isinstance(decode_context_tokens, array)
        or isinstance(prefill_tokens, array)
        or isinstance(prefill_context_tokens, array)
        or isinstance(piece, array)
    ):
        sizes = [count.size for count in counts if isinstance(count, array)]
        if max(sizes) > ARRAY_STEP_KEPT_SIZE:  # (`np.size` of a plain number makes an array)
            return _iteration_time(dep, *counts)  # a curve: asked once, not worth a key
        return _array_step(dep, *(_by_value(count) for count in counts))
    return _single_step(dep, *counts)


# Enough for the steps of a few lines of one replica; a file's worth would only hold memory.
@kept_by_replica(max_answers=256)
def _single_step(
    dep: Deployment,
    decode_seqs: float,
    decode_context_tokens: float,
    prefill_tokens: float,
    prefill_context_tokens: float,
    prompt_tokens: float,
) -> StepTime:
    return _iteration_time(
        dep,
        decode_seqs,
        decode_context_tokens,
        prefill_tokens,
        prefill_context_tokens,
        prompt_tokens,
    )


# A group of `predict` lines rarely holds more; a curve's hundreds of points are not kept.
ARRAY_STEP_KEPT_SIZE = 128

ArrayKey = tuple[str, tuple[int, ...], bytes]


def _by_value(count: Number) -> Number | ArrayKey:
    """A count as a key of its value: an array by its type, shape and bytes."""
    if isinstance(count, np.ndarray):
        return (count.dtype.str, count.shape, count.tobytes())
    return count


def _from_key(count: Number | ArrayKey) -> Number:
    if isinstance(count, tuple):
        dtype, shape, data = count
        return np.frombuffer(data, dtype=dtype).reshape(shape)
    return count


# The steps of a few groups of lines, or of a few curves.
@kept_by_replica(max_answers=32)
def _array_step(
    dep: Deployment,
    decode_seqs: Number | ArrayKey,
    decode_context_tokens: Number | ArrayKey,
    prefill_tokens: Number | ArrayKey,
    prefill_context_tokens: Number | ArrayKey,
    prompt_tokens: Number | ArrayKey,
) -> StepTime:
    """A step on arrays, kept: its arrays are made read-only, as every caller shares them."""
    step = _iteration_time(
        dep,
        _from_key(decode_seqs),
        _from_key(decode_context_tokens),
        _from_key(prefill_tokens),
        _from_key(prefill_context_tokens),
        _from_key(prompt_tokens),
    )
    for value in (getattr(step, name) for name in step.__slots__):
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return step


def _iteration_time(
    dep: Deployment,
    decode_seqs: Number,
    decode_context_tokens: Number,
    prefill_tokens: Number,
    prefill_context_tokens: Number,
    prompt_tokens: Number | None = None,
) -> StepTime:
    """Time for every running sequence to advance one step.

    With pipeline parallel the batch is split into up to `pp` micro-batches that flow through
    the stages; a sequence waits a full pass (all stages) between its tokens. With fewer
    sequences than stages the pipeline has bubbles: stages idle while one micro-batch passes.
    A request belongs to one micro-batch at a time (vLLM's batch queue of `pp` scheduled
    batches, TensorRT-LLM's micro-batches), so its prompt (`prompt_tokens` of the prefill, the
    whole prefill unless said) passes every stage in one of them: several prompts spread over
    the micro-batches, one does not (`heaviest_micro_batch_prefill`). The heaviest micro-batch
    paces the pass: every stage waits for it in turn, and a prompt's prefill takes the whole
    model's time however many sequences decode beside it.

    The server's cost per running sequence (sampling, detokenising, streaming) is paid by
    each attention rank for its own sequences: with data-parallel attention every rank runs
    its own scheduler process (TensorRT-LLM's executor per rank, SGLang's DP schedulers), so
    the ranks pay theirs side by side and a step waits for one rank's share.
    """
    pp: Number = dep.pp  # an array where stacked replicas differ (`predict`)
    micro_decode_seqs, micro_prefill_tokens = decode_seqs, prefill_tokens
    if _stage_constants(dep).pipelined:  # stacked replicas of PP 1 work out one micro-batch
        micro_decode_seqs, micro_prefill_tokens = heaviest_micro_batch(
            pp, decode_seqs, prefill_tokens, prompt_tokens, dep.assumptions.pipeline_whole_prompts
        )
    stage = stage_step_time(
        dep, micro_decode_seqs, decode_context_tokens, micro_prefill_tokens, prefill_context_tokens
    )
    overhead: Number = dep.step_overhead_s
    sequence_s: Number = dep.sequence_overhead_s  # 0 where no server streams (offline)
    if isinstance(sequence_s, np.ndarray) or sequence_s != 0.0:
        overhead = overhead + _per_rank(decode_seqs, dep) * sequence_s
    drafting: Number = 0.0 if dep.speculation is None else draft_s(dep, decode_seqs)
    if isinstance(pp, np.ndarray) or pp != 1:
        passes = as_float(pp)
        stage = StepTime(
            weights_read_s=stage.weights_read_s * passes,
            gemm_compute_s=stage.gemm_compute_s * passes,
            kv_read_s=stage.kv_read_s * passes,
            attention_compute_s=stage.attention_compute_s * passes,
            allreduce_s=stage.allreduce_s * passes,
            pipeline_s=stage.pipeline_s * passes,
            overhead_s=0.0,
            total_s=stage.total_s * passes,
        )  # one pass of a single stage is the stage's own (times 1.0 changes no bit)
    gpu_s = stage.total_s if dep.speculation is None else stage.total_s + drafting
    total_s = host_and_gpu_s(gpu_s, overhead, dep)  # (a plain overhead: the same numbers)
    multiplier: Number = dep.step_multiplier
    if isinstance(multiplier, np.ndarray) or multiplier != 1.0:
        total_s = total_s * multiplier
    return StepTime(
        weights_read_s=stage.weights_read_s,
        gemm_compute_s=stage.gemm_compute_s,
        kv_read_s=stage.kv_read_s,
        attention_compute_s=stage.attention_compute_s,
        allreduce_s=stage.allreduce_s,
        pipeline_s=stage.pipeline_s,
        overhead_s=overhead,
        total_s=total_s,
        draft_s=drafting,
    )


def pipeline_micro_batches(pp: Number, requests: Number) -> Number:
    """Micro-batches in flight through `pp` pipeline stages: one per request up to one per
    stage (vLLM keeps `pp` scheduled batches in its batch queue, TensorRT-LLM `pp`
    micro-batches), and at least one."""
    return elementwise_max(1.0, elementwise_min(as_float(pp), requests))


def heaviest_micro_batch(
    pp: Number,
    decode_seqs: Number,
    prefill_tokens: Number,
    prompt_tokens: Number | None,
    whole_prompts: Number = 1.0,
) -> tuple[Number, Number]:
    """(decoding sequences, prompt tokens) of the most loaded of an iteration's micro-batches.

    A step's requests, the decoding ones and those bringing a prompt (or a chunk of one, of
    `prompt_tokens`; the whole prefill is one request's unless said), fill up to `pp`
    micro-batches, never one request in two: one prompt stays in one micro-batch however
    many there are, many prompts share them out, and decodes spread evenly. With
    `whole_prompts` 0 (`pipeline_whole_prompts` before calibration 2026.12.11) the prefill
    is spread over the decodes' micro-batches instead.
    """
    spread_over = pipeline_micro_batches(pp, decode_seqs)
    spread = (decode_seqs / spread_over, prefill_tokens / spread_over)
    if not isinstance(whole_prompts, np.ndarray) and whole_prompts == 0.0:
        return spread
    piece = prefill_tokens if prompt_tokens is None else prompt_tokens
    prompts = prefill_tokens / elementwise_max(piece, 1.0)
    micro_batches = pipeline_micro_batches(pp, decode_seqs + prompts)
    heaviest_prefill = elementwise_min(
        prefill_tokens, elementwise_max(prefill_tokens / micro_batches, piece)
    )
    whole = (decode_seqs / micro_batches, heaviest_prefill)
    if not isinstance(whole_prompts, np.ndarray) and whole_prompts == 1.0:
        return whole
    return (
        spread[0] + whole_prompts * (whole[0] - spread[0]),
        spread[1] + whole_prompts * (whole[1] - spread[1]),
    )


def draft_s(dep: Deployment, decode_seqs: Number) -> Number:
    """The draft's k passes before a verify step (none without decoding sequences); a MoE
    model's MTP layer reads the experts the batch's draft tokens touch
    (`mtp_batch_read_share`, weighted by `draft_pass_touched_experts`), and under
    data-parallel attention each rank reads the LM head it holds (`draft_head_share`)."""
    spec = dep.speculation
    if spec is None:
        return 0.0 * decode_seqs
    read_share: Number = spec.draft_read_share
    moe, weight = dep.model.moe, dep.assumptions.draft_pass_touched_experts
    if (
        spec.method == "mtp"
        and moe is not None
        and not (isinstance(weight, float) and weight == 0.0)
    ):
        touched = expert_share_touched(dep, decode_seqs)
        pick_share = moe.experts_per_token / moe.num_experts
        read_share = mtp_batch_read_share(spec.draft_read_share, touched, pick_share, weight)
    head_share = draft_head_share(
        dep.tp, dep.attention_tp, dep.assumptions.draft_head_per_attention_rank
    )
    one_pass = draft_pass_s(
        spec,
        decode_seqs,
        read_share,
        dep.tp,
        head_share,
        dep.effective_bandwidth_bps,
        dep.gemm_flops,
        layer_fixed_cost_s(dep),
    )
    return spec.draft_tokens * one_pass * elementwise_min(decode_seqs, 1.0)


def host_and_gpu_s(gpu_s: Number, host_s: Number, dep: Deployment) -> Number:
    """An iteration's wall time from its GPU work and its host work (scheduling, sampling,
    streaming each sequence's token).

    Engines of 2023-25 ran them one after the other. TensorRT-LLM's overlap scheduler, vLLM's
    asynchronous scheduling and SGLang's overlap scheduler prepare the next iteration on the
    CPU while the GPU runs this one, so the slower of the two sets the pace: a small model
    at a large batch is then bound by the host, a large one by the GPU.
    """
    overlap = dep.assumptions.host_overlap
    serial = gpu_s + host_s
    return (1.0 - overlap) * serial + overlap * elementwise_max(gpu_s, host_s)
