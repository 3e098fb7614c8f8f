"""A file or folder named on the command line, refused when the name is empty.

Python reads an empty name as the current folder, so `plan new -o "$OUT"` with OUT unset said
".: is a folder", and `size ""` the same: the planner had named no folder at all.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def path_argument(text: str) -> Path:
    """`text` as a path (argparse's `type=`); an empty name is refused."""
    if not text:
        raise argparse.ArgumentTypeError("an empty name (a shell variable left unset?)")
    return Path(text)
