"""Curves for the live plots, vectorised with numpy (one call per curve).

Each curve is computed for the replica the plan sized (`SizingResult.planned`), never a
rebuilt one, so the plots and the figures beside them always describe the same deployment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aisle_desktop.formatting import ms_from_s
from aisle_desktop.sizing.calibration import GB
from aisle_desktop.sizing.engine import Deployment, steady_state
from aisle_desktop.sizing.planning.capacity import ReplicaCapacity

# Where a curve of randomly arriving requests ends: its TTFT this many times the TTFT of the
# largest batch within targets (beyond, the queue for a batch slot runs away within a few
# sequences, and a log axis drawn to it would flatten everything else).
QUEUED_CURVE_CEILING = 4.0


@dataclass(frozen=True, slots=True)
class ConcurrencyCurve:
    """Whole-plan throughput and per-request latency against requests in flight."""

    in_flight: np.ndarray
    output_tokens_per_s: np.ndarray
    ttft_ms: np.ndarray
    tpot_ms: np.ndarray
    # Requests in flight where the curve's capacity is reached (the pools' limit: beyond, more
    # only queue); None where the curve ends before it (requests at random to replicas).
    limit_in_flight: float | None = None


@dataclass(frozen=True, slots=True)
class MemoryCurve:
    """Per-GPU memory, stacked, against the context length of every running request."""

    context_tokens: np.ndarray
    weights_gb: np.ndarray
    runtime_gb: np.ndarray
    kv_cache_gb: np.ndarray
    usable_gb: float


@dataclass(frozen=True, slots=True)
class CostCurve:
    """Yearly cost against monthly token volume, owning versus the hosted API."""

    monthly_tokens: np.ndarray
    on_prem_usd_per_year: np.ndarray
    api_usd_per_year: np.ndarray
    crossover_monthly_tokens: float | None


def concurrency_curve(
    cap: ReplicaCapacity,
    replicas: int,
    points: int = 200,
    planned_batch: float | None = None,
    poisson_arrivals: bool = False,
) -> ConcurrencyCurve:
    """Evaluate `points` batch sizes from 1 to the engine's limit in one vectorised call.

    The replica is the one the plan sized (its batch limits, token budget and request
    overhead included): past what its KV cache holds, an engine that admits by prompt runs
    preempted, as the capacity sweep and the planned load count it. `planned_batch`, when
    given, is one of the points, so the curve passes exactly through the figures at the
    planned load.

    With `poisson_arrivals` (a load stated as a rate) TTFT counts the queues of random
    arrivals (`ReplicaCapacity.queued`), which grow without bound towards the batch slots:
    the curve ends where TTFT passes QUEUED_CURVE_CEILING times the TTFT within targets.
    """
    batch = np.linspace(1.0, max(cap.limits.admitted, 1.0), points)
    if planned_batch is not None:
        batch = np.unique(np.append(batch, planned_batch))
    args = (cap.input_tokens, cap.output_tokens, cap.token_budget, cap.request_overhead_s)
    point = steady_state(
        cap.dep, batch, *args, cap.limits.batch, poisson_arrivals, ranks_schedule=True
    )
    ttft_s = np.asarray(point.ttft_s, dtype=np.float64)
    tokens_per_s = np.asarray(point.output_tokens_per_s, dtype=np.float64)
    tpot_s = np.broadcast_to(np.asarray(point.tpot_s, dtype=np.float64), batch.shape)
    if poisson_arrivals:
        reference_s = float(cap.at_targets.ttft_s) if cap.at_targets is not None else 0.0
        ceiling_s = QUEUED_CURVE_CEILING * max(reference_s, float(ttft_s[0]))
        keep = np.isfinite(ttft_s) & (ttft_s <= ceiling_s)
        if planned_batch is not None:
            at = int(np.flatnonzero(batch == planned_batch)[0])
            planned = cap.queued(planned_batch)
            ttft_s[at] = float(planned.ttft_s)
            tokens_per_s[at] = float(planned.output_tokens_per_s)
            keep[at] = True
        batch, ttft_s, tpot_s, tokens_per_s = (
            batch[keep],
            ttft_s[keep],
            tpot_s[keep],
            tokens_per_s[keep],
        )
    return ConcurrencyCurve(
        in_flight=batch * replicas,
        output_tokens_per_s=tokens_per_s * replicas,
        ttft_ms=ms_from_s(ttft_s),
        tpot_ms=ms_from_s(tpot_s),
    )


def memory_curve(
    dep: Deployment, in_flight_per_replica: float, max_context_tokens: int, points: int = 200
) -> MemoryCurve:
    """KV of the planned number of running requests as their context grows."""
    context = np.linspace(1.0, float(max_context_tokens), points)
    per_sequence = dep.sequence_bytes_per_gpu(context)
    ones = np.ones_like(context)
    return MemoryCurve(
        context_tokens=context,
        weights_gb=ones * dep.weights_per_gpu_bytes / GB,
        runtime_gb=ones * dep.runtime_bytes / GB,
        kv_cache_gb=np.asarray(per_sequence) * max(in_flight_per_replica, 1.0) / GB,
        usable_gb=dep.usable_memory_bytes / GB,
    )


def cost_curve(
    tco_per_year_usd: float,
    capacity_tokens_per_month: float,
    api_usd_per_token: float,
    max_monthly_tokens: float,
    points: int = 200,
    api_fixed_usd_per_year: float = 0.0,
) -> CostCurve:
    """On-prem cost steps up by one plan's TCO each time volume passes its capacity; the API
    grows linearly from `api_fixed_usd_per_year`, what it charges whatever the volume answered
    (an embeddings workload's hosted embeddings). The crossover is the first volume where
    owning is cheaper."""
    volume = np.linspace(0.0, max_monthly_tokens, points)
    if capacity_tokens_per_month > 0:
        steps = np.maximum(1.0, np.ceil(volume / capacity_tokens_per_month))
    else:
        steps = np.ones_like(volume)
    on_prem = steps * tco_per_year_usd
    api = api_fixed_usd_per_year + volume * 12.0 * api_usd_per_token
    crossover = None
    if api_usd_per_token > 0:
        first = max(0.0, tco_per_year_usd - api_fixed_usd_per_year) / (12.0 * api_usd_per_token)
        if capacity_tokens_per_month <= 0 or first <= capacity_tokens_per_month:
            crossover = first
    return CostCurve(volume, on_prem, api, crossover)
