"""Scenarios sized once: results, curves and tails reused; errors remembered; each GPU once."""

from __future__ import annotations

from types import TracebackType

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import (
    SizedScenarios,
    compare_gpus,
    plan_curves,
    plan_tail_latency,
    size_scenario,
)
from tests.split_searches import SplitSearches


def test_a_scenario_is_searched_once_and_equals_a_fresh_sizing(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = preset_scenario("llama-8b-chat")
    fresh = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    searches = SplitSearches(monkeypatch)
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION)
    result = sized.result(scenario)
    assert sized.result(scenario.model_copy(deep=True)) is result  # equal scenarios share it
    assert sized(scenario) is result
    assert result.figures == fresh.figures
    curves, tail = sized.curves(scenario), sized.tail(scenario)
    assert sized.curves(scenario) is curves and sized.tail(scenario) is tail
    expected = plan_curves(fresh)
    assert curves is not None and expected is not None
    np.testing.assert_array_equal(curves.concurrency.in_flight, expected.concurrency.in_flight)
    assert curves.planned_in_flight == expected.planned_in_flight
    assert tail == plan_tail_latency(fresh)
    assert searches.searched == [f"{scenario.name} on l40s"]


def test_an_error_the_planner_can_fix_is_remembered_and_raised_to_each_asker(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    hardware = preset_scenario("llama-70b-rag").hardware.model_copy(update={"tp": 3})
    broken = preset_scenario("llama-70b-rag").model_copy(update={"hardware": hardware})
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION)
    with pytest.raises(SizingError) as first:
        sized.result(broken)
    searches = SplitSearches(monkeypatch)
    with pytest.raises(SizingError) as again:
        sized.result(broken)
    assert str(again.value) == str(first.value) and searches.searched == []


def test_a_remembered_error_keeps_no_frame_of_the_sizing(catalog: Catalog) -> None:
    """An unknown model's error is raised during the catalog's KeyError (hidden by `from
    None`), whose traceback would keep the look-up's frames, and with them the catalog's
    table, as long as the memory holds the error. Each asker gets the error with no
    traceback below the memory, its KeyError with none at all."""
    workload = preset_scenario("llama-8b-chat").workload.model_copy(
        update={"model_id": "no-such-model"}
    )
    unknown = preset_scenario("llama-8b-chat").model_copy(update={"workload": workload})
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION)
    for _ in range(2):  # the first asker, then one the memory answers
        with pytest.raises(CatalogError) as asked:
            sized.result(unknown)
        hidden = asked.value.__context__
        assert isinstance(hidden, KeyError) and hidden.__traceback__ is None
        assert asked.value.__cause__ is None
        assert _frames(asked.value.__traceback__) == [
            "test_a_remembered_error_keeps_no_frame_of_the_sizing",
            "result",
            "_searched",
        ]


def _frames(traceback: TracebackType | None) -> list[str]:
    """The functions a traceback passes through, outermost first."""
    names = []
    while traceback is not None:
        names.append(traceback.tb_frame.f_code.co_name)
        traceback = traceback.tb_next
    return names


def test_the_gpu_comparison_sizes_each_gpu_once(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = preset_scenario("llama-70b-rag")
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION)
    searches = SplitSearches(monkeypatch)
    options = compare_gpus(catalog, scenario, CURRENT_CALIBRATION, sized)
    assert len(searches.searched) <= len(catalog.gpus)  # a GPU that cannot run is not searched
    assert sorted(set(searches.searched)) == sorted(searches.searched)
    searched = len(searches.searched)
    shown_again = compare_gpus(catalog, scenario, CURRENT_CALIBRATION, sized)
    assert shown_again == options and len(searches.searched) == searched
    assert options == compare_gpus(catalog, scenario, CURRENT_CALIBRATION)


def test_a_headline_given_is_read_unsearched_and_a_result_asked_later_is_searched(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The GPU comparison process is given the plan the sizing thread just sized."""
    scenario = preset_scenario("llama-8b-chat")
    shown = SizedScenarios(catalog, CURRENT_CALIBRATION).headline(scenario)
    searches = SplitSearches(monkeypatch)
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION)
    sized.remember_headline(scenario, shown)
    assert sized.headline(scenario) is shown and searches.searched == []
    assert sized.result(scenario).gpus == shown.gpus
    assert searches.searched == [f"{scenario.name} on l40s"]
