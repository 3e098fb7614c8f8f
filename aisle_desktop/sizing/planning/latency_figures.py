"""Latency and throughput figures at the planned load, what the replicas serve within the
targets, and the tokens a draft adds to each step."""

from __future__ import annotations

import math
from collections.abc import Callable

from aisle_desktop.formatting import ms_from_s
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import GB, Calibration
from aisle_desktop.sizing.engine import (
    Deployment,
    OperatingPoint,
    balancer_gathers_prompts,
    physical_floor,
)
from aisle_desktop.sizing.explain import Assumption, Figure, figure
from aisle_desktop.sizing.planning.capacity import ReplicaCapacity
from aisle_desktop.sizing.planning.demand import Demand, fixed_in_flight, users_within_targets
from aisle_desktop.sizing.planning.latency_parts import (
    batch_slots_name,
    in_slot_e2e,
    planned_ahead_term,
    tpot_terms,
    ttft_terms,
)
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

# TensorRT-LLM's attention data-parallel balancer (`engine.balancer_gathers_prompts`).
GATHERED_RANKS_TTFT = (
    "; the attention data-parallel balancer holds new prompts until every attention rank has "
    "one, so the ranks prefill together in one step with the replica's whole token budget"
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
                "a, acceptance per drafted token": (spec.acceptance, "share"),
                "draft passes per step": (draft_ms, "ms"),
                "draft weights": (spec.draft_weight_bytes / GB, "GB"),
            },
            [
                Assumption(
                    name="acceptance",
                    value=spec.acceptance,
                    unit="share",
                    source=spec.acceptance_source,
                )
            ],
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
            worked_out=("draft passes per step", "draft weights"),
        )
    }


Banded = Callable[[str, float], tuple[float, float, tuple[str, ...]]]


def latency_bands(
    scenario: Scenario, calibration: Calibration, cap: ReplicaCapacity, point: OperatingPoint
) -> Banded:
    """The 80% band of one of the plan's figures (metric, value): the calibration residuals of
    the plan's load kind and engine era, as `predict` bands a benchmark line, widened where
    the replica is an extrapolation; no lower than the replica's physical floor at the
    running batch (TTFT, and TPOT per emitted token with a draft)."""
    load = scenario.workload.load
    kind = "request_rate" if fixed_in_flight(load) is None else "concurrency"
    era = calibration.era(scenario.workload.engine_id, scenario.workload.engine_version)
    era_label = era.label if era is not None else None
    reasons = extrapolation_reasons(cap.dep, era_label)
    floor = physical_floor(cap.dep, float(point.running_batch), cap.input_tokens, cap.output_tokens)
    floors = {
        "ttft_ms": ms_from_s(floor.ttft_s),
        "tpot_ms": ms_from_s(floor.tpot_s) / cap.dep.verify_tokens,
    }

    def banded(metric: str, value: float) -> tuple[float, float, tuple[str, ...]]:
        b = band(metric, kind, value, reasons, era_label, floors.get(metric, 0.0))
        return b.low, b.high, b.extrapolation

    return banded


def performance_figures(
    scenario: Scenario,
    calibration: Calibration,
    choice: SplitChoice,
    point: OperatingPoint,
    planned: Demand,
) -> dict[str, Figure]:
    """What the planned load sees (latencies, throughput) and what the replicas carry within
    the targets, each with its formula and the terms that add or multiply to it: the plan's
    headline is argued from these, so each must show where its number comes from. The order
    of the entries is the order of `size --json`'s figures."""
    cap, replicas = choice.capacity, choice.replicas
    at = cap.at_targets
    max_rate = float(at.requests_per_s) * replicas if at is not None else 0.0
    served = served_figure(scenario.workload.load, planned, max_rate, float(point.e2e_s))
    banded = latency_bands(scenario, calibration, cap, point)
    return {
        **_planned_load_figures(scenario, cap, point, replicas, banded),
        "requests_per_s": served,
        "output_tokens_per_s": _output_tokens_figure(served.value, cap.output_tokens, banded),
        **_within_targets_figures(scenario, calibration, cap, replicas, max_rate),
    }


def _planned_load_figures(
    scenario: Scenario,
    cap: ReplicaCapacity,
    point: OperatingPoint,
    replicas: int,
    banded: Banded,
) -> dict[str, Figure]:
    """Requests in flight on a replica and the latencies of each answer at the planned load."""
    return {
        "in_flight_per_replica": figure(
            float(point.running_batch),
            "requests",
            "Little's law: in flight = arrival rate × E2E latency",
            {"replicas": (replicas, "replicas")},
            worked=(
                "product",
                {
                    "requests/s per replica": (float(point.requests_per_s), "requests/s"),
                    **in_slot_e2e(point),
                },
            ),
        ),
        "ttft_ms": _ttft_figure(scenario, cap, point, banded),
        "tpot_ms": _tpot_figure(scenario, cap, point, banded),
        "e2e_latency_s": _e2e_figure(point, cap.output_tokens),
    }


