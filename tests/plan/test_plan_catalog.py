"""A plan carries its custom entries; elsewhere they come back as origin "plan"; gaps flagged."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.plan import (
    DEFAULT_PRESET,
    Hardware,
    Plan,
    PlanCatalog,
    Workload,
    catalog_for_plan,
    check_plan,
    entries_used,
    load_plan,
    preset_scenario,
    save_plan,
    sized_alike,
)
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario


def _with(catalog: Catalog, custom: PlanCatalog) -> Catalog:
    """This machine with the user's own entries (what load_catalog with a user folder gives)."""
    return dataclasses.replace(
        catalog,
        gpus=catalog.gpus | {g.id: g.model_copy(update={"origin": "user"}) for g in custom.gpus},
        servers=catalog.servers
        | {s.id: s.model_copy(update={"origin": "user"}) for s in custom.servers},
        models=catalog.models
        | {m.id: m.model_copy(update={"origin": "user"}) for m in custom.models},
    )


def test_entries_used_gathers_only_custom_entries_in_use(
    catalog: Catalog, custom: PlanCatalog
) -> None:
    mine = _with(catalog, custom)
    base = preset_scenario("llama-70b-rag")
    lab = base.model_copy(
        update={
            "name": "lab",
            "hardware": Hardware(server_id="lab-rack-h100"),
            "workload": base.workload.model_copy(update={"model_id": "our-llama-ft"}),
        }
    )
    used = entries_used(mine, [base, lab])
    assert [s.id for s in used.servers] == ["lab-rack-h100"]
    assert [m.id for m in used.models] == ["our-llama-ft"]
    assert used.gpus == [] and used.engines == []  # h100-sxm and vllm ship with Aisle
    assert entries_used(catalog, [base]).is_empty()


def test_plan_reopens_identically_on_a_machine_without_the_entries(
    catalog: Catalog, custom: PlanCatalog, tmp_path: Path
) -> None:
    mine = _with(catalog, custom)
    base = preset_scenario("llama-8b-chat")
    ours = base.model_copy(
        update={"workload": base.workload.model_copy(update={"model_id": "our-llama-ft"})}
    )
    plan = Plan(scenarios=[ours], catalog=entries_used(mine, [ours]))
    path = tmp_path / "travel.aisle"
    save_plan(plan, path)

    elsewhere = catalog_for_plan(load_catalog(), load_plan(path).plan)  # no user folder there
    assert elsewhere.model("our-llama-ft").origin == "plan"
    assert check_plan(catalog, load_plan(path).plan) == []
    here = size_scenario(mine, ours, CURRENT_CALIBRATION).model_dump()
    there = size_scenario(elsewhere, ours, CURRENT_CALIBRATION).model_dump()
    assert here == there


def test_machine_entry_wins_and_a_difference_is_reported(catalog: Catalog) -> None:
    changed = catalog.gpu("h100-sxm").model_copy(update={"memory_bandwidth_tbps": 9.9})
    same = catalog.engine("vllm")
    plan = Plan(
        scenarios=[preset_scenario("llama-70b-rag")],
        catalog=PlanCatalog(gpus=[changed], engines=[same]),
    )
    merged = catalog_for_plan(catalog, plan)
    assert merged.gpu("h100-sxm") is catalog.gpu("h100-sxm")
    problems = [str(p) for p in check_plan(catalog, plan)]
    assert problems == [
        "plan's own GPU \"h100-sxm\" differs from this machine's entry; sizing uses this machine's"
    ]


def test_unknown_ids_are_flagged_per_scenario_and_the_plan_still_opens(
    catalog: Catalog, plan_file: Path
) -> None:
    data = json.loads(plan_file.read_text(encoding="utf-8"))
    data["scenarios"][1]["hardware"]["gpu_id"] = "gpu-from-the-future"
    data["scenarios"][2]["workload"]["engine_id"] = "engine-x"
    data["catalog"]["servers"][0]["gpu_id"] = "gone"
    plan_file.write_text(json.dumps(data), encoding="utf-8")
    plan = load_plan(plan_file).plan
    problems = check_plan(catalog, plan)
    by_scenario = {p.scenario: p.message for p in problems if p.scenario}
    assert set(by_scenario) == {plan.scenarios[1].name, plan.scenarios[2].name}
    assert 'GPU "gpu-from-the-future"' in by_scenario[plan.scenarios[1].name]
    assert 'engine "engine-x"' in by_scenario[plan.scenarios[2].name]
    assert any('names unknown GPU "gone"' in str(p) for p in problems if p.scenario is None)
    assert [s.id for s in plan.catalog.servers] == ["lab-rack-h100"]  # the file's entries kept


