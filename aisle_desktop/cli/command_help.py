"""Commands whose `--help` opens with what they do.

`aisle-desktop size --help` (and report, comparison, bom...) began at its usage line: what the
command is for was said only in the list `aisle-desktop --help` prints.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_command(sub: Any, name: str, summary: str, **options: Any) -> argparse.ArgumentParser:
    """Register command `name` on `sub` (the main parser's subcommands), `summary` its line
    in the command list and, as a sentence, the first line of its own `--help`."""
    sentence = f"{summary[:1].upper()}{summary[1:]}."
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=summary, description=sentence, **options
    )
    return parser
