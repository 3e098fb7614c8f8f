"""Run a command, passing its output through, and kill it once it has been silent too long.

`make test` runs pytest through this. pytest prints a mark as each test ends and faulthandler
dumps the stack of a test still running after 3 minutes, so a run that prints nothing for
minutes is stuck, however long the whole suite takes. A limit on the whole run killed healthy
runs on a loaded machine (9-16 minutes with other work on two cores) while a real hang was
caught no sooner. Exits 137, as `timeout --signal=KILL` does, when it kills the command.

    python scripts/quiet-kills.py SILENT_LIMIT_S COMMAND [ARG...]
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time

KILLED_EXIT = 137  # 128 + SIGKILL, the code `timeout --signal=KILL` gives
LONGEST_POLL_S = 5.0


def run_until_silent(silent_limit_s: float, command: list[str]) -> int:
    """The command's exit code, or KILLED_EXIT once it printed nothing for `silent_limit_s`."""
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: a kill takes its children too
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    output = child.stdout.fileno()
    selector = selectors.DefaultSelector()
    selector.register(output, selectors.EVENT_READ)
    poll_s = min(LONGEST_POLL_S, silent_limit_s / 4)
    last_output_s = time.monotonic()
    while True:
        if selector.select(timeout=poll_s):
            chunk = os.read(output, 65536)
            if not chunk:
                return child.wait()
            sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
            last_output_s = time.monotonic()
        elif child.poll() is not None:
            # Ended, though something it started still holds the output open: its code stands.
            return child.returncode
        elif time.monotonic() - last_output_s > silent_limit_s:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            print(f"\nsilent for {silent_limit_s:g} s: killed as stuck", flush=True)
            return KILLED_EXIT


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    return run_until_silent(float(argv[1]), argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
