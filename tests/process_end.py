"""Whether a process has ended, waited for on its pidfd (Linux): no sleep, no polling."""

from __future__ import annotations

import os
import select


def ended_within(pid: int, timeout_s: float) -> bool:
    """True once process `pid` has ended (or was reaped already), within `timeout_s`."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([handle], [], [], timeout_s)
        return bool(readable)
    finally:
        os.close(handle)
