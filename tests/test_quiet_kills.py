"""scripts/quiet-kills.py, which `make test` runs pytest through: a run silent too long is
killed as stuck (exit 137, what the Makefile runs once more on); a run that keeps printing or
ends is left alone, its output passed through and its exit code kept."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "quiet-kills.py"


def _run(limit_s: float, shell: str) -> tuple[int, str, float]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(limit_s), "bash", "-c", shell],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout, time.monotonic() - started


def test_a_run_that_ends_keeps_its_output_and_exit_code() -> None:
    code, out, _ = _run(2, "echo first; echo second >&2; exit 3")
    assert code == 3
    assert out == "first\nsecond\n"


def test_a_run_that_keeps_printing_is_not_killed_however_long_it_takes() -> None:
    """Four marks a second apart under a limit of 2 s: longer than the limit, never silent."""
    code, out, _ = _run(2, "for mark in a b c d; do printf $mark; sleep 1; done; echo")
    assert code == 0
    assert out == "abcd\n"


def test_a_silent_run_is_killed_with_its_children_and_says_so() -> None:
    code, out, took_s = _run(1, "echo started; sleep 30 & sleep 30")
    assert code == 137
    assert out.startswith("started\n")
    assert out.rstrip().endswith("silent for 1 s: killed as stuck")
    assert took_s < 20


def test_a_run_that_ends_while_its_child_holds_the_output_keeps_its_code() -> None:
    """A test's helper process that outlives pytest keeps the output open; the run has ended."""
    code, out, took_s = _run(30, "echo done; (sleep 20 &); exit 5")
    assert code == 5
    assert out == "done\n"
    assert took_s < 15
