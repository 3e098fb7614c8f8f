"""Figures with explanations for memory, performance, facility and embeddings."""

from __future__ import annotations

import math
from typing import Protocol

from aisle_desktop.catalog import Catalog, GpuSpec, ModelSpec, ServerSpec
from aisle_desktop.formatting import ms_from_s
from aisle_desktop.plan import EmbeddingsWorkload, Scenario
from aisle_desktop.sizing.calibration import GB, Calibration
from aisle_desktop.sizing.engine import (
    Deployment,
    OperatingPoint,
    balancer_wait_steps,
    conversation_bytes,
    conversation_parts,
    growing_bytes_per_token,
    kv_bytes_per_token,
    layer_groups,
    physical_floor,
)
from aisle_desktop.sizing.explain import Assumption, Combine, Figure, Finish, figure
from aisle_desktop.sizing.planning.capacity import ReplicaCapacity
from aisle_desktop.sizing.planning.demand import (
    SECONDS_PER_HOUR,
    Demand,
    fixed_in_flight,
    users_within_targets,
)
from aisle_desktop.sizing.planning.embeddings import (
    ENCODER_FLOPS_EFFICIENCY,
    INDEX_RAM_HEADROOM,
    EmbeddingsPlan,
    embeddings_plan,
)
from aisle_desktop.sizing.planning.facility import Layout, Power
from aisle_desktop.sizing.planning.parallelism import SplitChoice
from aisle_desktop.sizing.planning.served import served_figure
from aisle_desktop.sizing.validation import band, extrapolation_reasons

# Requests that arrive at random also queue for the prefill budget as M/D/1 at the replica's
# prefill time share, and for a batch slot as Erlang's C says (sizing/engine/arrival_queues).
RANDOM_ARRIVALS_TTFT = (
    "; for requests arriving at random the prefill queue is M/D/1 at the share of time spent "
    "prefilling, and a request waits for a batch slot C(slots, running batch) × its time in "
    "the batch / (slots - running batch), C being Erlang's probability that every slot is busy"
)
# A slot wait below this is shown within the prefill queue rather than as a term of its own.
SHOWN_SLOT_WAIT_MS = 0.05


class GpuUse(Protocol):
    """The GPUs a plan runs replicas on (a split's, or the pools')."""

    @property
    def gpus(self) -> int: ...


