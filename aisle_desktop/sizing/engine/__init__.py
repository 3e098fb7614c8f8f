"""What one replica does: weights and KV memory, step time, serving and batching.

Pure arithmetic on a resolved ``Deployment`` (model, GPU, engine, precision, split); it knows
nothing of demand, money or plans. The tail-latency simulation replays one replica's queue.
Its formulas take a float or a numpy array (`Number`) wherever a count or length may vary:
one scenario, a curve, or a group of benchmark lines run through the same arithmetic.
"""

from aisle_desktop.sizing.engine.arraymath import (
    Number,
    as_float,
    as_int,
    ceil,
    choose,
    elementwise_max,
    elementwise_min,
    is_finite,
)
from aisle_desktop.sizing.engine.batching import (
    BatchLimits,
    batch_for_rate,
    batch_limits,
    batches_for_rates,
)
from aisle_desktop.sizing.engine.cache import (
    attention_flops_per_token,
    constant_bytes_per_sequence,
    constant_bytes_per_sequence_16bit,
    conversation_parts,
    growing_bytes_per_token,
    held_bytes_per_layer,
    held_bytes_per_sequence,
    layer_groups,
)
from aisle_desktop.sizing.engine.deployment import (
    GPUS_PER_SERVER_TYPICAL,
    Deployment,
    check_parallelism,
    checkpoint_weights,
    decodes_with_trtllm_kernel,
    offline,
    on_offline_benchmark_mapping,
    resolve_deployment,
    uniform_weights,
    with_expert_parallel,
    with_speculation,
)
from aisle_desktop.sizing.engine.fit import memory_breakdown
from aisle_desktop.sizing.engine.memory import (
    MemoryBreakdown,
    conversation_bytes,
    kv_bytes_per_sequence_per_gpu,
    kv_bytes_per_token,
    round_up_to_block,
    weight_bytes,
    weight_parts,
)
from aisle_desktop.sizing.engine.preemption import KvOverflow, kv_overflow
from aisle_desktop.sizing.engine.roofline import (
    PhysicalFloor,
    floor_tpot_s,
    floor_ttft_s,
    ideal,
    physical_floor,
)
from aisle_desktop.sizing.engine.serving import (
    OperatingPoint,
    balancer_gathers_prompts,
    balancer_wait_steps,
    cohort_mixture_percentiles_s,
    concurrency_ttft_percentiles_s,
    finite_run_queue_wait_s,
    fixed_concurrency_run,
    lockstep_cohort,
    lockstep_share,
    on_static_batch_runtime,
    scheduling_ranks,
    static_batch,
    steady_state,
)
from aisle_desktop.sizing.engine.speculative import Speculation, tokens_per_step
from aisle_desktop.sizing.engine.steptime import expert_gemm_efficiency, iteration_time
from aisle_desktop.sizing.engine.tail_latency import (
    ReplicaLoad,
    TailLatency,
    replica_tail,
    simulate_replica,
)

__all__ = [
    "GPUS_PER_SERVER_TYPICAL",
    "BatchLimits",
    "Deployment",
    "KvOverflow",
    "MemoryBreakdown",
    "Number",
    "OperatingPoint",
    "PhysicalFloor",
    "ReplicaLoad",
    "Speculation",
    "TailLatency",
    "as_float",
    "as_int",
    "attention_flops_per_token",
    "balancer_gathers_prompts",
    "balancer_wait_steps",
    "batch_for_rate",
    "batch_limits",
    "batches_for_rates",
    "ceil",
    "check_parallelism",
    "checkpoint_weights",
    "choose",
    "cohort_mixture_percentiles_s",
    "concurrency_ttft_percentiles_s",
    "constant_bytes_per_sequence",
    "constant_bytes_per_sequence_16bit",
    "conversation_bytes",
    "conversation_parts",
    "decodes_with_trtllm_kernel",
    "elementwise_max",
    "elementwise_min",
    "expert_gemm_efficiency",
    "finite_run_queue_wait_s",
    "fixed_concurrency_run",
    "floor_tpot_s",
    "floor_ttft_s",
    "growing_bytes_per_token",
    "held_bytes_per_layer",
    "held_bytes_per_sequence",
    "ideal",
    "is_finite",
    "iteration_time",
    "kv_bytes_per_sequence_per_gpu",
    "kv_bytes_per_token",
    "kv_overflow",
    "layer_groups",
    "lockstep_cohort",
    "lockstep_share",
    "memory_breakdown",
    "offline",
    "on_offline_benchmark_mapping",
    "on_static_batch_runtime",
    "physical_floor",
    "replica_tail",
    "resolve_deployment",
    "round_up_to_block",
    "scheduling_ranks",
    "simulate_replica",
    "static_batch",
    "steady_state",
    "tokens_per_step",
    "uniform_weights",
    "weight_bytes",
    "weight_parts",
    "with_expert_parallel",
    "with_speculation",
]
