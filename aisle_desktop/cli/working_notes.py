"""What a slow command is doing, said on standard error while it works.

`report` of a plan of 20 scenarios sat some 45 s without a word before "wrote plan.pdf: 87
pages". Its work now tells a `WorkingNotes` how it goes (a report's `Step`): nothing is said
for the first seconds, which most reports take in all, then a line every few seconds, such as
"aisle-desktop: working: drawing page 12 of 87 (85 % done)".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from aisle_desktop.formatting import whole_percent

# Quiet for this long (the default report takes some 2 s, 3 scenarios some 5 s on a busy
# machine), then a line this often.
FIRST_AFTER_S = 10.0
EVERY_S = 10.0


class WorkingNotes:
    """A report's `Step` that says on `err` what it is doing, once the work is slow."""

    def __init__(
        self,
        err: TextIO,
        clock: Callable[[], float] = time.monotonic,
        first_after_s: float = FIRST_AFTER_S,
        every_s: float = EVERY_S,
    ) -> None:
        self._err = err
        self._clock = clock
        self._due = clock() + first_after_s
        self._every_s = every_s

    def __call__(self, doing: str, share: float) -> None:
        now = self._clock()
        if now < self._due:
            return
        self._due = now + self._every_s
        self._err.write(
            f"aisle-desktop: working: {doing[:1].lower()}{doing[1:]} "
            f"({whole_percent(share)} done)\n"
        )
        self._err.flush()
