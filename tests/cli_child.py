"""Run the command line in a child process with a time and memory limit.

A command that would hang (a FIFO) or eat memory (``/dev/zero``) then fails its test instead of
stopping the test run or the machine.
"""

from __future__ import annotations

import resource
import subprocess
import sys

LIMIT_S = 60
MEMORY_BYTES = 2 * 1024**3


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def cli(*argv: str) -> subprocess.CompletedProcess[str]:
    """``aisle-desktop ARGV`` in a child process; its exit status and output."""
    return subprocess.run(
        [sys.executable, "-m", "aisle_desktop.cli.main", *argv],
        capture_output=True,
        text=True,
        timeout=LIMIT_S,
        check=False,
        preexec_fn=_limit_memory,
    )


WORKING_NOTE = "aisle-desktop: working: "


def said(stderr: str) -> list[str]:
    """Standard error's lines without the progress notes a slow command adds after some
    seconds (`cli/working_notes.py`): on a loaded machine a report that usually takes 5 s
    takes more, and says so, which is not what these tests judge."""
    return [line for line in stderr.strip().splitlines() if not line.startswith(WORKING_NOTE)]


def one_line(done: subprocess.CompletedProcess[str], says: str, code: int = 2) -> None:
    """The command failed with ``code`` and one line on standard error containing ``says``."""
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    lines = said(done.stderr)
    assert len(lines) == 1, done.stderr
    assert says in lines[0], done.stderr
