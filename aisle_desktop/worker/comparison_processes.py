"""The GPU comparison shared by two child processes, working from either end of the catalog.

Why two: the comparison is some 150-180 ms of Python on one core, and while it runs the
window's process only waits on pipes, so a second child on the second core of a two-core
machine halves it. The first child compares the GPUs in catalog order, the second from the
last one back; once every GPU has an answer both are told to stop (each may finish the GPU it
is on, a few ms, answered twice to the same option). So neither waits for the other however
the GPUs' costs fall (they vary fourfold) or whichever core other work slows, and a GPU is
compared twice only where they meet. The sizing thread still takes the answers one GPU per
step in catalog order, so it sees a newer request or a cancel between GPUs, and each answer
is the one a single child would have sent; an error a child raised is raised at its GPU's turn.

A child that is not ready yet, or no longer usable, is left out of the next comparison
(`ComparisonProcess` says why in the log); with none ready the sizing thread compares the GPUs
itself. A child lost during a comparison leaves the GPU due to the sizing thread, which then
begins the rest again with the children left (or compares them itself).
"""

from __future__ import annotations

import dataclasses
from collections import deque
from multiprocessing.connection import wait

from aisle_desktop.sizing.planning import GpuOption, SizedScenarios
from aisle_desktop.worker.comparison_process import ComparisonProcess, GpusToCompare

# One child for each end of the catalog, one per core of a two-core machine (the design's
# smallest); each holds some 45 MB of its own memory and takes a second of CPU to start.
PROCESSES = 2


class ComparisonProcesses:
    """The sizing thread's handle on the children that compare GPUs (used by that thread
    only), with `ComparisonProcess`'s own steps: `begin`, then `next_option` per GPU."""

    def __init__(self) -> None:
        self._children = [ComparisonProcess() for _ in range(PROCESSES)]
        self._gpu_ids: list[str] = []  # the comparison begun's GPUs, in the order asked
        self._answers: dict[str, GpuOption | Exception] = {}
        self._taken = 0  # how many of them `next_option` has given
        self._due: dict[ComparisonProcess, deque[str]] = {}  # each child's GPUs still to come

    def start(self) -> None:
        """Start every child in the background; each imports while the window is used."""
        for child in self._children:
            child.start()

    def begin(self, sized: SizedScenarios, asked: GpusToCompare) -> bool:
        """Have the children ready compare the GPUs asked from either end
        (`ComparisonProcess.begin`); False when none is ready (compare them here)."""
        self.stop()
        backwards = dataclasses.replace(asked, gpu_ids=asked.gpu_ids[::-1])
        while ready := [child for child in self._children if child.is_ready()]:
            given = list(zip(ready, (asked, backwards)[: len(ready)], strict=True))
            if all(child.begin(sized, end) for child, end in given):
                self._due = {child: deque(end.gpu_ids) for child, end in given}
                self._gpu_ids, self._answers, self._taken = list(asked.gpu_ids), {}, 0
                return True
            for child in ready:  # one stopped answering (given up): begin with the others
                child.stop()
        return False

    def next_option(self) -> GpuOption | None:
        """The next GPU's option in the order the GPUs were given, from whichever child
        answered it first; None if a child is lost before it (compare this GPU and the rest
        here).

        Raises the exception `compare_gpu` raised in a child, as it would have here.
        """
        gpu_id = self._gpu_ids[self._taken]
        while gpu_id not in self._answers:
            if not self._due or not self._take_answers():
                self.stop()
                return None
        self._taken += 1
        if len(self._answers) == len(self._gpu_ids):  # the children may stop now
            self.stop()
        answer = self._answers[gpu_id]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def _take_answers(self) -> bool:
        """Wait for the children's next answers, holding no lock, and keep them; False if a
        child is lost."""
        by_pipe = {child.fileno(): child for child in self._due}
        for pipe in wait(list(by_pipe)):
            assert isinstance(pipe, int)
            child = by_pipe[pipe]
            due = self._due[child]
            gpu_id = due.popleft()
            try:
                option = child.next_option()
            except Exception as err:  # its comparison ended there: raised at that GPU's turn
                self._answers.setdefault(gpu_id, err)
                del self._due[child]
                continue
            if option is None:
                return False
            self._answers.setdefault(gpu_id, option)
            if not due:
                del self._due[child]
        return True

    def stop(self) -> None:
        """End the comparison begun in every child still comparing it."""
        for child in self._due:
            child.stop()
        self._due = {}

    def wait_until_ready(self, timeout_s: float) -> bool:
        """Wait at most `timeout_s` for every child to be ready; whether all are (the window
        never waits; the self-test and tests do)."""
        return all([child.wait_until_ready(timeout_s) for child in self._children])

    def close(self) -> None:
        """End every child (the window closes) and wait until they are gone."""
        self._due = {}
        for child in self._children:
            child.close()

    def pids(self) -> list[int]:
        """The running children's process ids (tests check they are gone after the window)."""
        return [pid for child in self._children if (pid := child.pid()) is not None]