def memory_figures(cap: ReplicaCapacity, model: ModelSpec) -> dict[str, Figure]:
    dep, mem = cap.dep, cap.memory
    kv_elem = dep.execution.kv_bytes_per_element
    per_token = kv_bytes_per_token(model, kv_elem)
    engine = dep.engine
    frac = float(dep.memory_fraction)
    room_formula = (
        f"KV room = {frac:.3g} × (usable - weights - runtime)"
        if engine.memory_fraction_of == "free_after_weights"
        else f"KV room = {frac:.3g} × usable - weights - runtime"
    )
    how = (
        "default"
        if engine.memory_reserve is None
        else "default: what its reserve for activations and CUDA graphs leaves of this GPU"
    )
    source = Assumption(
        name="memory_fraction", value=frac, source=f"{engine.name} {how} ({engine.sources[0]})"
    )
    usable, weights, runtime = mem.usable_bytes / GB, mem.weights_bytes / GB, mem.runtime_bytes / GB
    room_terms: tuple[Combine, dict[str, tuple[float, str]]] = (
        (
            "product",
            {"share": (frac, ""), "usable - weights - runtime": (usable - weights - runtime, "GB")},
        )
        if engine.memory_fraction_of == "free_after_weights"
        else (
            "sum",
            {
                f"the engine's {frac:.3g} share of usable": (frac * usable, "GB"),
                "weights": (-weights, "GB"),
                "runtime": (-runtime, "GB"),
            },
        )
    )
    return {
        "weights_per_gpu_gb": figure(
            mem.weights_bytes / GB,
            "GB",
            "weights per GPU = model weights / (TP × PP); embeddings and LM head stay 16-bit",
            {
                "model weights": (dep.weights.total_bytes / GB, "GB"),
                "TP": (dep.tp, ""),
                "PP": (dep.pp, ""),
                "bits per weight": (dep.execution.bits_per_weight, "bit"),
            },
            worked=("sum", _weights_terms(dep)),
        ),
        "kv_cache_per_gpu_gb": figure(
            mem.kv_room_bytes / GB,
            "GB",
            room_formula,
            {
                "usable memory": (mem.usable_bytes / GB, "GB"),
                "weights": (mem.weights_bytes / GB, "GB"),
                "runtime": (mem.runtime_bytes / GB, "GB"),
            },
            [source],
            worked=room_terms,
            finish="at_least_zero",
        ),
        "runtime_per_gpu_gb": figure(
            runtime,
            "GB",
            "CUDA context, activations, CUDA graphs and all-reduce buffers",
            {"GPUs per replica": (dep.gpus, "")},
            worked=("sum", {"calibrated runtime memory per GPU": (runtime, "GB")}),
        ),
        "free_per_gpu_gb": figure(
            mem.free_bytes / GB,
            "GB",
            "free = usable - weights - runtime - KV room",
            {"usable memory": (usable, "GB")},
            worked=(
                "sum",
                {
                    "usable": (usable, "GB"),
                    "weights": (-weights, "GB"),
                    "runtime": (-runtime, "GB"),
                    "KV room": (-mem.kv_room_bytes / GB, "GB"),
                },
            ),
            finish="at_least_zero",
        ),
        "kv_bytes_per_token": figure(
            per_token,
            "B",
            "MLA: layers × (kv_lora_rank + rope dim) × bytes; else 2 × layers × KV heads × "
            "head dim × bytes",
            {
                "layers": (model.num_layers, ""),
                "KV heads": (model.num_key_value_heads, ""),
                "head dim": (model.head_dim, ""),
                "KV bytes per element": (kv_elem, "B"),
            },
            worked=("sum", _growing_terms(model, kv_elem)),
        ),
        "max_sequences_per_replica": _sequences_figure(cap),
        "conversation_at_max_context_gb": figure(
            float(conversation_bytes(model, kv_elem, model.max_context_tokens)) / GB,
            "GB",
            "cache of one conversation at the model's full context = KV per token × context "
            "+ what does not grow (sliding windows, linear-attention state)",
            {"KV per token": (per_token, "B"), "max context": (model.max_context_tokens, "tokens")},
            worked=(
                "sum",
                {
                    name: (value / GB, "GB")
                    for name, value in conversation_parts(
                        layer_groups(model), kv_elem, float(model.max_context_tokens)
                    )
                },
            ),
        ),
        "conversation_128k_gb": conversation_figure(cap, model, CONVERSATION_TOKENS),
    }


def _weights_terms(dep: Deployment) -> dict[str, tuple[float, str]]:
    """One GPU's share of the weights: all split evenly, or under data-parallel attention the
    dense layers split over the attention group and the experts over every GPU; a draft
    model split over the last stage's TP group."""
    w = dep.weights
    if dep.attention_data_parallel:
        terms = {
            f"embeddings and dense layers / (attention TP {dep.attention_tp} × PP {dep.pp})": (
                (w.embedding_bytes + w.dense_bytes) / (dep.attention_tp * dep.pp) / GB,
                "GB",
            ),
            f"experts / {dep.gpus} GPUs": (w.expert_bytes / dep.gpus / GB, "GB"),
        }
    else:
        terms = {f"model weights / {dep.gpus} GPUs": (w.total_bytes / dep.gpus / GB, "GB")}
    if dep.speculation is not None:
        terms[f"draft weights / TP {dep.tp}"] = (
            dep.speculation.draft_weight_bytes / dep.tp / GB,
            "GB",
        )
    return terms


