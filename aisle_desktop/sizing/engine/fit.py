"""Does a replica fit, and how many sequences can it hold at once (SIZING.md section 1)."""

from __future__ import annotations

import numpy as np

from aisle_desktop.sizing.engine.arraymath import Number, as_float
from aisle_desktop.sizing.engine.deployment import Deployment
from aisle_desktop.sizing.engine.memory import (
    FIT_MEMO_LENGTHS,
    MemoryBreakdown,
    kv_room_bytes,
    max_sequences,
    round_up_to_block,
)

UNCAPPED = 10**9


def memory_breakdown(
    dep: Deployment, sequence_tokens: Number, max_sequences_cap: int = UNCAPPED
) -> MemoryBreakdown:
    """Per-GPU memory of a replica whose sequences each hold `sequence_tokens` of KV (an
    array of lengths gives each one's sequence figures).

    A single length's breakdown is remembered by the replica (`Deployment.fit_memo`):
    predicting a line asks it for the answer's length, its mean length and its prompt, and a
    file's lines repeat them."""
    if isinstance(sequence_tokens, np.ndarray):
        return _memory_breakdown(dep, sequence_tokens, max_sequences_cap)
    remembered = dep.fit_memo.breakdowns
    key = (sequence_tokens, max_sequences_cap)
    found = remembered.get(key)
    if found is None:
        if len(remembered) >= FIT_MEMO_LENGTHS:
            remembered.clear()
        found = remembered[key] = _memory_breakdown(dep, sequence_tokens, max_sequences_cap)
    return found


def _memory_breakdown(
    dep: Deployment, sequence_tokens: Number, max_sequences_cap: int
) -> MemoryBreakdown:
    engine = dep.engine
    per_sequence = as_float(
        dep.sequence_bytes_per_gpu(round_up_to_block(sequence_tokens, engine.kv_block_tokens))
    )
    weights, runtime, room = _fixed_bytes(dep)
    return MemoryBreakdown(
        usable_bytes=dep.usable_memory_bytes,
        weights_bytes=weights,
        runtime_bytes=runtime,
        kv_room_bytes=room,
        kv_bytes_per_sequence=per_sequence,
        max_sequences=dep.attention_ranks
        * max_sequences(
            room, per_sequence, dep.assumptions.paging_waste_fraction, max_sequences_cap
        ),
    )


def _fixed_bytes(dep: Deployment) -> tuple[float, float, float]:
    """(weights, runtime, KV room) bytes per GPU: the same whatever the sequences, so worked
    out once a replica (`Deployment.fit_memo`)."""
    memo = dep.fit_memo
    if memo.fixed_bytes is None:
        memo.fixed_bytes = _worked_out_fixed_bytes(dep)
    return memo.fixed_bytes


def _worked_out_fixed_bytes(dep: Deployment) -> tuple[float, float, float]:
    engine = dep.engine
    room = kv_room_bytes(
        dep.usable_memory_bytes,
        dep.weights_per_gpu_bytes,
        dep.runtime_bytes,
        dep.memory_fraction,
        fraction_of_free=engine.memory_fraction_of == "free_after_weights",
    )
    return dep.weights_per_gpu_bytes, dep.runtime_bytes, room
