"""What predicting a file leaves behind: the garbage collector as it was, and refused lines'
errors that free themselves (no traceback, no reference cycle through the chunk's answers)."""

from __future__ import annotations

import gc
import json
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from aisle_desktop.catalog import load_catalog
from aisle_desktop.cli.predict_cmd import (
    YOUNG_OBJECTS_PER_COLLECTION,
    collector_for_a_file,
    predict_lines,
)
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, ResolvedReplicas, predict_benchmarks

DEV_SET = Path(__file__).resolve().parents[2] / "validation" / "published_dev.jsonl"


class _Cycle:
    """An object that refers to itself: only the collector frees it."""

    def __init__(self) -> None:
        self.me = self


class _BodyFailedError(Exception):
    """What the body of the file raised."""


@pytest.fixture
def collector_as_python_starts() -> Iterator[None]:
    """The collector enabled with its usual thresholds, nothing frozen; put back after."""
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    gc.enable()
    yield
    gc.set_threshold(*thresholds)
    if not enabled:
        gc.disable()


@pytest.mark.usefixtures("collector_as_python_starts")
def test_the_collector_is_as_it_was_after_a_file_that_raised() -> None:
    cycle = weakref.ref(_Cycle())  # garbage already there when the file starts
    with pytest.raises(_BodyFailedError), collector_for_a_file():
        assert gc.get_threshold() == (YOUNG_OBJECTS_PER_COLLECTION, 10, 10)
        assert gc.get_freeze_count() > 0  # what existed is left alone while the file runs
        gc.collect()
        assert cycle() is not None
        raise _BodyFailedError
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert cycle() is None  # what was frozen went back to the collector


@pytest.mark.usefixtures("collector_as_python_starts")
def test_the_collector_is_as_it_was_after_a_file() -> None:
    with collector_for_a_file():
        pass
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collector_as_python_starts")
def test_a_chunk_of_the_2025_26_set_is_never_walked_by_the_collector() -> None:
    """Its 1,862 lines keep about 28,500 young objects alive at the most (parsed lines,
    scenarios, replicas, answers), all of them until the chunk is answered: a collection
    among them would walk live objects only (2 ms a pass at 20,000)."""
    catalog = load_catalog()
    lines = DEV_SET.with_name("modern_engines_dev.jsonl").read_text().splitlines()
    numbered = enumerate(lines, 1)
    resolved = ResolvedReplicas(catalog, CURRENT_CALIBRATION)
    collections: list[int] = []

    def counted(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    with collector_for_a_file():
        gc.callbacks.append(counted)
        try:
            answers = list(predict_lines(catalog, CURRENT_CALIBRATION, numbered, resolved))
        finally:
            gc.callbacks.remove(counted)
    assert len(answers) == 1_862
    assert collections == []


def test_a_refused_lines_error_keeps_no_frames_and_frees_itself() -> None:
    catalog = load_catalog()
    fields = json.loads(DEV_SET.read_text().splitlines()[0])
    unknown = BenchmarkScenario.model_validate(fields | {"model": "no-such-model"})
    answers = predict_benchmarks(catalog, [unknown], CURRENT_CALIBRATION)
    error = answers[0]
    assert isinstance(error, Exception)
    assert str(error).startswith('unknown model id "no-such-model"')
    chain: list[BaseException] = []
    each: BaseException | None = error
    while each is not None:
        chain.append(each)
        each = each.__cause__ or each.__context__
    # The catalog's look-up raised it during a KeyError (hidden by `from None`): that one
    # keeps no frames either.
    assert len(chain) == 2 and isinstance(chain[1], KeyError)
    assert [each.__traceback__ for each in chain] == [None, None]
    freed = weakref.ref(error)
    del each, chain, error
    gc.disable()
    try:
        answers.clear()
        assert freed() is None  # by reference counting: no cycle held it
    finally:
        gc.enable()
