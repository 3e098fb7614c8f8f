"""The queue autosave writes recovery files through: one job at a time, in the order asked,
the newest job of a file in the place of the one it replaced, a removal cancelling the write
of its file that has not begun its rename."""

from __future__ import annotations

import threading

from aisle_desktop.plan.atomic import WriteCancel, WriteStoppedError
from aisle_desktop.plan.write_queue import Job, WriteQueue

WAIT_S = 20


def _ended(queue: WriteQueue) -> None:
    for thread in threading.enumerate():
        if thread.name == "test-writes":
            thread.join(WAIT_S)
    assert not queue.busy()


def _held_first(queue: WriteQueue, done: list[str]) -> threading.Event:
    """A first write of "held" that waits, under way, until the event returned is set."""
    under_way, drive_back = threading.Event(), threading.Event()

    def held(cancel: WriteCancel) -> None:
        under_way.set()
        drive_back.wait(WAIT_S)
        cancel.replacing()  # as replace_atomically does just before its rename
        done.append("held")

    queue.put("held", held)
    assert under_way.wait(WAIT_S)
    return drive_back


def _job(done: list[str], said: str) -> Job:
    return lambda _cancel: done.append(said)


def test_jobs_run_in_order_with_the_newest_of_a_file_in_its_place() -> None:
    queue, done = WriteQueue("test-writes"), []
    drive_back = _held_first(queue, done)
    queue.put("a", _job(done, "a first"))
    queue.put("b", _job(done, "b"))
    queue.put("a", _job(done, "a newest"))
    assert queue.busy() and done == []
    drive_back.set()
    _ended(queue)
    assert done == ["held", "a newest", "b"]


def test_a_removal_cancels_the_write_of_its_file_under_way_and_runs_after_it() -> None:
    queue, done = WriteQueue("test-writes"), []
    drive_back = _held_first(queue, done)
    queue.put("held", _job(done, "removed"), removes=True)
    drive_back.set()
    _ended(queue)
    assert done == ["removed"]  # the held write stopped before its rename
    assert queue.failures() == []  # a cancelled write did not fail


def test_what_a_job_raised_is_kept_for_the_window_and_the_next_job_runs() -> None:
    queue, done = WriteQueue("test-writes"), []

    def fails(_cancel: WriteCancel) -> None:
        raise OSError("the share went away")

    def stopped(_cancel: WriteCancel) -> None:
        raise WriteStoppedError

    drive_back = _held_first(queue, done)
    queue.put("a", fails)
    queue.put("b", stopped)
    queue.put("c", _job(done, "c"))
    drive_back.set()
    _ended(queue)
    assert done == ["held", "c"]
    assert [str(err) for err in queue.failures()] == ["the share went away"]
    assert queue.failures() == []  # each said once


def test_waiting_until_idle_gives_up_on_a_held_job_and_sees_the_line_done() -> None:
    queue, done = WriteQueue("test-writes"), []
    drive_back = _held_first(queue, done)
    assert not queue.wait_until_idle(0.05)  # the drive holds the job: the window goes on
    drive_back.set()
    assert queue.wait_until_idle(WAIT_S)
    assert done == ["held"]


def test_the_removals_not_done_are_named_and_a_later_write_takes_a_removals_place() -> None:
    """What a window closing on a held write records for the next start: the removals still
    waiting (or under way), never a file whose newest job writes it."""
    queue, done = WriteQueue("test-writes"), []
    drive_back = _held_first(queue, done)
    queue.put("saved", _job(done, "saved removed"), removes=True)
    queue.put("edited again", _job(done, "removed"), removes=True)
    queue.put("edited again", _job(done, "written"))  # the newest of it: a write
    queue.put("held", _job(done, "held removed"), removes=True)
    assert queue.removals_left() == ["saved", "held"]
    drive_back.set()
    _ended(queue)
    assert queue.removals_left() == []
    assert done == ["saved removed", "written", "held removed"]