def _growing_terms(model: ModelSpec, kv_elem: float) -> dict[str, tuple[float, str]]:
    """Bytes each further token adds, layer kind by layer kind (kinds that stop growing,
    sliding windows and linear states, add none and are left out)."""
    groups = [g for g in layer_groups(model) if g.kind != "ffn"]
    names = [name for name, _ in conversation_parts(groups, kv_elem, 1.0)]
    terms = {
        name: (growing_bytes_per_token([group], kv_elem), "B")
        for name, group in zip(names, groups, strict=True)
    }
    return {k: v for k, v in terms.items() if v[0]} or {
        "no layer grows with the context": (0.0, "B")
    }


def _sequences_figure(cap: ReplicaCapacity) -> Figure:
    """Requests that fit at once: what the KV room holds, unless the engine's cap is lower."""
    dep, mem = cap.dep, cap.memory
    waste = dep.assumptions.paging_waste_fraction
    room = mem.kv_room_bytes / GB
    per_sequence = mem.kv_bytes_per_sequence / GB
    by_memory = math.floor(room * (1 - waste) / per_sequence) if per_sequence > 0 else 0
    ranks = dep.attention_ranks
    worked: tuple[Combine, dict[str, tuple[float, str]]]
    finish: Finish | None = None
    if ranks * by_memory != mem.max_sequences:
        worked = (
            "product",
            {
                "attention groups": (ranks, ""),
                "engine's cap on running requests": (mem.max_sequences / ranks, "sequences"),
            },
        )
    elif ranks == 1 and per_sequence > 0:
        worked = (
            "ratio",
            {
                "KV room × (1 - paging waste)": (room * (1 - waste), "GB"),
                "KV per sequence per GPU": (per_sequence, "GB"),
            },
        )
        finish = "floor"
    else:
        worked = (
            "product",
            {
                "attention groups": (ranks, ""),
                "sequences each group's KV room holds": (by_memory, "sequences"),
            },
        )
    return figure(
        mem.max_sequences,
        "sequences",
        "floor(KV room × (1 - paging waste) / KV bytes of one full-length sequence per GPU), "
        "capped by the engine, per attention group",
        {
            "KV room": (room, "GB"),
            "KV per sequence per GPU": (per_sequence, "GB"),
            "paging waste": (waste, "share"),
            "tokens per sequence": (cap.input_tokens + cap.output_tokens, "tokens"),
        },
        worked=worked,
        finish=finish,
    )


# The conversation length a planner asks about most: a long chat or agent session.
CONVERSATION_TOKENS = 131_072


def conversation_figure(cap: ReplicaCapacity, model: ModelSpec, tokens: int) -> Figure:
    """Memory of one long conversation, layer kind by layer kind, at the plan's KV precision.

    Full and sparse layers keep every token, compressed layers one entry per few tokens,
    sliding-window layers their window, linear-attention and state-space layers a fixed state;
    so the figure shows which layers hold the memory, not one formula for all of them.
    """
    dep = cap.dep
    kv_elem = dep.execution.kv_bytes_per_element
    parts = conversation_parts(layer_groups(model), kv_elem, float(tokens))
    if dep.speculation is not None:  # the draft keeps its own KV for the same conversation
        draft = conversation_parts(dep.speculation.cache, kv_elem, float(tokens))
        parts += [(f"{name} of the draft", value) for name, value in draft]
    total = sum(value for _, value in parts)
    inputs = {name: (value / GB, "GB") for name, value in parts}
    inputs["KV bytes per element"] = (kv_elem, "B")
    return figure(
        total / GB,
        "GB",
        f"one {tokens:,}-token conversation = sum over layer kinds: full and sparse layers "
        "keep every token (sparse adds an indexer key), compressed layers one entry per "
        "ratio, sliding-window layers their window, linear-attention layers a fixed state",
        inputs,
        worked=("sum", {name: (value / GB, "GB") for name, value in parts}),
    )


