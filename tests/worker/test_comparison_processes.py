"""The GPU comparison shared by two child processes from either end of the catalog: the same
answers in the same order, an error raised at its GPU's turn, and a child lost before or
during a comparison leaves its GPUs to the other or to the sizing thread."""

from __future__ import annotations

import logging
import os
import pickle
import queue
import signal
from collections.abc import Iterator
from datetime import date

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import GpuOption, SizedScenarios
from aisle_desktop.worker import (
    ComparisonDone,
    JobDone,
    LatestRevision,
    Report,
    SizeRequest,
    SizingOutcome,
    SizingThread,
)
from aisle_desktop.worker.comparison_process import GpusToCompare
from aisle_desktop.worker.comparison_processes import ComparisonProcesses
from tests.process_end import ended_within
from tests.worker.test_comparison_process import (
    GAVE_UP,
    TIMEOUT_S,
    options_here,
    options_there,
    ready_then_gone,
)


@pytest.fixture
def processes() -> Iterator[ComparisonProcesses]:
    children = ComparisonProcesses()
    with ready_then_gone(children, children.pids):
        assert len(children.pids()) == 2
        yield children


def kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    assert ended_within(pid, TIMEOUT_S)


def test_the_gpus_compared_from_either_end_come_back_in_order_as_worked_out_here(
    processes: ComparisonProcesses, catalog: Catalog
) -> None:
    there = options_there(processes, catalog, "llama-70b-rag")
    assert [o.gpu_id for o in there if o is not None] == list(catalog.gpus)
    assert pickle.dumps(there) == options_here(catalog, "llama-70b-rag")  # to the bit


def test_a_child_dead_before_a_comparison_leaves_every_gpu_to_the_other(
    processes: ComparisonProcesses, catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    kill(processes.pids()[1])
    with caplog.at_level(logging.WARNING):
        there = options_there(processes, catalog, "llama-70b-rag")
    assert pickle.dumps(there) == options_here(catalog, "llama-70b-rag")
    gave_up = [r for r in caplog.records if GAVE_UP in r.getMessage()]
    assert len(gave_up) == 1 and "stopped answering" in gave_up[0].getMessage()


def test_an_error_is_raised_at_its_gpus_turn_and_the_children_answer_on(
    processes: ComparisonProcesses, catalog: Catalog
) -> None:
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION, date.today())
    scenario = preset_scenario("llama-8b-chat")
    gpu_ids = ("l40s", "no-such-gpu", "h100-sxm", "l4", "a10")
    assert processes.begin(sized, GpusToCompare(scenario, gpu_ids))
    first = processes.next_option()
    assert first is not None and first.gpu_id == "l40s"
    with pytest.raises(RuntimeError, match=r"UnknownIdError: .*no-such-gpu"):
        processes.next_option()
    assert processes.begin(sized, GpusToCompare(scenario, ("l4", "a10")))  # the failed one ended
    there = [processes.next_option(), processes.next_option()]
    assert [o.gpu_id for o in there if o is not None] == ["l4", "a10"]


def until_done(reports: queue.Queue[Report]) -> list[Report]:
    seen: list[Report] = []
    while not seen or not isinstance(seen[-1], JobDone):
        seen.append(reports.get(timeout=TIMEOUT_S))
    return seen


def test_a_comparison_outlives_a_process_killed_and_says_so_once(
    processes: ComparisonProcesses,
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The second child is killed as soon as it has its GPUs (it may have answered one): the
    comparison ends with the same options, the request ends once, the loss is logged once."""
    pid = processes.pids()[1]
    answered: list[GpuOption | None] = []
    compared: list[GpuOption] = []
    begin, next_option = processes.begin, processes.next_option

    def begin_then_die(*args: object) -> bool:
        began = begin(*args)  # type: ignore[arg-type]
        if began and not answered:
            kill(pid)
        return began

    def counted() -> GpuOption | None:
        option = next_option()
        answered.append(option)
        return option

    monkeypatch.setattr(processes, "begin", begin_then_die)
    monkeypatch.setattr(processes, "next_option", counted)
    reports: queue.Queue[Report] = queue.Queue()
    latest = LatestRevision()
    thread = SizingThread(
        catalog, CURRENT_CALIBRATION, latest, LatestRevision(), reports, comparisons=processes
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
            compared.extend(done.options)
    assert thread.stop(TIMEOUT_S)
    assert reports.empty()  # one JobDone a request, nothing after
    # what the lost child answered before it died is read, then the loss; the sizing thread
    # compares that GPU and begins the rest with the child left, which then answers the
    # second comparison whole
    lost = answered.index(None)
    assert lost <= 3 and answered[lost + 1 :] == compared[lost + 1 :]
    gave_up = [r for r in caplog.records if GAVE_UP in r.getMessage()]
    assert len(gave_up) == 1 and "stopped answering" in gave_up[0].getMessage()
