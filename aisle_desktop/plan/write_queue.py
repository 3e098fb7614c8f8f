"""File writes nobody waits for, done one at a time, in the order they were asked for.

Autosave wrote its recovery files on the window's thread, a second after each edit and every
minute: with a home folder on a network share that stalled, the window froze until the share
answered. A `WriteQueue` does them on a thread of its own instead, one at a time and in order,
so a removal asked for after a write (a clean save's) always lands after that write, and one
file is never written twice at once.

A job still waiting when a newer one for the same file comes is replaced by it, in its place
in the line: only the newest state of a file matters, and a second write of a file waits for
the first to end. A write already under way when its file's removal comes is cancelled before
its rename when it still can be (`atomic.WriteCancel`): it drops its temporary file instead of
putting back, for an instant, the file about to be removed.

The thread touches no Qt object and ends when the line is empty. It is a daemon: it kept Aisle
running after its window closed for as long as a stalled share held a write. Whoever owns the
queue waits a moment at the end (`wait_until_idle`) for a drive that answers; past that, what is
left is abandoned when the process ends. No job is half done on disk by that: each writes a
temporary file and renames it into place (`atomic.replace_atomically`), and a removal is one
call. The removals abandoned so are named (`removals_left`), for the owner to record and do at
the next start.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

from aisle_desktop.plan.atomic import WriteCancel, WriteStoppedError

# One job: given the cancel it passes on to its `replace_atomically`.
Job = Callable[[WriteCancel], object]


class WriteQueue:
    """Jobs run one at a time on a thread of their own, each keyed by the file it changes."""

    def __init__(self, thread_name: str) -> None:
        self._thread_name = thread_name
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        # Each file's job, and whether it removes the file.
        self._waiting: dict[Hashable, tuple[Job, bool]] = {}
        self._running: tuple[Hashable, WriteCancel, bool] | None = None
        self._working = False
        self._failures: list[Exception] = []

    def put(self, file: Hashable, job: Job, *, removes: bool = False) -> None:
        """Run ``job`` after every job asked for before it; ``removes``: it removes ``file``,
        so a write of ``file`` under way is cancelled if it has not begun its rename."""
        with self._lock:
            self._waiting[file] = (job, removes)  # a job of the same file waiting keeps its place
            if removes and self._running is not None and self._running[0] == file:
                self._running[1].cancel()
            if not self._working:
                self._working = True
                threading.Thread(target=self._work, name=self._thread_name, daemon=True).start()

    def busy(self) -> bool:
        """True while a job is waiting or running."""
        with self._lock:
            return self._working

    def wait_until_idle(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` for every job asked for to be done; True if they are."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._working, timeout_s)

    def removals_left(self) -> list[Hashable]:
        """The files whose removal was asked for and is not done: waiting, or held by the drive."""
        with self._lock:
            left = [file for file, (_job, removes) in self._waiting.items() if removes]
            if self._running is not None and self._running[2]:
                left.insert(0, self._running[0])
        return left

    def failures(self) -> list[Exception]:
        """What the jobs that failed since the last call raised, oldest first."""
        with self._lock:
            failed, self._failures = self._failures, []
        return failed

    def _work(self) -> None:
        while True:
            with self._lock:
                self._running = None
                if not self._waiting:
                    self._working = False
                    self._idle.notify_all()
                    return
                file = next(iter(self._waiting))
                job, removes = self._waiting.pop(file)
                cancel = WriteCancel()
                self._running = (file, cancel, removes)
            try:
                job(cancel)
            except WriteStoppedError:
                pass  # cancelled by its file's removal: nothing on disk changed
            except Exception as err:  # raised again on the window's thread, by its own rules
                with self._lock:
                    self._failures.append(err)
