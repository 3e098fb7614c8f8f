"""Forget the work sizing remembers between calls, when the catalog it came from is replaced.

Sizing keeps a few pure answers in `functools` caches (what would fit a workload on each GPU)
keyed by the catalog they were worked out from (a replica's step times and constant costs
live in the replica instead, `engine.replica_memo`, and go with it). Those keys hold their
catalog entries: after a catalog reload the old catalog stayed alive until up to 1,024 newer
answers pushed it out. Emptying every cache of the sizing package at a reload costs one
replica's worth of recomputation per new key, and finds each cache by what it is (a function
with ``cache_clear``), so a cache added later is emptied too.
"""

from __future__ import annotations

import sys

PACKAGE = "aisle_desktop.sizing"


def forget_cached_work() -> int:
    """Empty the `functools` caches of every imported sizing module; how many were emptied."""
    emptied = 0
    modules = [m for name, m in list(sys.modules.items()) if name.startswith(PACKAGE + ".")]
    for module in modules:
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == module.__name__:
                clear()
                emptied += 1
    return emptied
