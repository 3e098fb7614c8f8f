"""A file or folder named on the command line, refused when the name is empty or "-".

Python reads an empty name as the current folder, so `plan new -o "$OUT"` with OUT unset said
".: is a folder", and `size ""` the same: the planner had named no folder at all. "-" means
standard input or output to most commands; here `size -` said "file not found", and
`report -o -` wrote a PDF named "-". Plans are files with a name, so "-" is refused plainly,
saying how to name a file that is really called "-".
"""

from __future__ import annotations

import argparse
from pathlib import Path

STANDARD_STREAM = "-"


def path_argument(text: str) -> Path:
    """`text` as a path (argparse's `type=`); an empty name and "-" are refused."""
    if not text:
        raise argparse.ArgumentTypeError("an empty name (a shell variable left unset?)")
    if text == STANDARD_STREAM:
        raise argparse.ArgumentTypeError(
            '"-" (standard input or output) is not accepted: give a file\'s name '
            '(./- for a file called "-")'
        )
    return Path(text)
