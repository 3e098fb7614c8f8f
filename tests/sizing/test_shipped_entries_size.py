"""Every shipped server and engine entry loads as a planner's own entry and sizes a plan.

hostile36 swept the catalog's server and engine entries by hand; this keeps the part that
checks each shipped entry: copied under an id of its own into a user catalog (one file a kind,
read once), each is taken as the shipped one is, and a small plan on it sizes to finite
figures that name it. Llama 3.1 8B at BF16 runs on every GPU the catalog lists, so a failure
is the entry's, not the model's. About two seconds in all.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog, load_catalog, shipped_catalog_dir
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import SizingResult, size_scenario

MINE = "mine-"
KINDS = ("servers", "engines")
# What tells a planner's copy from the shipped entry: its id and where it came from.
AS_WHOSE = {"id", "origin"}
# What a planner reads of a plan: each finite and, but for the spare's share, positive.
HEADLINES = ("ttft_ms", "tpot_ms", "max_users_within_targets", "it_average_kw", "capex_usd")


@pytest.fixture(scope="module")
def copied(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The shipped catalog with a planner's copy of every server and engine entry beside it."""
    folder: Path = tmp_path_factory.mktemp("own")
    for kind in KINDS:
        shipped = json.loads((shipped_catalog_dir() / f"{kind}.json").read_text("utf-8"))
        mine = [{**entry, "id": MINE + entry["id"]} for entry in shipped["entries"]]
        (folder / f"{kind}.json").write_text(json.dumps({"entries": mine}), "utf-8")
    return load_catalog(user_folder=folder)


def _small_plan(**hardware: object) -> Scenario:
    scenario = preset_scenario("llama-8b-chat")
    workload = scenario.workload.model_copy(update={"weight_precision": "bf16"})
    changed = scenario.hardware.model_copy(update={"serving": "aggregated", **hardware})
    return scenario.model_copy(update={"workload": workload, "hardware": changed})


def _sized(catalog: Catalog, scenario: Scenario) -> SizingResult:
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert result.fits and result.gpus >= 1, result.status
    for name in HEADLINES:
        value = result.figures[name].value
        assert math.isfinite(value) and value > 0, (name, value)
    return result


def test_every_shipped_entry_loads_as_a_planners_own(copied: Catalog) -> None:
    for kind in KINDS:
        entries = getattr(copied, kind)
        own = [entry_id for entry_id in entries if entry_id.startswith(MINE)]
        assert len(own) == len(entries) // 2 > 0
        for entry_id in own:
            shipped = entries[entry_id.removeprefix(MINE)].model_dump(exclude=AS_WHOSE)
            assert entries[entry_id].model_dump(exclude=AS_WHOSE) == shipped, entry_id


def test_every_shipped_server_sizes_a_plan(copied: Catalog) -> None:
    servers = [server_id for server_id in copied.servers if server_id.startswith(MINE)]
    for server_id in servers:
        server = copied.servers[server_id]
        result = _sized(copied, _small_plan(gpu_id=server.gpu_id, server_id=server_id))
        assert result.server_name == server.name


def test_every_shipped_engine_release_sizes_a_plan(copied: Catalog) -> None:
    engines = [engine_id for engine_id in copied.engines if engine_id.startswith(MINE)]
    for engine_id in engines:
        releases = copied.engines[engine_id].releases
        versions: list[str | None] = [release.version for release in releases] or [None]
        for version in versions:
            scenario = _small_plan(gpu_id="h100-sxm")
            workload = scenario.workload.model_copy(
                update={"engine_id": engine_id, "engine_version": version}
            )
            result = _sized(copied, scenario.model_copy(update={"workload": workload}))
            assert result.engine_name == copied.engines[engine_id].name
