"""The encoder's own servers in plan files: a plan with embeddings but without the field opens
on the model's GPUs and saves byte for byte as before; a chosen server is written, read back,
checked against the catalog and carried with its GPU when it is the planner's own entry."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import (
    Plan,
    entries_used,
    load_plan,
    plan_to_text,
    preset_scenario,
    save_plan,
    unknown_ids,
)
from aisle_desktop.plan.scenario import EmbeddingsWorkload, Scenario


def _with_encoder_servers(server_id: str | None) -> Scenario:
    scenario = preset_scenario("embeddings-search")
    emb = scenario.workload.embeddings
    assert emb is not None
    workload = scenario.workload.model_copy(
        update={"embeddings": emb.model_copy(update={"server_id": server_id})}
    )
    return scenario.model_copy(update={"workload": workload})


def test_without_the_field_the_encoder_stays_on_the_models_gpus(tmp_path: Path) -> None:
    path = tmp_path / "rag.aisle"
    save_plan(Plan(scenarios=[_with_encoder_servers(None)]), path)
    text = path.read_text(encoding="utf-8")
    assert '"server_id"' not in json.dumps(json.loads(text)["scenarios"][0]["workload"])
    loaded = load_plan(path).plan
    emb = loaded.scenarios[0].workload.embeddings
    assert emb is not None and emb.server_id is None
    assert plan_to_text(loaded) == text  # saved again, the same bytes


def test_a_chosen_encoder_server_is_written_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "rag.aisle"
    scenario = _with_encoder_servers("l4-4x-2u")
    save_plan(Plan(scenarios=[scenario]), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["scenarios"][0]["workload"]["embeddings"]["server_id"] == "l4-4x-2u"
    assert load_plan(path).plan.scenarios[0] == scenario
    assert EmbeddingsWorkload().server_id is None


def test_an_encoder_server_the_catalog_lacks_is_named(catalog: Catalog) -> None:
    assert unknown_ids(catalog, _with_encoder_servers("my-l4-box")) == [
        'encoder server "my-l4-box"'
    ]


def test_a_planners_own_encoder_server_travels_with_the_plan(catalog: Catalog) -> None:
    l4, server = catalog.gpu("l4"), catalog.server("l4-4x-2u")
    own_gpu = l4.model_copy(update={"id": "my-l4", "origin": "user", "server_ids": []})
    own_server = server.model_copy(update={"id": "my-l4-box", "gpu_id": "my-l4", "origin": "user"})
    mine = dataclasses.replace(
        catalog,
        gpus={**catalog.gpus, "my-l4": own_gpu},
        servers={**catalog.servers, "my-l4-box": own_server},
    )
    carried = entries_used(mine, [_with_encoder_servers("my-l4-box")])
    assert [s.id for s in carried.servers] == ["my-l4-box"]
    assert [g.id for g in carried.gpus] == ["my-l4"]
