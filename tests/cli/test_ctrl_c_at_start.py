"""A Ctrl+C in a command's first seconds, while Python still imports the commands, ends with
one line and exit status 130, as one later does (it printed a twenty-line traceback)."""

from __future__ import annotations

import subprocess
import sys

# Ctrl+C arrives the moment the commands' imports reach pydantic: the signal itself, raised in
# the child by an import hook, so nothing of the product is stubbed.
CTRL_C_WHILE_IMPORTING = """
import importlib.abc, signal, sys

class CtrlC(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "pydantic":
            signal.raise_signal(signal.SIGINT)
        return None

sys.meta_path.insert(0, CtrlC())
sys.argv = ["aisle-desktop", "size"]
from aisle_desktop.cli.console import entry
entry()
"""


def test_ctrl_c_while_the_commands_load_says_stopped_in_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CTRL_C_WHILE_IMPORTING],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 130
    assert done.stderr == "aisle-desktop: stopped (Ctrl+C)\n"
    assert done.stdout == ""
