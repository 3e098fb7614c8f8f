"""Closing the window while the drive holds a recovery write, or the read of the files left
behind, ends Aisle at once.

Hostile walk (7 December, hostile31): the queue thread that writes recovery files was not a
daemon, so closing the window during a stalled write left the process running until the share
answered, which it may never do. Now the process ends a quarter of a second after the window;
the write it held is abandoned and said in the log; the planner's plan file is untouched; the
next start offers nothing of the abandoned write.

The window runs in a process of its own (its end is what is tested), its recovery write held
on an event nobody sets, as on a share that stopped answering.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from aisle_desktop.plan import Plan, RecoveryStore, preset_scenario, save_plan
from tests.ui.stalled_drive import run_offscreen

ROOT = Path(__file__).resolve().parents[2]

# Opens the plan, changes its notes, lets the recovery write begin and stall half written,
# then closes the window (its "Save the changes?" answered Discard).
WINDOW = r"""
import sys, threading
from pathlib import Path
from PySide6.QtWidgets import QApplication, QMessageBox
from aisle_desktop.catalog import load_catalog
from aisle_desktop.plan import atomic
from aisle_desktop.ui import file_actions
from aisle_desktop.ui.app import build_window

app = QApplication(sys.argv[:1])
window = build_window(load_catalog(), "llama-70b-rag")
window.show()
assert window.file_actions.open_path(Path(sys.argv[1]))
never = threading.Event()
copy = atomic._temporary_copy

def stalled(path, data, mode):
    if path.name.endswith(".aisle-recovery"):
        copy(path, data[: len(data) // 2], mode)  # half written, then the share stops
        print("stalled", flush=True)
        never.wait()
    return copy(path, data, mode)

atomic._temporary_copy = stalled
file_actions.ask = lambda *_args: QMessageBox.StandardButton.Discard
window.document.set_notes("unsaved notes")
window.autosave.write_now()
sys.stdin.readline()  # the test has seen the write stall
window.close()
app.quit()
print("closed", flush=True)
"""


def test_closing_during_a_stalled_recovery_write_ends_the_process_and_leaves_the_plan(
    tmp_path: Path,
) -> None:
    plan_file = tmp_path / "kept.aisle"
    save_plan(Plan(scenarios=[preset_scenario("llama-8b-chat")]), plan_file)
    before = plan_file.read_bytes()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    window = subprocess.Popen(
        [sys.executable, "-c", WINDOW, str(plan_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    try:
        assert window.stdout is not None and window.stdout.readline() == "stalled\n"
        out, err = window.communicate("\n", timeout=60)
    finally:
        if window.poll() is None:
            window.kill()
    assert window.returncode == 0, err
    assert out == "closed\n"
    assert "Aisle ends without waiting for it" in err and "Traceback" not in err
    assert plan_file.read_bytes() == before  # never touched by a recovery write
    # The next start: the abandoned write's half-written temporary is not a recovery file,
    # nothing is offered, nothing is damaged.
    assert RecoveryStore().entries() == []


# Leaves a recovery file behind, has its read stall, then closes the window mid-read.
READ_HELD = r"""
import sys, threading
from PySide6.QtWidgets import QApplication
from aisle_desktop.catalog import load_catalog
from aisle_desktop.plan import Plan, RecoveryStore, preset_scenario
from aisle_desktop.plan import recovery
from aisle_desktop.ui.app import build_window

crashed = RecoveryStore()
crashed.write("left", Plan(scenarios=[preset_scenario("llama-8b-chat")]), None)
crashed.close()
app = QApplication(sys.argv[:1])
window = build_window(load_catalog(), "llama-70b-rag")
window.show()
never, reached = threading.Event(), threading.Event()

def stalled(path):
    reached.set()
    never.wait()

recovery.read_plan_text = stalled
window.look_for_recovery()
assert reached.wait(60)
print("stalled", flush=True)
window.close()
app.quit()
print("closed", flush=True)
"""


def test_closing_while_the_recovery_files_are_still_being_read_ends_the_process() -> None:
    done = run_offscreen(READ_HELD)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "stalled\nclosed\n" and "Traceback" not in done.stderr
    (entry,) = RecoveryStore().entries()  # kept for the next start
    assert entry.key == "left" and entry.plan is not None