def speculation_figures(point: OperatingPoint, dep: Deployment) -> dict[str, Figure]:
    """Tokens per decode step with a draft, and what the draft costs each step."""
    spec = dep.speculation
    if spec is None:
        return {}
    draft_ms = ms_from_s(float(point.decode_step.draft_s))
    return {
        "speculative_tokens_per_step": figure(
            spec.tokens_per_step,
            "tokens",
            "tokens per step = (1 - a^(k+1)) / (1 - a): the accepted run of k drafted tokens, "
            "plus the model's own; the verify pass multiplies 1 + k tokens per sequence and "
            "reads the weights and context once",
            {
                "k, drafted tokens": (spec.draft_tokens, "tokens"),
                "a, acceptance per drafted token": (spec.acceptance, ""),
                "draft passes per step": (draft_ms, "ms"),
                "draft weights": (spec.draft_weight_bytes / GB, "GB"),
            },
            [Assumption(name="acceptance", value=spec.acceptance, source=spec.acceptance_source)],
            worked=(
                "sum",
                {
                    "the model's own token": (1.0, "tokens"),
                    **{
                        f"a^{i}, drafted token {i} accepted": (spec.acceptance**i, "tokens")
                        for i in range(1, spec.draft_tokens + 1)
                    },
                },
            ),
        )
    }


def ttft_terms(
    cap: ReplicaCapacity, point: OperatingPoint, ttft_ms: float
) -> dict[str, tuple[float, str]]:
    """TTFT's parts, which add up to it: the request's own overhead, half the running
    iteration, the iterations an overlap scheduler planned before it arrived, those an
    attention data-parallel balancer holds it (`balancer_wait_steps`), the wait of a randomly
    arriving request for a batch slot (Erlang's C, `arrival_queues`), its prefill chunks,
    and the wait behind other prompts' prefills (the rest)."""
    mean_step_ms = ms_from_s(float(point.tpot_s)) * cap.dep.tokens_per_step
    ranks = cap.dep.attention_ranks  # each schedules its own share of the batch and budget
    per_rank = float(point.running_batch) / ranks * cap.dep.verify_tokens
    room = max(cap.token_budget / ranks - per_rank, 1.0)
    chunks = max(1.0, cap.input_tokens / room)
    prefill_ms = chunks * ms_from_s(float(point.request_prefill_step.total_s))
    overhead_ms = ms_from_s(cap.request_overhead_s)
    half_ms = 0.5 * mean_step_ms
    planned_steps = cap.dep.assumptions.first_token_wait_steps
    planned_ms = planned_steps * ms_from_s(float(point.decode_step.total_s))
    planned = (
        {f"{planned_steps:.3g} iterations planned ahead": (planned_ms, "ms")}
        if planned_steps > 0
        else {}
    )
    held_steps = float(balancer_wait_steps(cap.dep, point.running_batch, cap.output_tokens))
    held_ms = held_steps * mean_step_ms
    held_label = f"{held_steps:.3g} iterations held until every attention rank has a prompt"
    held = {held_label: (held_ms, "ms")} if held_steps > 0 else {}
    slot_ms = ms_from_s(float(point.slot_wait_s))
    slot_ms = slot_ms if slot_ms >= SHOWN_SLOT_WAIT_MS else 0.0
    slot = (
        {f"wait for one of {math.floor(float(cap.limits.batch)):,} batch slots": (slot_ms, "ms")}
        if slot_ms > 0.0
        else {}
    )
    before_ms = overhead_ms + half_ms + planned_ms + held_ms + slot_ms + prefill_ms
    queue_ms = max(0.0, ttft_ms - before_ms)
    return {
        "request overhead (retrieval included)": (overhead_ms, "ms"),
        "half an iteration": (half_ms, "ms"),
        **planned,
        **held,
        "prefill queue": (queue_ms, "ms"),
        **slot,
        f"prefill step × {chunks:g}" if chunks > 1 else "prefill step": (prefill_ms, "ms"),
    }


def tpot_terms(
    share: float, decode_ms: float, mixed_ms: float, per_step: float
) -> dict[str, tuple[float, str]]:
    """TPOT's two parts, which add up to it: steps that only decode and steps that also
    prefill, each weighted by its share (and shared among the tokens a drafted step emits)."""
    per = f" / {per_step:.3g} tokens a step" if per_step != 1 else ""
    return {
        f"(1 - p) × decode step{per}": ((1 - share) * decode_ms / per_step, "ms"),
        f"p × step with prefill{per}": (share * mixed_ms / per_step, "ms"),
    }


