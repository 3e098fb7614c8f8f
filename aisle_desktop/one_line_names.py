"""Names are one line: each labels a tab, a column, a heading, a list entry or a terminal row.

A line break pasted into a name (the rename dialog's field takes one), or written into a plan
or a model's config.json, split every one of those in two; a NUL or an escape code went on to
the report and the terminal. A leaf module, like ``formatting``: the catalog and the plan both
read names.
"""

from __future__ import annotations

import re
from typing import Any

# Line breaks, tabs and the other control characters (C0, DEL, C1), and the Unicode line and
# paragraph separators: a run of them reads as one space in a name ("\r\n" as one break).
_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line_name(text: str) -> str:
    """`text` as one line: each run of breaks or control characters one space, no blanks
    around it (so a name of blanks alone is empty, which a name may not be)."""
    return _BREAKS.sub(" ", text).strip()


def one_line_value(value: Any) -> Any:
    """`one_line_name` of a value that may not be text (pydantic then refuses it by type)."""
    return one_line_name(value) if isinstance(value, str) else value
