"""What fitting sequences on a replica works out is kept by the replica, not by the module.

`fit.memory_breakdown` once kept its answers in module-level `functools` caches, which STYLE
forbids (no global state) and which held old catalogs' replicas alive after a reload until
1,024 newer answers pushed them out. The replica's own memo gives the same answers: each
copy starts empty, and a long file's many lengths do not grow it past FIT_MEMO_LENGTHS.
"""

from __future__ import annotations

import numpy as np

from aisle_desktop.sizing.engine import fit, memory_breakdown
from aisle_desktop.sizing.engine.copies import replaced
from aisle_desktop.sizing.engine.fit import UNCAPPED, _memory_breakdown
from aisle_desktop.sizing.engine.memory import FIT_MEMO_LENGTHS


def test_the_fit_module_keeps_nothing_between_calls() -> None:
    assert not [name for name, value in vars(fit).items() if hasattr(value, "cache_clear")]


def test_a_replica_remembers_its_own_breakdowns_and_a_copy_starts_empty(
    deploy,  # type: ignore[no-untyped-def]
) -> None:
    dep = deploy("llama-3.1-70b", "h100-sxm", tp=4)
    first = memory_breakdown(dep, 4096)
    assert memory_breakdown(dep, 4096.0) is first  # 4096 and 4096.0 are one length
    assert dep.fit_memo.breakdowns == {(4096, UNCAPPED): first}
    assert dep.fit_memo.fixed_bytes == (
        first.weights_bytes,
        first.runtime_bytes,
        first.kv_room_bytes,
    )
    # Worked example: Llama 3.1 70B at FP8 on TP 4 holds a quarter of its 72.7 GB of weights.
    assert round(first.weights_bytes / 1e9, 1) == 18.2
    bigger = replaced(dep, usable_memory_bytes=dep.usable_memory_bytes * 2)
    assert bigger.fit_memo.breakdowns == {} and bigger.fit_memo.fixed_bytes is None
    assert memory_breakdown(bigger, 4096).kv_room_bytes > first.kv_room_bytes
    assert memory_breakdown(dep, 4096) is first


def test_a_files_many_lengths_keep_the_memo_bounded_and_the_answers_the_same(
    deploy,  # type: ignore[no-untyped-def]
) -> None:
    dep = deploy("llama-3.1-8b", "l40s")
    lengths = np.arange(1, FIT_MEMO_LENGTHS + 200) * 16.0
    together = memory_breakdown(dep, lengths)
    for index, length in enumerate(lengths.tolist()):
        alone = memory_breakdown(dep, length)
        assert alone == _memory_breakdown(dep, length, UNCAPPED)
        assert alone.max_sequences == together.max_sequences[index]
        assert len(dep.fit_memo.breakdowns) <= FIT_MEMO_LENGTHS
