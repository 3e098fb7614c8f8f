"""Keep None, True and False alive despite PySide6 6.12's reference-count bug on Python 3.11.

Measured here: every PySide6 call that returns nothing (``QLabel.setText``, ``setVisible``,
``QTreeWidgetItem.setData``...) takes one reference from ``None`` without having given it, and
bool-returning calls do the same to ``True``/``False``. The window makes about a thousand such
calls per result shown, and ``None`` starts with about 31,000 references, so after a few dozen
edits CPython frees ``None`` and aborts ("none_dealloc", "bool_dealloc"). Python 3.12 made these
objects immortal; on 3.11 we give them a reference count no session can exhaust. Remove this
module once the pinned PySide6 is fixed or Python 3.12 is the minimum.
"""

from __future__ import annotations

import ctypes
import sys

# 2**40 references: at a thousand lost per result shown, a billion results.
EXTRA_REFERENCES = 1 << 40
_done: list[bool] = []


def protect_singletons() -> None:
    """Raise the reference counts of None, True and False once (CPython before 3.12 only)."""
    if _done or sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object header.
        ctypes.c_ssize_t.from_address(id(obj)).value += EXTRA_REFERENCES
    _done.append(True)
