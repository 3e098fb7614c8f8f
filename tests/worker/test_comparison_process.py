"""The GPU comparison in its child process: the same answers, and a child that dies or
misbehaves never costs the planner a comparison or leaves a process behind."""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import GpuOption, SizedScenarios, compare_gpu
from aisle_desktop.worker.comparison_process import (
    ComparisonProcess,
    GpusToCompare,
    _Ended,
    _UseMemory,
    serve,
    warm_up,
)
from aisle_desktop.worker.comparison_processes import ComparisonProcesses
from tests.process_end import ended_within
from tests.split_searches import SplitSearches

TIMEOUT_S = 60.0
GAVE_UP = "GPU comparison process"


@contextmanager
def ready_then_gone(
    children: ComparisonProcess | ComparisonProcesses, pids: Callable[[], list[int]]
) -> Iterator[None]:
    """Children that have imported the sizing code, closed (and checked gone) afterwards."""
    children.start()
    assert children.wait_until_ready(TIMEOUT_S)
    started = pids()
    yield
    children.close()
    assert all(ended_within(pid, TIMEOUT_S) for pid in started)


@pytest.fixture
def process() -> Iterator[ComparisonProcess]:
    child = ComparisonProcess()
    with ready_then_gone(child, lambda: [pid for pid in [child.pid()] if pid is not None]):
        assert child.pid() is not None
        yield child


def options_here(catalog: Catalog, preset_id: str) -> bytes:
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION, date.today())
    scenario = preset_scenario(preset_id)
    return pickle.dumps(
        [compare_gpu(catalog, scenario, CURRENT_CALIBRATION, g, sized) for g in catalog.gpus]
    )


def options_there(
    children: ComparisonProcess | ComparisonProcesses, catalog: Catalog, preset_id: str
) -> list[GpuOption | None]:
    """Every GPU's option of the preset, as the children answer it."""
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION, date.today())
    assert children.begin(sized, GpusToCompare(preset_scenario(preset_id), tuple(catalog.gpus)))
    return [children.next_option() for _ in catalog.gpus]


def test_every_gpu_option_is_the_one_worked_out_here(
    process: ComparisonProcess, catalog: Catalog
) -> None:
    there = options_there(process, catalog, "llama-70b-rag")
    assert len(there) == len(catalog.gpus) == 29
    assert pickle.dumps(there) == options_here(catalog, "llama-70b-rag")  # to the bit


def test_the_plans_own_gpu_is_read_from_the_plan_shown_not_searched_again(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child's loop, run on a thread here so that its split searches are counted: given
    the headline the sizing thread sized, it searches every GPU but the plan's own (H100 SXM),
    whose row is that headline's, to the bit what a comparison worked out here gives."""
    today = date.today()
    here = SizedScenarios(catalog, CURRENT_CALIBRATION, today)
    scenario = preset_scenario("llama-70b-rag")
    here.result(scenario)  # the sizing thread's sizing, shown in the results panel
    shown = here.headline(scenario)
    requests_out, requests_in = multiprocessing.Pipe(duplex=False)
    replies_out, replies_in = multiprocessing.Pipe(duplex=False)
    searches = SplitSearches(monkeypatch)
    child = threading.Thread(target=serve, args=(requests_out, replies_in))
    child.start()
    requests_in.send(_UseMemory(catalog, CURRENT_CALIBRATION, today))
    requests_in.send(GpusToCompare(scenario, tuple(catalog.gpus), shown))
    answers = [replies_out.recv()]  # _Ready
    while not isinstance(answers[-1], _Ended):
        answers.append(replies_out.recv())
    requests_in.close()  # the window closes: the loop ends
    child.join(TIMEOUT_S)
    assert not child.is_alive()
    options = answers[1:-1]
    own = next(o for o in options if isinstance(o, GpuOption) and o.gpu_id == "h100-sxm")
    assert (own.gpus_bought, own.gpus_needed) == (shown.gpus_bought, shown.gpus_needed)
    assert own.cost_per_million_tokens_usd == shown.cost_per_million_tokens_usd
    assert own.tco_per_year_usd == shown.tco_per_year_usd
    assert len(searches.searched) == len(catalog.gpus) - 1 == 28
    assert f"{scenario.name} on h100-sxm" not in searches.searched
    assert pickle.dumps(options) == options_here(catalog, "llama-70b-rag")  # to the bit


def test_the_warm_up_compares_the_default_plan_on_every_gpu_and_keeps_nothing(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The child's first calls are paid before it says it is ready: the default plan is
    searched on every GPU of the shipped catalog, without an error, and no sizing module's
    cache keeps anything of it afterwards (no answer of a later comparison can come from it)."""
    searches = SplitSearches(monkeypatch)
    warm_up()
    assert len(searches.searched) == len(catalog.gpus) == 29
    assert len(set(searches.searched)) == 29
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
    modules = [m for name, m in sys.modules.items() if name.startswith("aisle_desktop.sizing.")]
    caches = [v for m in modules for v in vars(m).values() if hasattr(v, "cache_info")]
    assert caches
    assert all(cache.cache_info().currsize == 0 for cache in caches)


def test_an_error_in_the_child_is_raised_here_and_the_child_answers_on(
    process: ComparisonProcess, catalog: Catalog
) -> None:
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION, date.today())
    scenario = preset_scenario("llama-8b-chat")
    gpu_id = scenario.hardware.gpu_id
    assert process.begin(sized, GpusToCompare(scenario, ("no-such-gpu", gpu_id)))
    with pytest.raises(RuntimeError, match=r"UnknownIdError: .*no-such-gpu") as raised:
        process.next_option()
    assert "in the GPU comparison process" in "".join(raised.value.__notes__)
    assert process.begin(sized, GpusToCompare(scenario, (gpu_id,)))  # the failed one ended
    assert process.next_option() == compare_gpu(catalog, scenario, CURRENT_CALIBRATION, gpu_id)


def test_a_stopped_comparison_is_left_behind_and_the_next_one_answered(
    process: ComparisonProcess, catalog: Catalog
) -> None:
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION, date.today())
    first, second = preset_scenario("llama-8b-chat"), preset_scenario("llama-70b-rag")
    assert process.begin(sized, GpusToCompare(first, tuple(catalog.gpus)))
    assert process.next_option() is not None
    process.stop()  # a newer edit: the child stops before its next GPU
    assert process.begin(sized, GpusToCompare(second, tuple(catalog.gpus)))
    there = [process.next_option() for _ in catalog.gpus]
    assert pickle.dumps(there) == options_here(catalog, "llama-70b-rag")


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
