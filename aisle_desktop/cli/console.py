"""The console command's first frame, light enough to be in place before anything heavy loads.

A Ctrl+C in the first seconds of a command arrives while Python is still importing pydantic,
Qt and the sizing code; caught only inside `report` and `comparison`, it printed a
twenty-line traceback. Here every command's Ctrl+C, early or late, ends as a shell expects: one
line and exit status 130.
"""

from __future__ import annotations

import sys

EXIT_STOPPED = 130  # as a shell reports a command Ctrl+C ended


def entry() -> None:
    """`aisle-desktop`, `python -m aisle_desktop` and the bundle start here."""
    try:
        from aisle_desktop.cli.main import entry as run_command

        run_command()
    except KeyboardInterrupt:
        print("aisle-desktop: stopped (Ctrl+C)", file=sys.stderr)
        sys.exit(EXIT_STOPPED)