def in_slot_e2e(point: OperatingPoint, where: str = "") -> dict[str, tuple[float, str]]:
    """The E2E that Little's law pairs with the running batch: a request waiting for a batch
    slot is not yet running, so its wait is left out (random arrivals near the slots)."""
    wait = float(point.slot_wait_s)
    if wait == 0.0 or not math.isfinite(wait):
        return {f"E2E{where}": (float(point.e2e_s), "s")}
    return {f"E2E{where} less the wait for a slot": (float(point.e2e_s) - wait, "s")}


def performance_figures(
    scenario: Scenario,
    calibration: Calibration,
    choice: SplitChoice,
    point: OperatingPoint,
    planned: Demand,
) -> dict[str, Figure]:
    cap = choice.capacity
    replicas = choice.replicas
    inp, out = cap.input_tokens, cap.output_tokens
    batch = float(point.running_batch)
    decode_ms = ms_from_s(float(point.decode_step.total_s))
    mixed_ms = ms_from_s(float(point.prefill_step.total_s))
    share = float(point.prefill_share)
    at = cap.at_targets
    max_batch = cap.batch_within_targets
    max_rate = float(at.requests_per_s) * replicas if at is not None else 0.0
    max_in_flight = max_batch * replicas
    load = scenario.workload.load
    users, users_formula, users_worked = users_within_targets(
        load,
        max_rate,
        max_in_flight,
        None if at is None else float(at.e2e_s),
        calibration.cost.target_utilization,
    )
    targets = scenario.workload.targets
    kind = "request_rate" if fixed_in_flight(load) is None else "concurrency"
    era = calibration.era(scenario.workload.engine_id, scenario.workload.engine_version)
    era_label = era.label if era is not None else None
    reasons = extrapolation_reasons(cap.dep, era_label)
    floor = physical_floor(cap.dep, batch, inp, out)
    floors = {
        "ttft_ms": ms_from_s(floor.ttft_s),
        "tpot_ms": ms_from_s(floor.tpot_s) / cap.dep.verify_tokens,
    }

    def banded(metric: str, value: float) -> tuple[float, float, tuple[str, ...]]:
        b = band(metric, kind, value, reasons, era_label, floors.get(metric, 0.0))
        return b.low, b.high, b.extrapolation

    ttft_ms = ms_from_s(float(point.ttft_s))
    tpot_ms = ms_from_s(float(point.tpot_s))
    served = served_figure(load, planned, max_rate, float(point.e2e_s))
    rate = served.value
    output_tps = rate * out
    per_step = cap.dep.tokens_per_step
    return {
        "in_flight_per_replica": figure(
            batch,
            "requests",
            "Little's law: in flight = arrival rate × E2E latency",
            {"replicas": (replicas, "")},
            worked=(
                "product",
                {
                    "requests/s per replica": (float(point.requests_per_s), "requests/s"),
                    **in_slot_e2e(point),
                },
            ),
        ),
        "ttft_ms": figure(
            ttft_ms,
            "ms",
            "TTFT = request overhead (retrieval included) + half an iteration + iterations "
            "planned ahead + prefill queue + prefill step(s)"
            + (RANDOM_ARRIVALS_TTFT if kind == "request_rate" else ""),
            {
                "prefill step": (mixed_ms, "ms"),
                "input tokens": (inp, "tokens"),
                "target": (targets.ttft_ms, "ms"),
                "retrieval": (scenario.workload.retrieval_latency_ms, "ms"),
                **(
                    {
                        "batch slots": (math.floor(float(cap.limits.batch)), "sequences"),
                        "running batch": (batch, "sequences"),
                    }
                    if kind == "request_rate"
                    else {}
                ),
            },
            band=banded("ttft_ms", ttft_ms),
            target=targets.ttft_ms,
            worked=("sum", ttft_terms(cap, point, ttft_ms)),
        ),
        "tpot_ms": figure(
            tpot_ms,
            "ms",
            "TPOT = (1 - p) × decode step + p × step with prefill, p = share of steps with prefill"
            + ("; divided by the tokens each step emits" if cap.dep.speculation else ""),
            {
                "decode step": (decode_ms, "ms"),
                "step with prefill": (mixed_ms, "ms"),
                "p": (share, ""),
                "tokens per step": (per_step, "tokens"),
                "target": (targets.tpot_ms, "ms"),
            },
            band=banded("tpot_ms", tpot_ms),
            target=targets.tpot_ms,
            worked=("sum", tpot_terms(share, decode_ms, mixed_ms, per_step)),
        ),
        "e2e_latency_s": figure(
            float(point.e2e_s),
            "s",
            "E2E = TTFT + (output tokens - 1) × TPOT",
            {"output tokens": (out, "tokens")},
            worked=(
                "sum",
                {
                    "TTFT": (float(point.ttft_s), "s"),
                    f"{out - 1:,} more tokens × TPOT": ((out - 1) * float(point.tpot_s), "s"),
                },
            ),
        ),
        "requests_per_s": served,
        "output_tokens_per_s": figure(
            output_tps,
            "tokens/s",
            "output tokens/s = requests/s × output tokens",
            {"output tokens": (out, "tokens")},
            band=banded("output_tokens_per_s", output_tps),
            worked=(
                "product",
                {
                    "requests/s served": (rate, "requests/s"),
                    "output tokens a request": (out, "tokens"),
                },
            ),
        ),
        "max_in_flight_within_targets": figure(
            max_in_flight,
            "requests",
            "largest running batch per replica whose TTFT and TPOT meet the targets × replicas",
            {"per replica": (max_batch, "requests"), "replicas": (replicas, "")},
            worked=(
                "product",
                {"per replica": (max_batch, "requests"), "replicas": (replicas, "replicas")},
            ),
        ),
        "max_requests_per_s_within_targets": figure(
            max_rate,
            "requests/s",
            "replicas × batch within targets / E2E at that batch",
            {"replicas": (replicas, "")},
            worked=(
                "ratio",
                {
                    "requests in flight within targets": (max_in_flight, "requests"),
                    **in_slot_e2e(at, " at that batch"),
                },
            )
            if at is not None
            else ("sum", {"no batch meets the targets": (0.0, "requests/s")}),
        ),
        "max_users_within_targets": figure(users, "users", users_formula, worked=users_worked),
        "max_output_tokens_per_s": figure(
            float(cap.at_limit.output_tokens_per_s) * replicas,
            "tokens/s",
            f"throughput at the engine's largest batch ({cap.limits.limit}), targets ignored",
            {"batch": (cap.limits.batch, "requests")},
            worked=(
                "product",
                {
                    "requests/s at that batch, all replicas": (
                        float(cap.at_limit.requests_per_s) * replicas,
                        "requests/s",
                    ),
                    "output tokens a request": (out, "tokens"),
                },
            ),
        ),
    }