def _ttft_figure(
    scenario: Scenario, cap: ReplicaCapacity, point: OperatingPoint, banded: Banded
) -> Figure:
    """Time to first token: requests arriving at random also queue for prefill and a slot."""
    targets = scenario.workload.targets
    random_arrivals = fixed_in_flight(scenario.workload.load) is None
    ttft_ms = ms_from_s(float(point.ttft_s))
    return figure(
        ttft_ms,
        "ms",
        "TTFT = request overhead (retrieval included) + half an iteration + "
        + planned_ahead_term(cap, "first_token_wait_steps" in scenario.assumption_overrides)
        + " + prefill queue + prefill step(s)"
        + (RANDOM_ARRIVALS_TTFT if random_arrivals else "")
        + (GATHERED_RANKS_TTFT if balancer_gathers_prompts(cap.dep) else ""),
        {
            "prefill step": (ms_from_s(float(point.request_prefill_step.total_s)), "ms"),
            "input tokens": (cap.input_tokens, "tokens"),
            "target": (targets.ttft_ms, "ms"),
            "retrieval": (scenario.workload.retrieval_latency_ms, "ms"),
            **(
                {
                    batch_slots_name(cap): (math.floor(float(cap.limits.batch)), "sequences"),
                    "running batch": (float(point.running_batch), "sequences"),
                }
                if random_arrivals
                else {}
            ),
        },
        band=banded("ttft_ms", ttft_ms),
        target=targets.ttft_ms,
        worked=("sum", ttft_terms(cap, point, ttft_ms)),
    )


def _tpot_figure(
    scenario: Scenario, cap: ReplicaCapacity, point: OperatingPoint, banded: Banded
) -> Figure:
    """Time per output token: decode steps, some carrying prefill, per token a step emits."""
    targets = scenario.workload.targets
    tpot_ms = ms_from_s(float(point.tpot_s))
    decode_ms = ms_from_s(float(point.decode_step.total_s))
    mixed_ms = ms_from_s(float(point.prefill_step.total_s))
    share = float(point.prefill_share)
    per_step = cap.dep.tokens_per_step
    return figure(
        tpot_ms,
        "ms",
        "TPOT = (1 - p) × decode step + p × step with prefill, p = share of steps with prefill"
        + ("; divided by the tokens each step emits" if cap.dep.speculation else ""),
        {
            "decode step": (decode_ms, "ms"),
            "step with prefill": (mixed_ms, "ms"),
            "p": (share, "share"),
            "tokens per step": (per_step, "tokens"),
            "target": (targets.tpot_ms, "ms"),
        },
        band=banded("tpot_ms", tpot_ms),
        target=targets.tpot_ms,
        worked=("sum", tpot_terms(share, decode_ms, mixed_ms, per_step)),
        worked_out=("tokens per step",),
    )


def _e2e_figure(point: OperatingPoint, out: int) -> Figure:
    """A whole answer's time: its first token, then the rest at TPOT each."""
    return figure(
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
    )


def _output_tokens_figure(rate: float, out: int, banded: Banded) -> Figure:
    """Output tokens a second at the requests served."""
    output_tps = rate * out
    return figure(
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
    )


def _within_targets_figures(
    scenario: Scenario,
    calibration: Calibration,
    cap: ReplicaCapacity,
    replicas: int,
    max_rate: float,
) -> dict[str, Figure]:
    """What the replicas carry at the busiest batch within the targets (requests, rate,
    users), and at the engine's largest batch with the targets ignored."""
    at = cap.at_targets
    max_batch = cap.batch_within_targets
    max_in_flight = max_batch * replicas
    users, users_formula, users_worked = users_within_targets(
        scenario.workload.load,
        max_rate,
        max_in_flight,
        None if at is None else float(at.e2e_s),
        calibration.cost.target_utilization,
    )
    return {
        "max_in_flight_within_targets": figure(
            max_in_flight,
            "requests",
            "largest running batch per replica whose TTFT and TPOT meet the targets × replicas",
            {"per replica": (max_batch, "requests"), "replicas": (replicas, "replicas")},
            worked=(
                "product",
                {"per replica": (max_batch, "requests"), "replicas": (replicas, "replicas")},
            ),
        ),
        "max_requests_per_s_within_targets": figure(
            max_rate,
            "requests/s",
            "replicas × batch within targets / E2E at that batch",
            {"replicas": (replicas, "replicas")},
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
        "max_output_tokens_per_s": _largest_batch_figure(cap, replicas),
    }


def _largest_batch_figure(cap: ReplicaCapacity, replicas: int) -> Figure:
    """Throughput at the engine's largest batch: what the GPUs can do, targets ignored. Its
    inputs say how the requests/s are made: batch × replicas / E2E at that batch."""
    out = cap.output_tokens
    return figure(
        float(cap.at_limit.output_tokens_per_s) * replicas,
        "tokens/s",
        f"throughput at the engine's largest batch ({cap.limits.limit}), targets ignored",
        {
            "batch": (cap.limits.batch, "requests"),
            "replicas": (replicas, "replicas"),
            "E2E at that batch": (float(cap.at_limit.e2e_s - cap.at_limit.slot_wait_s), "s"),
        },
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
    )
