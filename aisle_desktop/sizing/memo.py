"""Forget the work sizing remembers between calls, when the catalog it came from is replaced.

Sizing keeps pure answers in `functools` caches (a replica's step times, its constant costs,
what would fit a workload on each GPU) keyed by the replica or the catalog they were worked
out from. Those keys hold their catalog entries: after a catalog reload the old catalog stayed
alive until up to 1,024 newer answers pushed it out. Emptying every cache of the sizing
package at a reload costs one replica's worth of recomputation per new key, and finds each
cache by what it is (a function with ``cache_clear``), so a cache added later is emptied too.
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
