"""The GPU comparison in a child process, so that its Python runs off the window's interpreter.

Why: comparing 29 GPUs is about 130 ms of Python. On the sizing thread it held the interpreter
lock the GUI thread needs for every Qt call (PySide gives the lock up around each call and then
waits up to the 5 ms switch interval to take it back from a thread running Python), so the
window stalled 170 ms while the GPUs were compared. Here a child process (multiprocessing's
"spawn": a fresh interpreter with no Qt, never a fork of a threaded process) compares the GPUs,
and the sizing thread waits on a pipe for each answer, which holds no lock.

The sizing thread sends a comparison's GPUs at once and the child answers them one by one
without waiting for the thread (a wake-up of each side per GPU cost several ms a GPU on a
loaded machine); the thread still takes one answer per step, so a newer request or a cancel
is seen between GPUs, and `stop` ends the child's comparison at its next GPU as well.

The child keeps its own memory of sized scenarios for the catalog, calibration and day the
sizing thread last sent, and answers with `compare_gpu` on those same values unpickled, so
each answer is the one the sizing thread would have worked out (a test compares them).
Two one-way pipes (`os.pipe`), no socket. The child ends when its requests pipe closes,
however the window's process ended (a crash included), or when it is terminated on close.

Until the child has imported the sizing code and warmed up (about a second in the background,
0.15 s of it `warm_up`) and once it cannot be used (it could not start, it died, a value would
not go through the pipe), `begin` and `next_option` say so, and its GPUs go to the other
child (`comparison_processes.py`: the window has two) or the sizing thread compares them
itself; an unusable child is said once in the log and not used again.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import signal
import threading
import traceback
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.plan import DEFAULT_PRESET, Scenario, preset_scenario
from aisle_desktop.sizing import forget_cached_work
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION, Calibration
from aisle_desktop.sizing.planning import GpuOption, Headline, SizedScenarios, compare_gpu

log = logging.getLogger(__name__)

# How long closing waits for the terminated child to be gone.
STOP_TIMEOUT_S = 5.0
# The child's nice value above the window's: the lowest priority for ordinary work is 19; at
# 10 a child weighs about a tenth of a window thread when both want a core.
CHILD_NICENESS = 10


@dataclass(frozen=True)
class _Ready:
    """The child has imported the sizing code and waits for requests."""


@dataclass(frozen=True)
class _UseMemory:
    """Size every later comparison against this catalog and calibration, on this day."""

    catalog: Catalog
    calibration: Calibration
    today: date | None


@dataclass(frozen=True)
class GpusToCompare:
    """Compare the scenario on these GPUs, in this order: the child answers a `GpuOption` (or
    the exception raised, which ends the comparison) for each in turn, then `_Ended`. `shown`
    is the scenario's headline as the sizing thread sized it (its own GPU's row when its count
    is automatic): some 200 bytes, where its split search would cost the child a GPU's time
    (its result does not pickle)."""

    scenario: Scenario
    gpu_ids: tuple[str, ...]
    shown: Headline | None = None


@dataclass(frozen=True)
class _Stop:
    """End the comparison running, if any, before its next GPU."""


@dataclass(frozen=True)
class _Ended:
    """The comparison asked for has ended: every GPU answered, or stopped, or failed."""


def run_child(requests: Connection, replies: Connection) -> None:
    """The child process: warm up, then answer each comparison until the requests pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal is the window's to take
    warm_up()
    serve(requests, replies)


def serve(requests: Connection, replies: Connection) -> None:
    """The child's loop: say it is ready, then answer each comparison until the requests pipe
    closes."""
    replies.send(_Ready())
    sized: SizedScenarios | None = None
    while True:
        try:
            request = requests.recv()
            if isinstance(request, _UseMemory):
                if sized is not None:
                    forget_cached_work()  # as the sizing thread does: no old catalog kept alive
                sized = SizedScenarios(request.catalog, request.calibration, request.today)
            elif isinstance(request, GpusToCompare):
                assert sized is not None  # sent before any comparison
                if request.shown is not None:
                    sized.remember_headline(request.scenario, request.shown)
                _compare(sized, request, requests, replies)
        except (EOFError, OSError):
            return  # the window's process ended or closed the pipes