def facility_figures(
    catalog: Catalog,
    scenario: Scenario,
    calibration: Calibration,
    server: ServerSpec,
    placed: tuple[GpuUse, Layout],
    watts: Power,
) -> dict[str, Figure]:
    """Power and racks; ``placed`` is what uses the GPUs (the split chosen, or the pools)
    and the servers' layout."""
    choice, layout = placed
    gpu = catalog.gpu(server.gpu_id)
    cost, prices = calibration.cost, catalog.prices
    sources = [
        Assumption(
            name="gpu_average_power_fraction",
            value=cost.gpu_average_power_fraction,
            source=calibration.assumption("gpu_average_power_fraction").source,
        ),
        Assumption(
            name="gpu_idle_power_fraction",
            value=prices.gpu_idle_power_fraction,
            source=f"catalog prices, {prices.gpu_idle_date}: nvidia-smi of GPUs no process "
            "uses reads about a tenth of TDP (DGX H100 69-72 W of 700 W; catalog notes)",
        ),
    ]
    servers = layout.servers
    per_server = "" if servers == 1 else f" ÷ {servers} servers"
    busy = choice.gpus
    idle = servers * server.gpus_per_server - busy
    gpu_terms = {
        f"{busy} GPUs running replicas × {gpu.tdp_w:g} W TDP × "
        f"{cost.gpu_average_power_fraction:g} average share{per_server}": (
            watts.busy_gpus_w / servers / 1e3,
            "kW",
        ),
    }
    if idle:
        gpu_terms[
            f"{idle} idle GPUs × {gpu.tdp_w:g} W TDP × "
            f"{prices.gpu_idle_power_fraction:g} idle share{per_server}"
        ] = (watts.floor_gpus_w / servers / 1e3, "kW")
    return {
        "server_average_kw": figure(
            watts.server_average_w / 1e3,
            "kW",
            "server average = (GPUs running replicas × TDP × average share + idle GPUs × "
            "TDP × idle share) ÷ servers + base (CPUs, fans, NICs). Every GPU a server holds "
            "counts; a replica added on GPUs bought anyway shares the load and steps whenever "
            "it holds a request, each step reading all its weights, so it draws the working "
            "share too",
            {
                "GPUs per server": (server.gpus_per_server, ""),
                "GPUs running replicas": (busy, ""),
                "TDP": (gpu.tdp_w, "W"),
                "base": (server.base_power_w, "W"),
            },
            sources,
            worked=("sum", {**gpu_terms, "base": (server.base_power_w / 1e3, "kW")}),
        ),
        "server_nameplate_kw": figure(
            watts.server_nameplate_w / 1e3,
            "kW",
            "vendor maximum; size circuits on it",
            worked=("sum", {"vendor nameplate (catalog)": (watts.server_nameplate_w / 1e3, "kW")}),
        ),
        "it_average_kw": figure(
            watts.it_average_w / 1e3,
            "kW",
            "servers × server average",
            {"servers": (layout.servers, "servers")},
            worked=(
                "product",
                {
                    "servers": (layout.servers, "servers"),
                    "server average": (watts.server_average_w / 1e3, "kW"),
                },
            ),
        ),
        "it_nameplate_kw": figure(
            watts.it_nameplate_w / 1e3,
            "kW",
            "servers × nameplate",
            {"servers": (layout.servers, "servers")},
            worked=(
                "product",
                {
                    "servers": (layout.servers, "servers"),
                    "server nameplate": (watts.server_nameplate_w / 1e3, "kW"),
                },
            ),
        ),
        "facility_kw": figure(
            watts.facility_average_w / 1e3,
            "kW",
            "facility = IT average × PUE",
            {"PUE": (scenario.costs.pue, "")},
            worked=(
                "product",
                {"IT average": (watts.it_average_w / 1e3, "kW"), "PUE": (scenario.costs.pue, "")},
            ),
        ),
        **_rack_figures(scenario, server, layout),
    }


