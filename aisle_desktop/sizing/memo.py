"""Forget the work sizing remembers between calls, when the catalog it came from is replaced.

Sizing keeps its answers where they belong: a replica's step times and constant costs in the
replica, what would fit on other GPUs in the catalog (`engine.replica_memo`), so they go with
them. What is left in `functools` caches is kept by value: an older model entry's layer groups
(keyed by its attention entry) and the fields of a dataclass. Emptying those at a reload lets
the old catalog's attention entries go, and finds each cache by what it is (a function with
``cache_clear``), so a cache added later is emptied too.
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
