"""Release versions as engines print them, reduced to numbers that compare.

"0.5.10.post1", "1.0.0rc3" and "v0.10.1" keep their leading numbers; "nightly-5b8c30d" and
"gpt-oss-dev" have none, so they name no release in particular.
"""

from __future__ import annotations

import re

_LEADING_NUMBERS = re.compile(r"^v?(\d+(?:\.\d+)*)")
_COMPONENTS = 6  # "0.5" and "0.5.0" compare equal: both are padded to this many numbers


def version_key(version: str) -> tuple[int, ...] | None:
    """The leading numeric components of a version, padded for comparison; None if it has
    none."""
    found = _LEADING_NUMBERS.match(version.strip())
    if found is None:
        return None
    numbers = tuple(int(part) for part in found.group(1).split("."))[:_COMPONENTS]
    return numbers + (0,) * (_COMPONENTS - len(numbers))