def _rack_figures(scenario: Scenario, server: ServerSpec, layout: Layout) -> dict[str, Figure]:
    hw = scenario.hardware
    if server.rack_scale is not None:
        per_rack = server.rack_scale.servers_per_rack
        how = "ceil(servers / servers per rack-scale rack): its NVLink domain decides, not the room"
        inputs: dict[str, tuple[float, str]] = {
            "servers per rack": (per_rack, ""),
            "rack": (server.rack_scale.rack_units, "U"),
        }
        worked = _racks_terms(layout.servers, per_rack, "servers per rack")
        return {
            "racks_by_units": figure(
                layout.racks_by_units, "racks", how, inputs, worked=worked, finish="ceil"
            ),
            "racks_by_power": figure(
                layout.racks_by_power,
                "racks",
                how,
                {**inputs, "rack nameplate": (per_rack * server.nameplate_power_w / 1e3, "kW")},
                worked=worked,
                finish="ceil",
            ),
        }
    by_units = max(1, hw.rack_units_per_rack // server.rack_units)
    by_power = max(1, math.floor(hw.rack_power_limit_kw * 1e3 / server.nameplate_power_w))
    return {
        "racks_by_units": figure(
            layout.racks_by_units,
            "racks",
            "ceil(servers / floor(rack units / server units))",
            {"rack units": (hw.rack_units_per_rack, "U"), "server": (server.rack_units, "U")},
            worked=_racks_terms(layout.servers, by_units, "servers a rack holds"),
            finish="ceil",
        ),
        "racks_by_power": figure(
            layout.racks_by_power,
            "racks",
            "ceil(servers / floor(rack power limit / server nameplate))",
            {
                "rack limit": (hw.rack_power_limit_kw, "kW"),
                "server nameplate": (server.nameplate_power_w / 1e3, "kW"),
            },
            worked=_racks_terms(layout.servers, by_power, "servers a rack can power"),
            finish="ceil",
        ),
    }


def _racks_terms(
    servers: int, per_rack: int, per_rack_name: str
) -> tuple[Combine, dict[str, tuple[float, str]]]:
    """Servers over servers a rack takes (rounded up by the caller's `finish`)."""
    return ("ratio", {"servers": (servers, "servers"), per_rack_name: (per_rack, "")})


def embeddings_figures(catalog: Catalog, scenario: Scenario, gpu: GpuSpec) -> dict[str, Figure]:
    emb = scenario.workload.embeddings
    if emb is None:
        return {}
    model = catalog.model(emb.model_id)
    plan = embeddings_plan(emb, model, gpu)
    return {
        "embedding_tokens_per_s_per_gpu": figure(
            plan.tokens_per_s_per_gpu,
            "tokens/s",
            "peak BF16 FLOP/s × 0.25 / (2 × parameters)",
            {"parameters": (model.total_params_b * 1e9, ""), "peak": (gpu.bf16_tflops, "TFLOP/s")},
            worked=(
                "ratio",
                {
                    f"peak {gpu.bf16_tflops:g} TFLOP/s × {ENCODER_FLOPS_EFFICIENCY:g}": (
                        gpu.bf16_tflops * 1e12 * ENCODER_FLOPS_EFFICIENCY,
                        "FLOP/s",
                    ),
                    "2 × parameters": (2.0 * model.total_params_b * 1e9, "FLOP/token"),
                },
            ),
        ),
        "embedding_gpus": figure(
            plan.gpus,
            "GPUs",
            "max(corpus tokens / ingest window, query tokens/s) / tokens/s per GPU",
            {
                "corpus tokens": (plan.corpus_tokens, "tokens"),
                "ingest window": (emb.ingest_hours, "h"),
            },
            worked=_embedding_gpu_terms(emb, plan),
            finish="ceil",
        ),
        "vector_index_ram_gb": figure(
            plan.index_ram_bytes / GB,
            "GB",
            "chunks × (dimensions × bytes + 200 B graph) × 1.5 headroom, on CPU servers",
            {"chunks": (plan.chunks, "")},
            worked=(
                "product",
                {
                    "chunks": (plan.chunks, "chunks"),
                    "bytes per vector with its graph links": (
                        plan.index_ram_bytes / plan.chunks / INDEX_RAM_HEADROOM / GB
                        if plan.chunks
                        else 0.0,
                        "GB",
                    ),
                    "headroom": (INDEX_RAM_HEADROOM, ""),
                },
            ),
        ),
    }


def _embedding_gpu_terms(
    emb: EmbeddingsWorkload, plan: EmbeddingsPlan
) -> tuple[Combine, dict[str, tuple[float, str]]]:
    """The larger of ingest and query tokens/s over one GPU's tokens/s (rounded up)."""
    ingest = plan.corpus_tokens / (emb.ingest_hours * SECONDS_PER_HOUR)
    query = emb.queries_per_s * emb.query_tokens
    name, rate = (
        ("corpus tokens / ingest window", ingest)
        if plan.ingest_gpus >= plan.query_gpus
        else ("query tokens/s", query)
    )
    return (
        "ratio",
        {name: (rate, "tokens/s"), "tokens/s per GPU": (plan.tokens_per_s_per_gpu, "tokens/s")},
    )
