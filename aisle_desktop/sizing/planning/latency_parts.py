"""The parts TTFT and TPOT add up from, and the E2E Little's law pairs with the running batch:
the worked lines under the replicas' latency figures, each adding up to its figure."""

from __future__ import annotations

import math

from aisle_desktop.formatting import duration_ms, ms_from_s, with_unit
from aisle_desktop.sizing.engine import OperatingPoint
from aisle_desktop.sizing.planning.capacity import ReplicaCapacity

# A slot wait below this is shown within the prefill queue rather than as a term of its own.
SHOWN_SLOT_WAIT_MS = 0.05


def ttft_terms(
    cap: ReplicaCapacity, point: OperatingPoint, ttft_ms: float
) -> dict[str, tuple[float, str]]:
    """TTFT's parts, which add up to it: the request's own overhead, half the running
    iteration, the iterations an overlap scheduler planned before it arrived, those an
    attention data-parallel balancer holds it (`balancer_wait_steps`), the wait of a randomly
    arriving request for a batch slot (Erlang's C, `arrival_queues`), its prefill chunks
    (counted by the engine, `OperatingPoint.prefill_chunks`), and the wait behind other
    prompts' prefills (the rest)."""
    mean_step_ms = ms_from_s(float(point.tpot_s)) * cap.dep.tokens_per_step
    # As the engine counted them: a chunk of one rank's, one pipeline micro-batch's budget.
    chunks = float(point.prefill_chunks)
    prefill_ms = chunks * ms_from_s(float(point.request_prefill_step.total_s))
    overhead_ms = ms_from_s(cap.request_overhead_s)
    half_ms = 0.5 * mean_step_ms
    decode_ms = ms_from_s(float(point.decode_step.total_s))
    planned_steps = cap.dep.assumptions.first_token_wait_steps
    planned_ms = planned_steps * decode_ms
    # Each iteration count is multiplied by the iteration it counts, named with its length,
    # so the term redoes on a calculator: "2.93 iterations planned ahead" read beside 59.4
    # ms alone, the 20.3 ms decode step it multiplies only in the TPOT's explanation.
    planned = (
        {
            f"{planned_steps:.4g} iterations planned ahead × decode step "
            f"{duration_ms(decode_ms, 4)}": (planned_ms, "ms")
        }
        if planned_steps > 0
        else {}
    )
    held_steps = float(point.balancer_held_steps)
    held_ms = held_steps * mean_step_ms
    held_label = (
        f"{held_steps:.4g} iterations held until every attention rank has a prompt × "
        f"iteration {duration_ms(mean_step_ms, 4)}"
    )
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
        f"half an iteration (TPOT{_times_tokens(cap)} / 2)": (half_ms, "ms"),
        **planned,
        **held,
        "prefill queue": (queue_ms, "ms"),
        **slot,
        f"prefill step × {chunks:.3g}" if chunks > 1 else "prefill step": (prefill_ms, "ms"),
    }


def planned_ahead_term(cap: ReplicaCapacity, overridden: bool) -> str:
    """The TTFT formula's term for the iterations an overlap scheduler planned before a
    request arrived: as it is where there are some, and where there are none the reason in
    words, so the formula never lists a term its worked numbers leave out. vLLM 0.10's TTFT
    read "+ iterations planned ahead +" over numbers without one (it schedules in turn,
    calibration 2026.12.52). ``overridden``: the planner set the count."""
    if cap.dep.assumptions.first_token_wait_steps > 0:
        return "iterations planned ahead"
    if overridden:
        return "iterations planned ahead (none: the planner's override)"
    release = cap.dep.engine.release
    engine = release.label if release is not None else cap.dep.engine.name
    return f"iterations planned ahead (none: {engine} schedules in turn)"


def _times_tokens(cap: ReplicaCapacity) -> str:
    """ " × 1.85 tokens a step" where a drafted step emits more than one token, else ""."""
    per_step = cap.dep.tokens_per_step
    return f" × {per_step:.3g} tokens a step" if per_step != 1 else ""


def batch_slots_name(cap: ReplicaCapacity) -> str:
    """What a replica's batch slots are, named so a planner tells them from the full-length
    requests that fit at once (`max_sequences_per_replica`): an engine that allocates KV as
    tokens arrive holds its running requests at their average length, input + output / 2, so
    it runs more of them than fit at full length (106 against 100 in the llama-70b-rag plan);
    a cap the engine or its token budget sets is named as such."""
    limit = str(cap.limits.limit)
    if limit != "KV cache memory":
        return f"batch slots ({limit})"
    if cap.dep.engine.kv_admission == "full_sequence":
        return "batch slots (full-length requests the KV room holds)"
    average = cap.input_tokens + cap.output_tokens / 2
    return (
        f"batch slots (requests at their average length, {average:,.0f} tokens, the KV room holds)"
    )


def tpot_terms(
    share: float, decode_ms: float, mixed_ms: float, per_step: float
) -> dict[str, tuple[float, str]]:
    """TPOT's two parts, which add up to it: steps that only decode and steps that also
    prefill, each weighted by its share (and shared among the tokens a drafted step emits).
    Each names the step it weighs with its length, as the TTFT's iterations do: "(1 - p) ×
    decode step 19.7 ms" read as a decode step of 19.7 ms beside the "decode step 20.3 ms"
    listed under it (walk)."""
    per = f" / {per_step:.3g} tokens a step" if per_step != 1 else ""
    decode_share, mixed_share = with_unit(1 - share, "share"), with_unit(share, "share")
    return {
        f"{decode_share} of steps × decode step {duration_ms(decode_ms, 4)}{per}": (
            (1 - share) * decode_ms / per_step,
            "ms",
        ),
        f"{mixed_share} of steps × step with prefill {duration_ms(mixed_ms, 4)}{per}": (
            share * mixed_ms / per_step,
            "ms",
        ),
    }


def in_slot_e2e(point: OperatingPoint, where: str = "") -> dict[str, tuple[float, str]]:
    """The E2E that Little's law pairs with the running batch: a request waiting for a batch
    slot is not yet running, so its wait is left out (random arrivals near the slots)."""
    wait = float(point.slot_wait_s)
    if wait == 0.0 or not math.isfinite(wait):
        return {f"E2E{where}": (float(point.e2e_s), "s")}
    return {f"E2E{where} less the wait for a slot": (float(point.e2e_s) - wait, "s")}