def warm_up() -> None:
    """Compare the default plan on every GPU of the shipped catalog once, and forget it all.

    A fresh interpreter's first comparison pays for its first calls (functions imported or
    built when first used, the interpreter's specialising of each function's code, numpy's
    first calls): some 15-20 ms of CPU, paid here while the window is used instead of by the
    planner's first comparison. Nothing is kept that an answer could come from: the catalog,
    the memory of sized scenarios and every sizing module's cache are dropped (the window's
    own catalog comes with its first comparison); a failure only costs the warm-up."""
    try:
        catalog = load_catalog()
        sized = SizedScenarios(catalog, CURRENT_CALIBRATION)
        scenario = preset_scenario(DEFAULT_PRESET)
        for gpu_id in catalog.gpus:
            compare_gpu(catalog, scenario, CURRENT_CALIBRATION, gpu_id, sized)
    except Exception:
        log.exception(
            "the GPU comparison process could not warm up (its first comparison will be slower)"
        )
    forget_cached_work()


def _compare(
    sized: SizedScenarios, request: GpusToCompare, requests: Connection, replies: Connection
) -> None:
    """Answer each GPU until done, an error, or any request waiting (a stop comes first)."""
    for gpu_id in request.gpu_ids:
        if requests.poll():
            break
        answer = _answer(sized, request.scenario, gpu_id)
        replies.send(answer)
        if isinstance(answer, BaseException):
            break
    replies.send(_Ended())


def _answer(sized: SizedScenarios, scenario: Scenario, gpu_id: str) -> GpuOption | BaseException:
    """One GPU's option, or the unexpected error with its traceback in a note (an error the
    planner can fix is already an option's note)."""
    try:
        return compare_gpu(sized.catalog, scenario, sized.calibration, gpu_id, sized)
    except Exception as err:
        note = f"in the GPU comparison process:\n{traceback.format_exc()}"
        try:
            pickle.loads(pickle.dumps(err))  # an error whose __init__ takes other arguments
        except Exception:  # does not come back from a pipe: say what it was instead
            err = RuntimeError(f"{type(err).__name__}: {err}")
        err.add_note(note)
        return err


def start_with_low_priority(process: BaseProcess) -> None:
    """Start `process` from a thread of its own whose priority is lowered first: the child
    inherits it (Linux keeps a nice value per thread, so no other thread here is lowered). Its
    import, a second of CPU started after the window's first result, then gives way to the
    window's threads on a busy core, and so do its comparisons, while the window waits."""
    failed: list[BaseException] = []

    def start() -> None:
        try:
            os.nice(CHILD_NICENESS)
            process.start()
        except BaseException as err:  # raised again on the sizing thread
            failed.append(err)

    starter = threading.Thread(target=start, name="aisle-comparison-start")
    starter.start()
    starter.join()
    if failed:
        raise failed[0]


