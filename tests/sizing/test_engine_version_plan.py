"""The engine release a plan names: sized with that release's defaults, named in the result,
saved only when the planner set it."""

from __future__ import annotations

from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import (
    Hardware,
    LatencyTargets,
    LoadSpec,
    Plan,
    Scenario,
    Workload,
    check_plan,
)
from aisle_desktop.plan.codec import plan_from_text, plan_to_data, plan_to_text
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario
from aisle_desktop.sizing.planning.replica import scenario_deployment


def _on(version: str | None, engine_id: str = "vllm") -> Scenario:
    return Scenario(workload=Workload(engine_id=engine_id, engine_version=version))


def test_the_newest_release_sizes_a_plan_that_names_none(catalog: Catalog) -> None:
    newest = size_scenario(catalog, _on(None), CURRENT_CALIBRATION)
    named = size_scenario(catalog, _on("0.32.0"), CURRENT_CALIBRATION)
    assert newest.engine_release == "vLLM 0.32 (2026-10)"
    assert newest.figures == named.figures


def test_an_older_release_runs_with_its_own_scheduler_defaults(catalog: Catalog) -> None:
    dep = scenario_deployment(catalog, _on("0.6.3"), CURRENT_CALIBRATION.performance, 4, 1)
    assert (dep.engine.max_num_seqs, dep.engine.max_num_batched_tokens) == (256, 512)

    def crowded(version: str | None) -> Scenario:
        workload = Workload(
            model_id="llama-3.1-8b",
            engine_version=version,
            load=LoadSpec(kind="in_flight", requests_in_flight=2000),
            targets=LatencyTargets(ttft_ms=60_000, tpot_ms=500),
        )
        hardware = Hardware(gpu_id="h200-sxm", tp=1, pp=1, gpu_count=1)
        return Scenario(workload=workload, hardware=hardware)

    old = size_scenario(catalog, crowded("0.6.3"), CURRENT_CALIBRATION)
    new = size_scenario(catalog, crowded(None), CURRENT_CALIBRATION)
    assert old.engine_release == "vLLM 0.6 (2024-09)"
    # KV room for 1,216 sequences either way; V0 runs at most 256 of them, V1 1,024.
    assert old.value("max_sequences_per_replica") == new.value("max_sequences_per_replica")
    assert old.value("max_in_flight_within_targets") <= 256
    assert new.value("max_in_flight_within_targets") == 1024


def test_the_release_is_saved_only_when_set(tmp_path: Path) -> None:
    unset = plan_to_data(Plan(scenarios=[_on(None)]))
    assert "engine_version" not in unset["scenarios"][0]["workload"]
    text = plan_to_text(Plan(scenarios=[_on("0.10.1")]))
    plan, _ = plan_from_text(text, tmp_path / "p.json")
    assert plan.scenarios[0].workload.engine_version == "0.10.1"


def test_an_engine_without_releases_refuses_a_named_one(catalog: Catalog) -> None:
    scenario = _on("b6000", engine_id="llama.cpp")
    problems = check_plan(catalog, Plan(scenarios=[scenario]))
    assert [p.message for p in problems] == [
        'engine release "b6000": llama.cpp (llama-server) lists no releases in the catalog; '
        "choose Newest"
    ]
    with pytest.raises(SizingError, match='engine release "b6000"'):
        size_scenario(catalog, scenario, CURRENT_CALIBRATION)
