"""The GPU comparison in its child process: the same answers, and a child that dies or
misbehaves never costs the planner a comparison or leaves a process behind."""

from __future__ import annotations

import logging
import os
import pickle
import queue
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import SizedScenarios, compare_gpu
from aisle_desktop.worker import (
    ComparisonDone,
    JobDone,
    LatestRevision,
    Report,
    SizeRequest,
    SizingOutcome,
    SizingThread,
)
from aisle_desktop.worker.comparison_process import ComparisonProcess
from tests.process_end import ended_within

TIMEOUT_S = 60.0
GAVE_UP = "GPU comparison process"


@pytest.fixture
def process() -> Iterator[ComparisonProcess]:
    """A child that has imported the sizing code, closed (and checked gone) after the test."""
    child = ComparisonProcess()
    child.start()
    assert child.wait_until_ready(TIMEOUT_S)
    pid = child.pid()
    assert pid is not None
    yield child
    child.close()
    assert ended_within(pid, TIMEOUT_S)


def options_here(catalog: Catalog, preset_id: str) -> bytes:
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION, date.today())
    scenario = preset_scenario(preset_id)
    return pickle.dumps(
        [compare_gpu(catalog, scenario, CURRENT_CALIBRATION, g, sized) for g in catalog.gpus]
    )


def test_every_gpu_option_is_the_one_worked_out_here(
    process: ComparisonProcess, catalog: Catalog
) -> None:
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION, date.today())
    scenario = preset_scenario("llama-70b-rag")
    assert process.begin(sized, scenario, list(catalog.gpus))
    there = [process.next_option() for _ in catalog.gpus]
    assert len(there) == len(catalog.gpus) == 29
    assert pickle.dumps(there) == options_here(catalog, "llama-70b-rag")  # to the bit


def test_an_error_in_the_child_is_raised_here_and_the_child_answers_on(
    process: ComparisonProcess, catalog: Catalog
) -> None:
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION, date.today())
    scenario = preset_scenario("llama-8b-chat")
    gpu_id = scenario.hardware.gpu_id
    assert process.begin(sized, scenario, ["no-such-gpu", gpu_id])
    with pytest.raises(RuntimeError, match=r"UnknownIdError: .*no-such-gpu") as raised:
        process.next_option()
    assert "in the GPU comparison process" in "".join(raised.value.__notes__)
    assert process.begin(sized, scenario, [gpu_id])  # the failed comparison ended there
    assert process.next_option() == compare_gpu(catalog, scenario, CURRENT_CALIBRATION, gpu_id)


def test_a_stopped_comparison_is_left_behind_and_the_next_one_answered(
    process: ComparisonProcess, catalog: Catalog
) -> None:
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION, date.today())
    first, second = preset_scenario("llama-8b-chat"), preset_scenario("llama-70b-rag")
    assert process.begin(sized, first, list(catalog.gpus))
    assert process.next_option() is not None
    process.stop()  # a newer edit: the child stops before its next GPU
    assert process.begin(sized, second, list(catalog.gpus))
    there = [process.next_option() for _ in catalog.gpus]
    assert pickle.dumps(there) == options_here(catalog, "llama-70b-rag")


def until_done(reports: queue.Queue[Report]) -> list[Report]:
    seen: list[Report] = []
    while not seen or not isinstance(seen[-1], JobDone):
        seen.append(reports.get(timeout=TIMEOUT_S))
    return seen


def test_a_comparison_outlives_its_process_killed_and_says_so_once(
    process: ComparisonProcess,
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The child is killed as soon as it has the comparison's GPUs (it may have answered
    one): the sizing thread compares the rest itself, to the same options, ends the request
    once, and logs the loss once."""
    pid = process.pid()
    assert pid is not None
    answered = []
    begin, next_option = process.begin, process.next_option

    def begin_then_die(*args: object) -> bool:
        began = begin(*args)  # type: ignore[arg-type]
        if began:
            os.kill(pid, signal.SIGKILL)
            assert ended_within(pid, TIMEOUT_S)
        return began

    def counted() -> object:
        option = next_option()
        answered.append(option)
        return option

    monkeypatch.setattr(process, "begin", begin_then_die)
    monkeypatch.setattr(process, "next_option", counted)
    reports: queue.Queue[Report] = queue.Queue()
    latest = LatestRevision()
    thread = SizingThread(
        catalog, CURRENT_CALIBRATION, latest, LatestRevision(), reports, comparisons=process
    )
    thread.start()
    with caplog.at_level(logging.WARNING):
        for revision, preset_id in enumerate(("llama-70b-rag", "llama-8b-chat"), start=1):
            latest.set(revision)
            thread.post(SizeRequest(revision, preset_scenario(preset_id), compare=True))
            seen = until_done(reports)
            assert isinstance(seen[0], SizingOutcome)
            done = seen[-2]
            assert isinstance(done, ComparisonDone)
            assert pickle.dumps(list(done.options)) == options_here(catalog, preset_id)
    assert thread.stop(TIMEOUT_S)
    assert reports.empty()  # one JobDone a request, nothing after
    # what it sent before it died is read, then the loss; it is not asked again
    assert len(answered) <= 2 and answered[-1] is None
    gave_up = [r for r in caplog.records if GAVE_UP in r.getMessage()]
    assert len(gave_up) == 1 and "stopped answering" in gave_up[0].getMessage()


def test_the_child_ends_when_the_windows_process_is_killed(tmp_path: object) -> None:
    """A crash of the window's process closes the pipe: the child sees it and ends."""
    starter = (
        "from aisle_desktop.worker.comparison_process import ComparisonProcess\n"
        "child = ComparisonProcess()\n"
        "child.start()\n"
        "assert child.wait_until_ready(60)\n"
        "print(child.pid(), flush=True)\n"
        "input()\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", starter], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        pid = int(parent.stdout.readline())
        assert not ended_within(pid, 0.0)
        parent.kill()
        parent.wait(TIMEOUT_S)
        assert ended_within(pid, TIMEOUT_S)
    finally:
        parent.kill()
        parent.wait(TIMEOUT_S)