class ComparisonProcess:
    """The sizing thread's handle on the child that compares GPUs (used by that thread only)."""

    def __init__(self) -> None:
        self._process: BaseProcess | None = None
        self._requests: Connection | None = None
        self._replies: Connection | None = None
        self._ready = False
        self._given_up = False
        self._memory_sent: SizedScenarios | None = None
        self._comparing = False  # a comparison was sent whose `_Ended` is not read yet
        self._stopped = False  # and it was told to stop

    def start(self) -> None:
        """Start the child in the background; it imports while the window is used."""
        if self._process is not None or self._given_up:
            return
        context = multiprocessing.get_context("spawn")
        try:
            requests_out, requests_in = context.Pipe(duplex=False)  # (reading end, writing end)
            replies_out, replies_in = context.Pipe(duplex=False)
            process = context.Process(
                target=run_child,
                args=(requests_out, replies_in),
                name="aisle-gpu-comparison",
                daemon=True,  # terminated when the window's process exits
            )
            start_with_low_priority(process)
        except Exception as err:
            self._give_up(f"could not start ({type(err).__name__}: {err})")
            return
        requests_out.close()  # the child's ends: a dead child is then an end of file here
        replies_in.close()
        self._process, self._requests, self._replies = process, requests_in, replies_out

    def begin(self, sized: SizedScenarios, asked: GpusToCompare) -> bool:
        """Have the child compare the GPUs asked, for `sized`'s catalog, calibration and day;
        False when it is not ready or not usable (compare them here)."""
        if not self.is_ready():
            return False
        assert self._requests is not None
        try:
            self._finish()
            if sized is not self._memory_sent:
                self._requests.send(_UseMemory(sized.catalog, sized.calibration, sized.today))
                self._memory_sent = sized
            self._requests.send(asked)
        except Exception as err:
            self._give_up(f"stopped answering ({type(err).__name__}: {err})")
            return False
        self._comparing, self._stopped = True, False
        return True

    def next_option(self) -> GpuOption | None:
        """The next GPU's option of the comparison begun, waiting for it holding no lock;
        None if the child is lost (compare this GPU and the rest here).

        Raises the exception `compare_gpu` raised in the child, as it would have here.
        """
        if self._replies is None:
            return None
        try:
            answer = self._replies.recv()
        except Exception as err:
            self._give_up(f"stopped answering ({type(err).__name__}: {err})")
            return None
        if isinstance(answer, BaseException):
            raise answer
        if not isinstance(answer, GpuOption):
            self._give_up(f"answered {answer!r} where a GPU's option was due")
            return None
        return answer

    def fileno(self) -> int:
        """Its answers' pipe, for `multiprocessing.connection.wait` on several children."""
        assert self._replies is not None
        return self._replies.fileno()

    def stop(self) -> None:
        """End the comparison begun (done, replaced or cancelled): the child stops before its
        next GPU, and what it sent meanwhile is read before the next comparison."""
        if not self._comparing or self._stopped or self._requests is None:
            return
        try:
            self._requests.send(_Stop())
        except Exception as err:
            self._give_up(f"stopped answering ({type(err).__name__}: {err})")
            return
        self._stopped = True

    def wait_until_ready(self, timeout_s: float) -> bool:
        """Wait at most `timeout_s` for the child to be ready; whether it is. The window never
        waits (the sizing thread compares GPUs itself meanwhile); the self-test and tests do."""
        if not self._ready and self._replies is not None:
            self._replies.poll(timeout_s)
        return self.is_ready()

    def close(self) -> None:
        """End the child (the window closes) and wait until it is gone."""
        process, self._process = self._process, None
        for end in (self._requests, self._replies):
            if end is not None:
                end.close()
        self._requests = self._replies = None
        self._memory_sent = None
        self._comparing = False
        if process is not None:
            process.terminate()  # it holds nothing to save; it may be importing still
            process.join(STOP_TIMEOUT_S)

    def pid(self) -> int | None:
        """The child's process id while it runs (tests check it is gone after the window)."""
        return None if self._process is None else self._process.pid

    def _finish(self) -> None:
        """Stop the last comparison and read what is left of it, up to its end."""
        if not self._comparing:
            return
        self.stop()
        if self._replies is None:
            raise EOFError("the process is gone")
        while not isinstance(self._replies.recv(), _Ended):
            pass
        self._comparing = False

    def is_ready(self) -> bool:
        """Whether the child has said it is ready (looked at without waiting)."""
        if self._ready or self._replies is None:
            return self._ready
        try:
            if not self._replies.poll():
                return False
            ready = self._replies.recv()
        except Exception as err:
            self._give_up(f"ended before it was ready ({type(err).__name__}: {err})")
            return False
        self._ready = isinstance(ready, _Ready)
        if not self._ready:
            self._give_up(f"said {ready!r} instead of being ready")
        return self._ready

    def _give_up(self, why: str) -> None:
        if self._given_up:
            return
        log.warning("the GPU comparison process %s: comparing GPUs on the sizing thread", why)
        self._given_up = True
        self._ready = False
        self.close()
