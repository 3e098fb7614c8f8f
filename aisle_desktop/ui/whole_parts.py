"""A catalog item's one-line text cut at its " · " joints, never mid-word, to fit a box.

"DeepSeek-V3.2 · 672 B (38.4 B active) · 164k context · MLA + sparse" read
"DeepSeek-V3.2 · 672 B (38.4 B acti…" at 1280 px; "DeepSeek-V3.2 · 672 B (38.4 B active)"
says less but nothing half. The box's tooltip and drop-down keep the whole text.
"""

from __future__ import annotations

from collections.abc import Callable

JOINT = " · "


def whole_parts_that_fit(text: str, fits: Callable[[str], bool]) -> str | None:
    """The longest run of `text`'s first " · " parts that `fits`; None when not even the first
    part fits (the caller then cuts it with "…")."""
    parts = text.split(JOINT)
    for count in range(len(parts), 0, -1):
        shown = JOINT.join(parts[:count])
        if fits(shown):
            return shown
    return None