def test_workload_defaults_use_only_shipped_ids(catalog: Catalog) -> None:
    assert check_plan(catalog, Plan(scenarios=[preset_scenario("llama-70b-rag")])) == []
    assert Workload().model_id in catalog.models


def test_a_carried_gpu_writes_its_short_name_only_when_it_has_one(
    catalog: Catalog, tmp_path: Path
) -> None:
    """A GPU of the user's own without a short name is written as before the field came
    (an older Aisle refuses an unknown key); one with a short name carries it, and back."""
    scenario = preset_scenario("llama-8b-chat")
    plain = catalog.gpu("l4").model_copy(update={"id": "lab-l4", "short_name": None})
    named = plain.model_copy(update={"id": "lab-l4-named", "short_name": "NVIDIA L4 24GB"})
    plan = Plan(scenarios=[scenario], catalog=PlanCatalog(gpus=[plain, named]))
    path = tmp_path / "lab.aisle"
    save_plan(plan, path)
    written = json.loads(path.read_text(encoding="utf-8"))["catalog"]["gpus"]
    assert "short_name" not in written[0] and written[1]["short_name"] == "NVIDIA L4 24GB"
    back = load_plan(path).plan.catalog.gpus
    assert [g.short_name for g in back] == [None, "NVIDIA L4 24GB"]


def test_a_catalog_sizes_a_plan_alike_unless_it_changes_what_sizing_reads(
    catalog: Catalog,
) -> None:
    """What `sized_alike` tells the window (the user's catalog joining after start-up): a
    model of the user's own leaves the default plan's figures alone; its own model replaced,
    a model a hosted API's price compares with, a server added (sizing may pick it for the
    plan's GPU, or name its GPU) or a changed price does not."""
    plan = [preset_scenario(DEFAULT_PRESET)]
    w = plan[0].workload
    model = catalog.models[w.model_id]
    mine = model.model_copy(update={"id": "my-70b", "origin": "user"})
    assert sized_alike(
        catalog, dataclasses.replace(catalog, models=catalog.models | {"my-70b": mine}), plan
    )
    compared = next(
        a.comparable_model_id
        for a in catalog.prices.hosted_apis
        if a.comparable_model_id not in (None, w.model_id)
    )
    assert compared is not None
    server = next(iter(catalog.servers.values()))
    prices = catalog.prices.model_copy(update={"electricity_usd_per_kwh": 0.5})
    changed = (
        dataclasses.replace(
            catalog,
            models=catalog.models | {w.model_id: mine.model_copy(update={"id": w.model_id})},
        ),
        dataclasses.replace(
            catalog, models=catalog.models | {compared: mine.model_copy(update={"id": compared})}
        ),
        dataclasses.replace(
            catalog, servers=catalog.servers | {"mine": server.model_copy(update={"id": "mine"})}
        ),
        dataclasses.replace(catalog, prices=prices),
    )
    for after in changed:
        assert not sized_alike(catalog, after, plan)


def test_a_carried_engines_tiers_write_their_newer_fields_only_when_set(
    catalog: Catalog, tmp_path: Path
) -> None:
    """SGLang's tiers (budget and CUDA graphs by memory) are written as before the sequence
    and GPU-name fields came, so an older Aisle reads the planner's engine; a tier that sets
    them (vLLM's small tier: 256 sequences, A100 by name) carries them, and reads back."""
    sglang = catalog.engine_release("sglang", None)
    small = sglang.gpu_memory_tiers[0].model_copy(
        update={"gpu_name_contains": ["A100"], "max_num_seqs": 256}
    )
    named = sglang.model_copy(
        update={"id": "lab-sglang", "gpu_memory_tiers": [small, *sglang.gpu_memory_tiers[1:]]}
    )
    plain = sglang.model_copy(update={"id": "lab-sglang-plain", "releases": []})
    plan = Plan(
        scenarios=[preset_scenario("llama-8b-chat")],
        catalog=PlanCatalog(engines=[plain, named.model_copy(update={"releases": []})]),
    )
    path = tmp_path / "lab.aisle"
    save_plan(plan, path)
    written = json.loads(path.read_text(encoding="utf-8"))["catalog"]["engines"]
    newer = {"gpu_name_contains", "max_num_seqs", "offline_max_num_seqs"}
    newer |= {"offline_max_num_batched_tokens"}
    assert all(not newer & set(tier) for tier in written[0]["gpu_memory_tiers"])
    first = written[1]["gpu_memory_tiers"][0]
    assert (first["gpu_name_contains"], first["max_num_seqs"]) == (["A100"], 256)
    assert "offline_max_num_seqs" not in first
    back = load_plan(path).plan.catalog.engines
    assert back[0].gpu_memory_tiers == plain.gpu_memory_tiers
    assert back[1].gpu_memory_tiers[0] == small
