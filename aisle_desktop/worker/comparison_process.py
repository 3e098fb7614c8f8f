"""The GPU comparison in a child process, so that its Python runs off the window's interpreter.

Why: comparing 29 GPUs is about 130 ms of Python. On the sizing thread it held the interpreter
lock the GUI thread needs for every Qt call (PySide gives the lock up around each call and then
waits up to the 5 ms switch interval to take it back from a thread running Python), so the
window stalled 170 ms while the GPUs were compared. Here a child process (multiprocessing's
"spawn": a fresh interpreter with no Qt, never a fork of a threaded process) compares one GPU
per request, and the sizing thread waits on a pipe, which holds no lock.

The child keeps its own memory of sized scenarios for the catalog, calibration and day the
sizing thread last sent, and answers with `compare_gpu` on those same values unpickled, so
each answer is the one the sizing thread would have worked out (the test compares them).
Two one-way pipes (`os.pipe`), no socket. The child ends when its requests pipe closes,
however the window's process ended (a crash included), or when it is terminated on close.

Until the child has imported the sizing code (about half a second, started in the background)
and whenever it cannot be used (it could not start, it died, a value would not go through
the pipe), `compare` answers None and the sizing thread compares that GPU itself, as before;
an unusable child is said once in the log and not used again.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import signal
import traceback
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing import forget_cached_work
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.planning import GpuOption, SizedScenarios, compare_gpu

log = logging.getLogger(__name__)

# How long closing waits for the terminated child to be gone.
STOP_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class _Ready:
    """The child has imported the sizing code and waits for requests."""


@dataclass(frozen=True)
class _UseMemory:
    """Size every later request against this catalog and calibration, on this day."""

    catalog: Catalog
    calibration: Calibration
    today: date | None


@dataclass(frozen=True)
class _UseScenario:
    """Compare this scenario from now on."""

    scenario: Scenario


@dataclass(frozen=True)
class _Compare:
    """Compare the scenario on this GPU; the answer is a `GpuOption` or the exception raised."""

    gpu_id: str


def serve(requests: Connection, replies: Connection) -> None:
    """The child's loop: answer each comparison request until the requests pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal is the window's to take
    replies.send(_Ready())
    sized: SizedScenarios | None = None
    scenario: Scenario | None = None
    while True:
        try:
            request = requests.recv()
        except (EOFError, OSError):
            return  # the window's process ended or closed the pipe
        if isinstance(request, _UseMemory):
            if sized is not None and sized.catalog is not request.catalog:
                forget_cached_work()  # as the sizing thread does: no old catalog kept alive
            sized = SizedScenarios(request.catalog, request.calibration, request.today)
        elif isinstance(request, _UseScenario):
            scenario = request.scenario
        else:
            assert sized is not None and scenario is not None  # sent before any comparison
            try:
                replies.send(_answer(sized, scenario, request.gpu_id))
            except (BrokenPipeError, OSError):
                return


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


class ComparisonProcess:
    """The sizing thread's handle on the child that compares GPUs (used by that thread only)."""

    def __init__(self) -> None:
        self._process: BaseProcess | None = None
        self._requests: Connection | None = None
        self._replies: Connection | None = None
        self._ready = False
        self._given_up = False
        self._memory_sent: SizedScenarios | None = None
        self._scenario_sent: Scenario | None = None

    def start(self) -> None:
        """Start the child in the background; it imports while the window is used."""
        if self._process is not None or self._given_up:
            return
        context = multiprocessing.get_context("spawn")
        try:
            requests_out, requests_in = context.Pipe(duplex=False)  # (reading end, writing end)
            replies_out, replies_in = context.Pipe(duplex=False)
            process = context.Process(
                target=serve,
                args=(requests_out, replies_in),
                name="aisle-gpu-comparison",
                daemon=True,  # terminated when the window's process exits
            )
            process.start()
        except Exception as err:
            self._give_up(f"could not start ({type(err).__name__}: {err})")
            return
        requests_out.close()  # the child's ends: a dead child is then an end of file here
        replies_in.close()
        self._process, self._requests, self._replies = process, requests_in, replies_out

    def compare(self, sized: SizedScenarios, scenario: Scenario, gpu_id: str) -> GpuOption | None:
        """The child's option for this GPU; None when the child is not ready or not usable.

        Raises the exception `compare_gpu` raised in the child, as it would have here.
        """
        if not self._is_ready():
            return None
        assert self._requests is not None and self._replies is not None
        try:
            if sized is not self._memory_sent:
                self._requests.send(_UseMemory(sized.catalog, sized.calibration, sized.today))
                self._memory_sent = sized
            if scenario is not self._scenario_sent:
                self._requests.send(_UseScenario(scenario))
                self._scenario_sent = scenario
            self._requests.send(_Compare(gpu_id))
            answer = self._replies.recv()  # waits holding no lock
        except Exception as err:
            self._give_up(f"stopped answering ({type(err).__name__}: {err})")
            return None
        if isinstance(answer, BaseException):
            raise answer
        assert isinstance(answer, GpuOption)
        return answer

    def wait_until_ready(self, timeout_s: float) -> bool:
        """Wait at most `timeout_s` for the child to be ready; whether it is. The window never
        waits (the sizing thread compares a GPU itself meanwhile); the self-test and tests do."""
        if not self._ready and self._replies is not None:
            self._replies.poll(timeout_s)
        return self._is_ready()

    def close(self) -> None:
        """End the child (the window closes) and wait until it is gone."""
        process, self._process = self._process, None
        for end in (self._requests, self._replies):
            if end is not None:
                end.close()
        self._requests = self._replies = None
        self._memory_sent = self._scenario_sent = None
        if process is not None:
            process.terminate()  # it holds nothing to save; it may be importing still
            process.join(STOP_TIMEOUT_S)

    def pid(self) -> int | None:
        """The child's process id while it runs (tests check it is gone after the window)."""
        return None if self._process is None else self._process.pid

    def _is_ready(self) -> bool:
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
        log.warning("the GPU comparison process %s: comparing GPUs on the sizing thread", why)
        self._given_up = True
        self._ready = False
        self.close()
